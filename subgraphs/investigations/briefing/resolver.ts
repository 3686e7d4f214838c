import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { RequiresScopes } from '../../../lib/graphql/authorization';
import { Briefing, InvestigationBriefing } from './briefing';
import { parseBriefingId } from '../../../lib/graphql/briefing';
import type { SubgraphContext } from '../../../lib/subgraph/context';
import { briefingSection } from '../loaders';

@Resolver(() => Briefing)
export class InvestigationBriefingResolver {
  @RequiresScopes('investigations:read')
  @FieldResolver(() => InvestigationBriefing, { nullable: true, description: "Cases opened and closed, arrests and indictments in the briefing's period." })
  investigations(@Root() briefing: Briefing, @Ctx() { db }: SubgraphContext) {
    return briefingSection(db, parseBriefingId(briefing.id));
  }
}
