import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Membership } from './membership';
import { Person } from '../person/person';
import { Organization } from '../organization/organization';
import type { SubgraphContext } from '../../../lib/subgraph/context';

@Resolver(() => Membership)
export class MembershipResolver {
  @FieldResolver(() => Person)
  person(@Root() membership: Membership, @Ctx() { loaders }: SubgraphContext) {
    return loaders.byId(Person).load(membership.personId);
  }

  @FieldResolver(() => Organization)
  organization(@Root() membership: Membership, @Ctx() { loaders }: SubgraphContext) {
    return loaders.byId(Organization).load(membership.organizationId);
  }
}
