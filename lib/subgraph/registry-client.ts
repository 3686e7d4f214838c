import { Caller } from '../identity/caller';
import { badUserInput } from '../graphql/errors';
import { askSubgraph } from './subgraph-client';
import { REGISTRY_LOOKUP_DOCUMENT } from './onward-requests';

const TARGETS = { name: 'targets', portOffset: 1 };

export interface RegistryReferences {
  persons?: { id: string; field: string }[];
  organizations?: { id: string; field: string }[];
}

/**
 * Agency subgraphs never read the registry's database: before a write names a person or an
 * organization, they ask the targets subgraph (through its federation API, as the caller, under
 * the gateway's onward request signature) whether the registry knows it, and refuse the write if not.
 */
export async function requireKnownTargets(caller: Caller, requestId: string, references: RegistryReferences): Promise<void> {
  const wanted: Wanted[] = [
    ...(references.persons ?? []).map((r) => ({ ...r, typename: 'Person' })),
    ...(references.organizations ?? []).map((r) => ({ ...r, typename: 'Organization' })),
  ];
  if (wanted.length === 0) return;
  const found = await lookUp(caller, requestId, wanted);
  const missing = wanted.filter((_, i) => !found[i]);
  if (missing.length) {
    const [first] = missing;
    throw badUserInput(`${first.field}: the registry has no ${first.typename.toLowerCase()} with id ${first.id}. Register it in the targets subgraph first (createPerson / createOrganization).`, first.field);
  }
}

/**
 * Ids that may name a person or an organization (an operation's targets, a watch's subject): which
 * each is, as the registry says (and releases to the caller); an id it knows as neither is refused.
 */
export async function classifyTargets(caller: Caller, requestId: string, ids: { id: string; field: string }[]): Promise<{ persons: string[]; organizations: string[] }> {
  if (ids.length === 0) return { persons: [], organizations: [] };
  const wanted: Wanted[] = ids.flatMap((r) => [{ ...r, typename: 'Person' }, { ...r, typename: 'Organization' }]);
  const found = await lookUp(caller, requestId, wanted);
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

async function lookUp(caller: Caller, requestId: string, wanted: Wanted[]): Promise<({ id: string } | null)[]> {
  const body = await askSubgraph<{ _entities: ({ id: string } | null)[] }>(TARGETS, { caller, requestId }, {
    query: REGISTRY_LOOKUP_DOCUMENT,
    variables: { r: wanted.map((w) => ({ __typename: w.typename, id: w.id })) },
  });
  if (body.errors?.length && !body.data) throw new Error(`the targets registry refused the lookup: ${body.errors[0].message}`);
  return body.data?._entities ?? [];
}
