import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { RequiresScopes } from '../../../lib/graphql/authorization';
import { Briefing, InterdictionBriefing } from './briefing';
import { parseBriefingId } from '../../../lib/graphql/briefing';
import type { SubgraphContext } from '../../../lib/subgraph/context';
import { briefingSection } from '../loaders';

@Resolver(() => Briefing)
export class InterdictionBriefingResolver {
  @RequiresScopes('interdictions:read')
  @FieldResolver(() => InterdictionBriefing, { nullable: true, description: "CBP's interdictions in the briefing's period." })
  interdictions(@Root() briefing: Briefing, @Ctx() { db }: SubgraphContext) {
    return briefingSection(db, parseBriefingId(briefing.id));
  }
}
