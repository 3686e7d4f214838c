import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { Person } from './person';
import { MembershipConnection } from '../membership/membership';
import { Association, AssociationConnection } from '../association/association';
import { PageArgs } from '../../../lib/graphql/connection';
import { UUID } from '../../../lib/graphql/scalars';
import type { SubgraphContext } from '../../../lib/subgraph/context';
import { lists } from '../loaders';

@Resolver(() => Person)
export class PersonResolver {
  @Query(() => Person, { nullable: true, description: 'One person by id; null when the registry has none.' })
  person(@Arg('id', () => UUID) id: string, @Ctx() { loaders }: SubgraphContext) {
    return loaders.byId(Person).load(id);
  }

  @FieldResolver(() => MembershipConnection, { description: 'The organizations this person belongs to, and in what role.' })
  memberships(@Root() person: Person, @Args() { first, after }: PageArgs, @Ctx() { loaders }: SubgraphContext) {
    return loaders.connection(lists.memberships, person.id, { first, after });
  }

  @FieldResolver(() => AssociationConnection, { description: 'Known ties to other persons, seen from this person.' })
  async associates(@Root() person: Person, @Args() { first, after }: PageArgs, @Ctx() { loaders }: SubgraphContext) {
    const connection = await loaders.connection(lists.associates, person.id, { first, after });
    const facing = (association: Association): Association =>
      association.personId === person.id ? association : { ...association, personId: person.id, associateId: association.personId };
    return { ...connection, edges: connection.edges.map((edge) => ({ ...edge, node: facing(edge.node) })) };
  }
}

export function resolvePersonReference(reference: { id: string }, { loaders }: SubgraphContext) {
  return loaders.byId(Person).load(reference.id);
}
