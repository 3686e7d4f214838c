import { signSubgraphRequest, SUBGRAPH_TOKEN_HEADER } from '../identity/subgraph-trust';
import type { Caller } from '../identity/caller';
import { subgraphUrl } from './ports';

export interface SubgraphAnswer<T> {
  data?: T;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/**
 * A subgraph asking another one something on behalf of the caller (never reading its database):
 * signed as the gateway signs, so the other subgraph applies the caller's need-to-know as always.
 */
export async function askSubgraph<T>(
  subgraph: { name: string; portOffset: number },
  identity: { caller: Caller; requestId: string },
  request: { query: string; variables?: Record<string, unknown> },
): Promise<SubgraphAnswer<T>> {
  const response = await fetch(subgraphUrl(subgraph), {
    method: 'POST',
    headers: { 'content-type': 'application/json', [SUBGRAPH_TOKEN_HEADER]: await signSubgraphRequest(subgraph.name, identity) },
    body: JSON.stringify(request),
    signal: AbortSignal.timeout(5000),
  });
  if (!response.ok && response.status !== 400) throw new Error(`the ${subgraph.name} subgraph answered HTTP ${response.status}`);
  return (await response.json()) as SubgraphAnswer<T>;
}
