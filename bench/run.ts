import 'reflect-metadata';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { exportSPKI } from 'jose';
import { parseArgs } from '../lib/cli-args';
import { dataDir, projectRoot } from '../lib/config';
import { benchDatabasePlace, provisionDatabaseServer } from '../lib/database/provision';
import { DEV_ISSUER, developmentKeys } from '../lib/identity/keys';
import { signDevelopmentToken } from '../lib/identity/tokens';
import { migrateAndSeed } from '../lib/runtime/system';
import { GATEWAY_NODE_FLAGS, spawnService, stopService, waitForHealth, ServiceProcess, withMetricsToken } from '../lib/runtime/services';
import { readSupergraph } from '../gateway/server';
import { subgraphs } from '../subgraphs';
import { benchCaller } from './caller';
import { breakDownFloor, capturePlan, countFetches, driveFloor, FetchTiming } from './floor';
import { drive, LoadResult } from './load';
import { summarize } from './latency';
import { cpuSeconds, peakMemoryMiB, resetPeakMemory } from './process-stats';
import { Measurement, table, writeResults } from './report';
import { loadRequests, scenarios, Scenario } from './scenarios';
import { measureNoticeLatency, writeNoticeLatency } from './notice-latency';
import { productionEnvironments } from './production-keys';
import { measureFrozenSubgraph, printFrozenSubgraph } from './frozen-subgraph';
import { driveMixed, largestOrganizations, MixedResult } from './mixed';
import { generateRegistry } from '../lib/seed/registry';

/** Hive Gateway with its Rust query-planner runtime: the fastest peer measured. */
const HIVE_RUST = 'hive-gateway+rust';
const APOLLO_EXECUTOR = 'unity (apollo exec)';
const NO_COALESCING = 'unity (no coalesce)';
/** On request: Hive + Rust with its own (optional) coalescing of identical incoming requests. */
const HIVE_RUST_COALESCING = 'hive+rust (coalesce)';
const USAGE = `Usage: npm run bench -- [--scale 10] [--seconds 10] [--connections 20] [--warmup 3] [--rounds 2] [--port 5200] [--pg-port <port + 90>]
                       [--only TargetDossier,FanOut,SearchTargets,Network,WeeklyBriefing,Writes,SelectorLookup,PossibleMatches,NetworkWithoutSelectors,NetworkWithSelectors] [--no-peer] [--fresh]
                       [--gateways unity,unity (n2k off),hive-gateway,${HIVE_RUST},${APOLLO_EXECUTOR},${NO_COALESCING},${HIVE_RUST_COALESCING}]
       npm run bench -- --only NoticeLatency [--writes 200] [--rate 20] [--port 5200]
       npm run bench -- --only FrozenSubgraph [--scale 1] [--port 5200]   (interdictions SIGSTOPped; 12 sequential requests)
       npm run bench -- --only mixed [--scale 10] [--seconds 10] [--warmup 3] [--connections 20] [--rate 5] [--gateways unity,${HIVE_RUST}]`;

interface Gateway {
  target: string;
  url: string;
  service: ServiceProcess;
}

/**
 * `npm run bench`: seeds a dedicated database set (prefix bench_s<scale>), starts the subgraphs and
 * four gateways in production mode as separate processes (ours with need-to-know on, ours with it
 * off, Hive Gateway with its defaults and with its Rust runtime), warms each up, drives every scenario with autocannon, and
 * prints one table; the same figures go to bench/results/*.json.
 */
async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) return console.log(USAGE);
  const scale = Number(args.scale ?? 10);
  const seconds = Number(args.seconds ?? 10);
  const connections = Number(args.connections ?? 20);
  const warmup = Number(args.warmup ?? 3);
  // The gateways' TargetDossier runs alternate in rounds (A B C, then C B A, ...), so that a noisy
  // moment or a cold cache does not fall on one of them only.
  const rounds = Number(args.rounds ?? 2);
  const port = Number(args.port ?? 5200);
  const only = args.only ? String(args.only).split(',') : null;
  const withPeer = !args['no-peer'];
  // --gateways unity,hive-gateway+rust: measure only these on the scenarios every gateway runs.
  const onlyGateways = args.gateways ? String(args.gateways).split(',') : null;
  // --fresh: every request (to every gateway, and the floor's) carries Cache-Control: no-cache, so
  // subgraphs execute each one instead of answering from their response caches.
  const fresh = Boolean(args.fresh);
  const freshHeaders: Record<string, string> = fresh ? { 'cache-control': 'no-cache' } : {};
  for (const [name, value] of Object.entries({ scale, seconds, connections, warmup, rounds, port })) {
    if (!Number.isInteger(value) || value < (name === 'warmup' ? 0 : 1)) {
      console.error(`--${name} must be a whole number, got "${args[name]}"\n${USAGE}`);
      process.exit(2);
    }
  }
  const log = (source: string, line: string) => {
    if (/"level":(4|5|6)\d|"level":"(warn|error|fatal)"|could not|exited|Error|ERROR|FATAL/.test(line)) console.error(`[${source}] ${line}`);
  };

  process.env.DATABASE_PREFIX = `bench_s${scale}`;
  // Production mode needs real key material: the development key's public half, as a PEM file.
  const keys = await developmentKeys();
  const benchDir = path.join(dataDir(), 'bench');
  fs.mkdirSync(benchDir, { recursive: true });
  const publicKeyFile = path.join(benchDir, 'token-public-key.pem');
  fs.writeFileSync(publicKeyFile, await exportSPKI(keys.publicKey));
  // The gateway's subgraph signing pair: the private half for the gateways (and for this process, which
  // signs the floor's requests, and Hive Gateway's), the public half for the subgraphs.
  const gatewayKeys = crypto.generateKeyPairSync('ed25519');
  const signingKeyFile = path.join(benchDir, 'gateway-signing-key.pem');
  const verificationKeyFile = path.join(benchDir, 'gateway-public-key.pem');
  fs.writeFileSync(signingKeyFile, gatewayKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  fs.writeFileSync(verificationKeyFile, gatewayKeys.publicKey.export({ type: 'spki', format: 'pem' }));
  process.env.UNITY_GATEWAY_SIGNING_KEY_FILE = signingKeyFile;

  // Without DATABASE_URL, its own embedded server (never npm start's, which it would stop): .data/bench/pg
  // on --pg-port, else EMBEDDED_PG_PORT, else port + 90 (the gateways take +10 to +70).
  const database = await provisionDatabaseServer((line) => log('postgres', line), benchDatabasePlace(port, args['pg-port'] ? Number(args['pg-port']) : undefined));
  const services: ServiceProcess[] = [];
  const stopAll = async () => {
    for (const service of [...services].reverse()) await stopService(service);
    await database.stop();
  };
  process.on('SIGINT', () => void stopAll().then(() => process.exit(130)));

  try {
    if (only?.includes('NoticeLatency')) {
      // Its own systems (one per broker), on their own databases: see bench/notice-latency.ts.
      const writes = Number(args.writes ?? 200);
      const rate = Number(args.rate ?? 20);
      const results = await measureNoticeLatency({
        serverUrl: database.url, port, writes, rate, log,
        environments: await productionEnvironments({ ...process.env, RATE_LIMIT_PER_MINUTE: String(1_000_000_000), LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' }),
      });
      console.log('\nNoticeLatency: interdiction answered -> notice on the other agency\'s GET /notifications (ms)');
      console.log('broker     writes  rate/s  received  p50     p95     p99     max     (from request: p95)');
      for (const r of results) {
        console.log(`${r.broker.padEnd(10)} ${String(r.writes).padEnd(7)} ${String(r.ratePerSecond).padEnd(7)} ${String(r.received).padEnd(9)} ${[r.afterAnswer.p50, r.afterAnswer.p95, r.afterAnswer.p99, r.afterAnswer.max].map((v) => String(v).padEnd(7)).join(' ')} ${r.afterRequest.p95}`);
        console.log(`  ${r.afterAnswer.p95 <= 2000 && r.received === r.writes - r.failedWrites ? 'PASS' : 'FAIL'}: p95 <= 2000 ms, every notice arrived (${r.broker}; ${r.failedWrites} writes failed, ${r.stored} notices stored, ${r.streamReconnects} stream reconnects)`);
      }
      console.log(`\nResults: ${path.relative(process.cwd(), writeNoticeLatency(results))}`);
      if (only.length === 1) return;
    }
    console.log(`Seeding scale ${scale} (database prefix ${process.env.DATABASE_PREFIX}) if not yet seeded...`);
    await migrateAndSeed(database.url, scale, (source, line) => console.log(`  ${source}: ${line}`));

    const subgraphUrls = Object.fromEntries(subgraphs.map((d) => [d.name, `http://127.0.0.1:${port + d.portOffset}/graphql`]));
    const env: NodeJS.ProcessEnv = withMetricsToken({
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: database.url,
      UNITY_JWT_PUBLIC_KEY_FILE: publicKeyFile,
      UNITY_JWT_ISSUER: DEV_ISSUER,
      RATE_LIMIT_PER_MINUTE: String(1_000_000_000), // one benchmark caller on purpose
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      PORT: String(port),
      ...Object.fromEntries(subgraphs.map((d) => [`${d.name.toUpperCase()}_URL`, subgraphUrls[d.name]])),
    });
    const subgraphEnv: NodeJS.ProcessEnv = { ...env, UNITY_GATEWAY_PUBLIC_KEY_FILE: verificationKeyFile };
    delete subgraphEnv.UNITY_GATEWAY_SIGNING_KEY_FILE; // subgraphs verify; only gateways sign
    const startedAt = Date.now();
    // BENCH_CPU_PROFILE=<dir>: the subgraphs and our gateways write V8 CPU profiles there when they stop.
    const profile = process.env.BENCH_CPU_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROFILE)}`] : [];
    await Promise.all(subgraphs.map((d) => {
      const service = spawnService(d.name, `subgraphs/${d.name}/index.js`, subgraphEnv, log, [], profile);
      services.push(service);
      return waitForHealth(service, `http://127.0.0.1:${port + d.portOffset}/health`);
    }));
    const gateways: Gateway[] = [];
    const startGateway = async (target: string, offset: number, extra: NodeJS.ProcessEnv) => {
      const service = spawnService(target, 'gateway/index.js', { ...env, ...extra, PORT: String(port + offset) }, log, [], [...GATEWAY_NODE_FLAGS, ...profile]);
      services.push(service);
      await waitForHealth(service, `http://127.0.0.1:${port + offset}/health`);
      gateways.push({ target, url: `http://127.0.0.1:${port + offset}/graphql`, service });
    };
    await startGateway('unity', 10, {});
    console.log(`Subgraphs and gateway ready in ${((Date.now() - startedAt) / 1000).toFixed(1)}s (production mode, separate processes)`);
    if (only?.includes('FrozenSubgraph')) {
      const frozen = services.find((s) => s.name === 'interdictions')!;
      const dossier = scenarios(scale).find((s) => s.name === 'TargetDossier')!;
      const result = await measureFrozenSubgraph({
        url: gateways[0].url, body: dossier.bodies[0], token: await signDevelopmentToken({ agency: dossier.agency, purpose: 'TRAINING' }),
        pid: frozen.child.pid!, subgraph: frozen.name, requests: 12,
      });
      console.log(`\nResults: ${path.relative(process.cwd(), printFrozenSubgraph(result))}`);
      if (only.length === 1) return;
    }
    await startGateway('unity (n2k off)', 20, { UNITY_AUDIT: 'off', UNITY_AUTHORIZATION: 'off' });
    // On request only: ours with @apollo/gateway executing the plans, to measure the lean executor against.
    if (onlyGateways?.includes(APOLLO_EXECUTOR)) await startGateway(APOLLO_EXECUTOR, 50, { UNITY_EXECUTOR: 'apollo' });
    // ...and ours without coalescing identical queries in flight (gateway/execution/coalesce-operations.ts).
    if (onlyGateways?.includes(NO_COALESCING)) await startGateway(NO_COALESCING, 60, { GATEWAY_COALESCE: 'off' });
    if (withPeer) {
      gateways.push(await startHive(port + 30, subgraphUrls, env, benchDir, log, services));
      gateways.push(await startHive(port + 40, subgraphUrls, env, benchDir, log, services, { rust: true }));
      if (onlyGateways?.includes(HIVE_RUST_COALESCING)) gateways.push(await startHive(port + 70, subgraphUrls, env, benchDir, log, services, { rust: true, coalesce: true }));
    }

    // Production mode requires a purpose of use with every request: the tokens state one.
    const tokens: Record<string, string> = {
      HSI: await signDevelopmentToken({ agency: 'HSI', purpose: 'TRAINING' }),
      CBP: await signDevelopmentToken({ agency: 'CBP', purpose: 'TRAINING' }),
    };
    const subgraphPids = services.filter((s) => subgraphs.some((d) => d.name === s.name)).map((s) => s.child.pid!);
    const sqlTotal = async () => {
      let total = 0;
      for (const url of Object.values(subgraphUrls)) {
        const text = await (await fetch(url.replace('/graphql', '/metrics'), { headers: { authorization: `Bearer ${env.METRICS_TOKEN}` } })).text();
        total += Number(/^unity_subgraph_sql_statements_total (\d+)/m.exec(text)?.[1] ?? 0);
      }
      return total;
    };

    /** One measured run: warm-up, then the load with CPU, peak memory and SQL statements counted around it. */
    const measure = async (scenario: string, target: string, gatewayPid: number | null, clients: number, run: (s: number) => Promise<LoadResult>, options = { warm: true, print: true }): Promise<Measurement> => {
      if (warmup && options.warm) await run(warmup);
      const pids = gatewayPid ? [gatewayPid, ...subgraphPids] : subgraphPids;
      pids.forEach(resetPeakMemory);
      const cpuBefore = pids.map(cpuSeconds);
      const sqlBefore = await sqlTotal();
      const began = Date.now();
      const result = await run(seconds);
      const elapsed = (Date.now() - began) / 1000;
      const cpu = pids.map((pid, i) => ((cpuSeconds(pid) - cpuBefore[i]) / elapsed) * 100);
      const sql = (await sqlTotal()) - sqlBefore;
      const measurement: Measurement = {
        ...result, scenario, target, connections: clients,
        gateway: gatewayPid ? { cpuPercent: Math.round(cpu[0]), peakMiB: peakMemoryMiB(gatewayPid) } : null,
        subgraphs: {
          cpuPercent: Math.round(cpu.slice(gatewayPid ? 1 : 0).reduce((a, b) => a + b, 0)),
          peakMiB: subgraphPids.reduce((total, pid) => total + peakMemoryMiB(pid), 0),
        },
        // The warm-up and this run's requests both reach the counter only during the run itself.
        sqlPerOperation: result.requests ? Math.round((sql / result.requests) * 10) / 10 : null,
      };
      if (options.print) printRow(measurement);
      return measurement;
    };

    if (only?.includes('mixed')) {
      // Readers and one writer at once, on ours and on the fastest peer (bench/mixed.ts).
      const rate = Number(args.rate ?? 5);
      const organizations = largestOrganizations(generateRegistry(scale), 50);
      const targets = gateways.filter((g) => (onlyGateways ? onlyGateways.includes(g.target) : g.target === 'unity' || g.target === HIVE_RUST));
      console.log(`\nmixed: ${connections} readers cycle over the dossiers of the ${organizations.length} largest organizations, one writer records ${rate} interdictions a second on random ones of them; scale ${scale}, ${seconds}s after ${warmup}s of reads alone\n`);
      console.log('target                 reads/s  p50 ms   p95 ms   p99 ms   reads   writes  writes/s  stale  hit ratio  errors');
      const results: MixedResult[] = [];
      for (const gateway of targets) {
        const ours = !gateway.target.startsWith('hive');
        const metricsUrl = gateway.url.replace('/graphql', '/metrics');
        const result = await driveMixed(gateway.target, {
          url: gateway.url, readerToken: tokens.HSI, writerToken: tokens.CBP, organizations, readers: connections, writesPerSecond: rate, seconds, warmupSeconds: warmup,
          cacheCounters: ours ? async () => {
            const text = await (await fetch(metricsUrl, { headers: { authorization: `Bearer ${env.METRICS_TOKEN}` } })).text();
            const counter = (outcome: string) => Number(new RegExp(`^unity_gateway_response_cache_total\\{outcome="${outcome}"\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
            return { hit: counter('hit'), miss: counter('miss') };
          } : undefined,
        });
        results.push(result);
        console.log(`${result.target.padEnd(22)} ${result.readsPerSecond.toFixed(1).padStart(7)}  ${[result.latency.p50, result.latency.p95, result.latency.p99].map((v) => v.toFixed(1).padStart(7)).join('  ')}  ${String(result.reads).padStart(6)}  ${String(result.writes).padStart(6)}  ${result.writesPerSecond.toFixed(1).padStart(8)}  ${String(result.staleReads).padStart(5)}  ${(result.hitRatio === null ? '-' : result.hitRatio.toFixed(3)).padStart(9)}  ${String(result.errors + result.failedWrites).padStart(6)}`);
        if (result.firstError) console.log(`    first error: ${result.firstError}`);
        if (result.firstStale) console.log(`    first stale read: ${result.firstStale}`);
      }
      const unity = results.find((r) => r.target === 'unity');
      const peer = results.filter((r) => r.target.startsWith('hive')).sort((a, b) => b.readsPerSecond - a.readsPerSecond)[0];
      const summary: string[] = [];
      if (unity && peer && peer.readsPerSecond > 0) summary.push(`${unity.readsPerSecond >= 3 * peer.readsPerSecond ? 'MET ' : 'MISS'}  mixed throughput vs the fastest peer (${peer.target}): ${(unity.readsPerSecond / peer.readsPerSecond).toFixed(2)}x (target >= 3x)`);
      for (const r of results) summary.push(`${r.staleReads === 0 ? 'MET ' : 'MISS'}  mixed stale reads on ${r.target}: ${r.staleReads} of ${r.reads} (target 0), ${r.writes} writes acknowledged`);
      console.log(`\n${summary.join('\n')}`);
      const file = writeResults({ at: new Date().toISOString(), scenario: 'mixed', scale, seconds, warmup, readers: connections, writesPerSecond: rate, organizations: organizations.length, machine: machine(), results, summary }, scale, 'mixed');
      console.log(`\nResults: ${path.relative(process.cwd(), file)}`);
      if (only.length === 1) return;
    }
    const selected = scenarios(scale).filter((s) => !only || only.includes(s.name));
    console.log(`\nScale ${scale}, ${seconds}s per run after ${warmup}s warm-up, ${connections} clients unless noted${fresh ? ', every request with Cache-Control: no-cache' : ''}${rounds > 1 && gateways.length > 1 ? `; the gateways of ${selected.filter((s) => s.peers).map((s) => s.name).join(' and ')} in ${rounds} alternating rounds each` : ''}\n`);
    console.log(table([]));
    const measurements: Measurement[] = [];
    const floorBreakdowns: Record<string, FetchTiming[]> = {};
    for (const scenario of selected) {
      const requests = loadRequests(scenario, tokens[scenario.agency]).map((r) => ({ ...r, headers: { ...r.headers, ...freshHeaders } }));
      const targets = scenario.peers ? gateways.filter((g) => !onlyGateways || onlyGateways.includes(g.target)) : gateways.slice(0, 1);
      const runOn = (gateway: Gateway) => (s: number) => drive(gateway.url, requests, { connections, seconds: s });
      if (targets.length > 1 && rounds > 1) {
        // Every gateway warmed up before any is measured, then measured in alternating order.
        if (warmup) for (const gateway of targets) await runOn(gateway)(warmup);
        const runs = new Map<string, Measurement[]>(targets.map((g) => [g.target, []]));
        for (let round = 0; round < rounds; round++) {
          for (const gateway of round % 2 ? [...targets].reverse() : targets) {
            runs.get(gateway.target)!.push(await measure(scenario.name, gateway.target, gateway.service.child.pid!, connections, runOn(gateway), { warm: false, print: false }));
          }
        }
        for (const gateway of targets) {
          const merged = mergeRuns(runs.get(gateway.target)!, seconds);
          printRow(merged);
          measurements.push(merged);
        }
      } else {
        for (const gateway of targets) measurements.push(await measure(scenario.name, gateway.target, gateway.service.child.pid!, connections, runOn(gateway)));
      }
      if (scenario.floor) {
        const caller = benchCaller(scenario.agency);
        const { query, variables } = JSON.parse(scenario.bodies[0]);
        const plan = await capturePlan(readSupergraph(), subgraphUrls, caller, query, variables);
        const breakdown = await breakDownFloor(plan, subgraphUrls, caller, { rounds: 20, headers: freshHeaders });
        console.log(`    the floor's fetches, one at a time (median of 20): ${breakdown.map((f) => `${f.stage}:${f.subgraph} ${f.ms} ms ${Math.round(f.responseBytes / 1024)} kB${f.representations ? ` ${f.representations} entities` : ''}`).join('; ')}`);
        floorBreakdowns[scenario.name] = breakdown;
        measurements.push(await measure(scenario.name, `floor (${countFetches(plan)} fetches)`, null, connections, (s) => driveFloor(plan, subgraphUrls, caller, { connections, seconds: s, headers: freshHeaders })));
      }
      if (scenario.read) {
        // One client on ours, or on each gateway --gateways names (what one layer, such as the audit, adds to a read).
        for (const gateway of onlyGateways ? gateways.filter((g) => onlyGateways.includes(g.target)) : gateways.slice(0, 1)) {
          measurements.push(await measure(scenario.name, gateway.target, gateway.service.child.pid!, 1, (s) => drive(gateway.url, requests, { connections: 1, seconds: s })));
        }
        // The same with every subgraph executing the query (no answer from their response caches): what a first read costs.
        const uncached = requests.map((r) => ({ ...r, headers: { ...r.headers, 'cache-control': 'no-cache' } }));
        if (!fresh) measurements.push(await measure(scenario.name, `${gateways[0].target} (no-cache)`, gateways[0].service.child.pid!, 1, (s) => drive(gateways[0].url, uncached, { connections: 1, seconds: s })));
      }
    }

    const summary = verdicts(measurements, selected, scale, fresh);
    console.log(`\n${summary.join('\n')}`);
    const file = writeResults({ at: new Date().toISOString(), scale, seconds, warmup, rounds, connections, fresh, machine: machine(), measurements: measurements.map(({ samples: _samples, ...m }) => m), floorBreakdowns, summary }, scale);
    console.log(`\nResults: ${path.relative(process.cwd(), file)}`);
  } finally {
    await stopAll();
  }
}

function printRow(measurement: Measurement): void {
  console.log(table([measurement]).split('\n')[1]);
  if (measurement.firstError) console.log(`    first error: ${measurement.firstError}`);
}

/** One gateway's rounds (each `seconds` long) as one measurement: all requests over all the time, percentiles over every response, mean CPU, highest peak memory. */
function mergeRuns(runs: Measurement[], seconds: number): Measurement {
  const samples = runs.flatMap((r) => r.samples ?? []);
  const requests = runs.reduce((n, r) => n + r.requests, 0);
  const mean = (values: number[]) => Math.round(values.reduce((a, b) => a + b, 0) / values.length);
  const sql = runs.filter((r) => r.sqlPerOperation !== null);
  return {
    ...runs[0],
    requests,
    perSecond: Math.round((requests / (runs.length * seconds)) * 10) / 10,
    latency: summarize(samples),
    samples,
    errors: runs.reduce((n, r) => n + r.errors, 0),
    firstError: runs.find((r) => r.firstError)?.firstError,
    gateway: runs[0].gateway && { cpuPercent: mean(runs.map((r) => r.gateway!.cpuPercent)), peakMiB: Math.max(...runs.map((r) => r.gateway!.peakMiB)) },
    subgraphs: { cpuPercent: mean(runs.map((r) => r.subgraphs.cpuPercent)), peakMiB: Math.max(...runs.map((r) => r.subgraphs.peakMiB)) },
    sqlPerOperation: sql.length ? Math.round((sql.reduce((n, r) => n + r.sqlPerOperation! * r.requests, 0) / requests) * 10) / 10 : null,
  };
}

/** Hive Gateway with its defaults, or (`rust`) with its Rust query planner and executor (@graphql-hive/router-runtime), the fastest peer we know of. */
async function startHive(port: number, subgraphUrls: Record<string, string>, env: NodeJS.ProcessEnv, benchDir: string, log: (source: string, line: string) => void, services: ServiceProcess[], options: { rust?: boolean; coalesce?: boolean } = {}): Promise<Gateway> {
  const target = options.coalesce ? HIVE_RUST_COALESCING : options.rust ? HIVE_RUST : 'hive-gateway';
  // The same supergraph, pointed at this run's subgraphs.
  const supergraph = readSupergraph().replace(/@join__graph\(name: "(\w+)", url: "[^"]+"\)/g, (_m, name: string) => `@join__graph(name: "${name}", url: "${subgraphUrls[name]}")`);
  const supergraphFile = path.join(benchDir, 'supergraph.graphql');
  fs.writeFileSync(supergraphFile, supergraph);
  const bin = path.join(projectRoot, 'node_modules', '@graphql-hive', 'gateway', 'dist', 'bin.js');
  const config = path.join(projectRoot, 'bench', 'hive-gateway.config.cjs');
  const service = spawnService(target, bin, { ...env, BENCH_SUPERGRAPH: supergraphFile, PORT: String(port), BENCH_HIVE_COALESCE: options.coalesce ? 'on' : 'off' }, log,
    ['supergraph', supergraphFile, '--config-path', config, '--port', String(port), '--host', '127.0.0.1', ...(options.rust ? ['--hive-router-runtime'] : [])]);
  services.push(service);
  await waitForHealth(service, `http://127.0.0.1:${port}/readiness`);
  return { target, url: `http://127.0.0.1:${port}/graphql`, service };
}

function verdicts(measurements: Measurement[], selected: Scenario[], scale: number, fresh: boolean): string[] {
  const find = (scenario: string, target: string, clients?: number) =>
    measurements.find((m) => m.scenario === scenario && m.target.startsWith(target) && (clients === undefined || m.connections === clients));
  const lines: string[] = [];
  const check = (label: string, ok: boolean, detail: string) => lines.push(`${ok ? 'MET ' : 'MISS'}  ${label}: ${detail}`);
  const ours = find('TargetDossier', 'unity', measurements.find((m) => m.scenario === 'TargetDossier')?.connections);
  const floor = find('TargetDossier', 'floor');
  // Every ratio against the fastest peer of the run, scenario by scenario; CPU per request says what each costs apart from the noise.
  const cpuPerRequest = (m: Measurement, percent: number) => (m.perSecond > 0 ? `${((percent / 100) * 1000 / m.perSecond).toFixed(1)}` : '-');
  for (const scenario of selected.filter((s) => s.peers)) {
    const rows = measurements.filter((m) => m.scenario === scenario.name && m.gateway && m.connections > 1);
    const fastest = rows.filter((m) => m.target.startsWith('hive')).sort((a, b) => b.perSecond - a.perSecond)[0];
    const unity = rows.find((m) => m.target === 'unity');
    if (unity && fastest && fastest.perSecond > 0) {
      check(`${scenario.name} throughput vs the fastest peer (${fastest.target}), need-to-know and audit on`, unity.perSecond >= 1.5 * fastest.perSecond, `${(unity.perSecond / fastest.perSecond).toFixed(2)}x (target >= 1.5x)`);
      check(`${scenario.name} gateway peak memory vs ${fastest.target}`, unity.gateway!.peakMiB <= fastest.gateway!.peakMiB, `${unity.gateway!.peakMiB} MiB vs ${fastest.gateway!.peakMiB} MiB`);
    }
    for (const m of rows) {
      lines.push(`      ${scenario.name} ${m.target.padEnd(18)} ${fastest ? `${(m.perSecond / fastest.perSecond).toFixed(2)}x the fastest peer, ` : ''}CPU per request: gateway ${cpuPerRequest(m, m.gateway!.cpuPercent)} ms, subgraphs ${cpuPerRequest(m, m.subgraphs.cpuPercent)} ms`);
    }
  }
  if (ours) check('TargetDossier p99 < 3 x p50', ours.latency.p99 < 3 * ours.latency.p50, `p99 ${ours.latency.p99} ms, p50 ${ours.latency.p50} ms`);
  if (ours && floor && ours.perSecond > 0) {
    check('gateway overhead on TargetDossier (floor req/s / gateway req/s)', floor.perSecond / ours.perSecond <= 1.3,
      `${(floor.perSecond / ours.perSecond).toFixed(2)}x (target <= 1.3x); p50 ${ours.latency.p50} ms vs floor ${floor.latency.p50} ms`);
  }
  // One client, every subgraph executing the query (the `unity (no-cache)` rows, or every row under --fresh).
  const single: Record<string, number> = { TargetDossier: 60, SearchTargets: 30, Network: 100, SelectorLookup: 30 };
  for (const scenario of selected.filter((s) => single[s.name])) {
    const m = measurements.find((x) => x.scenario === scenario.name && x.target === 'unity (no-cache)')
      ?? (fresh ? measurements.find((x) => x.scenario === scenario.name && x.target === 'unity' && x.connections === 1) : undefined);
    if (m) check(`${scenario.name} one client, uncached, p95 <= ${single[scenario.name]} ms${scale === 100 ? '' : ` (target set at scale 100; this run is scale ${scale})`}`, m.latency.p95 <= single[scenario.name], `${m.latency.p95} ms`);
    const cached = measurements.find((x) => x.scenario === scenario.name && x.target === 'unity' && x.connections === 1);
    if (cached && cached !== m) lines.push(`      answered from the caches: p95 ${cached.latency.p95} ms`);
  }
  // Crossing selectors adds a node per phone or plate: the view with them within 1.5x of the same view without.
  const uncached = (name: string) => measurements.find((x) => x.scenario === name && x.target === 'unity (no-cache)')
    ?? (fresh ? measurements.find((x) => x.scenario === name && x.target === 'unity' && x.connections === 1) : undefined);
  const [withSelectors, withoutSelectors] = [uncached('NetworkWithSelectors'), uncached('NetworkWithoutSelectors')];
  if (withSelectors && withoutSelectors) {
    check(`Network depth 2 with selectors vs without, one client, uncached p95${scale === 100 ? '' : ` (target set at scale 100; this run is scale ${scale})`}`,
      withSelectors.latency.p95 <= 1.5 * withoutSelectors.latency.p95, `${withSelectors.latency.p95} ms vs ${withoutSelectors.latency.p95} ms (${(withSelectors.latency.p95 / withoutSelectors.latency.p95).toFixed(2)}x, target <= 1.5x)`);
  }
  const failed = measurements.filter((m) => m.errors > 0);
  if (failed.length) lines.push(`ERRORS in: ${failed.map((m) => `${m.scenario}/${m.target}/${m.connections} (${m.errors})`).join(', ')}`);
  return lines;
}

function machine(): Record<string, unknown> {
  const os = require('node:os') as typeof import('node:os');
  return { cpus: os.cpus().length, model: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version };
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack ?? error.message : error);
  process.exit(1);
});
