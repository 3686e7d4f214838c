import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../lib/config';
import { summarize } from './latency';

export interface FrozenSubgraphResult {
  subgraph: string;
  timeoutMs: number;
  /** Each frozen-time request in order: how long it took, and how the frozen subgraph's part was answered. */
  frozen: { ms: number; outcome: 'full' | 'timed out' | 'circuit open' | 'other error' }[];
  /** From the third frozen request on (the timeout is paid twice, then the circuit answers). */
  fromThird: ReturnType<typeof summarize>;
  /** After SIGCONT: requests until a full answer, and the time from resuming to it. */
  recovery: { requests: number; ms: number };
}

/**
 * A frozen subgraph (SIGSTOP: it accepts connections and never answers), asked by one sequential
 * client: each request's latency, then how soon full answers return once it is resumed (SIGCONT).
 * Every request says Cache-Control: no-cache, so no cache answers for the frozen subgraph.
 */
export async function measureFrozenSubgraph(options: { url: string; body: string; token: string; pid: number; subgraph: string; requests: number }): Promise<FrozenSubgraphResult> {
  const ask = async () => {
    const began = performance.now();
    const response = await fetch(options.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}`, 'cache-control': 'no-cache' }, body: options.body });
    const body = (await response.json()) as { errors?: { message: string; extensions?: Record<string, unknown> }[] };
    const ms = Math.round((performance.now() - began) * 10) / 10;
    const mine = body.errors?.find((e) => e.extensions?.serviceName === options.subgraph);
    const outcome = !body.errors?.length ? 'full' as const
      : mine?.extensions?.reason === 'CIRCUIT_OPEN' ? 'circuit open' as const
        : mine && /did not answer/.test(mine.message) ? 'timed out' as const : 'other error' as const;
    return { ms, outcome };
  };
  await ask(); // warm: plans cached, connections open
  const frozen: FrozenSubgraphResult['frozen'] = [];
  process.kill(options.pid, 'SIGSTOP');
  let resumedAt = 0;
  try {
    for (let i = 0; i < options.requests; i++) frozen.push(await ask());
  } finally {
    process.kill(options.pid, 'SIGCONT');
    resumedAt = performance.now();
  }
  let requests = 0;
  for (let outcome = ''; outcome !== 'full' && requests < 200; requests++) {
    outcome = (await ask()).outcome;
    if (outcome !== 'full') await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    subgraph: options.subgraph,
    timeoutMs: Number(process.env.SUBGRAPH_TIMEOUT_MS ?? 2000),
    frozen,
    fromThird: summarize(frozen.slice(2).map((f) => f.ms)),
    recovery: { requests, ms: Math.round(performance.now() - resumedAt) },
  };
}

export function printFrozenSubgraph(result: FrozenSubgraphResult): string {
  console.log(`\nFrozenSubgraph: ${result.subgraph} stopped (SIGSTOP), one sequential client, TargetDossier, no-cache`);
  result.frozen.forEach((f, i) => console.log(`  request ${String(i + 1).padStart(2)}  ${String(f.ms).padStart(7)} ms  ${f.outcome}`));
  console.log(`  from the third request on: p50 ${result.fromThird.p50} ms, p95 ${result.fromThird.p95} ms, max ${result.fromThird.max} ms`);
  console.log(`  resumed (SIGCONT): a full answer after ${result.recovery.requests} request(s), ${result.recovery.ms} ms`);
  const folder = path.join(projectRoot, 'bench', 'results');
  fs.mkdirSync(folder, { recursive: true });
  const file = path.join(folder, `${new Date().toISOString().replace(/[:.]/g, '-')}-frozen-subgraph.json`);
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}
