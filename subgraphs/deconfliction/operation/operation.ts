import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTime, UUID } from '../../../lib/graphql/scalars';
import { Provenance } from '../../../lib/graphql/provenance';
import { Handling } from '../../../lib/handling/labels';
import { Connection } from '../../../lib/graphql/connection';
import { ConflictReason, DeconflictionParty } from '../notice/party';

export enum PlannedOperationType {
  WARRANT = 'WARRANT',
  SEARCH = 'SEARCH',
  BUY_BUST = 'BUY_BUST',
  SURVEILLANCE = 'SURVEILLANCE',
  RAID = 'RAID',
}
registerEnumType(PlannedOperationType, { name: 'PlannedOperationType' });

export enum PlannedOperationStatus {
  PLANNED = 'PLANNED',
  CANCELLED = 'CANCELLED',
  COMPLETED = 'COMPLETED',
}
registerEnumType(PlannedOperationStatus, { name: 'PlannedOperationStatus' });

export enum DeconflictionOutcome {
  ACCEPTED = 'ACCEPTED',
  ACCEPTED_WITH_CONFLICT = 'ACCEPTED_WITH_CONFLICT',
}
registerEnumType(DeconflictionOutcome, { name: 'DeconflictionOutcome', description: 'An operation is always registered; ACCEPTED_WITH_CONFLICT says another agency works the same ground or target: call them.' });

/** A selector as an operation stores it (normalised, with its id). */
export interface StoredSelector {
  id: string;
  kind: string;
  value: string;
  display: string;
}

@ObjectType({ description: 'A planned enforcement action (warrant, search, buy-bust, surveillance, raid) registered for deconfliction.' })
@Entity()
export class PlannedOperation {
  @Field(() => UUID)
  @PrimaryColumn('uuid')
  id!: string;

  @Field(() => PlannedOperationType)
  @Column('text')
  type!: PlannedOperationType;

  @Field(() => PlannedOperationStatus)
  @Column('text')
  status!: PlannedOperationStatus;

  @Column('double precision')
  latitude!: number;

  @Column('double precision')
  longitude!: number;

  @Field(() => Int, { description: 'The area around the location the operation holds, in metres.' })
  @Column('int')
  radiusMeters!: number;

  @Field(() => DateTime)
  @Column('timestamptz')
  startsAt!: Date;

  @Field(() => DateTime)
  @Column('timestamptz')
  endsAt!: Date;

  @Column('text')
  contactName!: string;

  @Column('text')
  contactPhone!: string;

  @Column('uuid', { array: true })
  targetPersonIds!: string[];

  @Column('uuid', { array: true })
  targetOrganizationIds!: string[];

  @Column('jsonb')
  selectors!: StoredSelector[];

  @Field(() => DateTime, { nullable: true, description: 'When it was cancelled or completed.' })
  @Column('timestamptz', { nullable: true })
  statusChangedAt!: Date | null;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  statusReason!: string | null;

  @Field(() => Provenance)
  @Column(() => Provenance)
  provenance!: Provenance;

  @Field(() => Handling)
  @Column(() => Handling)
  handling!: Handling;
}

@ObjectType()
export class PlannedOperationConnection extends Connection(PlannedOperation) {}

@ObjectType({ description: "Another agency's operation that conflicts with yours, as its handling labels release it to you." })
export class OperationConflict {
  @Field(() => DeconflictionParty)
  party!: DeconflictionParty;

  @Field(() => [ConflictReason], { nullable: true, description: 'Withheld when only the control official may be named.' })
  reasons!: ConflictReason[] | null;

  @Field(() => Float, { nullable: true, description: 'Between the two locations, when they conflict by place; withheld when only the control official may be named.' })
  distanceMeters!: number | null;
}
