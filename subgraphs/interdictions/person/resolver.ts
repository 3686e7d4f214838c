import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { RequiresScopes } from '../../../lib/graphql/authorization';
import { Person } from './person';
import { InterdictionConnection } from '../interdiction/interdiction';
import { InterdictionArgs } from '../organization/resolver';
import type { SubgraphContext } from '../../../lib/subgraph/context';
import { lists } from '../loaders';
import { FollowsMerges, recordHolders } from '../../../lib/graphql/merged-person';

@Resolver(() => Person)
export class PersonInterdictionsResolver {
  @RequiresScopes('interdictions:read')
  @FollowsMerges()
  @FieldResolver(() => InterdictionConnection, { nullable: true, description: 'CBP interdictions in which this person was apprehended or identified, newest first.' })
  interdictions(@Root() person: Person, @Args() { first, after, from, to, type }: InterdictionArgs, @Ctx() { loaders }: SubgraphContext) {
    return loaders.connection(lists.personInterdictions, person.id, { first, after, from, to, type }, recordHolders(person));
  }
}
