import { Field, Float, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTime, UUID } from '../../../lib/graphql/scalars';
import { Provenance } from '../../../lib/graphql/provenance';
import { Handling } from '../../../lib/handling/labels';
import { Connection } from '../../../lib/graphql/connection';
import { numericAsNumber } from '../../../lib/database/columns';

export enum AssetType {
  REAL_ESTATE = 'REAL_ESTATE',
  VEHICLE = 'VEHICLE',
  BANK_FUNDS = 'BANK_FUNDS',
  CRYPTOCURRENCY = 'CRYPTOCURRENCY',
  JEWELRY = 'JEWELRY',
  BUSINESS = 'BUSINESS',
  OTHER = 'OTHER',
}
registerEnumType(AssetType, { name: 'AssetType' });

@ObjectType({ description: 'An asset seized for forfeiture.' })
@Entity()
export class AssetSeizure {
  @Field(() => UUID)
  @PrimaryColumn('uuid')
  id!: string;

  @Field(() => DateTime)
  @Index()
  @Column('timestamptz')
  seizedAt!: Date;

  @Field(() => AssetType)
  @Column('text')
  assetType!: AssetType;

  @Field()
  @Column('text')
  description!: string;

  @Field(() => Float)
  @Column('numeric', { transformer: numericAsNumber })
  valueUsd!: number;

  @Field({ description: 'e.g. "18 U.S.C. § 981 civil forfeiture".' })
  @Column('text')
  authority!: string;

  @Index()
  @Column('uuid', { nullable: true })
  personId!: string | null;

  @Index()
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
export class AssetSeizureConnection extends Connection(AssetSeizure) {}
