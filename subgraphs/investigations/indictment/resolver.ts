import { labelsOf, labelsOfNew } from '../../../lib/handling/release';
import crypto from 'node:crypto';
import { RequiresScopes } from '../../../lib/graphql/authorization';
import { Arg, Ctx, Field, FieldResolver, InputType, Int, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import { Charge, Indictment, IndictmentDefendant } from './indictment';
import { Case } from '../case/case';
import { caseWritableBy } from '../case/access';
import { Person } from '../person/person';
import { DateTime, UUID } from '../../../lib/graphql/scalars';
import type { SubgraphContext } from '../../../lib/subgraph/context';
import { HandlingInput, handlingFromInput } from '../../../lib/handling/labels';
import { writeOnce } from '../../../lib/mutations/idempotent';
import { requireKnownTargets, requireNamedTargetsReleased } from '../../../lib/subgraph/registry-client';
import { requireNotFuture, requireRange, requireText, requireWriteScope } from '../../../lib/graphql/validate';
import { badUserInput } from '../../../lib/graphql/errors';
import { recordEvent, subjectsOf } from '../../../lib/events/outbox';

@InputType()
class ChargeInput {
  @Field()
  statute!: string;

  @Field()
  description!: string;

  @Field(() => Int)
  counts!: number;
}

@InputType()
class RecordIndictmentInput {
  @Field(() => String, { nullable: true, description: 'Any unique string; a retried call with the same id creates nothing twice.' })
  clientMutationId?: string;

  @Field(() => UUID)
  caseId!: string;

  @Field()
  district!: string;

  @Field(() => DateTime)
  filedAt!: Date;

  @Field(() => [UUID])
  defendantIds!: string[];

  @Field(() => [ChargeInput])
  charges!: ChargeInput[];

  @Field(() => HandlingInput, { nullable: true, description: 'Handling labels (28 CFR 23.20(g)); default OPEN, releasable to ALL_DOMESTIC.' })
  handling?: HandlingInput;
}

@ObjectType()
class RecordIndictmentPayload {
  @Field(() => String, { nullable: true })
  clientMutationId!: string | null;

  @Field(() => Indictment)
  indictment!: Indictment;
}

@Resolver(() => Indictment)
export class IndictmentResolver {
  @FieldResolver(() => [Person])
  async defendants(@Root() indictment: Indictment, @Ctx() { loaders }: SubgraphContext): Promise<Person[]> {
    const rows = await loaders.groupedBy(IndictmentDefendant, 'indictmentId', { personId: 'ASC' }).load(indictment.id);
    return rows.map((row) => ({ id: row.personId }));
  }

  @FieldResolver(() => [Charge])
  charges(@Root() indictment: Indictment, @Ctx() { loaders }: SubgraphContext) {
    return loaders.groupedBy(Charge, 'indictmentId', { statute: 'ASC', id: 'ASC' }).load(indictment.id);
  }

  @FieldResolver(() => Case)
  case(@Root() indictment: Indictment, @Ctx() { loaders }: SubgraphContext) {
    return loaders.byId(Case).load(indictment.caseId);
  }

  @RequiresScopes('investigations:write')
  @Mutation(() => RecordIndictmentPayload, { nullable: true, description: 'Records an indictment returned in a case (lead and partner agencies only).' })
  async recordIndictment(@Arg('input') input: RecordIndictmentInput, @Ctx() { caller, requestId, onwardSignatures, db, loaders }: SubgraphContext): Promise<RecordIndictmentPayload> {
    requireWriteScope(caller, 'investigations');
    const district = requireText(input.district, 'district', 60);
    requireNotFuture(input.filedAt, 'filedAt');
    const defendantIds = [...new Set(input.defendantIds)];
    if (defendantIds.length === 0) throw badUserInput('"defendantIds" must name at least one defendant.', 'defendantIds');
    if (input.charges.length === 0) throw badUserInput('"charges" must list at least one charge.', 'charges');
    const charges = input.charges.map((c, i) => ({
      statute: requireText(c.statute, `charges[${i}].statute`, 100),
      description: requireText(c.description, `charges[${i}].description`, 500),
      counts: requireRange(c.counts, `charges[${i}].counts`, 1, 1000),
    }));
    const named = await requireKnownTargets({ caller, requestId, onwardSignatures }, { persons: defendantIds.map((id, i) => ({ id, field: `defendantIds[${i}]` })) });
    const id = await writeOnce(db, { agency: caller.agency, mutation: 'recordIndictment', input }, async (tx) => {
      const found = await caseWritableBy(tx, input.caseId, caller);
      // An indictment is seen only where both it and its case are.
      requireNamedTargetsReleased([labelsOfNew(caller.agency, handlingFromInput(input.handling)), labelsOf(found)], named);
      const indictmentId = crypto.randomUUID();
      await tx.insert(Indictment, {
        id: indictmentId, caseId: input.caseId, district, filedAt: input.filedAt,
        provenance: { agency: caller.agency, recordedBy: caller.sub, recordedAt: new Date() }, handling: handlingFromInput(input.handling),
      });
      await tx.insert(IndictmentDefendant, defendantIds.map((personId) => ({ indictmentId, personId })));
      await tx.insert(Charge, charges.map((c) => ({ ...c, id: crypto.randomUUID(), indictmentId })));
      await recordEvent(tx, {
        type: 'indictment.recorded', recordType: 'Indictment', recordId: indictmentId, agency: caller.agency,
        subjects: subjectsOf(defendantIds, [found.organizationId]), hangsOn: [input.caseId], occurredAt: input.filedAt, handling: handlingFromInput(input.handling),
        details: { caseNumber: found.caseNumber, district, charges: charges.map((c) => c.statute) },
      });
      return indictmentId;
    });
    return { clientMutationId: input.clientMutationId ?? null, indictment: (await loaders.byId(Indictment).load(id))! };
  }
}
