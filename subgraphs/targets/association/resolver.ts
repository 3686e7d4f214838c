import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Association } from './association';
import { Person } from '../person/person';
import type { SubgraphContext } from '../../../lib/subgraph/context';

@Resolver(() => Association)
export class AssociationResolver {
  @FieldResolver(() => Person)
  person(@Root() association: Association, @Ctx() { loaders }: SubgraphContext) {
    return loaders.byId(Person).load(association.personId);
  }

  @FieldResolver(() => Person, { description: 'The other person of the tie.' })
  associate(@Root() association: Association, @Ctx() { loaders }: SubgraphContext) {
    return loaders.byId(Person).load(association.associateId);
  }
}
