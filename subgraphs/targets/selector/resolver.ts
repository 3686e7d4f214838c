import crypto from 'node:crypto';
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, InputType, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { RequiresScopes } from '../../../lib/graphql/authorization';
import { PageArgs } from '../../../lib/graphql/connection';
import { DateTime, UUID } from '../../../lib/graphql/scalars';
import type { SubgraphContext } from '../../../lib/subgraph/context';
import { HandlingInput, handlingFromInput } from '../../../lib/handling/labels';
import { registryHandling } from '../../../lib/handling/registry-labels';
import { writeOnce } from '../../../lib/mutations/idempotent';
import { requireNotFuture, requireWriteScope } from '../../../lib/graphql/validate';
import { badUserInput } from '../../../lib/graphql/errors';
import { recordEvent, subjectsOf } from '../../../lib/events/outbox';
import { IdentifiedSelector, normalizeSelectorInput, SelectorInput } from '../../../lib/selectors/input';
import { GeoPoint, GeoPointInput } from '../../../lib/graphql/geo-point';
import { addressSearchForm, IdentityDocumentType, searchForm, SelectorKind } from '../../../lib/selectors/normalize';
import { Person } from '../person/person';
import { Organization } from '../organization/organization';
import { Selector, SelectorConnection, SelectorLink, SelectorLinkConnection } from './selector';
import { selectorLists } from './lists';
import { survivors } from '../resolution/merges';

@ArgsType()
class SelectorArgs {
  @Field(() => SelectorKind)
  kind!: SelectorKind;

  @Field({ description: 'Any spelling: it is normalised (phones to E.164, plates without separators, ...).' })
  value!: string;

  @Field(() => String, { nullable: true, description: 'PHONE: the region to read a number without a country code in (default US, then MX).' })
  region?: string;

  @Field(() => String, { nullable: true, description: "VEHICLE: the plate's issuing state or country (AZ, MX-SON); without it, value is a VIN." })
  jurisdiction?: string;

  @Field(() => IdentityDocumentType, { nullable: true })
  documentType?: IdentityDocumentType;

  @Field(() => String, { nullable: true, description: 'IDENTITY_DOCUMENT: ISO 3166-1 alpha-3.' })
  issuingCountry?: string;

  @Field(() => String, { nullable: true, description: 'ACCOUNT: the institution; value is the masked number (****4821).' })
  institution?: string;
}

@ArgsType()
class SearchSelectorsArgs extends PageArgs {
  @Field({ description: 'Part of a value: a partial plate (ABC 12), a phone suffix (0142), part of an e-mail address; at least 3 letters or digits.' })
  text!: string;
}

@InputType()
class LinkSelectorInput {
  @Field(() => String, { nullable: true, description: 'Any unique string; a retried call with the same id creates nothing twice.' })
  clientMutationId?: string;

  @Field(() => UUID, { description: 'The person or organization of the registry seen using the selector.' })
  subjectId!: string;

  @Field(() => SelectorInput)
  selector!: SelectorInput;

  @Field(() => DateTime, { nullable: true, description: 'When it was seen in use; default now. A later sighting by your agency moves lastSeen.' })
  seenAt?: Date;

  @Field(() => GeoPointInput, { nullable: true, description: 'ADDRESS only: where it is, as your agency placed it. A later sighting with a place moves it; one without keeps it.' })
  location?: GeoPointInput;

  @Field(() => HandlingInput, { nullable: true, description: 'Default: released like the registry (every domestic agency and the foreign partners).' })
  handling?: HandlingInput;
}

@ObjectType()
class LinkSelectorPayload {
  @Field(() => String, { nullable: true })
  clientMutationId!: string | null;

  @Field(() => SelectorLink)
  link!: SelectorLink;
}

/** A selector as the API shows it whether or not anyone recorded it: nothing tells the two apart. */
const shown = (selector: IdentifiedSelector): Selector => ({ id: selector.id, kind: selector.kind, value: selector.value, display: selector.display, search: searchForm(selector.value) });

@Resolver(() => Selector)
export class SelectorResolver {
  @RequiresScopes('targets:read')
  @Query(() => Selector, { nullable: true, description: 'One selector in any spelling, normalised; every agency adds what it holds that involves it, each part under its own handling. BAD_USER_INPUT, naming the argument, when the value is not a valid one of its kind.' })
  selector(@Args() args: SelectorArgs): Selector {
    // Kind, value and id follow from the value itself: no statement, and nothing tells a recorded selector from another.
    return shown(normalizeSelectorInput(args, ''));
  }

  @RequiresScopes('targets:read')
  @Query(() => SelectorConnection, { nullable: true, description: 'Selectors seen in use by persons or organizations you may see, matching part of a value: partial plates, phone suffixes.' })
  searchSelectors(@Args() { text, first, after }: SearchSelectorsArgs, @Ctx() { loaders }: SubgraphContext) {
    if (typeof text !== 'string' || text.length > 100) throw badUserInput('"text" must be at most 100 characters.', 'text');
    const form = searchForm(text.normalize('NFKC').normalize('NFD').replace(/\p{M}/gu, ''));
    if (form.length < 3) throw badUserInput('"text" needs at least 3 letters or digits (a plate fragment, the last digits of a phone).', 'text');
    // Addresses are stored abbreviated (E 12TH ST, SON): the text is also looked for as an address is written.
    const forms = [...new Set([form, addressSearchForm(text)].filter((f): f is string => !!f && f.length >= 3))];
    return loaders.root(selectorLists.search, { first, after, forms });
  }

  @FieldResolver(() => SelectorLinkConnection, { description: 'Persons and organizations of the registry seen using it, by agency, latest first.' })
  usedBy(@Root() selector: Selector, @Args() { first, after }: PageArgs, @Ctx() { loaders }: SubgraphContext) {
    return loaders.connection(selectorLists.usedBy, selector.id, { first, after });
  }
}

@Resolver(() => SelectorLink)
export class SelectorLinkResolver {
  @FieldResolver(() => GeoPoint, { nullable: true, description: 'ADDRESS: where the agency placed it, when it did.' })
  location(@Root() link: SelectorLink): GeoPoint | null {
    return link.latitude === null || link.longitude === null ? null : { latitude: link.latitude, longitude: link.longitude };
  }

  @FieldResolver(() => Selector)
  async selector(@Root() link: SelectorLink, @Ctx() { loaders }: SubgraphContext) {
    return loaders.byId(Selector).load(link.selectorId);
  }

  @FieldResolver(() => Person, { nullable: true })
  person(@Root() link: SelectorLink, @Ctx() { loaders }: SubgraphContext) {
    return link.personId ? loaders.byId(Person).load(link.personId) : null;
  }

  @FieldResolver(() => Organization, { nullable: true })
  organization(@Root() link: SelectorLink, @Ctx() { loaders }: SubgraphContext) {
    return link.organizationId ? loaders.byId(Organization).load(link.organizationId) : null;
  }

  @RequiresScopes('targets:write')
  @Mutation(() => LinkSelectorPayload, { nullable: true, description: 'Records that a person or organization uses a selector (a phone, vehicle, address, ...), as seen by your agency.' })
  async linkSelector(@Arg('input') input: LinkSelectorInput, @Ctx() { caller, db, loaders }: SubgraphContext): Promise<LinkSelectorPayload> {
    requireWriteScope(caller, 'targets');
    const selector = normalizeSelectorInput(input.selector, 'selector');
    if (input.location && selector.kind !== SelectorKind.ADDRESS) {
      throw badUserInput(`location: only an ADDRESS has a place; this selector is a ${selector.kind}. Leave location out.`, 'location');
    }
    const seenAt = input.seenAt ? requireNotFuture(input.seenAt, 'seenAt') : new Date();
    const handling = input.handling ? handlingFromInput(input.handling) : registryHandling();
    // A person merged into another answers as the survivor, and so is seen by it: the link is the survivor's.
    const subjectId = await survivors(loaders).load(input.subjectId);
    const [person, organization] = await Promise.all([loaders.byId(Person).load(subjectId), loaders.byId(Organization).load(subjectId)]);
    if (!person && !organization) throw badUserInput(`subjectId: the registry has no person or organization with id ${input.subjectId}.`, 'subjectId');
    const subject = person ? 'person_id' : 'organization_id';
    const id = await writeOnce(db, { agency: caller.agency, mutation: 'linkSelector', input }, async (tx) => {
      await tx.query(`INSERT INTO selector (id, kind, value, display, search) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
        [selector.id, selector.kind, selector.value, selector.display, searchForm(selector.value)]);
      const [{ id: linkId }] = await tx.query(
        `INSERT INTO selector_link (id, selector_id, ${subject}, first_seen, last_seen, provenance_agency, provenance_recorded_by,
                                    handling_sensitivity, handling_releasable_to, handling_control_official, handling_source_reliability, handling_content_validity,
                                    latitude, longitude)
         VALUES ($1, $2, $3, $4, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         ON CONFLICT (selector_id, ${subject}, provenance_agency) WHERE ${subject} IS NOT NULL
         DO UPDATE SET first_seen = least(selector_link.first_seen, excluded.first_seen), last_seen = greatest(selector_link.last_seen, excluded.last_seen),
                       latitude = coalesce(excluded.latitude, selector_link.latitude), longitude = coalesce(excluded.longitude, selector_link.longitude)
         RETURNING id`,
        [crypto.randomUUID(), selector.id, subjectId, seenAt, caller.agency, caller.sub,
          handling.sensitivity, handling.releasableTo, handling.controlOfficial, handling.sourceReliability, handling.contentValidity,
          input.location?.latitude ?? null, input.location?.longitude ?? null]);
      await recordEvent(tx, {
        type: 'selector.linked', recordType: 'SelectorLink', recordId: linkId, agency: caller.agency,
        subjects: person ? subjectsOf([subjectId]) : subjectsOf([], [subjectId]),
        selectors: [{ id: selector.id, kind: selector.kind, value: selector.value }], occurredAt: seenAt, handling,
        details: { selectorId: selector.id, kind: selector.kind },
      });
      return linkId as string;
    });
    loaders.byId(SelectorLink).clear(id);
    return { clientMutationId: input.clientMutationId ?? null, link: (await loaders.byId(SelectorLink).load(id))! };
  }
}

@Resolver(() => Person)
export class PersonSelectorsResolver {
  @FieldResolver(() => SelectorLinkConnection, { description: 'Phones, vehicles, addresses, documents and accounts this person was seen using, by agency, latest first.' })
  selectors(@Root() person: Person, @Args() { first, after }: PageArgs, @Ctx() { loaders }: SubgraphContext) {
    return loaders.connection(selectorLists.personSelectors, person.id, { first, after });
  }
}

@Resolver(() => Organization)
export class OrganizationSelectorsResolver {
  @FieldResolver(() => SelectorLinkConnection, { description: 'Selectors the organization itself was seen using (a shared line, a front company address), by agency, latest first.' })
  selectors(@Root() organization: Organization, @Args() { first, after }: PageArgs, @Ctx() { loaders }: SubgraphContext) {
    return loaders.connection(selectorLists.organizationSelectors, organization.id, { first, after });
  }
}

export async function resolveSelectorReference(reference: { id: string }, { loaders }: SubgraphContext) {
  // A selector only agencies have seen has no registry row; its agencies tell its kind and value.
  return (await loaders.byId(Selector).load(reference.id)) ?? { id: reference.id };
}
