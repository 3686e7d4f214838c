import { Args, ClassType, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { RequiresScopes } from '../../lib/graphql/authorization';
import { SanctionsDesignationConnection } from './sanction/sanction';
import { FinancialAccountConnection } from './account/account';
import { AssetSeizureConnection } from './asset-seizure/asset-seizure';
import { AccountArgs, FinancialSummary } from './party-fields';
import { PageArgs } from '../../lib/graphql/connection';
import { PagedPeriodArgs } from '../../lib/graphql/period-args';
import type { SubgraphContext } from '../../lib/subgraph/context';
import { lists, summaries } from './loaders';
import { FollowsMerges, recordHolders } from '../../lib/graphql/merged-person';
import type { MergeablePerson } from '../../lib/graphql/merged-person';

/** Treasury adds the same fields to organizations and to persons: one resolver, made for each. */
export function partyFinanceResolver(Party: ClassType<{ id: string }>, party: 'organization' | 'person') {
  const described = party === 'organization' ? 'the organization (or persons designated as its members)' : 'this person';
  // A person's lists follow registry merges; an organization has none.
  const followsMerges: MethodDecorator = party === 'person' ? FollowsMerges() : () => undefined;

  @Resolver(() => Party)
  class PartyFinanceResolver {
    @RequiresScopes('finance:read')
    @followsMerges
    @FieldResolver(() => SanctionsDesignationConnection, { nullable: true, description: `Sanctions designations of ${described}, newest first.` })
    sanctions(@Root() target: MergeablePerson, @Args() { first, after }: PageArgs, @Ctx() { loaders }: SubgraphContext) {
      return loaders.connection(lists[party].sanctions, target.id, { first, after }, recordHolders(target));
    }

    @RequiresScopes('finance:read')
    @followsMerges
    @FieldResolver(() => FinancialAccountConnection, { nullable: true, description: `Accounts tied to ${described}, largest frozen value first.` })
    accounts(@Root() target: MergeablePerson, @Args() { first, after, status }: AccountArgs, @Ctx() { loaders }: SubgraphContext) {
      return loaders.connection(lists[party].accounts, target.id, { first, after, status }, recordHolders(target));
    }

    @RequiresScopes('finance:read')
    @followsMerges
    @FieldResolver(() => AssetSeizureConnection, { nullable: true, description: `Assets seized from ${described}, newest first.` })
    assetSeizures(@Root() target: MergeablePerson, @Args() { first, after, from, to }: PagedPeriodArgs, @Ctx() { loaders }: SubgraphContext) {
      return loaders.connection(lists[party].assetSeizures, target.id, { first, after, from, to }, recordHolders(target));
    }

    @RequiresScopes('finance:read')
    @followsMerges
    @FieldResolver(() => FinancialSummary, { nullable: true })
    financialSummary(@Root() target: MergeablePerson, @Ctx() { loaders }: SubgraphContext) {
      return summaries(loaders, party).load(target);
    }
  }
  return PartyFinanceResolver;
}
