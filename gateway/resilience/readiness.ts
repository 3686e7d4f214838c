import { signSubgraphRequest, SUBGRAPH_TOKEN_HEADER } from '../../lib/identity/subgraph-trust';
import type { SubgraphDataSource } from '../subgraph-fetch';

export interface ReadinessReport {
  ready: boolean;
  subgraphs: Record<string, { state: 'UP' | 'DOWN' | 'PROBING'; circuit: string; detail?: string }>;
}

/** Who asks a subgraph whether it is ready: the gateway itself, for no caller. */
const READINESS_PROBE = { caller: { sub: 'gateway', agency: 'GATEWAY', scopes: [] }, requestId: 'readiness' };

/** GET one of a subgraph's operational endpoints beside its /graphql, signed as the gateway, within `timeoutMs`. */
async function askOperational(subgraph: string, graphqlUrl: string, endpoint: 'health' | 'ready', timeoutMs: number): Promise<Response> {
  const signature = await signSubgraphRequest(subgraph, READINESS_PROBE, { endpoint, body: '' });
  return fetch(graphqlUrl.replace(/\/graphql$/, `/${endpoint}`), { headers: { [SUBGRAPH_TOKEN_HEADER]: signature }, signal: AbortSignal.timeout(timeoutMs) });
}

/** Whether a subgraph's process answers its /health within `timeoutMs`. */
export async function answersHealth(subgraph: string, graphqlUrl: string, timeoutMs: number): Promise<boolean> {
  const response = await askOperational(subgraph, graphqlUrl, 'health', timeoutMs);
  await response.body?.cancel();
  return response.ok;
}

/** Asks every subgraph's /ready (which checks its database) in parallel, signed, with a short deadline. */
export async function readiness(dataSources: SubgraphDataSource[], timeoutMs = 1000): Promise<ReadinessReport> {
  const entries = await Promise.all(dataSources.map(async (source) => {
    try {
      const response = await askOperational(source.name, source.url!, 'ready', timeoutMs);
      const body = (await response.json().catch(() => ({}))) as { detail?: string };
      return [source.name, { state: response.ok ? 'UP' : 'DOWN', circuit: source.guard.state, ...(response.ok ? {} : { detail: body.detail ?? `HTTP ${response.status}` }) }] as const;
    } catch (error) {
      return [source.name, { state: 'DOWN', circuit: source.guard.state, detail: error instanceof Error ? error.message : String(error) }] as const;
    }
  }));
  const subgraphs = Object.fromEntries(entries) as ReadinessReport['subgraphs'];
  return { ready: dataSources.length > 0 && Object.values(subgraphs).every((s) => s.state === 'UP'), subgraphs };
}

/**
 * The same report, asked at most once a second however often /ready is polled: concurrent and
 * repeated probes within that second share one fan-out to the subgraphs and their databases.
 */
export function cachedReadiness(dataSources: () => SubgraphDataSource[], maxAgeMs = 1000, clock: () => number = () => performance.now()): () => Promise<ReadinessReport> {
  let last: { at: number; report: Promise<ReadinessReport> } | undefined;
  return () => {
    const now = clock();
    if (!last || now - last.at >= maxAgeMs) last = { at: now, report: readiness(dataSources()) };
    return last.report;
  };
}
