import { Caller } from '../identity/caller';
import { badUserInput } from '../graphql/errors';
import { askSubgraph } from './subgraph-client';

const TARGETS = { name: 'targets', portOffset: 1 };

export interface RegistryReferences {
  persons?: { id: string; field: string }[];
  organizations?: { id: string; field: string }[];
}

/**
 * Agency subgraphs never read the registry's database: before a write names a person or an
 * organization, they ask the targets subgraph (through its federation API, signed as the
 * caller) whether the registry knows it, and refuse the write if not.
 */
export async function requireKnownTargets(caller: Caller, requestId: string, references: RegistryReferences): Promise<void> {
  const wanted = [
    ...(references.persons ?? []).map((r) => ({ ...r, typename: 'Person' })),
    ...(references.organizations ?? []).map((r) => ({ ...r, typename: 'Organization' })),
  ];
  if (wanted.length === 0) return;
  const body = await askSubgraph<{ _entities: ({ id: string } | null)[] }>(TARGETS, { caller, requestId }, {
    query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id } ... on Organization { id } } }',
    variables: { r: wanted.map((w) => ({ __typename: w.typename, id: w.id })) },
  });
  if (body.errors?.length && !body.data) throw new Error(`the targets registry refused the lookup: ${body.errors[0].message}`);
  const found = body.data?._entities ?? [];
  const missing = wanted.filter((_, i) => !found[i]);
  if (missing.length) {
    const [first] = missing;
    throw badUserInput(`${first.field}: the registry has no ${first.typename.toLowerCase()} with id ${first.id}. Register it in the targets subgraph first (createPerson / createOrganization).`, first.field);
  }
}
