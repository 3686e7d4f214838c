import { labelsOfNew } from '../../../lib/handling/release';
import crypto from 'node:crypto';
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, InputType, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { RequiresScopes } from '../../../lib/graphql/authorization';
import { DateTime, UUID } from '../../../lib/graphql/scalars';
import { GeoPoint, GeoPointInput } from '../../../lib/graphql/geo-point';
import { PageArgs } from '../../../lib/graphql/connection';
import type { SubgraphContext } from '../../../lib/subgraph/context';
import { HandlingInput, handlingFromInput, Sensitivity } from '../../../lib/handling/labels';
import { writeOnce } from '../../../lib/mutations/idempotent';
import { classifyTargets } from '../../../lib/subgraph/registry-client';
import { optionalText, requireRange, requireText, requireWriteScope } from '../../../lib/graphql/validate';
import { badUserInput, forbidden, notFound } from '../../../lib/graphql/errors';
import { recordEvent } from '../../../lib/events/outbox';
import { touchAnything } from '../../../lib/database/change-feed';
import { normalizePhone } from '../../../lib/selectors/normalize';
import { normalizeSelectorInputs, SelectorInput, SelectorValue } from '../../../lib/selectors/input';
import { DeconflictionOutcome, OperationConflict, PlannedOperation, PlannedOperationConnection, PlannedOperationStatus, PlannedOperationType } from './operation';
import { partyFromJson, PointOfContact } from '../notice/party';
import { Person } from '../person/person';
import { Organization } from '../organization/organization';
import { lists } from '../loaders';

/** The longest window an operation may hold ground for; longer commitments are cases, not operations. */
const MAX_WINDOW_DAYS = 31;

@InputType()
export class PointOfContactInput {
  @Field({ description: 'Who answers for the operation (or watch) on the day.' })
  name!: string;

  @Field({ description: 'A phone number; without a country code it is read as a US, then a Mexican number.' })
  phone!: string;
}

@InputType()
class PlanOperationInput {
  @Field(() => String, { nullable: true, description: 'Any unique string; a retried call with the same id registers nothing twice.' })
  clientMutationId?: string;

  @Field(() => PlannedOperationType)
  type!: PlannedOperationType;

  @Field(() => GeoPointInput)
  location!: GeoPointInput;

  @Field(() => Int, { description: 'The area the operation holds around its location, 1 to 50,000 m.' })
  radiusMeters!: number;

  @Field(() => DateTime)
  start!: Date;

  @Field(() => DateTime)
  end!: Date;

  @Field(() => [UUID], { nullable: true, defaultValue: [], description: 'Persons and organizations of the registry the operation targets.' })
  targetIds!: string[];

  @Field(() => [SelectorInput], { nullable: true, defaultValue: [], description: 'Phones, vehicles, addresses, ... the operation targets.' })
  selectors!: SelectorInput[];

  @Field(() => PointOfContactInput)
  contact!: PointOfContactInput;

  @Field(() => HandlingInput, { nullable: true, description: 'Handling labels; default OPEN, releasable to ALL_DOMESTIC. A RESTRICTED operation needs a controlOfficial: the only thing other agencies are told.' })
  handling?: HandlingInput;
}

@ObjectType()
class PlanOperationPayload {
  @Field(() => String, { nullable: true })
  clientMutationId!: string | null;

  @Field(() => PlannedOperation)
  operation!: PlannedOperation;

  @Field(() => DeconflictionOutcome)
  outcome!: DeconflictionOutcome;

  @Field(() => [OperationConflict], { description: "Other agencies' operations it conflicts with, as their labels release them to you; both sides also get a notice." })
  conflicts!: OperationConflict[];
}

@InputType()
class OperationStatusInput {
  @Field(() => String, { nullable: true, description: 'Any unique string; a retried call with the same id changes nothing twice.' })
  clientMutationId?: string;

  @Field(() => UUID)
  operationId!: string;

  @Field(() => String, { nullable: true })
  reason?: string;
}

@ObjectType()
class PlannedOperationPayload {
  @Field(() => String, { nullable: true })
  clientMutationId!: string | null;

  @Field(() => PlannedOperation)
  operation!: PlannedOperation;
}

@ArgsType()
class OperationsArgs extends PageArgs {
  @Field(() => PlannedOperationStatus, { nullable: true })
  status?: PlannedOperationStatus;

  @Field(() => String, { nullable: true, description: 'Only this agency\'s operations.' })
  agency?: string;
}

@Resolver(() => PlannedOperation)
export class PlannedOperationResolver {
  @RequiresScopes('deconfliction:read')
  @Query(() => PlannedOperation, { nullable: true })
  plannedOperation(@Arg('id', () => UUID) id: string, @Ctx() { loaders }: SubgraphContext) {
    return loaders.byId(PlannedOperation).load(id);
  }

  @RequiresScopes('deconfliction:read')
  @Query(() => PlannedOperationConnection, { nullable: true, description: 'Planned operations released to you, latest start first.' })
  plannedOperations(@Args() { first, after, status, agency }: OperationsArgs, @Ctx() { loaders }: SubgraphContext) {
    // Checked like written text: a NUL byte reaching PostgreSQL failed the whole field.
    return loaders.root(lists.operations, { first, after, status, agency: agency === undefined || agency === null ? agency : requireText(agency, 'agency', 20) });
  }

  @FieldResolver(() => GeoPoint)
  location(@Root() operation: PlannedOperation): GeoPoint {
    return { latitude: operation.latitude, longitude: operation.longitude };
  }

  @FieldResolver(() => PointOfContact)
  contact(@Root() operation: PlannedOperation): PointOfContact {
    return { name: operation.contactName, phone: operation.contactPhone };
  }

  @FieldResolver(() => [Person])
  targetPersons(@Root() operation: PlannedOperation): Person[] {
    return operation.targetPersonIds.map((id) => ({ id }));
  }

  @FieldResolver(() => [Organization])
  targetOrganizations(@Root() operation: PlannedOperation): Organization[] {
    return operation.targetOrganizationIds.map((id) => ({ id }));
  }

  @FieldResolver(() => [SelectorValue])
  selectors(@Root() operation: PlannedOperation): SelectorValue[] {
    return operation.selectors.map(({ kind, value, display }) => ({ kind, value, display }) as SelectorValue);
  }

  @FieldResolver(() => [OperationConflict], { nullable: true, description: "For your own agency's operations: the other agencies' operations that conflict with it now." })
  conflicts(@Root() operation: PlannedOperation, @Ctx() { caller, db }: SubgraphContext): Promise<OperationConflict[]> | null {
    return operation.provenance.agency === caller.agency ? conflictsOf(db, operation.id) : null;
  }

  @RequiresScopes('deconfliction:write')
  @Mutation(() => PlanOperationPayload, { nullable: true, description: 'Registers a planned enforcement action and answers at once whether it conflicts with another agency\'s; both sides of each conflict get a notice with the other\'s contact.' })
  async planOperation(@Arg('input') input: PlanOperationInput, @Ctx() { caller, requestId, onwardSignatures, db, loaders }: SubgraphContext): Promise<PlanOperationPayload> {
    requireWriteScope(caller, 'deconfliction');
    requireRange(input.radiusMeters, 'radiusMeters', 1, 50_000);
    if (!Number.isInteger(input.radiusMeters)) throw badUserInput('"radiusMeters" must be a whole number of metres.', 'radiusMeters');
    if (input.end <= input.start) throw badUserInput('"end" must be after "start".', 'end');
    if (input.end.getTime() <= Date.now()) throw badUserInput(`"end" (${input.end.toISOString()}) has passed: register operations that are still to happen.`, 'end');
    if (input.end.getTime() - input.start.getTime() > MAX_WINDOW_DAYS * 86_400_000) throw badUserInput(`An operation's window is at most ${MAX_WINDOW_DAYS} days; register a longer effort as a case or a watch.`, 'end');
    const contact = { name: requireText(input.contact.name, 'contact.name', 200), phone: normalizePhone(input.contact.phone, 'contact.phone').value };
    const selectors = normalizeSelectorInputs(input.selectors, 'selectors');
    const handling = handlingFromInput(input.handling);
    if (handling.sensitivity === Sensitivity.RESTRICTED && !handling.controlOfficial) {
      throw badUserInput('A RESTRICTED operation needs handling.controlOfficial: it is all other agencies are told ("contact <control official> at <agency>").', 'handling.controlOfficial');
    }
    if ((input.targetIds?.length ?? 0) > 50) throw badUserInput('"targetIds" names more than 50 targets.', 'targetIds');
    const targets = await classifyTargets({ caller, requestId, onwardSignatures }, (input.targetIds ?? []).map((id, i) => ({ id, field: `targetIds[${i}]` })), [labelsOfNew(caller.agency, handling)]);
    const id = await writeOnce(db, { agency: caller.agency, mutation: 'planOperation', input }, async (tx) => {
      // One operation is planned at a time (until its request commits), so the next one's answer sees it.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('deconfliction_plan_operation'))`);
      const operationId = crypto.randomUUID();
      await tx.insert(PlannedOperation, {
        id: operationId, type: input.type, status: PlannedOperationStatus.PLANNED, latitude: input.location.latitude, longitude: input.location.longitude,
        radiusMeters: input.radiusMeters, startsAt: input.start, endsAt: input.end, contactName: contact.name, contactPhone: contact.phone,
        targetPersonIds: targets.persons, targetOrganizationIds: targets.organizations, selectors, statusChangedAt: null, statusReason: null,
        provenance: { agency: caller.agency, recordedBy: caller.sub, recordedAt: new Date() }, handling,
      });
      await recordEvent(tx, {
        type: 'operation.planned', recordType: 'PlannedOperation', recordId: operationId, agency: caller.agency,
        subjects: targets, selectors: selectors.map(({ kind, value }) => ({ kind, value })), place: input.location, occurredAt: input.start, handling,
        details: { type: input.type, start: input.start.toISOString(), end: input.end.toISOString(), radiusMeters: input.radiusMeters, contact },
      });
      return operationId;
    });
    const conflicts = await conflictsOf(db, id);
    return {
      clientMutationId: input.clientMutationId ?? null,
      operation: (await loaders.byId(PlannedOperation).load(id))!,
      outcome: conflicts.length ? DeconflictionOutcome.ACCEPTED_WITH_CONFLICT : DeconflictionOutcome.ACCEPTED,
      conflicts,
    };
  }

  @RequiresScopes('deconfliction:write')
  @Mutation(() => PlannedOperationPayload, { nullable: true, description: 'Calls off a planned operation of your agency: it no longer conflicts with anything.' })
  cancelOperation(@Arg('input') input: OperationStatusInput, @Ctx() context: SubgraphContext): Promise<PlannedOperationPayload> {
    return endOperation(input, PlannedOperationStatus.CANCELLED, context);
  }

  @RequiresScopes('deconfliction:write')
  @Mutation(() => PlannedOperationPayload, { nullable: true, description: 'Records that a planned operation of your agency took place: it no longer conflicts with anything.' })
  completeOperation(@Arg('input') input: OperationStatusInput, @Ctx() context: SubgraphContext): Promise<PlannedOperationPayload> {
    return endOperation(input, PlannedOperationStatus.COMPLETED, context);
  }
}

async function endOperation(input: OperationStatusInput, status: PlannedOperationStatus, { caller, db, loaders }: SubgraphContext): Promise<PlannedOperationPayload> {
  requireWriteScope(caller, 'deconfliction');
  const reason = optionalText(input.reason, 'reason', 2000);
  await writeOnce(db, { agency: caller.agency, mutation: status === PlannedOperationStatus.CANCELLED ? 'cancelOperation' : 'completeOperation', input }, async (tx) => {
    const visible = await tx.findOne(PlannedOperation, { where: { id: input.operationId } });
    if (!visible) throw notFound(`operationId: no planned operation with id ${input.operationId} is released to your agency.`);
    if (visible.provenance.agency !== caller.agency) throw forbidden(`This operation is ${visible.provenance.agency}'s; only that agency may cancel or complete it.`);
    const operation = (await tx.findOne(PlannedOperation, { where: { id: input.operationId }, lock: { mode: 'pessimistic_write' } }))!;
    if (operation.status !== PlannedOperationStatus.PLANNED) throw badUserInput(`operationId: the operation is already ${operation.status}.`, 'operationId');
    await tx.update(PlannedOperation, { id: operation.id }, { status, statusChangedAt: new Date(), statusReason: reason });
    await recordEvent(tx, {
      type: status === PlannedOperationStatus.CANCELLED ? 'operation.cancelled' : 'operation.completed', recordType: 'PlannedOperation', recordId: operation.id,
      agency: caller.agency, subjects: { persons: operation.targetPersonIds, organizations: operation.targetOrganizationIds },
      selectors: operation.selectors.map(({ kind, value }) => ({ kind, value })), handling: operation.handling, details: { type: operation.type, status },
    });
    // Other agencies' operations that conflicted with this one no longer do, and their answers name
    // nothing of this one (their conflicts show a party, not an operation): any of them may be stale.
    touchAnything(tx);
    return operation.id;
  });
  loaders.byId(PlannedOperation).clear(input.operationId);
  return { clientMutationId: input.clientMutationId ?? null, operation: (await loaders.byId(PlannedOperation).load(input.operationId))! };
}

/** The conflicts of the caller's own operation, through the database's one door to the matching structure. */
async function conflictsOf(db: SubgraphContext['db'], operationId: string): Promise<OperationConflict[]> {
  const rows: { party: Record<string, unknown>; reasons: string[] | null; distance_meters: number | null }[] =
    await db.query(`SELECT party, reasons, distance_meters FROM deconfliction_operation_conflicts($1)`, [operationId]);
  return rows.map((row) => ({
    party: partyFromJson(row.party),
    reasons: row.reasons as OperationConflict['reasons'],
    distanceMeters: row.distance_meters === null ? null : Math.round(row.distance_meters),
  }));
}
