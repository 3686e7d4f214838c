import { parseArgs } from '../lib/cli-args';
import { provisionDatabaseServer } from '../lib/database/provision';
import { developmentKeys } from '../lib/identity/keys';
import { signDevelopmentToken } from '../lib/identity/tokens';
import { startSystem } from '../lib/runtime/system';
import { residentMiB } from '../lib/runtime/process-memory';
import { generateRegistry } from '../lib/seed/registry';
import { CANONICAL_OPERATIONS, operationDocument } from '../operations';

const USAGE = 'Usage: npm run soak -- [--minutes 10] [--connections 50] [--scale 1] [--warmup 30 (seconds)] [--port 4100]';

/**
 * `npm run soak`: starts the whole system on its own databases (prefix "soak"), drives the
 * canonical operations at a steady concurrency for a fixed time, and reports errors, latency
 * percentiles and each service's memory at the start and the end of the run.
 */
async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) return console.log(USAGE);
  const minutes = Number(args.minutes ?? 10);
  const connections = Number(args.connections ?? 50);
  const scale = Number(args.scale ?? 1);
  process.env.PORT = String(args.port ?? 4100);
  process.env.DATABASE_PREFIX = 'soak';
  process.env.RATE_LIMIT_PER_MINUTE = String(1_000_000); // the soak is one caller on purpose
  await developmentKeys();
  const database = await provisionDatabaseServer(() => {});
  const system = await startSystem({ serverUrl: database.url, seedScale: scale, log: (source, line) => { if (/"level":(4|5|6)\d|could not|exited|Error:/.test(line)) console.error(`[${source}] ${line}`); } });
  const url = system.gatewayUrl.replace('localhost', '127.0.0.1');
  // A purpose of use, which production mode requires with every request.
  const token = await signDevelopmentToken({ agency: 'HSI', purpose: 'TRAINING' });
  const registry = generateRegistry(scale);
  const leader = registry.memberships.find((m) => m.role === 'LEADER')!;
  const variables: Record<string, Record<string, unknown>> = {
    TargetDossier: { id: registry.organizations[0].id },
    PersonDossier: { id: leader.personId },
    SearchTargets: { text: 'Gutierez Zuniga' },
    Network: { rootId: leader.personId, depth: 2 },
    WeeklyBriefing: { from: '2026-01-05T00:00:00Z', to: '2026-01-12T00:00:00Z' },
  };
  const bodies = CANONICAL_OPERATIONS.map((name) => ({ name, body: JSON.stringify({ query: operationDocument(name), operationName: name, variables: variables[name] }) }));
  const send = async (i: number) => {
    const { name, body } = bodies[i % bodies.length];
    const began = performance.now();
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
    const json = (await response.json()) as { errors?: unknown[] };
    return { name, ms: performance.now() - began, ok: response.status === 200 && !json.errors };
  };

  // Warm up at full concurrency (plans cached, pools filled, JIT settled) before the first memory reading.
  const warmUntil = Date.now() + Number(args.warmup ?? 30) * 1000;
  let warm = 0;
  await Promise.all(Array.from({ length: connections }, async () => {
    while (Date.now() < warmUntil) await send(warm++).catch(() => undefined);
  }));
  const memory = () => Object.fromEntries(system.services.map((s) => [s.name, residentMiB(s.child.pid)]));
  const memoryAtStart = memory();
  const latencies: number[] = [];
  const errors: Record<string, number> = {};
  let requests = 0;
  const deadline = Date.now() + minutes * 60_000;
  const began = Date.now();
  let next = 0;
  await Promise.all(Array.from({ length: connections }, async () => {
    while (Date.now() < deadline) {
      const i = next++;
      try {
        const result = await send(i);
        latencies.push(result.ms);
        if (!result.ok) errors[result.name] = (errors[result.name] ?? 0) + 1;
      } catch (error) {
        errors.transport = (errors.transport ?? 0) + 1;
      }
      requests += 1;
    }
  }));
  const seconds = (Date.now() - began) / 1000;
  const memoryAtEnd = memory();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]?.toFixed(1);
  console.log(`\nSoak: ${minutes} min, ${connections} connections, scale ${scale}`);
  console.log(`requests ${requests} (${(requests / seconds).toFixed(1)}/s), errors ${Object.values(errors).reduce((a, b) => a + b, 0)} ${JSON.stringify(errors)}`);
  console.log(`latency ms: p50 ${pct(50)}  p95 ${pct(95)}  p99 ${pct(99)}  max ${latencies.at(-1)?.toFixed(1)}`);
  console.log('memory MiB (start -> end, growth):');
  for (const name of Object.keys(memoryAtStart)) {
    const start = memoryAtStart[name] ?? 0;
    const end = memoryAtEnd[name] ?? 0;
    console.log(`  ${name.padEnd(15)} ${String(start).padStart(7)} -> ${String(end).padStart(7)}  ${start ? (((end - start) / start) * 100).toFixed(1) : '?'} %`);
  }
  await system.stop();
  await database.stop();
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
