import { labelsOf, labelsOfNew } from '../../../lib/handling/release';
import crypto from 'node:crypto';
import { RequiresScopes } from '../../../lib/graphql/authorization';
import { Arg, Ctx, Field, FieldResolver, InputType, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import { Arrest } from './arrest';
import { Case } from '../case/case';
import { caseWritableBy } from '../case/access';
import { Person } from '../person/person';
import { DateTime, UUID } from '../../../lib/graphql/scalars';
import type { SubgraphContext } from '../../../lib/subgraph/context';
import { HandlingInput, handlingFromInput } from '../../../lib/handling/labels';
import { writeOnce } from '../../../lib/mutations/idempotent';
import { requireKnownTargets, requireNamedTargetsReleased } from '../../../lib/subgraph/registry-client';
import { requireNotFuture, requireText, requireWriteScope } from '../../../lib/graphql/validate';
import { recordEvent, subjectsOf } from '../../../lib/events/outbox';

@InputType()
class RecordArrestInput {
  @Field(() => String, { nullable: true, description: 'Any unique string; a retried call with the same id creates nothing twice.' })
  clientMutationId?: string;

  @Field(() => UUID)
  caseId!: string;

  @Field(() => UUID)
  personId!: string;

  @Field(() => DateTime)
  arrestedAt!: Date;

  @Field({ description: '"City, State".' })
  location!: string;

  @Field(() => HandlingInput, { nullable: true, description: 'Handling labels (28 CFR 23.20(g)); default OPEN, releasable to ALL_DOMESTIC.' })
  handling?: HandlingInput;
}

@ObjectType()
class RecordArrestPayload {
  @Field(() => String, { nullable: true })
  clientMutationId!: string | null;

  @Field(() => Arrest)
  arrest!: Arrest;
}

@Resolver(() => Arrest)
export class ArrestResolver {
  @FieldResolver(() => Person)
  person(@Root() arrest: Arrest): Person {
    return { id: arrest.personId };
  }

  @FieldResolver(() => Case)
  case(@Root() arrest: Arrest, @Ctx() { loaders }: SubgraphContext) {
    return loaders.byId(Case).load(arrest.caseId);
  }

  @RequiresScopes('investigations:write')
  @Mutation(() => RecordArrestPayload, { nullable: true, description: "Records an arrest made by the caller's agency in a case it leads or partners in." })
  async recordArrest(@Arg('input') input: RecordArrestInput, @Ctx() { caller, requestId, onwardSignatures, db, loaders }: SubgraphContext): Promise<RecordArrestPayload> {
    requireWriteScope(caller, 'investigations');
    const location = requireText(input.location, 'location', 200);
    requireNotFuture(input.arrestedAt, 'arrestedAt');
    const named = await requireKnownTargets({ caller, requestId, onwardSignatures }, { persons: [{ id: input.personId, field: 'personId' }] });
    const id = await writeOnce(db, { agency: caller.agency, mutation: 'recordArrest', input }, async (tx) => {
      const found = await caseWritableBy(tx, input.caseId, caller);
      // An arrest is seen only where both it and its case are.
      requireNamedTargetsReleased([labelsOfNew(caller.agency, handlingFromInput(input.handling)), labelsOf(found)], named);
      const arrestId = crypto.randomUUID();
      await tx.insert(Arrest, {
        id: arrestId, caseId: input.caseId, personId: input.personId, arrestedAt: input.arrestedAt, agency: caller.agency, location,
        provenance: { agency: caller.agency, recordedBy: caller.sub, recordedAt: new Date() }, handling: handlingFromInput(input.handling),
      });
      await recordEvent(tx, {
        type: 'arrest.recorded', recordType: 'Arrest', recordId: arrestId, agency: caller.agency,
        subjects: subjectsOf([input.personId], [found.organizationId]), hangsOn: [input.caseId], occurredAt: input.arrestedAt, handling: handlingFromInput(input.handling),
        details: { caseNumber: found.caseNumber, location },
      });
      return arrestId;
    });
    return { clientMutationId: input.clientMutationId ?? null, arrest: (await loaders.byId(Arrest).load(id))! };
  }
}
