import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { InterdictionSummary, InterdictionType } from '../interdiction/interdiction';
import { SectorActivity } from '../place/place';

/** The briefing, as this subgraph knows it: its key, to which it adds CBP's section. */
@ObjectType()
@Directive('@key(fields: "id")')
export class Briefing {
  @Field(() => ID)
  id!: string;
}

@ObjectType()
export class InterdictionTypeCount {
  @Field(() => InterdictionType)
  type!: InterdictionType;

  @Field(() => Int)
  count!: number;
}

@ObjectType({ description: "CBP's section of the briefing: interdictions in the period." })
export class InterdictionBriefing extends InterdictionSummary {
  @Field(() => Int)
  interdictions!: number;

  @Field(() => [InterdictionTypeCount])
  byType!: InterdictionTypeCount[];

  @Field(() => [SectorActivity], { description: 'Every Border Patrol sector with interdictions in the period, busiest first, at the mean position of its interdictions: the map of the briefing.' })
  bySector!: SectorActivity[];
}
