import { labelsOfNew } from '../../../lib/handling/release';
import crypto from 'node:crypto';
import { RequiresScopes } from '../../../lib/graphql/authorization';
import { Arg, Ctx, Field, FieldResolver, Float, InputType, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { GeoPoint, Interdiction, InterdictionSubject, InterdictionType, Seizure, SeizureCategory } from './interdiction';
import { Organization } from '../organization/organization';
import { Person } from '../person/person';
import { DateTime, UUID } from '../../../lib/graphql/scalars';
import type { SubgraphContext } from '../../../lib/subgraph/context';
import { HandlingInput, handlingFromInput } from '../../../lib/handling/labels';
import { writeOnce } from '../../../lib/mutations/idempotent';
import { requireKnownTargets } from '../../../lib/subgraph/registry-client';
import { optionalText, requireNotFuture, requireRange, requireText, requireWriteScope } from '../../../lib/graphql/validate';
import { badUserInput } from '../../../lib/graphql/errors';
import { recordEvent, subjectsOf } from '../../../lib/events/outbox';
import { GeoPointInput } from '../../../lib/graphql/geo-point';
import { distinctSelectors, eventSelectors, insertRecordSelectors, phoneSelectors, vehicleSelectors, VehicleInput, addressSelector } from '../../../lib/selectors/federated';

@InputType()
class SeizureInput {
  @Field(() => SeizureCategory)
  category!: SeizureCategory;

  @Field(() => Float)
  quantity!: number;

  @Field()
  unit!: string;

  @Field(() => Float)
  estimatedValueUsd!: number;

  @Field(() => String, { nullable: true })
  description?: string;
}

@InputType()
class RecordInterdictionInput {
  @Field(() => String, { nullable: true, description: 'Any unique string; a retried call with the same id creates nothing twice.' })
  clientMutationId?: string;

  @Field(() => DateTime)
  occurredAt!: Date;

  @Field(() => InterdictionType)
  type!: InterdictionType;

  @Field()
  sector!: string;

  @Field()
  station!: string;

  @Field(() => GeoPointInput)
  location!: GeoPointInput;

  @Field(() => Int, { nullable: true, defaultValue: 0 })
  migrantsEncountered!: number;

  @Field(() => UUID, { nullable: true, description: 'The organization responsible, if known (a registry id).' })
  organizationId?: string;

  @Field(() => [UUID], { nullable: true, defaultValue: [], description: 'Persons apprehended or identified (registry ids).' })
  subjectIds!: string[];

  @Field(() => [SeizureInput], { nullable: true, defaultValue: [] })
  seizures!: SeizureInput[];

  @Field(() => HandlingInput, { nullable: true, description: 'Handling labels (28 CFR 23.20(g)); default OPEN, releasable to ALL_DOMESTIC.' })
  handling?: HandlingInput;

  @Field(() => VehicleInput, { nullable: true, description: 'The vehicle stopped, impounded or used for the load.' })
  vehicle?: VehicleInput;

  @Field(() => [String], { nullable: true, defaultValue: [], description: 'Phone numbers of the phones seized, any spelling (read as US, then Mexican, numbers without a country code).' })
  phones!: string[];

  @Field(() => String, { nullable: true, description: "The stash house's (or the place's) address." })
  address?: string;
}

@ObjectType()
class RecordInterdictionPayload {
  @Field(() => String, { nullable: true })
  clientMutationId!: string | null;

  @Field(() => Interdiction)
  interdiction!: Interdiction;
}

@Resolver(() => Interdiction)
export class InterdictionResolver {
  @RequiresScopes('interdictions:read')
  @Query(() => Interdiction, { nullable: true })
  interdiction(@Arg('id', () => UUID) id: string, @Ctx() { loaders }: SubgraphContext) {
    return loaders.byId(Interdiction).load(id);
  }

  @FieldResolver(() => GeoPoint)
  location(@Root() interdiction: Interdiction): GeoPoint {
    return { latitude: interdiction.latitude, longitude: interdiction.longitude };
  }

  @FieldResolver(() => [Seizure])
  seizures(@Root() interdiction: Interdiction, @Ctx() { loaders }: SubgraphContext) {
    return loaders.groupedBy(Seizure, 'interdictionId', { category: 'ASC', id: 'ASC' }).load(interdiction.id);
  }

  @FieldResolver(() => [Person], { description: 'Persons apprehended or identified.' })
  async subjects(@Root() interdiction: Interdiction, @Ctx() { loaders }: SubgraphContext): Promise<Person[]> {
    const rows = await loaders.groupedBy(InterdictionSubject, 'interdictionId', { personId: 'ASC' }).load(interdiction.id);
    return rows.map((row) => ({ id: row.personId }));
  }

  @FieldResolver(() => Organization, { nullable: true })
  organization(@Root() interdiction: Interdiction): Organization | null {
    return interdiction.organizationId ? { id: interdiction.organizationId } : null;
  }

  @RequiresScopes('interdictions:write')
  @Mutation(() => RecordInterdictionPayload, { nullable: true, description: 'Records a CBP interdiction with its seizures and subjects, in one transaction.' })
  async recordInterdiction(@Arg('input') input: RecordInterdictionInput, @Ctx() { caller, requestId, onwardSignatures, db, loaders }: SubgraphContext): Promise<RecordInterdictionPayload> {
    requireWriteScope(caller, 'interdictions');
    const sector = requireText(input.sector, 'sector', 100);
    const station = requireText(input.station, 'station', 100);
    requireNotFuture(input.occurredAt, 'occurredAt');
    requireRange(input.migrantsEncountered ?? 0, 'migrantsEncountered', 0, 100_000);
    const subjectIds = [...new Set(input.subjectIds ?? [])];
    if (subjectIds.length > 500) throw badUserInput('"subjectIds" may name at most 500 persons.', 'subjectIds');
    if ((input.seizures ?? []).length > 200) throw badUserInput('"seizures" may list at most 200 items.', 'seizures');
    const seizures = (input.seizures ?? []).map((s, i) => ({
      category: s.category,
      quantity: requireRange(s.quantity, `seizures[${i}].quantity`, 0, 1e9),
      unit: requireText(s.unit, `seizures[${i}].unit`, 30),
      estimatedValueUsd: requireRange(s.estimatedValueUsd, `seizures[${i}].estimatedValueUsd`, 0, 1e12),
      description: optionalText(s.description, `seizures[${i}].description`),
    }));
    const selectors = distinctSelectors([
      ...vehicleSelectors(input.vehicle, 'vehicle'),
      ...phoneSelectors(input.phones, 'phones', 'PHONE_SEIZED'),
      // One address, named as the field it is; left empty (or blank), none.
      ...(input.address?.trim() ? [addressSelector(input.address, 'address', input.type === InterdictionType.STASH_HOUSE_RAID ? 'STASH_HOUSE' : 'ADDRESS')] : []),
    ]);
    await requireKnownTargets({ caller, requestId, onwardSignatures }, {
      persons: subjectIds.map((id, i) => ({ id, field: `subjectIds[${i}]` })),
      organizations: input.organizationId ? [{ id: input.organizationId, field: 'organizationId' }] : [],
    }, [labelsOfNew(caller.agency, handlingFromInput(input.handling))]);

    const id = await writeOnce(db, { agency: caller.agency, mutation: 'recordInterdiction', input }, async (tx) => {
      const interdictionId = crypto.randomUUID();
      await tx.insert(Interdiction, {
        id: interdictionId,
        occurredAt: input.occurredAt,
        type: input.type,
        sector,
        station,
        latitude: input.location.latitude,
        longitude: input.location.longitude,
        migrantsEncountered: input.migrantsEncountered ?? 0,
        organizationId: input.organizationId ?? null,
        provenance: { agency: caller.agency, recordedBy: caller.sub, recordedAt: new Date() }, handling: handlingFromInput(input.handling),
      });
      if (seizures.length) await tx.insert(Seizure, seizures.map((s) => ({ ...s, id: crypto.randomUUID(), interdictionId })));
      if (subjectIds.length) await tx.insert(InterdictionSubject, subjectIds.map((personId) => ({ interdictionId, personId })));
      await insertRecordSelectors(tx, 'interdiction_selector', { interdiction_id: interdictionId }, selectors);
      await recordEvent(tx, {
        type: 'interdiction.recorded', recordType: 'Interdiction', recordId: interdictionId, agency: caller.agency,
        subjects: subjectsOf(subjectIds, [input.organizationId]), selectors: eventSelectors(selectors), place: input.location, occurredAt: input.occurredAt,
        handling: handlingFromInput(input.handling), details: { type: input.type, sector, station, seizures: seizures.map((s) => s.category) },
      });
      return interdictionId;
    });
    const interdiction = await loaders.byId(Interdiction).load(id);
    return { clientMutationId: input.clientMutationId ?? null, interdiction: interdiction! };
  }
}
