import { Args, ArgsType, Ctx, Field, FieldResolver, Resolver, Root } from 'type-graphql';
import { RequiresScopes } from '../../../lib/graphql/authorization';
import { Organization } from './organization';
import { InterdictionConnection, InterdictionSummary, InterdictionType } from '../interdiction/interdiction';
import { PagedPeriodArgs, PeriodArgs } from '../../../lib/graphql/period-args';
import type { SubgraphContext } from '../../../lib/subgraph/context';
import { lists, summaries } from '../loaders';

@ArgsType()
export class InterdictionArgs extends PagedPeriodArgs {
  @Field(() => InterdictionType, { nullable: true })
  type?: InterdictionType;
}

@Resolver(() => Organization)
export class OrganizationInterdictionsResolver {
  @RequiresScopes('interdictions:read')
  @FieldResolver(() => InterdictionConnection, { nullable: true, description: "CBP's interdictions attributed to this organization, newest first." })
  interdictions(@Root() organization: Organization, @Args() { first, after, from, to, type }: InterdictionArgs, @Ctx() { loaders }: SubgraphContext) {
    return loaders.connection(lists.organizationInterdictions, organization.id, { first, after, from, to, type });
  }

  @RequiresScopes('interdictions:read')
  @FieldResolver(() => InterdictionSummary, { nullable: true, description: "Totals of this organization's interdictions over a period." })
  interdictionSummary(@Root() organization: Organization, @Args() { from, to }: PeriodArgs, @Ctx() { loaders }: SubgraphContext) {
    return summaries(loaders, { from, to }).load(organization.id);
  }
}
