import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { RequiresScopes } from '../../../lib/graphql/authorization';
import { Briefing, FinanceBriefing } from './briefing';
import { parseBriefingId } from '../../../lib/graphql/briefing';
import type { SubgraphContext } from '../../../lib/subgraph/context';
import { briefingSection } from '../loaders';

@Resolver(() => Briefing)
export class FinanceBriefingResolver {
  @RequiresScopes('finance:read')
  @FieldResolver(() => FinanceBriefing, { nullable: true, description: "Designations, freezes and seizures in the briefing's period." })
  finance(@Root() briefing: Briefing, @Ctx() { db }: SubgraphContext) {
    return briefingSection(db, parseBriefingId(briefing.id));
  }
}
