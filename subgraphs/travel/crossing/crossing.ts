import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTime, UUID } from '../../../lib/graphql/scalars';
import { Provenance } from '../../../lib/graphql/provenance';
import { Handling } from '../../../lib/handling/labels';
import { Connection } from '../../../lib/graphql/connection';

export enum CrossingDirection {
  INBOUND = 'INBOUND',
  OUTBOUND = 'OUTBOUND',
}
registerEnumType(CrossingDirection, { name: 'CrossingDirection' });

export enum Conveyance {
  PEDESTRIAN = 'PEDESTRIAN',
  PRIVATE_VEHICLE = 'PRIVATE_VEHICLE',
  COMMERCIAL_TRUCK = 'COMMERCIAL_TRUCK',
  BUS = 'BUS',
  RAIL = 'RAIL',
}
registerEnumType(Conveyance, { name: 'Conveyance' });

@ObjectType({ description: 'A recorded crossing of a port of entry.' })
@Entity()
export class BorderCrossing {
  @Field(() => UUID)
  @PrimaryColumn('uuid')
  id!: string;

  @Field({ description: 'Port of entry.' })
  @Column('text')
  port!: string;

  @Field(() => DateTime)
  @Index()
  @Column('timestamptz')
  crossedAt!: Date;

  @Field(() => CrossingDirection)
  @Column('text')
  direction!: CrossingDirection;

  @Field(() => Conveyance)
  @Column('text')
  conveyance!: Conveyance;

  @Index()
  @Column('uuid')
  personId!: string;

  @Field(() => Provenance)
  @Column(() => Provenance)
  provenance!: Provenance;

  @Field(() => Handling)
  @Column(() => Handling)
  handling!: Handling;
}

@ObjectType()
export class BorderCrossingConnection extends Connection(BorderCrossing) {}
