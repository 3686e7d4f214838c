import type { OnBehalfOf } from './context';
import { badUserInput } from '../graphql/errors';
import { askSubgraph } from './subgraph-client';
import { REGISTRY_LOOKUP_DOCUMENT } from './onward-requests';
import { labelsOf, ReleaseLabels, seenWithout } from '../handling/release';

const TARGETS = { name: 'targets', portOffset: 1 };

export interface RegistryReferences {
  persons?: { id: string; field: string }[];
  organizations?: { id: string; field: string }[];
}

/** A person or organization a write names, with the registry's labels on it. */
export interface NamedTarget {
  id: string;
  field: string;
  typename: string;
  labels: ReleaseLabels;
}

/**
 * Agency subgraphs never read the registry's database: before a write names a person or an
 * organization, they ask the targets subgraph (through its federation API, as the caller, under
 * the gateway's onward request signature) whether the registry knows it, and refuse the write if not.
 * Given the labels the new record will carry, it also refuses a record that would show a person or
 * organization to agencies the registry does not release them to (requireNamedTargetsReleased).
 */
export async function requireKnownTargets(asker: OnBehalfOf, references: RegistryReferences, record?: ReleaseLabels[]): Promise<NamedTarget[]> {
  const wanted: Wanted[] = [
    ...(references.persons ?? []).map((r) => ({ ...r, typename: 'Person' })),
    ...(references.organizations ?? []).map((r) => ({ ...r, typename: 'Organization' })),
  ];
  if (wanted.length === 0) return [];
  const found = await lookUp(asker, wanted);
  const missing = wanted.filter((_, i) => !found[i]);
  if (missing.length) {
    const [first] = missing;
    throw badUserInput(`${first.field}: the registry has no ${first.typename.toLowerCase()} with id ${first.id}. Register it in the targets subgraph first (createPerson / createOrganization).`, first.field);
  }
  const named = wanted.map((w, i) => ({ ...w, labels: labelsOf(found[i]!) }));
  if (record) requireNamedTargetsReleased(record, named);
  return named;
}

/**
 * A record that names a person or organization shows that entity to everyone the record is released
 * to, so it may be released no wider than the entity: otherwise an agency that may not know of the
 * person would read their id (and find its answer cut short where the registry withholds them).
 * The caller sees the entity, and with it its labels, so naming the agencies gives nothing away.
 */
export function requireNamedTargetsReleased(record: ReleaseLabels[], named: NamedTarget[]): void {
  for (const target of named) {
    const wider = seenWithout(record, target.labels);
    if (wider.length) {
      throw badUserInput(`${target.field}: the registry releases this ${target.typename.toLowerCase()} to fewer agencies than this record would be released to ` +
        `(not to ${wider.join(', ')}). Release the record no wider than the ${target.typename.toLowerCase()} (handling.releasableTo within ${JSON.stringify(target.labels.releasableTo)}), ` +
        `or ask ${target.labels.owner} to widen the registry record.`, target.field);
    }
  }
}

/**
 * Ids that may name a person or an organization (an operation's targets, a watch's subject): which
 * each is, as the registry says (and releases to the caller); an id it knows as neither is refused.
 */
export async function classifyTargets(asker: OnBehalfOf, ids: { id: string; field: string }[], record?: ReleaseLabels[]): Promise<{ persons: string[]; organizations: string[] }> {
  if (ids.length === 0) return { persons: [], organizations: [] };
  const wanted: Wanted[] = ids.flatMap((r) => [{ ...r, typename: 'Person' }, { ...r, typename: 'Organization' }]);
  const found = await lookUp(asker, wanted);
  if (record) {
    requireNamedTargetsReleased(record, wanted.flatMap((w, i) => (found[i] ? [{ ...w, labels: labelsOf(found[i]!) }] : [])));
  }
  const persons: string[] = [];
  const organizations: string[] = [];
  ids.forEach((reference, i) => {
    if (found[2 * i]) persons.push(reference.id);
    else if (found[2 * i + 1]) organizations.push(reference.id);
    else throw badUserInput(`${reference.field}: the registry has no person or organization with id ${reference.id}. Register it in the targets subgraph first (createPerson / createOrganization).`, reference.field);
  });
  return { persons: [...new Set(persons)], organizations: [...new Set(organizations)] };
}

interface Wanted {
  id: string;
  field: string;
  typename: string;
}

interface RegistryEntity {
  id: string;
  provenance: { agency: string };
  handling: { releasableTo: string[] };
}

async function lookUp(asker: OnBehalfOf, wanted: Wanted[]): Promise<(RegistryEntity | null)[]> {
  const body = await askSubgraph<{ _entities: (RegistryEntity | null)[] }>(TARGETS, asker, {
    query: REGISTRY_LOOKUP_DOCUMENT,
    variables: { r: wanted.map((w) => ({ __typename: w.typename, id: w.id })) },
  });
  if (body.errors?.length && !body.data) throw new Error(`the targets registry refused the lookup: ${body.errors[0].message}`);
  return body.data?._entities ?? [];
}
