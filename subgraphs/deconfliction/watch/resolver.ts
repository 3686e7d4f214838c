import crypto from 'node:crypto';
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, InputType, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { RequiresScopes } from '../../../lib/graphql/authorization';
import { UUID } from '../../../lib/graphql/scalars';
import { PageArgs } from '../../../lib/graphql/connection';
import type { SubgraphContext } from '../../../lib/subgraph/context';
import { HandlingInput, handlingFromInput, Sensitivity } from '../../../lib/handling/labels';
import { writeOnce } from '../../../lib/mutations/idempotent';
import { classifyTargets } from '../../../lib/subgraph/registry-client';
import { optionalText, requireText, requireWriteScope } from '../../../lib/graphql/validate';
import { badUserInput, notFound } from '../../../lib/graphql/errors';
import { recordEvent } from '../../../lib/events/outbox';
import { normalizePhone } from '../../../lib/selectors/normalize';
import { normalizeSelectorInput, SelectorInput, SelectorValue } from '../../../lib/selectors/input';
import { Watch, WatchConnection } from './watch';
import { PointOfContact } from '../notice/party';
import { PointOfContactInput } from '../operation/resolver';
import { Person } from '../person/person';
import { Organization } from '../organization/organization';
import { lists } from '../loaders';

@InputType()
class WatchInput {
  @Field(() => String, { nullable: true, description: 'Any unique string; a retried call with the same id creates nothing twice.' })
  clientMutationId?: string;

  @Field(() => UUID, { nullable: true, description: 'A person or organization of the registry; or give a selector.' })
  subjectId?: string;

  @Field(() => SelectorInput, { nullable: true, description: 'A phone, vehicle, address, ...; or give a subjectId.' })
  selector?: SelectorInput;

  @Field(() => String, { nullable: true, description: 'Why you watch it (shown to agencies the watch is released to).' })
  note?: string;

  @Field(() => PointOfContactInput, { nullable: true, description: 'Whom the other agency should call; default: you.' })
  contact?: PointOfContactInput;

  @Field(() => HandlingInput, { nullable: true, description: 'Handling labels of the watch itself: what other agencies learn of it when they record on the subject. Default OPEN, releasable to ALL_DOMESTIC.' })
  handling?: HandlingInput;
}

@InputType()
class UnwatchInput {
  @Field(() => String, { nullable: true })
  clientMutationId?: string;

  @Field(() => UUID)
  watchId!: string;
}

@ObjectType()
class WatchPayload {
  @Field(() => String, { nullable: true })
  clientMutationId!: string | null;

  @Field(() => Watch)
  watch!: Watch;
}

@ArgsType()
class WatchesArgs extends PageArgs {
  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Include watches that were lifted.' })
  includeEnded?: boolean;
}

@Resolver(() => Watch)
export class WatchResolver {
  @RequiresScopes('deconfliction:read')
  @Query(() => WatchConnection, { nullable: true, description: "Your agency's watches, newest first." })
  watches(@Args() { first, after, includeEnded }: WatchesArgs, @Ctx() { loaders }: SubgraphContext) {
    return loaders.root(lists.watches, { first, after, includeEnded });
  }

  @FieldResolver(() => Person, { nullable: true })
  person(@Root() watch: Watch): Person | null {
    return watch.personId ? { id: watch.personId } : null;
  }

  @FieldResolver(() => Organization, { nullable: true })
  organization(@Root() watch: Watch): Organization | null {
    return watch.organizationId ? { id: watch.organizationId } : null;
  }

  @FieldResolver(() => SelectorValue, { nullable: true })
  selector(@Root() watch: Watch): SelectorValue | null {
    return watch.selectorId ? ({ kind: watch.selectorKind, value: watch.selectorValue, display: watch.selectorDisplay } as SelectorValue) : null;
  }

  @FieldResolver(() => PointOfContact, { nullable: true })
  contact(@Root() watch: Watch): PointOfContact | null {
    return watch.contactName ? { name: watch.contactName, phone: watch.contactPhone } : null;
  }

  @RequiresScopes('deconfliction:write')
  @Mutation(() => WatchPayload, { nullable: true, description: 'Watches a person, organization or selector: every new record on it, by any agency, brings your agency a notice (and the recording agency one naming your contact, as the watch\'s labels allow).' })
  async watch(@Arg('input') input: WatchInput, @Ctx() { caller, requestId, onwardSignatures, db, loaders }: SubgraphContext): Promise<WatchPayload> {
    requireWriteScope(caller, 'deconfliction');
    if (!input.subjectId === !input.selector) throw badUserInput('Give exactly one of "subjectId" and "selector".', input.subjectId ? 'selector' : 'subjectId');
    const subject = input.subjectId ? await classifyTargets({ caller, requestId, onwardSignatures }, [{ id: input.subjectId, field: 'subjectId' }]) : { persons: [], organizations: [] };
    const selector = input.selector ? normalizeSelectorInput(input.selector, 'selector') : null;
    const note = optionalText(input.note, 'note', 2000);
    const contact = input.contact
      ? { name: requireText(input.contact.name, 'contact.name', 200), phone: normalizePhone(input.contact.phone, 'contact.phone').value }
      : { name: caller.sub, phone: null };
    const handling = handlingFromInput(input.handling);
    if (handling.sensitivity === Sensitivity.RESTRICTED && !handling.controlOfficial) {
      throw badUserInput('A RESTRICTED watch needs handling.controlOfficial: it is all other agencies are told.', 'handling.controlOfficial');
    }
    const id = await writeOnce(db, { agency: caller.agency, mutation: 'watch', input }, async (tx) => {
      const watchId = crypto.randomUUID();
      await tx.insert(Watch, {
        id: watchId, personId: subject.persons[0] ?? null, organizationId: subject.organizations[0] ?? null,
        selectorId: selector?.id ?? null, selectorKind: selector?.kind ?? null, selectorValue: selector?.value ?? null, selectorDisplay: selector?.display ?? null,
        note, contactName: contact.name, contactPhone: contact.phone, endedAt: null,
        provenance: { agency: caller.agency, recordedBy: caller.sub, recordedAt: new Date() }, handling,
      });
      await recordEvent(tx, {
        type: 'watch.created', recordType: 'Watch', recordId: watchId, agency: caller.agency, subjects: subject,
        selectors: selector ? [{ kind: selector.kind, value: selector.value }] : [], handling, details: {},
      });
      return watchId;
    });
    return { clientMutationId: input.clientMutationId ?? null, watch: (await loaders.byId(Watch).load(id))! };
  }

  @RequiresScopes('deconfliction:write')
  @Mutation(() => WatchPayload, { nullable: true, description: 'Lifts one of your agency\'s watches.' })
  async unwatch(@Arg('input') input: UnwatchInput, @Ctx() { caller, db, loaders }: SubgraphContext): Promise<WatchPayload> {
    requireWriteScope(caller, 'deconfliction');
    await writeOnce(db, { agency: caller.agency, mutation: 'unwatch', input }, async (tx) => {
      // Another agency's watch reads as not found: whether it exists is not yours to learn here.
      const watch = await tx.findOne(Watch, { where: { id: input.watchId, provenance: { agency: caller.agency } }, lock: { mode: 'pessimistic_write' } });
      if (!watch) throw notFound(`watchId: your agency has no watch with id ${input.watchId}.`);
      if (watch.endedAt) return watch.id;
      await tx.update(Watch, { id: watch.id }, { endedAt: new Date() });
      await recordEvent(tx, {
        type: 'watch.ended', recordType: 'Watch', recordId: watch.id, agency: caller.agency,
        subjects: { persons: watch.personId ? [watch.personId] : [], organizations: watch.organizationId ? [watch.organizationId] : [] },
        selectors: watch.selectorKind && watch.selectorValue ? [{ kind: watch.selectorKind, value: watch.selectorValue }] : [], handling: watch.handling, details: {},
      });
      return watch.id;
    });
    loaders.byId(Watch).clear(input.watchId);
    return { clientMutationId: input.clientMutationId ?? null, watch: (await loaders.byId(Watch).load(input.watchId))! };
  }
}
