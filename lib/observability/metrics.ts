import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** One Prometheus registry per process (prom-client), served at GET /metrics. */
export const metrics = new Registry();
collectDefaultMetrics({ register: metrics });

const seconds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export const requestDuration = new Histogram({
  name: 'unity_gateway_request_duration_seconds', help: 'GraphQL requests through the gateway, by operation and outcome',
  labelNames: ['operation', 'outcome'], buckets: seconds, registers: [metrics],
});
export const requestsTotal = new Counter({
  name: 'unity_gateway_requests_total', help: 'GraphQL requests through the gateway, by operation and outcome',
  labelNames: ['operation', 'outcome'], registers: [metrics],
});
export const subgraphFetchDuration = new Histogram({
  name: 'unity_gateway_subgraph_fetch_duration_seconds', help: 'Gateway calls to subgraphs, by subgraph and outcome',
  labelNames: ['subgraph', 'outcome'], buckets: seconds, registers: [metrics],
});
export const auditWriteDuration = new Histogram({
  name: 'unity_gateway_audit_write_duration_seconds', help: 'Time to make an audit record durable before releasing a response',
  buckets: seconds, registers: [metrics],
});

export const sqlStatementsTotal = new Counter({
  name: 'unity_subgraph_sql_statements_total', help: 'SQL statements a subgraph sent to PostgreSQL',
  registers: [metrics],
});

type PoolReader = () => { totalCount: number; idleCount: number; waitingCount: number } | undefined;
const pools = new Map<string, PoolReader>();

/** Pool usage of a pg pool (total, idle, waiting clients), read when scraped. The latest pool of a name wins. */
export function poolGauges(name: string, reader: PoolReader): void {
  const known = pools.has(name);
  pools.set(name, reader);
  if (known) return;
  const pool = () => pools.get(name)?.();
  new Gauge({
    name: `unity_${name}_pool_clients`, help: `PostgreSQL pool clients of ${name}, by state`, labelNames: ['state'], registers: [metrics],
    collect() {
      const p = pool();
      if (!p) return;
      this.set({ state: 'total' }, p.totalCount);
      this.set({ state: 'idle' }, p.idleCount);
      this.set({ state: 'waiting' }, p.waitingCount);
    },
  });
}
