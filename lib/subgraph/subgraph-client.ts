import { onwardRequestAllows, SUBGRAPH_TOKEN_HEADER } from '../identity/subgraph-trust';
import type { OnBehalfOf } from './context';
import { subgraphUrl } from './ports';

export interface SubgraphAnswer<T> {
  data?: T;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/**
 * A subgraph asking another one something on behalf of the caller (never reading its database).
 * Subgraphs cannot sign: the request goes with the onward request signature the gateway sent for
 * exactly this document (lib/subgraph/onward-requests.ts), which names the caller, so the other
 * subgraph applies the caller's need-to-know as always; without one, nothing is sent.
 */
export async function askSubgraph<T>(
  subgraph: { name: string; portOffset: number },
  asker: OnBehalfOf,
  request: { query: string; variables?: Record<string, unknown> },
): Promise<SubgraphAnswer<T>> {
  const signature = asker.onwardSignatures.find((token) => onwardRequestAllows(token, subgraph.name, request.query));
  if (!signature) throw new Error(`this request came without the gateway's signature for asking the ${subgraph.name} subgraph this, so it is not asked`);
  const response = await fetch(subgraphUrl(subgraph), {
    method: 'POST',
    headers: { 'content-type': 'application/json', [SUBGRAPH_TOKEN_HEADER]: signature, 'x-request-id': asker.requestId },
    body: JSON.stringify(request),
    signal: AbortSignal.timeout(5000),
  });
  if (!response.ok && response.status !== 400) throw new Error(`the ${subgraph.name} subgraph answered HTTP ${response.status}`);
  return (await response.json()) as SubgraphAnswer<T>;
}
