import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';

/** The briefing, as this subgraph knows it: its key, to which it adds the investigators' section. */
@ObjectType()
@Directive('@key(fields: "id")')
export class Briefing {
  @Field(() => ID)
  id!: string;
}

@ObjectType({ description: "The investigators' section of the briefing." })
export class InvestigationBriefing {
  @Field(() => Int)
  casesOpened!: number;

  @Field(() => Int)
  casesClosed!: number;

  @Field(() => Int)
  arrests!: number;

  @Field(() => Int)
  indictments!: number;

  @Field(() => Int)
  defendantsIndicted!: number;
}
