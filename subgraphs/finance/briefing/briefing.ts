import { Directive, Field, Float, ID, Int, ObjectType } from 'type-graphql';

/** The briefing, as this subgraph knows it: its key, to which it adds Treasury's section. */
@ObjectType()
@Directive('@key(fields: "id")')
export class Briefing {
  @Field(() => ID)
  id!: string;
}

@ObjectType({ description: "Treasury's section of the briefing." })
export class FinanceBriefing {
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
