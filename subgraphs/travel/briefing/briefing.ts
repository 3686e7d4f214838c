import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { TravelRestrictionType } from '../restriction/restriction';

/** The briefing, as this subgraph knows it: its key, to which it adds the travel section. */
@ObjectType()
@Directive('@key(fields: "id")')
export class Briefing {
  @Field(() => ID)
  id!: string;
}

@ObjectType()
export class TravelRestrictionTypeCount {
  @Field(() => TravelRestrictionType)
  type!: TravelRestrictionType;

  @Field(() => Int)
  count!: number;
}

@ObjectType({ description: 'The travel section of the briefing.' })
export class TravelBriefing {
  @Field(() => Int)
  restrictionsIssued!: number;

  @Field(() => Int)
  restrictionsLifted!: number;

  @Field(() => [TravelRestrictionTypeCount])
  byType!: TravelRestrictionTypeCount[];

  @Field(() => Int)
  crossings!: number;
}
