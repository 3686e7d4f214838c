import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { RequiresScopes } from '../../../lib/graphql/authorization';
import { Person } from './person';
import { TravelRestrictionConnection } from '../restriction/restriction';
import { BorderCrossingConnection } from '../crossing/crossing';
import { RestrictionArgs } from '../organization/resolver';
import { PagedPeriodArgs } from '../../../lib/graphql/period-args';
import type { SubgraphContext } from '../../../lib/subgraph/context';
import { lists } from '../loaders';
import { FollowsMerges, recordHolders } from '../../../lib/graphql/merged-person';

@Resolver(() => Person)
export class PersonTravelResolver {
  @RequiresScopes('travel:read')
  @FollowsMerges()
  @FieldResolver(() => TravelRestrictionConnection, { nullable: true, description: 'Restrictions on this person, newest first.' })
  travelRestrictions(@Root() person: Person, @Args() { first, after, status }: RestrictionArgs, @Ctx() { loaders }: SubgraphContext) {
    return loaders.connection(lists.personRestrictions, person.id, { first, after, status }, recordHolders(person));
  }

  @RequiresScopes('travel:read')
  @FollowsMerges()
  @FieldResolver(() => BorderCrossingConnection, { nullable: true, description: 'Recorded crossings, newest first.' })
  crossings(@Root() person: Person, @Args() { first, after, from, to }: PagedPeriodArgs, @Ctx() { loaders }: SubgraphContext) {
    return loaders.connection(lists.personCrossings, person.id, { first, after, from, to }, recordHolders(person));
  }
}
