import { Args, ArgsType, Ctx, Field, FieldResolver, Int, ObjectType, Resolver, Root } from 'type-graphql';
import { RequiresScopes } from '../../../lib/graphql/authorization';
import { Organization } from './organization';
import { CaseConnection, CaseStatus } from '../case/case';
import { ArrestConnection } from '../arrest/arrest';
import { PageArgs } from '../../../lib/graphql/connection';
import { PagedPeriodArgs, PeriodArgs } from '../../../lib/graphql/period-args';
import type { SubgraphContext } from '../../../lib/subgraph/context';
import { lists, summaries } from '../loaders';

@ArgsType()
export class CaseArgs extends PageArgs {
  @Field(() => CaseStatus, { nullable: true })
  status?: CaseStatus;
}

@ObjectType({ description: "Investigators' totals for an organization over a period." })
export class InvestigationSummary {
  @Field(() => Int, { description: 'Cases open at the end of the period.' })
  openCases!: number;

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

@Resolver(() => Organization)
export class OrganizationInvestigationsResolver {
  @RequiresScopes('investigations:read')
  @FieldResolver(() => CaseConnection, { nullable: true, description: 'Investigations of this organization, newest first.' })
  cases(@Root() organization: Organization, @Args() { first, after, status }: CaseArgs, @Ctx() { loaders }: SubgraphContext) {
    return loaders.connection(lists.organizationCases, organization.id, { first, after, status });
  }

  @RequiresScopes('investigations:read')
  @FieldResolver(() => ArrestConnection, { nullable: true, description: "Arrests made in this organization's cases, newest first." })
  arrests(@Root() organization: Organization, @Args() { first, after, from, to }: PagedPeriodArgs, @Ctx() { loaders }: SubgraphContext) {
    return loaders.connection(lists.organizationArrests, organization.id, { first, after, from, to });
  }

  @RequiresScopes('investigations:read')
  @FieldResolver(() => InvestigationSummary, { nullable: true })
  investigationSummary(@Root() organization: Organization, @Args() { from, to }: PeriodArgs, @Ctx() { loaders }: SubgraphContext) {
    return summaries(loaders, { from, to }).load(organization.id);
  }
}
