import { labelsOfNew } from '../../../lib/handling/release';
import crypto from 'node:crypto';
import { RequiresScopes } from '../../../lib/graphql/authorization';
import { Arg, Ctx, Field, FieldResolver, InputType, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { SanctionsDesignation } from './sanction';
import { Organization } from '../organization/organization';
import { Person } from '../person/person';
import { DateTime, UUID } from '../../../lib/graphql/scalars';
import type { SubgraphContext } from '../../../lib/subgraph/context';
import { HandlingInput, handlingFromInput } from '../../../lib/handling/labels';
import { writeOnce } from '../../../lib/mutations/idempotent';
import { requireKnownTargets } from '../../../lib/subgraph/registry-client';
import { requireNotFuture, requireText, requireWriteScope } from '../../../lib/graphql/validate';
import { badUserInput } from '../../../lib/graphql/errors';
import { recordEvent, subjectsOf } from '../../../lib/events/outbox';

@InputType()
class DesignateSanctionInput {
  @Field(() => String, { nullable: true, description: 'Any unique string; a retried call with the same id creates nothing twice.' })
  clientMutationId?: string;

  @Field()
  program!: string;

  @Field()
  listEntryId!: string;

  @Field(() => DateTime, { nullable: true })
  designatedAt?: Date;

  @Field()
  authority!: string;

  @Field()
  basis!: string;

  @Field(() => UUID, { nullable: true, description: 'The designated person, if a person is designated.' })
  personId?: string;

  @Field(() => UUID, { nullable: true, description: 'The designated organization, or the organization the designated person belongs to.' })
  organizationId?: string;

  @Field(() => HandlingInput, { nullable: true, description: 'Handling labels (28 CFR 23.20(g)); default OPEN, releasable to ALL_DOMESTIC.' })
  handling?: HandlingInput;
}

@ObjectType()
class DesignateSanctionPayload {
  @Field(() => String, { nullable: true })
  clientMutationId!: string | null;

  @Field(() => SanctionsDesignation)
  designation!: SanctionsDesignation;
}

@Resolver(() => SanctionsDesignation)
export class SanctionsDesignationResolver {
  @RequiresScopes('finance:read')
  @Query(() => SanctionsDesignation, { nullable: true })
  sanctionsDesignation(@Arg('id', () => UUID) id: string, @Ctx() { loaders }: SubgraphContext) {
    return loaders.byId(SanctionsDesignation).load(id);
  }

  @FieldResolver(() => Person, { nullable: true })
  person(@Root() designation: SanctionsDesignation): Person | null {
    return designation.personId ? { id: designation.personId } : null;
  }

  @FieldResolver(() => Organization, { nullable: true })
  organization(@Root() designation: SanctionsDesignation): Organization | null {
    return designation.organizationId ? { id: designation.organizationId } : null;
  }

  @RequiresScopes('finance:write')
  @Mutation(() => DesignateSanctionPayload, { nullable: true, description: 'Records a sanctions designation of a person or an organization.' })
  async designateSanction(@Arg('input') input: DesignateSanctionInput, @Ctx() { caller, requestId, onwardSignatures, db, loaders }: SubgraphContext): Promise<DesignateSanctionPayload> {
    requireWriteScope(caller, 'finance');
    if (!input.personId && !input.organizationId) throw badUserInput('Name the designated party: give "personId", "organizationId", or both.', 'personId');
    const fields = {
      program: requireText(input.program, 'program', 60),
      listEntryId: requireText(input.listEntryId, 'listEntryId', 60),
      authority: requireText(input.authority, 'authority', 200),
      basis: requireText(input.basis, 'basis', 4000),
      designatedAt: requireNotFuture(input.designatedAt ?? new Date(), 'designatedAt'),
    };
    await requireKnownTargets({ caller, requestId, onwardSignatures }, {
      persons: input.personId ? [{ id: input.personId, field: 'personId' }] : [],
      organizations: input.organizationId ? [{ id: input.organizationId, field: 'organizationId' }] : [],
    }, [labelsOfNew(caller.agency, handlingFromInput(input.handling))]);
    const id = await writeOnce(db, { agency: caller.agency, mutation: 'designateSanction', input }, async (tx) => {
      const designationId = crypto.randomUUID();
      await tx.insert(SanctionsDesignation, {
        id: designationId, ...fields, personId: input.personId ?? null, organizationId: input.organizationId ?? null,
        provenance: { agency: caller.agency, recordedBy: caller.sub, recordedAt: new Date() }, handling: handlingFromInput(input.handling),
      });
      await recordEvent(tx, {
        type: 'sanction.designated', recordType: 'SanctionsDesignation', recordId: designationId, agency: caller.agency,
        subjects: subjectsOf([input.personId], [input.organizationId]), handling: handlingFromInput(input.handling), details: { program: fields.program },
      });
      return designationId;
    });
    return { clientMutationId: input.clientMutationId ?? null, designation: (await loaders.byId(SanctionsDesignation).load(id))! };
  }
}
