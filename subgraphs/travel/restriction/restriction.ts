import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Column, DataSource, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTime, UUID } from '../../../lib/graphql/scalars';
import { Provenance } from '../../../lib/graphql/provenance';
import { Handling } from '../../../lib/handling/labels';
import { Connection } from '../../../lib/graphql/connection';

export enum TravelRestrictionType {
  VISA_REVOCATION = 'VISA_REVOCATION',
  BORDER_CROSSING_CARD_REVOCATION = 'BORDER_CROSSING_CARD_REVOCATION',
  TRUSTED_TRAVELER_REVOCATION = 'TRUSTED_TRAVELER_REVOCATION',
  LOOKOUT = 'LOOKOUT',
  ENTRY_BAN = 'ENTRY_BAN',
}
registerEnumType(TravelRestrictionType, { name: 'TravelRestrictionType' });

export enum TravelRestrictionStatus {
  ACTIVE = 'ACTIVE',
  LIFTED = 'LIFTED',
  EXPIRED = 'EXPIRED',
}
registerEnumType(TravelRestrictionStatus, { name: 'TravelRestrictionStatus', description: 'EXPIRED: was active and its expiry has passed.' });

/** The status as it stands now: an active restriction past its expiry reads as EXPIRED everywhere. */
export const effectiveStatus = (alias: string) =>
  `(CASE WHEN ${alias}.status = 'ACTIVE' AND ${alias}.expires_at IS NOT NULL AND ${alias}.expires_at <= now() THEN 'EXPIRED' ELSE ${alias}.status END)`;

@ObjectType({ description: 'A restriction on a person\'s travel: a revoked visa or card, a lookout, an entry ban.' })
@Entity()
export class TravelRestriction {
  @Field(() => UUID)
  @PrimaryColumn('uuid')
  id!: string;

  @Field(() => TravelRestrictionType)
  @Column('text')
  type!: TravelRestrictionType;

  /** As recorded (ACTIVE or LIFTED); callers see the effective status, EXPIRED included. */
  @Column('text')
  status!: TravelRestrictionStatus;

  @Field(() => DateTime)
  @Index()
  @Column('timestamptz')
  issuedAt!: Date;

  @Field(() => DateTime, { nullable: true })
  @Column('timestamptz', { nullable: true })
  expiresAt!: Date | null;

  @Field({ description: 'CBP or STATE, mostly.' })
  @Column('text')
  issuingAgency!: string;

  @Field()
  @Column('text')
  reason!: string;

  @Index()
  @Column('uuid')
  personId!: string;

  @Index()
  @Column('uuid', { nullable: true })
  organizationId!: string | null;

  @Field(() => DateTime, { nullable: true })
  @Index()
  @Column('timestamptz', { nullable: true })
  liftedAt!: Date | null;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  liftReason!: string | null;

  @Field(() => Provenance)
  @Column(() => Provenance)
  provenance!: Provenance;

  @Field(() => Handling)
  @Column(() => Handling)
  handling!: Handling;
}

@ObjectType()
export class TravelRestrictionConnection extends Connection(TravelRestriction) {}

export function currentStatus(restriction: TravelRestriction, now = new Date()): TravelRestrictionStatus {
  return restriction.status === TravelRestrictionStatus.ACTIVE && restriction.expiresAt && restriction.expiresAt <= now ? TravelRestrictionStatus.EXPIRED : restriction.status;
}

/**
 * Milliseconds until the next active restriction expires, by the database's clock (the one that
 * decides EXPIRED): until then, nothing this subgraph answers changes by time alone.
 */
export async function untilNextExpiry(db: DataSource): Promise<number | null> {
  const [row] = await db.query(`SELECT ceil(extract(epoch FROM min(expires_at) - now()) * 1000) AS ms FROM travel_restriction WHERE status = 'ACTIVE' AND expires_at > now()`);
  return row?.ms === null || row?.ms === undefined ? null : Number(row.ms);
}
