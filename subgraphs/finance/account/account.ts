import { Field, Float, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTime, UUID } from '../../../lib/graphql/scalars';
import { Provenance } from '../../../lib/graphql/provenance';
import { Handling } from '../../../lib/handling/labels';
import { Connection } from '../../../lib/graphql/connection';
import { numericAsNumber } from '../../../lib/database/columns';

export enum AccountStatus {
  ACTIVE = 'ACTIVE',
  FROZEN = 'FROZEN',
  CLOSED = 'CLOSED',
}
registerEnumType(AccountStatus, { name: 'AccountStatus' });

@ObjectType({ description: 'A financial account tied to a target, as Treasury knows it.' })
@Entity()
export class FinancialAccount {
  @Field(() => UUID)
  @PrimaryColumn('uuid')
  id!: string;

  @Field()
  @Column('text')
  institution!: string;

  @Field({ description: 'ISO 3166-1 alpha-3 country of the institution.' })
  @Column('text')
  country!: string;

  @Field({ description: 'Only the last digits: the full number never leaves Treasury.' })
  @Column('text')
  maskedNumber!: string;

  @Field(() => AccountStatus)
  @Column('text')
  status!: AccountStatus;

  @Field(() => Float, { nullable: true })
  @Column('numeric', { nullable: true, transformer: numericAsNumber })
  frozenValueUsd!: number | null;

  @Field(() => DateTime, { nullable: true })
  @Index()
  @Column('timestamptz', { nullable: true })
  frozenAt!: Date | null;

  @Index()
  @Column('uuid', { nullable: true })
  holderId!: string | null;

  @Index()
  @Column('uuid', { nullable: true })
  organizationId!: string | null;

  /** The account as an ACCOUNT selector (subgraphs/finance/selector). */
  @Column('uuid', { nullable: true })
  selectorId!: string | null;

  @Field(() => Provenance)
  @Column(() => Provenance)
  provenance!: Provenance;

  @Field(() => Handling)
  @Column(() => Handling)
  handling!: Handling;
}

@ObjectType()
export class FinancialAccountConnection extends Connection(FinancialAccount) {}
