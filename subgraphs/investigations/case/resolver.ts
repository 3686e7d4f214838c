import { labelsOf, labelsOfNew } from '../../../lib/handling/release';
import crypto from 'node:crypto';
import { RequiresScopes } from '../../../lib/graphql/authorization';
import { Arg, Ctx, Field, FieldResolver, InputType, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { Case, CaseStatus, CaseSubject, CaseSubjectRole } from './case';
import { caseWritableBy } from './access';
import { Organization } from '../organization/organization';
import { Person } from '../person/person';
import { Indictment } from '../indictment/indictment';
import { Arrest } from '../arrest/arrest';
import { ConfidentialSource } from '../confidential-source/confidential-source';
import { DateTime, UUID } from '../../../lib/graphql/scalars';
import type { SubgraphContext } from '../../../lib/subgraph/context';
import { HandlingInput, handlingFromInput } from '../../../lib/handling/labels';
import { writeOnce } from '../../../lib/mutations/idempotent';
import { requireKnownTargets, requireNamedTargetsReleased } from '../../../lib/subgraph/registry-client';
import { requireNotFuture, requireText, requireWriteScope } from '../../../lib/graphql/validate';
import { badUserInput } from '../../../lib/graphql/errors';
import { agencyPolicy } from '../../../lib/identity/policy';
import { recordEvent, subjectsOf } from '../../../lib/events/outbox';
import { eventSelectors, insertRecordSelectors } from '../../../lib/selectors/federated';
import { AddressPlaceInput, subjectSelectors } from '../selector/inputs';

@InputType()
class CaseSubjectInput {
  @Field(() => UUID)
  personId!: string;

  @Field(() => CaseSubjectRole)
  role!: CaseSubjectRole;

  @Field(() => [String], { nullable: true, defaultValue: [], description: 'Phones the subject uses, any spelling (read as US, then Mexican, numbers without a country code).' })
  phones!: string[];

  @Field(() => [String], { nullable: true, defaultValue: [] })
  addresses!: string[];

  @Field(() => [AddressPlaceInput], { nullable: true, defaultValue: [], description: 'Addresses with the place your agency puts them at (at most 20); an address may be named here alone.' })
  addressPlaces!: AddressPlaceInput[];

  @Field(() => [String], { nullable: true, defaultValue: [] })
  emails!: string[];
}

@InputType()
class OpenCaseInput {
  @Field(() => String, { nullable: true, description: 'Any unique string; a retried call with the same id creates nothing twice.' })
  clientMutationId?: string;

  @Field({ description: 'Unique case number, e.g. HSI-PHX-2026-00123.' })
  caseNumber!: string;

  @Field()
  title!: string;

  @Field(() => [String], { nullable: true, defaultValue: [] })
  partnerAgencies!: string[];

  @Field(() => DateTime, { nullable: true })
  openedAt?: Date;

  @Field(() => UUID, { nullable: true })
  organizationId?: string;

  @Field(() => [CaseSubjectInput], { nullable: true, defaultValue: [] })
  subjects!: CaseSubjectInput[];

  @Field(() => HandlingInput, { nullable: true, description: 'Handling labels (28 CFR 23.20(g)); default OPEN, releasable to ALL_DOMESTIC.' })
  handling?: HandlingInput;
}

@ObjectType()
class CasePayload {
  @Field(() => String, { nullable: true })
  clientMutationId!: string | null;

  @Field(() => Case)
  case!: Case;
}

@InputType()
class AddCaseSubjectInput {
  @Field(() => String, { nullable: true, description: 'Any unique string; a retried call with the same id changes nothing twice.' })
  clientMutationId?: string;

  @Field(() => UUID)
  caseId!: string;

  @Field(() => UUID)
  personId!: string;

  @Field(() => CaseSubjectRole)
  role!: CaseSubjectRole;

  @Field(() => [String], { nullable: true, defaultValue: [], description: 'Phones the subject uses, any spelling (read as US, then Mexican, numbers without a country code).' })
  phones!: string[];

  @Field(() => [String], { nullable: true, defaultValue: [] })
  addresses!: string[];

  @Field(() => [AddressPlaceInput], { nullable: true, defaultValue: [], description: 'Addresses with the place your agency puts them at (at most 20); an address may be named here alone.' })
  addressPlaces!: AddressPlaceInput[];

  @Field(() => [String], { nullable: true, defaultValue: [] })
  emails!: string[];
}

@Resolver(() => CaseSubject)
export class CaseSubjectResolver {
  @FieldResolver(() => Person)
  person(@Root() subject: CaseSubject): Person {
    return { id: subject.personId };
  }
}

@Resolver(() => Case)
export class CaseResolver {
  @RequiresScopes('investigations:read')
  @Query(() => Case, { nullable: true })
  case(@Arg('id', () => UUID) id: string, @Ctx() { loaders }: SubgraphContext) {
    return loaders.byId(Case).load(id);
  }

  @RequiresScopes('investigations:read')
  @Query(() => Case, { nullable: true })
  caseByNumber(@Arg('caseNumber') caseNumber: string, @Ctx() { db }: SubgraphContext) {
    // A NUL byte would reach PostgreSQL, which cannot hold one in text, and fail the whole field.
    return db.getRepository(Case).findOneBy({ caseNumber: requireText(caseNumber, 'caseNumber', 100) });
  }

  @FieldResolver(() => [CaseSubject])
  subjects(@Root() found: Case, @Ctx() { loaders }: SubgraphContext) {
    return loaders.groupedBy(CaseSubject, 'caseId', { role: 'ASC', personId: 'ASC' }).load(found.id);
  }

  @FieldResolver(() => Organization, { nullable: true })
  organization(@Root() found: Case): Organization | null {
    return found.organizationId ? { id: found.organizationId } : null;
  }

  @FieldResolver(() => [Indictment])
  indictments(@Root() found: Case, @Ctx() { loaders }: SubgraphContext) {
    return loaders.groupedBy(Indictment, 'caseId', { filedAt: 'DESC', id: 'ASC' }).load(found.id);
  }

  @RequiresScopes('investigations:sensitive')
  @FieldResolver(() => [ConfidentialSource], { nullable: true, description: 'Confidential sources reporting on the case.' })
  confidentialSources(@Root() found: Case, @Ctx() { loaders }: SubgraphContext) {
    return loaders.groupedBy(ConfidentialSource, 'caseId', { codeName: 'ASC' }).load(found.id);
  }

  @FieldResolver(() => [Arrest])
  arrests(@Root() found: Case, @Ctx() { loaders }: SubgraphContext) {
    return loaders.groupedBy(Arrest, 'caseId', { arrestedAt: 'DESC', id: 'ASC' }).load(found.id);
  }

  @RequiresScopes('investigations:write')
  @Mutation(() => CasePayload, { nullable: true, description: "Opens a case led by the caller's agency." })
  async openCase(@Arg('input') input: OpenCaseInput, @Ctx() { caller, requestId, onwardSignatures, db, loaders }: SubgraphContext): Promise<CasePayload> {
    requireWriteScope(caller, 'investigations');
    const caseNumber = requireText(input.caseNumber, 'caseNumber', 60);
    // Case numbers carry the lead agency's prefix, so a number can clash only with the caller's own cases
    // (which it sees): whether another agency's number is taken is never revealed.
    if (!caseNumber.startsWith(`${caller.agency}-`)) throw badUserInput(`caseNumber must begin with your agency's code, "${caller.agency}-" (e.g. ${caller.agency}-PHX-2026-00123).`, 'caseNumber');
    const title = requireText(input.title, 'title', 300);
    const openedAt = requireNotFuture(input.openedAt ?? new Date(), 'openedAt');
    const partners = [...new Set(input.partnerAgencies ?? [])].filter((a) => a !== caller.agency);
    partners.forEach((agency, i) => {
      if (!agencyPolicy(agency)) throw badUserInput(`partnerAgencies[${i}]: "${agency}" is not a known agency code.`, `partnerAgencies[${i}]`);
    });
    const subjects = input.subjects ?? [];
    if (new Set(subjects.map((s) => s.personId)).size !== subjects.length) throw badUserInput('"subjects" names a person twice.', 'subjects');
    const selectorsOf = subjects.map((s, i) => subjectSelectors(s, `subjects[${i}]`));
    await requireKnownTargets({ caller, requestId, onwardSignatures }, {
      persons: subjects.map((s, i) => ({ id: s.personId, field: `subjects[${i}].personId` })),
      organizations: input.organizationId ? [{ id: input.organizationId, field: 'organizationId' }] : [],
    }, [labelsOfNew(caller.agency, handlingFromInput(input.handling))]);
    const id = await writeOnce(db, { agency: caller.agency, mutation: 'openCase', input }, async (tx) => {
      if (await tx.findOneBy(Case, { caseNumber })) throw badUserInput(`caseNumber: ${caseNumber} is already taken.`, 'caseNumber');
      const caseId = crypto.randomUUID();
      await tx.insert(Case, {
        id: caseId, caseNumber, title, leadAgency: caller.agency, partnerAgencies: partners, status: CaseStatus.OPEN, openedAt, closedAt: null,
        organizationId: input.organizationId ?? null, provenance: { agency: caller.agency, recordedBy: caller.sub, recordedAt: new Date() }, handling: handlingFromInput(input.handling),
      });
      if (subjects.length) await tx.insert(CaseSubject, subjects.map((s) => ({ caseId, personId: s.personId, role: s.role })));
      for (const [i, s] of subjects.entries()) await insertRecordSelectors(tx, 'case_subject_selector', { case_id: caseId, person_id: s.personId }, selectorsOf[i]);
      await recordEvent(tx, {
        type: 'case.opened', recordType: 'Case', recordId: caseId, agency: caller.agency,
        subjects: subjectsOf(subjects.map((s) => s.personId), [input.organizationId]), selectors: eventSelectors(selectorsOf.flat()), handling: handlingFromInput(input.handling),
        details: { caseNumber, leadAgency: caller.agency, partnerAgencies: partners, status: CaseStatus.OPEN },
      });
      return caseId;
    });
    return { clientMutationId: input.clientMutationId ?? null, case: (await loaders.byId(Case).load(id))! };
  }

  @RequiresScopes('investigations:write')
  @Mutation(() => CasePayload, { nullable: true, description: 'Names a person in a case (lead and partner agencies only).' })
  async addCaseSubject(@Arg('input') input: AddCaseSubjectInput, @Ctx() { caller, requestId, onwardSignatures, db, loaders }: SubgraphContext): Promise<CasePayload> {
    requireWriteScope(caller, 'investigations');
    const selectors = subjectSelectors(input, '');
    const named = await requireKnownTargets({ caller, requestId, onwardSignatures }, { persons: [{ id: input.personId, field: 'personId' }] });
    await writeOnce(db, { agency: caller.agency, mutation: 'addCaseSubject', input }, async (tx) => {
      const found = await caseWritableBy(tx, input.caseId, caller);
      requireNamedTargetsReleased([labelsOf(found)], named);
      if (await tx.findOneBy(CaseSubject, { caseId: input.caseId, personId: input.personId })) {
        throw badUserInput('personId: this person is already a subject of this case.', 'personId');
      }
      await tx.insert(CaseSubject, { caseId: input.caseId, personId: input.personId, role: input.role });
      await insertRecordSelectors(tx, 'case_subject_selector', { case_id: input.caseId, person_id: input.personId }, selectors);
      // The event carries the case's labels: whoever learns of it learns only what the case allows.
      await recordEvent(tx, {
        type: 'case.subject_added', recordType: 'Case', recordId: input.caseId, agency: caller.agency,
        subjects: subjectsOf([input.personId], [found.organizationId]), selectors: eventSelectors(selectors), handling: found.handling,
        details: { caseNumber: found.caseNumber, leadAgency: found.leadAgency, role: input.role },
      });
      return input.caseId;
    });
    return { clientMutationId: input.clientMutationId ?? null, case: (await loaders.byId(Case).load(input.caseId))! };
  }
}
