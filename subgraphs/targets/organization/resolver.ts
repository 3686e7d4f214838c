import crypto from 'node:crypto';
import { RequiresScopes } from '../../../lib/graphql/authorization';
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, InputType, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { Organization, OrganizationConnection, OrganizationKind, ThreatLevel } from './organization';
import { MembershipConnection, MembershipRole } from '../membership/membership';
import { PageArgs } from '../../../lib/graphql/connection';
import { UUID } from '../../../lib/graphql/scalars';
import type { SubgraphContext } from '../../../lib/subgraph/context';
import { lists } from '../loaders';
import { registryHandling } from '../../../lib/handling/registry-labels';
import { writeOnce } from '../../../lib/mutations/idempotent';
import { requireRange, requireText, requireWriteScope, optionalText } from '../../../lib/graphql/validate';
import { notFound } from '../../../lib/graphql/errors';
import { cleanAliases } from '../registry-input';
import { recordEvent, subjectsOf } from '../../../lib/events/outbox';

@InputType()
class CreateOrganizationInput {
  @Field(() => String, { nullable: true, description: 'Any unique string; a retried call with the same id creates nothing twice.' })
  clientMutationId?: string;

  @Field()
  name!: string;

  @Field(() => [String], { nullable: true, defaultValue: [] })
  aliases!: string[];

  @Field(() => OrganizationKind)
  kind!: OrganizationKind;

  @Field(() => Int, { nullable: true })
  priorityRank?: number;

  @Field(() => ThreatLevel, { nullable: true, defaultValue: ThreatLevel.MODERATE })
  threatLevel!: ThreatLevel;

  @Field(() => [String], { nullable: true, defaultValue: [] })
  regions!: string[];

  @Field(() => UUID, { nullable: true, description: 'The organization this one is a cell or affiliate of.' })
  parentId?: string;
}

@ObjectType()
class CreateOrganizationPayload {
  @Field(() => String, { nullable: true })
  clientMutationId!: string | null;

  @Field(() => Organization)
  organization!: Organization;
}

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
  @RequiresScopes('targets:read')
  @Query(() => Organization, { nullable: true, description: 'One organization by id; null when the registry has none.' })
  organization(@Arg('id', () => UUID) id: string, @Ctx() { loaders }: SubgraphContext) {
    return loaders.byId(Organization).load(id);
  }

  @RequiresScopes('targets:read')
  @Query(() => OrganizationConnection, { nullable: true, description: 'Organizations, priority targets first.' })
  organizations(@Args() { filter, first, after }: OrganizationsArgs, @Ctx() { loaders }: SubgraphContext) {
    const name = optionalText(filter?.name, 'filter.name', 200);
    return loaders.root(lists.organizations, { first, after, ...filter, name: name ?? undefined });
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

@Resolver()
export class OrganizationWriteResolver {
  @RequiresScopes('targets:write')
  @Mutation(() => CreateOrganizationPayload, { nullable: true, description: 'Registers an organization in the shared registry.' })
  async createOrganization(@Arg('input') input: CreateOrganizationInput, @Ctx() { caller, db, loaders }: SubgraphContext): Promise<CreateOrganizationPayload> {
    requireWriteScope(caller, 'targets');
    const name = requireText(input.name, 'name');
    const aliases = cleanAliases(input.aliases);
    const regions = cleanAliases(input.regions, 'regions');
    if (input.priorityRank !== undefined && input.priorityRank !== null) requireRange(input.priorityRank, 'priorityRank', 1, 100_000);
    if (input.parentId && !(await loaders.byId(Organization).load(input.parentId))) throw notFound(`parentId: the registry has no organization with id ${input.parentId}.`);
    const id = await writeOnce(db, { agency: caller.agency, mutation: 'createOrganization', input }, async (tx) => {
      const organizationId = crypto.randomUUID();
      await tx.insert(Organization, {
        id: organizationId, name, aliases, kind: input.kind, priorityRank: input.priorityRank ?? null, threatLevel: input.threatLevel,
        regions, parentId: input.parentId ?? null, provenance: { agency: caller.agency, recordedBy: caller.sub, recordedAt: new Date() }, handling: registryHandling(),
      });
      await recordEvent(tx, { type: 'organization.registered', recordType: 'Organization', recordId: organizationId, agency: caller.agency, subjects: subjectsOf([], [organizationId]), hangsOn: [input.parentId], handling: registryHandling(), details: { name } });
      return organizationId;
    });
    loaders.byId(Organization).clear(id);
    return { clientMutationId: input.clientMutationId ?? null, organization: (await loaders.byId(Organization).load(id))! };
  }
}

export function resolveOrganizationReference(reference: { id: string }, { loaders }: SubgraphContext) {
  return loaders.byId(Organization).load(reference.id);
}
