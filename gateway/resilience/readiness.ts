import type { SubgraphDataSource } from '../subgraph-fetch';

export interface ReadinessReport {
  ready: boolean;
  subgraphs: Record<string, { state: 'UP' | 'DOWN' | 'PROBING'; circuit: string; detail?: string }>;
}

/** Asks every subgraph's /ready (which checks its database) in parallel, with a short deadline. */
export async function readiness(dataSources: SubgraphDataSource[], timeoutMs = 1000): Promise<ReadinessReport> {
  const entries = await Promise.all(dataSources.map(async (source) => {
    const url = source.url!.replace(/\/graphql$/, '/ready');
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
      const body = (await response.json().catch(() => ({}))) as { detail?: string };
      return [source.name, { state: response.ok ? 'UP' : 'DOWN', circuit: source.guard.state, ...(response.ok ? {} : { detail: body.detail ?? `HTTP ${response.status}` }) }] as const;
    } catch (error) {
      return [source.name, { state: 'DOWN', circuit: source.guard.state, detail: error instanceof Error ? error.message : String(error) }] as const;
    }
  }));
  const subgraphs = Object.fromEntries(entries) as ReadinessReport['subgraphs'];
  return { ready: dataSources.length > 0 && Object.values(subgraphs).every((s) => s.state === 'UP'), subgraphs };
}
