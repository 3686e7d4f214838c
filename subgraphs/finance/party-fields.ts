import { ArgsType, Field, Float, Int, ObjectType } from 'type-graphql';
import { AccountStatus } from './account/account';
import { PageArgs } from '../../lib/graphql/connection';

@ArgsType()
export class AccountArgs extends PageArgs {
  @Field(() => AccountStatus, { nullable: true })
  status?: AccountStatus;
}

@ObjectType({ description: "Treasury's totals for an organization (or a person)." })
export class FinancialSummary {
  @Field(() => Int, { description: 'Persons designated under a sanctions program (for a person: 1 or 0).' })
  designatedMembers!: number;

  @Field(() => Int)
  designations!: number;

  @Field(() => Int)
  accountsFrozen!: number;

  @Field(() => Float)
  frozenValueUsd!: number;

  @Field(() => Int)
  assetSeizures!: number;

  @Field(() => Float)
  seizedValueUsd!: number;
}
