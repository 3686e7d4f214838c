import { Args, ArgsType, Ctx, Field, FieldResolver, Int, ObjectType, Resolver, Root } from 'type-graphql';
import { RequiresScopes } from '../../../lib/graphql/authorization';
import { Organization } from './organization';
import { TravelRestrictionConnection, TravelRestrictionStatus } from '../restriction/restriction';
import { PageArgs } from '../../../lib/graphql/connection';
import type { SubgraphContext } from '../../../lib/subgraph/context';
import { lists, summaries } from '../loaders';

@ArgsType()
export class RestrictionArgs extends PageArgs {
  @Field(() => TravelRestrictionStatus, { nullable: true })
  status?: TravelRestrictionStatus;
}

@ObjectType({ description: 'Travel restrictions in force against an organization\'s people.' })
export class TravelSummary {
  @Field(() => Int, { description: 'Distinct persons with an active restriction tied to the organization.' })
  restrictedMembers!: number;

  @Field(() => Int)
  activeRestrictions!: number;
}

@Resolver(() => Organization)
export class OrganizationTravelResolver {
  @RequiresScopes('travel:read')
  @FieldResolver(() => TravelRestrictionConnection, { nullable: true, description: 'Restrictions issued in connection with this organization, newest first.' })
  travelRestrictions(@Root() organization: Organization, @Args() { first, after, status }: RestrictionArgs, @Ctx() { loaders }: SubgraphContext) {
    return loaders.connection(lists.organizationRestrictions, organization.id, { first, after, status });
  }

  @RequiresScopes('travel:read')
  @FieldResolver(() => TravelSummary, { nullable: true })
  travelSummary(@Root() organization: Organization, @Ctx() { loaders }: SubgraphContext) {
    return summaries(loaders).load(organization.id);
  }
}
