import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { RequiresScopes } from '../../../lib/graphql/authorization';
import { Briefing, TravelBriefing } from './briefing';
import { parseBriefingId } from '../../../lib/graphql/briefing';
import type { SubgraphContext } from '../../../lib/subgraph/context';
import { briefingSection } from '../loaders';

@Resolver(() => Briefing)
export class TravelBriefingResolver {
  @RequiresScopes('travel:read')
  @FieldResolver(() => TravelBriefing, { nullable: true, description: "Restrictions issued and lifted, and crossings, in the briefing's period." })
  travel(@Root() briefing: Briefing, @Ctx() { db }: SubgraphContext) {
    return briefingSection(db, parseBriefingId(briefing.id));
  }
}
