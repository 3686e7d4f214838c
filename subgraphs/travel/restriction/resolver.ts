import { labelsOfNew } from '../../../lib/handling/release';
import crypto from 'node:crypto';
import { RequiresScopes } from '../../../lib/graphql/authorization';
import { Arg, Ctx, Field, FieldResolver, InputType, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { currentStatus, TravelRestriction, TravelRestrictionStatus, TravelRestrictionType } from './restriction';
import { Organization } from '../organization/organization';
import { Person } from '../person/person';
import { DateTime, UUID } from '../../../lib/graphql/scalars';
import type { SubgraphContext } from '../../../lib/subgraph/context';
import { HandlingInput, handlingFromInput } from '../../../lib/handling/labels';
import { writeOnce } from '../../../lib/mutations/idempotent';
import { requireKnownTargets } from '../../../lib/subgraph/registry-client';
import { requireNotFuture, requireText, requireWriteScope } from '../../../lib/graphql/validate';
import { badUserInput, forbidden, notFound } from '../../../lib/graphql/errors';
import { recordEvent, subjectsOf } from '../../../lib/events/outbox';
import { distinctSelectors, documentSelectors, eventSelectors, IdentityDocumentInput, insertRecordSelectors } from '../../../lib/selectors/federated';

@InputType()
class IssueTravelRestrictionInput {
  @Field(() => String, { nullable: true, description: 'Any unique string; a retried call with the same id creates nothing twice.' })
  clientMutationId?: string;

  @Field(() => TravelRestrictionType)
  type!: TravelRestrictionType;

  @Field(() => UUID)
  personId!: string;

  @Field(() => UUID, { nullable: true, description: 'The organization the restriction is issued in connection with.' })
  organizationId?: string;

  @Field(() => DateTime, { nullable: true, description: 'Defaults to now.' })
  issuedAt?: Date;

  @Field(() => DateTime, { nullable: true })
  expiresAt?: Date;

  @Field()
  reason!: string;

  @Field(() => HandlingInput, { nullable: true, description: 'Handling labels (28 CFR 23.20(g)); default OPEN, releasable to ALL_DOMESTIC.' })
  handling?: HandlingInput;

  @Field(() => [IdentityDocumentInput], { nullable: true, defaultValue: [], description: 'The documents (visa, border-crossing card, passport) the restriction applies to.' })
  documents!: IdentityDocumentInput[];
}

@InputType()
class LiftTravelRestrictionInput {
  @Field(() => String, { nullable: true, description: 'Any unique string; a retried call with the same id changes nothing twice.' })
  clientMutationId?: string;

  @Field(() => UUID)
  restrictionId!: string;

  @Field()
  reason!: string;
}

@ObjectType()
class TravelRestrictionPayload {
  @Field(() => String, { nullable: true })
  clientMutationId!: string | null;

  @Field(() => TravelRestriction)
  restriction!: TravelRestriction;
}

@Resolver(() => TravelRestriction)
export class TravelRestrictionResolver {
  @RequiresScopes('travel:read')
  @Query(() => TravelRestriction, { nullable: true })
  travelRestriction(@Arg('id', () => UUID) id: string, @Ctx() { loaders }: SubgraphContext) {
    return loaders.byId(TravelRestriction).load(id);
  }

  @FieldResolver(() => TravelRestrictionStatus)
  status(@Root() restriction: TravelRestriction): TravelRestrictionStatus {
    return currentStatus(restriction);
  }

  @FieldResolver(() => Person)
  person(@Root() restriction: TravelRestriction): Person {
    return { id: restriction.personId };
  }

  @FieldResolver(() => Organization, { nullable: true })
  organization(@Root() restriction: TravelRestriction): Organization | null {
    return restriction.organizationId ? { id: restriction.organizationId } : null;
  }

  @RequiresScopes('travel:write')
  @Mutation(() => TravelRestrictionPayload, { nullable: true, description: "Issues a travel restriction on a person, in the caller's agency's name." })
  async issueTravelRestriction(@Arg('input') input: IssueTravelRestrictionInput, @Ctx() { caller, requestId, onwardSignatures, db, loaders }: SubgraphContext): Promise<TravelRestrictionPayload> {
    requireWriteScope(caller, 'travel');
    const reason = requireText(input.reason, 'reason', 2000);
    const issuedAt = requireNotFuture(input.issuedAt ?? new Date(), 'issuedAt');
    if (input.expiresAt && input.expiresAt <= issuedAt) throw badUserInput('"expiresAt" must be after "issuedAt".', 'expiresAt');
    if ((input.documents ?? []).length > 10) throw badUserInput('"documents" may name at most 10 documents.', 'documents');
    const selectors = distinctSelectors((input.documents ?? []).flatMap((d, i) => documentSelectors(d, `documents[${i}]`)));
    await requireKnownTargets({ caller, requestId, onwardSignatures }, {
      persons: [{ id: input.personId, field: 'personId' }],
      organizations: input.organizationId ? [{ id: input.organizationId, field: 'organizationId' }] : [],
    }, [labelsOfNew(caller.agency, handlingFromInput(input.handling))]);
    const id = await writeOnce(db, { agency: caller.agency, mutation: 'issueTravelRestriction', input }, async (tx) => {
      const restrictionId = crypto.randomUUID();
      await tx.insert(TravelRestriction, {
        id: restrictionId, type: input.type, status: TravelRestrictionStatus.ACTIVE, issuedAt, expiresAt: input.expiresAt ?? null,
        issuingAgency: caller.agency, reason, personId: input.personId, organizationId: input.organizationId ?? null, liftedAt: null, liftReason: null,
        provenance: { agency: caller.agency, recordedBy: caller.sub, recordedAt: new Date() }, handling: handlingFromInput(input.handling),
      });
      await insertRecordSelectors(tx, 'travel_restriction_selector', { restriction_id: restrictionId }, selectors);
      await recordEvent(tx, {
        type: 'restriction.issued', recordType: 'TravelRestriction', recordId: restrictionId, agency: caller.agency,
        subjects: subjectsOf([input.personId], [input.organizationId]), selectors: eventSelectors(selectors), handling: handlingFromInput(input.handling), details: { type: input.type },
      });
      return restrictionId;
    });
    return { clientMutationId: input.clientMutationId ?? null, restriction: (await loaders.byId(TravelRestriction).load(id))! };
  }

  @RequiresScopes('travel:write')
  @Mutation(() => TravelRestrictionPayload, { nullable: true, description: 'Lifts an active restriction; only the issuing agency may.' })
  async liftTravelRestriction(@Arg('input') input: LiftTravelRestrictionInput, @Ctx() { caller, db, loaders }: SubgraphContext): Promise<TravelRestrictionPayload> {
    requireWriteScope(caller, 'travel');
    const reason = requireText(input.reason, 'reason', 2000);
    await writeOnce(db, { agency: caller.agency, mutation: 'liftTravelRestriction', input }, async (tx) => {
      const visible = await tx.findOne(TravelRestriction, { where: { id: input.restrictionId } });
      if (!visible) throw notFound(`restrictionId: no travel restriction with id ${input.restrictionId} is released to your agency.`);
      if (visible.issuingAgency !== caller.agency) throw forbidden(`This restriction was issued by ${visible.issuingAgency}; only that agency may lift it.`);
      // Locked only once known to be the caller's own (row security lets only the issuer lock it for update).
      const restriction = (await tx.findOne(TravelRestriction, { where: { id: input.restrictionId }, lock: { mode: 'pessimistic_write' } }))!;
      if (currentStatus(restriction) !== TravelRestrictionStatus.ACTIVE) throw badUserInput(`restrictionId: the restriction is ${currentStatus(restriction)}, not ACTIVE.`, 'restrictionId');
      await tx.update(TravelRestriction, { id: restriction.id }, { status: TravelRestrictionStatus.LIFTED, liftedAt: new Date(), liftReason: reason });
      await recordEvent(tx, {
        type: 'restriction.lifted', recordType: 'TravelRestriction', recordId: restriction.id, agency: caller.agency,
        subjects: subjectsOf([restriction.personId], [restriction.organizationId]), handling: restriction.handling, details: { type: restriction.type },
      });
      return restriction.id;
    });
    loaders.byId(TravelRestriction).clear(input.restrictionId);
    return { clientMutationId: input.clientMutationId ?? null, restriction: (await loaders.byId(TravelRestriction).load(input.restrictionId))! };
  }
}
