import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTime, UUID } from '../../../lib/graphql/scalars';
import { Provenance } from '../../../lib/graphql/provenance';
import { Handling } from '../../../lib/handling/labels';
import { Connection } from '../../../lib/graphql/connection';
import { GeoPoint } from '../../../lib/graphql/geo-point';

export { GeoPoint };
import { numericAsNumber } from '../../../lib/database/columns';

export enum InterdictionType {
  APPREHENSION = 'APPREHENSION',
  SEIZURE = 'SEIZURE',
  STASH_HOUSE_RAID = 'STASH_HOUSE_RAID',
  VEHICLE_IMPOUND = 'VEHICLE_IMPOUND',
  CHECKPOINT_STOP = 'CHECKPOINT_STOP',
}
registerEnumType(InterdictionType, { name: 'InterdictionType' });

@ObjectType({ description: 'A Border Patrol or port-of-entry event: an apprehension, a seizure, a raid, an impound or a checkpoint stop.' })
@Entity()
@Index(['organizationId', 'occurredAt'])
export class Interdiction {
  @Field(() => UUID)
  @PrimaryColumn('uuid')
  id!: string;

  @Field(() => DateTime)
  @Index()
  @Column('timestamptz')
  occurredAt!: Date;

  @Field(() => InterdictionType)
  @Column('text')
  type!: InterdictionType;

  @Field({ description: 'Border Patrol sector (San Diego, Tucson, Rio Grande Valley, ...).' })
  @Column('text')
  sector!: string;

  @Field()
  @Column('text')
  station!: string;

  @Column('double precision')
  latitude!: number;

  @Column('double precision')
  longitude!: number;

  @Field(() => Int)
  @Column('int', { default: 0 })
  migrantsEncountered!: number;

  @Column('uuid', { nullable: true })
  organizationId!: string | null;

  @Field(() => Provenance)
  @Column(() => Provenance)
  provenance!: Provenance;

  @Field(() => Handling)
  @Column(() => Handling)
  handling!: Handling;
}

@ObjectType()
export class InterdictionConnection extends Connection(Interdiction) {}

export enum SeizureCategory {
  NARCOTICS = 'NARCOTICS',
  WEAPONS = 'WEAPONS',
  CURRENCY = 'CURRENCY',
  VEHICLE = 'VEHICLE',
  OTHER = 'OTHER',
}
registerEnumType(SeizureCategory, { name: 'SeizureCategory' });

@ObjectType({ description: 'Something seized during an interdiction.' })
@Entity()
export class Seizure {
  @Field(() => UUID)
  @PrimaryColumn('uuid')
  id!: string;

  @Index()
  @Column('uuid')
  interdictionId!: string;

  @Field(() => SeizureCategory)
  @Column('text')
  category!: SeizureCategory;

  @Field(() => Float)
  @Column('numeric', { transformer: numericAsNumber })
  quantity!: number;

  @Field({ description: 'kg, lb, units, USD, ...' })
  @Column('text')
  unit!: string;

  @Field(() => Float)
  @Column('numeric', { transformer: numericAsNumber })
  estimatedValueUsd!: number;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  description!: string | null;
}

/** Persons apprehended or identified in an interdiction (registry ids). */
@Entity()
export class InterdictionSubject {
  @PrimaryColumn('uuid')
  interdictionId!: string;

  @Index()
  @PrimaryColumn('uuid')
  personId!: string;
}

@ObjectType({ description: "Totals of an organization's interdictions over a period." })
export class InterdictionSummary {
  @Field(() => Int, { description: 'Apprehension events.' })
  apprehensions!: number;

  @Field(() => Int)
  migrantsEncountered!: number;

  @Field(() => Int)
  stashHousesRaided!: number;

  @Field(() => Int)
  vehiclesImpounded!: number;

  @Field(() => Float)
  seizedValueUsd!: number;

  @Field(() => [SeizureCategoryTotal])
  seizuresByCategory!: SeizureCategoryTotal[];
}

@ObjectType()
export class SeizureCategoryTotal {
  @Field(() => SeizureCategory)
  category!: SeizureCategory;

  @Field(() => Int)
  seizures!: number;

  @Field(() => Float)
  valueUsd!: number;
}
