import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, InputType, Query, Resolver, Root } from 'type-graphql';
import { Organization, OrganizationConnection, OrganizationKind } from './organization';
import { MembershipConnection, MembershipRole } from '../membership/membership';
import { PageArgs } from '../../../lib/graphql/connection';
import { UUID } from '../../../lib/graphql/scalars';
import type { SubgraphContext } from '../../../lib/subgraph/context';
import { lists } from '../loaders';

@InputType()
class OrganizationFilter {
  @Field(() => String, { nullable: true, description: 'Part of the name or of an alias, accents ignored.' })
  name?: string;

  @Field(() => OrganizationKind, { nullable: true })
  kind?: OrganizationKind;

  @Field(() => Boolean, { nullable: true, description: 'Only organizations with a task-force priority rank.' })
  priorityOnly?: boolean;
}

@ArgsType()
class OrganizationsArgs extends PageArgs {
  @Field(() => OrganizationFilter, { nullable: true })
  filter?: OrganizationFilter;
}

@ArgsType()
class MembersArgs extends PageArgs {
  @Field(() => MembershipRole, { nullable: true, description: 'Only members in this role.' })
  role?: MembershipRole;
}

@Resolver(() => Organization)
export class OrganizationResolver {
  @Query(() => Organization, { nullable: true, description: 'One organization by id; null when the registry has none.' })
  organization(@Arg('id', () => UUID) id: string, @Ctx() { loaders }: SubgraphContext) {
    return loaders.byId(Organization).load(id);
  }

  @Query(() => OrganizationConnection, { description: 'Organizations, priority targets first.' })
  organizations(@Args() { filter, first, after }: OrganizationsArgs, @Ctx() { loaders }: SubgraphContext) {
    return loaders.root(lists.organizations, { first, after, ...filter });
  }

  @FieldResolver(() => Organization, { nullable: true, description: 'The organization this one is a cell or affiliate of.' })
  parent(@Root() organization: Organization, @Ctx() { loaders }: SubgraphContext) {
    return organization.parentId ? loaders.byId(Organization).load(organization.parentId) : null;
  }

  @FieldResolver(() => OrganizationConnection, { description: 'Cells and affiliates of this organization.' })
  affiliates(@Root() organization: Organization, @Args() { first, after }: PageArgs, @Ctx() { loaders }: SubgraphContext) {
    return loaders.connection(lists.affiliates, organization.id, { first, after });
  }

  @FieldResolver(() => MembershipConnection, { description: 'Members, leaders first.' })
  members(@Root() organization: Organization, @Args() { first, after, role }: MembersArgs, @Ctx() { loaders }: SubgraphContext) {
    return loaders.connection(lists.members, organization.id, { first, after, role });
  }
}

export function resolveOrganizationReference(reference: { id: string }, { loaders }: SubgraphContext) {
  return loaders.byId(Organization).load(reference.id);
}
