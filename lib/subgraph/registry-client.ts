import { REGISTRY_LOOKUP_DOCUMENT, SUBGRAPH_TOKEN_HEADER } from '../identity/subgraph-trust';
import { registryLookupSignature } from './signed-by-gateway';
import { Caller } from '../identity/caller';
import { subgraphUrl } from './ports';
import { badUserInput } from '../graphql/errors';

const TARGETS = { name: 'targets', portOffset: 1 };

export interface RegistryReferences {
  persons?: { id: string; field: string }[];
  organizations?: { id: string; field: string }[];
}

/**
 * Agency subgraphs never read the registry's database: before a write names a person or an
 * organization, they ask the targets subgraph (through its federation API) whether the registry
 * knows it, and refuse the write if not. They cannot sign: the gateway sent, with the write, a
 * signature for this one lookup as the caller (lib/identity/subgraph-trust.ts), which is passed on.
 */
export async function requireKnownTargets(caller: Caller, requestId: string, references: RegistryReferences): Promise<void> {
  const wanted = [
    ...(references.persons ?? []).map((r) => ({ ...r, typename: 'Person' })),
    ...(references.organizations ?? []).map((r) => ({ ...r, typename: 'Organization' })),
  ];
  if (wanted.length === 0) return;
  const signature = registryLookupSignature();
  if (!signature) throw new Error('this write came without the gateway\'s registry lookup signature, so the targets it names cannot be checked');
  const response = await fetch(subgraphUrl(TARGETS), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [SUBGRAPH_TOKEN_HEADER]: signature,
      'x-request-id': requestId,
    },
    body: JSON.stringify({
      query: REGISTRY_LOOKUP_DOCUMENT,
      variables: { r: wanted.map((w) => ({ __typename: w.typename, id: w.id })) },
    }),
    signal: AbortSignal.timeout(5000),
  });
  if (!response.ok) throw new Error(`the targets registry answered HTTP ${response.status}`);
  const body = (await response.json()) as { data?: { _entities: ({ id: string } | null)[] } };
  const found = body.data?._entities ?? [];
  const missing = wanted.filter((_, i) => !found[i]);
  if (missing.length) {
    const [first] = missing;
    throw badUserInput(`${first.field}: the registry has no ${first.typename.toLowerCase()} with id ${first.id}. Register it in the targets subgraph first (createPerson / createOrganization).`, first.field);
  }
}
