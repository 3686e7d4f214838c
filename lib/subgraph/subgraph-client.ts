import { GraphQLError } from 'graphql';
import { intFromEnv } from '../config';
import { timedOut } from '../runtime/timed-out';
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
  const timeoutMs = onwardTimeoutMs();
  let response: Response;
  try {
    response = await fetch(subgraphUrl(subgraph), {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SUBGRAPH_TOKEN_HEADER]: signature, 'x-request-id': asker.requestId },
      body: JSON.stringify(request),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new GraphQLError(`The ${subgraph.name} subgraph, which this must ask first, ${timedOut(error) ? `did not answer within ${timeoutMs / 1000}s` : 'could not be reached'}: nothing was recorded. Try again shortly.`,
      { extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: subgraph.name } });
  }
  if (!response.ok && response.status !== 400) throw new Error(`the ${subgraph.name} subgraph answered HTTP ${response.status}`);
  return (await response.json()) as SubgraphAnswer<T>;
}

/**
 * Half the gateway's own wait for a subgraph (SUBGRAPH_TIMEOUT_MS, which every process reads): a
 * write that asks another subgraph first fails, and says so, while the gateway still waits for it.
 * With the gateway's wait, a frozen registry made the write answer as failed and commit later.
 */
function onwardTimeoutMs(): number {
  return Math.max(250, Math.floor(intFromEnv('SUBGRAPH_TIMEOUT_MS', 2000) / 2));
}
