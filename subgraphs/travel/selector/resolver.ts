import crypto from 'node:crypto';
import { Arg, Args, Ctx, Field, FieldResolver, InputType, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import { RequiresScopes } from '../../../lib/graphql/authorization';
import type { SubgraphContext } from '../../../lib/subgraph/context';
import { PageArgs } from '../../../lib/graphql/connection';
import { DateTime, UUID } from '../../../lib/graphql/scalars';
import { ListDefinition } from '../../../lib/loaders/registry';
import { HandlingInput, handlingFromInput } from '../../../lib/handling/labels';
import { writeOnce } from '../../../lib/mutations/idempotent';
import { requireKnownTargets } from '../../../lib/subgraph/registry-client';
import { requireNotFuture, requireText, requireWriteScope } from '../../../lib/graphql/validate';
import { recordEvent, subjectsOf } from '../../../lib/events/outbox';
import { asReference, distinctSelectors, documentSelectors, eventSelectors, IdentityDocumentInput, insertRecordSelectors, selectorByKey, VehicleInput, vehicleSelectors } from '../../../lib/selectors/federated';
import { BorderCrossing, BorderCrossingConnection, Conveyance, CrossingDirection } from '../crossing/crossing';
import { TravelRestriction, TravelRestrictionConnection } from '../restriction/restriction';
import { BorderCrossingSelector, Selector, TravelRestrictionSelector } from './selector';

const selectorCrossings = {
  name: 'Selector.crossings',
  entity: BorderCrossing,
  query: () => ({
    from: 'border_crossing c JOIN border_crossing_selector s ON s.crossing_id = c.id', parentColumn: 's.selector_id', idColumn: 'c.id', orderBy: 'c.crossed_at DESC, c.id',
  }),
} satisfies ListDefinition<BorderCrossing>;

const selectorRestrictions = {
  name: 'Selector.travelRestrictions',
  entity: TravelRestriction,
  query: () => ({
    from: 'travel_restriction r JOIN travel_restriction_selector s ON s.restriction_id = r.id', parentColumn: 's.selector_id', idColumn: 'r.id', orderBy: 'r.issued_at DESC, r.id',
  }),
} satisfies ListDefinition<TravelRestriction>;

@Resolver(() => Selector)
export class SelectorTravelResolver {
  @RequiresScopes('travel:read')
  @FieldResolver(() => BorderCrossingConnection, { nullable: true, description: 'Port-of-entry crossings where it was shown (a document) or crossed (a plate), newest first.' })
  crossings(@Root() selector: Selector, @Args() { first, after }: PageArgs, @Ctx() { loaders }: SubgraphContext) {
    return loaders.connection(selectorCrossings, selector.id, { first, after });
  }

  @RequiresScopes('travel:read')
  @FieldResolver(() => TravelRestrictionConnection, { nullable: true, description: 'Travel restrictions on this document, newest first.' })
  travelRestrictions(@Root() selector: Selector, @Args() { first, after }: PageArgs, @Ctx() { loaders }: SubgraphContext) {
    return loaders.connection(selectorRestrictions, selector.id, { first, after });
  }
}

@Resolver(() => BorderCrossing)
export class BorderCrossingSelectorsResolver {
  @FieldResolver(() => [Selector], { description: 'The document shown and the conveyance plate or VIN.' })
  async selectors(@Root() crossing: BorderCrossing, @Ctx() { loaders }: SubgraphContext): Promise<Selector[]> {
    return (await loaders.groupedBy(BorderCrossingSelector, 'crossingId', { role: 'ASC', value: 'ASC' }).load(crossing.id)).map(asReference);
  }
}

@Resolver(() => TravelRestriction)
export class TravelRestrictionSelectorsResolver {
  @FieldResolver(() => [Selector], { description: 'The documents the restriction applies to.' })
  async selectors(@Root() restriction: TravelRestriction, @Ctx() { loaders }: SubgraphContext): Promise<Selector[]> {
    return (await loaders.groupedBy(TravelRestrictionSelector, 'restrictionId', { value: 'ASC' }).load(restriction.id)).map(asReference);
  }
}

@InputType()
class RecordBorderCrossingInput {
  @Field(() => String, { nullable: true, description: 'Any unique string; a retried call with the same id creates nothing twice.' })
  clientMutationId?: string;

  @Field(() => UUID, { description: 'The traveller (a registry id).' })
  personId!: string;

  @Field({ description: 'Port of entry.' })
  port!: string;

  @Field(() => DateTime)
  crossedAt!: Date;

  @Field(() => CrossingDirection)
  direction!: CrossingDirection;

  @Field(() => Conveyance)
  conveyance!: Conveyance;

  @Field(() => IdentityDocumentInput, { nullable: true, description: 'The document shown.' })
  document?: IdentityDocumentInput;

  @Field(() => VehicleInput, { nullable: true, description: 'The conveyance: its plate (with jurisdiction) and/or VIN.' })
  vehicle?: VehicleInput;

  @Field(() => HandlingInput, { nullable: true })
  handling?: HandlingInput;
}

@ObjectType()
class RecordBorderCrossingPayload {
  @Field(() => String, { nullable: true })
  clientMutationId!: string | null;

  @Field(() => BorderCrossing)
  crossing!: BorderCrossing;
}

@Resolver()
export class BorderCrossingWriteResolver {
  @RequiresScopes('travel:write')
  @Mutation(() => RecordBorderCrossingPayload, { nullable: true, description: 'Records a port-of-entry crossing with the document shown and the conveyance plate.' })
  async recordBorderCrossing(@Arg('input') input: RecordBorderCrossingInput, @Ctx() { caller, requestId, onwardSignatures, db, loaders }: SubgraphContext): Promise<RecordBorderCrossingPayload> {
    requireWriteScope(caller, 'travel');
    const port = requireText(input.port, 'port', 100);
    requireNotFuture(input.crossedAt, 'crossedAt');
    const selectors = distinctSelectors([...documentSelectors(input.document, 'document'), ...vehicleSelectors(input.vehicle, 'vehicle', 'CONVEYANCE')]);
    await requireKnownTargets({ caller, requestId, onwardSignatures }, { persons: [{ id: input.personId, field: 'personId' }] });
    const handling = handlingFromInput(input.handling);
    const id = await writeOnce(db, { agency: caller.agency, mutation: 'recordBorderCrossing', input }, async (tx) => {
      const crossingId = crypto.randomUUID();
      await tx.insert(BorderCrossing, {
        id: crossingId, port, crossedAt: input.crossedAt, direction: input.direction, conveyance: input.conveyance, personId: input.personId,
        provenance: { agency: caller.agency, recordedBy: caller.sub, recordedAt: new Date() }, handling,
      });
      await insertRecordSelectors(tx, 'border_crossing_selector', { crossing_id: crossingId }, selectors);
      await recordEvent(tx, {
        type: 'crossing.recorded', recordType: 'BorderCrossing', recordId: crossingId, agency: caller.agency, subjects: subjectsOf([input.personId]),
        selectors: eventSelectors(selectors), occurredAt: input.crossedAt, handling, details: { port, direction: input.direction, conveyance: input.conveyance },
      });
      return crossingId;
    });
    return { clientMutationId: input.clientMutationId ?? null, crossing: (await loaders.byId(BorderCrossing).load(id))! };
  }
}

export function resolveSelectorReference(reference: { id: string }, { loaders }: SubgraphContext): Selector {
  return selectorByKey(Selector, reference.id, async () => {
    const [row] = [...await loaders.groupedBy(BorderCrossingSelector, 'selectorId').load(reference.id), ...await loaders.groupedBy(TravelRestrictionSelector, 'selectorId').load(reference.id)];
    return row && asReference(row);
  });
}
