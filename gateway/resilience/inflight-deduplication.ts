import { Counter } from 'prom-client';
import { metrics } from '../../lib/observability/metrics';
import { BufferedResponse } from '../subgraph-transport';

type Fetch = (url: string, init: RequestInit) => Promise<Response>;

/**
 * Set by the data source on query fetches: whom the answer is for (agency and scopes). It is part
 * of the deduplication key and is never sent to the subgraph.
 */
export const AUDIENCE_HEADER = 'x-unity-dedup-audience';

const deduplicated = new Counter({
  name: 'unity_gateway_subgraph_fetches_deduplicated_total',
  help: 'Subgraph query fetches answered by an identical fetch already in flight, by subgraph',
  labelNames: ['subgraph'], registers: [metrics],
});

interface SharedResponse {
  status: number;
  statusText: string;
  headers: [string, string][];
  body: string;
}

/**
 * Many analysts opening the same dossier at once make identical subgraph fetches. While one is in
 * flight, an identical one (same subgraph, same document and variables, and the same audience:
 * agency and scopes, since subgraphs release records by both) waits for its answer instead of
 * being sent again. Each waiter gets its own copy of the body, parsed on its own, so no request can
 * alter another's data. A response built for one audience never reaches another. Mutations and
 * fetches without an audience are always sent.
 */
export function deduplicateInflight(subgraph: string, fetch: Fetch, enabled = process.env.SUBGRAPH_DEDUPLICATION !== 'off'): Fetch {
  const inflight = new Map<string, Promise<SharedResponse>>();
  return async (url, init) => {
    const { [AUDIENCE_HEADER]: audience, ...headers } = (init.headers ?? {}) as Record<string, string>;
    const forward = { ...init, headers };
    if (!enabled || audience === undefined) return fetch(url, forward);
    const key = `${url}\n${audience}\n${String(init.body)}`;
    let shared = inflight.get(key);
    if (shared) {
      deduplicated.inc({ subgraph });
    } else {
      shared = fetch(url, forward).then(async (response) => ({
        status: response.status, statusText: response.statusText, headers: [...response.headers], body: await response.text(),
      }));
      inflight.set(key, shared);
      const forget = () => inflight.delete(key);
      shared.then(forget, forget);
    }
    const answer = await shared;
    return BufferedResponse.of(answer.status, answer.statusText, new Headers(answer.headers), answer.body);
  };
}

/** Subgraph fetch documents from the query planner begin with their operation type. */
export function isQueryDocument(document: string | undefined): boolean {
  return document !== undefined && /^\s*(query\b|\{)/.test(document);
}
