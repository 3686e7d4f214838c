import crypto from 'node:crypto';
import { RequiresScopes } from '../../../lib/graphql/authorization';
import { Arg, Ctx, Field, FieldResolver, InputType, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import { Membership, MembershipRole } from './membership';
import { Person } from '../person/person';
import { Organization } from '../organization/organization';
import type { SubgraphContext } from '../../../lib/subgraph/context';
import { LocalDate, UUID } from '../../../lib/graphql/scalars';
import { writeOnce } from '../../../lib/mutations/idempotent';
import { requireWriteScope } from '../../../lib/graphql/validate';
import { badUserInput } from '../../../lib/graphql/errors';
import { requireRegistered } from '../registry-input';
import { registryHandling } from '../../../lib/handling/registry-labels';
import { recordEvent, subjectsOf } from '../../../lib/events/outbox';

@InputType()
class AddMembershipInput {
  @Field(() => String, { nullable: true, description: 'Any unique string; a retried call with the same id creates nothing twice.' })
  clientMutationId?: string;

  @Field(() => UUID)
  personId!: string;

  @Field(() => UUID)
  organizationId!: string;

  @Field(() => MembershipRole)
  role!: MembershipRole;

  @Field(() => LocalDate, { nullable: true })
  since?: Date;

  @Field(() => LocalDate, { nullable: true })
  until?: Date;
}

@ObjectType()
class AddMembershipPayload {
  @Field(() => String, { nullable: true })
  clientMutationId!: string | null;

  @Field(() => Membership)
  membership!: Membership;
}

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

  @RequiresScopes('targets:write')
  @Mutation(() => AddMembershipPayload, { nullable: true, description: 'Records that a person belongs to an organization, in a role.' })
  async addMembership(@Arg('input') input: AddMembershipInput, @Ctx() { caller, db, loaders }: SubgraphContext): Promise<AddMembershipPayload> {
    requireWriteScope(caller, 'targets');
    if (input.since && input.until && input.since > input.until) throw badUserInput('"since" must not be after "until".', 'since');
    await requireRegistered(loaders, { persons: [[input.personId, 'personId']], organizations: [[input.organizationId, 'organizationId']] });
    const id = await writeOnce(db, { agency: caller.agency, mutation: 'addMembership', input }, async (tx) => {
      const [existing] = await tx.query(`SELECT id FROM membership WHERE person_id = $1 AND organization_id = $2`, [input.personId, input.organizationId]);
      if (existing) throw badUserInput('This person is already a member of this organization.', 'personId');
      const membershipId = crypto.randomUUID();
      await tx.insert(Membership, {
        id: membershipId, personId: input.personId, organizationId: input.organizationId, role: input.role,
        since: input.since ? input.since.toISOString().slice(0, 10) : null, until: input.until ? input.until.toISOString().slice(0, 10) : null,
        provenance: { agency: caller.agency, recordedBy: caller.sub, recordedAt: new Date() }, handling: registryHandling(),
      });
      await recordEvent(tx, {
        type: 'membership.added', recordType: 'Membership', recordId: membershipId, agency: caller.agency,
        subjects: subjectsOf([input.personId], [input.organizationId]), handling: registryHandling(), details: { role: input.role },
      });
      return membershipId;
    });
    return { clientMutationId: input.clientMutationId ?? null, membership: (await loaders.byId(Membership).load(id))! };
  }
}
