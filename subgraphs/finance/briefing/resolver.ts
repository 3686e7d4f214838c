import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Briefing, FinanceBriefing } from './briefing';
import { parseBriefingId } from '../../../lib/graphql/briefing';
import type { SubgraphContext } from '../../../lib/subgraph/context';
import { briefingSection } from '../loaders';

@Resolver(() => Briefing)
export class FinanceBriefingResolver {
  @FieldResolver(() => FinanceBriefing, { nullable: true, description: "Designations, freezes and seizures in the briefing's period." })
  finance(@Root() briefing: Briefing, @Ctx() { db }: SubgraphContext) {
    return briefingSection(db, parseBriefingId(briefing.id));
  }
}
