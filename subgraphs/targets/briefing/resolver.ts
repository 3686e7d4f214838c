import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { RequiresScopes } from '../../../lib/graphql/authorization';
import { Briefing } from './briefing';
import { Organization } from '../organization/organization';
import { DateTime, UUID } from '../../../lib/graphql/scalars';
import { briefingId, parseBriefingId } from '../../../lib/graphql/briefing';
import { badUserInput, notFound } from '../../../lib/graphql/errors';
import type { SubgraphContext } from '../../../lib/subgraph/context';

const MAX_DAYS = 366;

@Resolver(() => Briefing)
export class BriefingResolver {
  @RequiresScopes('targets:read')
  @Query(() => Briefing, { nullable: true, description: 'The weekly (or any period up to a year) multi-agency briefing, for all organizations or one.' })
  async briefing(
    @Arg('from', () => DateTime) from: Date,
    @Arg('to', () => DateTime) to: Date,
    @Arg('organizationId', () => UUID, { nullable: true }) organizationId: string | null,
    @Ctx() { loaders }: SubgraphContext,
  ): Promise<Briefing> {
    if (from >= to) throw badUserInput('"from" must be before "to".', 'from');
    if (to.getTime() - from.getTime() > MAX_DAYS * 86_400_000) throw badUserInput(`A briefing covers at most ${MAX_DAYS} days; shorten the period.`, 'to');
    if (organizationId && !(await loaders.byId(Organization).load(organizationId))) {
      throw notFound(`The registry has no organization with id ${organizationId}.`);
    }
    return { id: briefingId({ from, to, organizationId: organizationId ?? null }), from, to, organizationId: organizationId ?? null };
  }

  @FieldResolver(() => Organization, { nullable: true, description: 'The organization the briefing is about; null for all.' })
  organization(@Root() briefing: Briefing, @Ctx() { loaders }: SubgraphContext) {
    return briefing.organizationId ? loaders.byId(Organization).load(briefing.organizationId) : null;
  }
}

export function resolveBriefingReference(reference: { id: string }): Briefing {
  return { id: reference.id, ...parseBriefingId(reference.id) };
}
