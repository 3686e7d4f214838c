import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { RequiresScopes } from '../../../lib/graphql/authorization';
import { InterdictionConnection } from '../interdiction/interdiction';
import { Organization } from '../organization/organization';
import type { SubgraphContext } from '../../../lib/subgraph/context';
import { badUserInput } from '../../../lib/graphql/errors';
import { ActivityArea, ActivityAreaArgs, NearArgs, requirePlace } from './place';
import { activityAreas, interdictionsNear } from './places';

@Resolver()
export class InterdictionsNearResolver {
  @RequiresScopes('interdictions:read')
  @Query(() => InterdictionConnection, { nullable: true, description: 'CBP interdictions within a great-circle radius of a point, nearest first (those released to you).' })
  interdictionsNear(@Args() { latitude, longitude, radiusKm, from, to, type, first, after }: NearArgs, @Ctx() { loaders }: SubgraphContext) {
    requirePlace({ latitude, longitude, radiusKm });
    return loaders.root(interdictionsNear, { latitude, longitude, radiusKm, from, to, type, first, after });
  }
}

@Resolver(() => Organization)
export class OrganizationActivityAreaResolver {
  @RequiresScopes('interdictions:read')
  @FieldResolver(() => ActivityArea, { nullable: true, description: "Where the organization operates: the bounding box and the busiest sectors of its interdictions." })
  activityArea(@Root() organization: Organization, @Args() { from, to, sectors }: ActivityAreaArgs, @Ctx() { loaders }: SubgraphContext) {
    if (!Number.isInteger(sectors) || sectors < 1 || sectors > 10) throw badUserInput(`"sectors" must be from 1 to 10; got ${sectors}.`, 'sectors');
    return activityAreas(loaders, { from, to }, sectors).load(organization.id);
  }
}
