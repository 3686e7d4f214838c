import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import os from 'node:os';
import { Pool } from 'pg';
import { projectRoot } from '../lib/config';
import { databaseName, urlForDatabase } from '../lib/database/server';
import { signDevelopmentToken } from '../lib/identity/tokens';
import { migrateAndSeed } from '../lib/runtime/system';
import { GATEWAY_NODE_FLAGS, spawnService, stopService, waitForHealth, ServiceProcess } from '../lib/runtime/services';
import { removeEventStream } from '../lib/events/open-broker';
import { subgraphs } from '../subgraphs';
import { summarize, LatencySummary } from './latency';
import type { ProductionEnvironments } from './production-keys';

export interface NoticeLatencyResult {
  broker: string;
  writes: number;
  /** Writes the gateway refused or timed out (not timed: no notice is expected for them). */
  failedWrites: number;
  ratePerSecond: number;
  /** The notices of the run's writes that exist in the database at the end (whether or not they arrived). */
  stored: number;
  streamReconnects: number;
  received: number;
  /** From the write's answer to the notice's arrival on the recipient's GET /notifications stream (ms). */
  afterAnswer: LatencySummary;
  /** From the write's request leaving the client (ms). */
  afterRequest: LatencySummary;
}

/**
 * NoticeLatency: how soon a notice reaches the other agency. A system like `npm start`'s (every
 * subgraph, the relay and the gateway as processes, production mode) on its own databases, once
 * with the PostgreSQL event log (the embedded default) and once with NATS JetStream (NATS_URL, or
 * the machine's server at 127.0.0.1:4222 when it answers). HSI holds an open case on a person and
 * listens on GET /notifications; CBP records interdictions naming that person at a steady rate;
 * each one's notice to HSI is timed from CBP's answer to its arrival on HSI's stream.
 */
export async function measureNoticeLatency(options: { serverUrl: string; port: number; environments: ProductionEnvironments; writes: number; rate: number; log: (source: string, line: string) => void }): Promise<NoticeLatencyResult[]> {
  const natsUrl = process.env.NATS_URL || ((await answers(4222)) ? 'nats://127.0.0.1:4222' : null);
  const results: NoticeLatencyResult[] = [];
  for (const broker of ['postgres', ...(natsUrl ? ['nats'] : [])]) {
    const prefix = `bench_notices_${broker}`;
    // Writes are the trigger, not what is measured: a busy machine must not turn them into timeouts.
    const here = { DATABASE_URL: options.serverUrl, DATABASE_PREFIX: prefix, NATS_URL: broker === 'nats' ? natsUrl! : '', PORT: String(options.port) };
    const env: NodeJS.ProcessEnv = { SUBGRAPH_TIMEOUT_MS: '15000', ...options.environments.subgraph, ...here };
    const gatewayEnv: NodeJS.ProcessEnv = { SUBGRAPH_TIMEOUT_MS: '15000', ...options.environments.gateway, ...here };
    const saved = { prefix: process.env.DATABASE_PREFIX };
    process.env.DATABASE_PREFIX = prefix;
    await migrateAndSeed(options.serverUrl, 1, () => undefined);
    process.env.DATABASE_PREFIX = saved.prefix;
    const services: ServiceProcess[] = [];
    try {
      await Promise.all(subgraphs.map((d) => {
        const service = spawnService(d.name, `subgraphs/${d.name}/index.js`, { ...env, [`${d.name.toUpperCase()}_PORT`]: String(options.port + d.portOffset) }, options.log);
        services.push(service);
        return waitForHealth(service, `http://127.0.0.1:${options.port + d.portOffset}/health`);
      }));
      services.push(spawnService('relay', 'relay/index.js', env, options.log));
      const gateway = spawnService('gateway', 'gateway/index.js', gatewayEnv, options.log, [], GATEWAY_NODE_FLAGS);
      services.push(gateway);
      await waitForHealth(gateway, `http://127.0.0.1:${options.port}/health`);
      results.push(await run(broker, `http://127.0.0.1:${options.port}`, prefix, options));
    } finally {
      for (const service of [...services].reverse()) await stopService(service);
      if (broker === 'nats') await removeEventStream({ serverUrl: options.serverUrl, prefix, natsUrl: natsUrl! }).catch(() => undefined);
    }
  }
  return results;
}

async function run(broker: string, gateway: string, prefix: string, options: { serverUrl: string; writes: number; rate: number }): Promise<NoticeLatencyResult> {
  const tokens = { HSI: await signDevelopmentToken({ agency: 'HSI' }), CBP: await signDevelopmentToken({ agency: 'CBP' }) };
  const graphql = async (agency: 'HSI' | 'CBP', query: string, variables: Record<string, unknown>) => {
    const response = await fetch(`${gateway}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[agency]}`, 'unity-purpose': 'DECONFLICTION' }, body: JSON.stringify({ query, variables }) });
    const body = (await response.json()) as { data?: any; errors?: unknown };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  const person = (await graphql('HSI', `mutation($input: CreatePersonInput!) { createPerson(input: $input) { person { id } } }`, { input: { name: `Bench Latency ${Date.now()}` } })).createPerson.person.id;
  const opened = await graphql('HSI', `mutation($input: OpenCaseInput!) { openCase(input: $input) { case { id } } }`, { input: { caseNumber: `HSI-BENCH-${Date.now()}`, title: 'Latency', subjects: [{ personId: person, role: 'TARGET' }] } });
  const deconfliction = new Pool({ connectionString: urlForDatabase(options.serverUrl, databaseName('deconfliction', prefix)) });
  try {
    while ((await deconfliction.query(`SELECT 1 FROM deconfliction_interest WHERE id = $1`, [opened.openCase.case.id])).rowCount === 0) await new Promise((r) => setTimeout(r, 50));
  } finally {
    await deconfliction.end();
  }

  // HSI's stream, read as an EventSource would: reconnecting with Last-Event-ID whenever it ends
  // (from its first notice: those of earlier runs are not this run's interdictions and are ignored).
  const arrivals = new Map<string, number>();
  const abort = new AbortController();
  let reconnects = 0;
  const reading = (async () => {
    let lastEventId: string | null = null;
    while (!abort.signal.aborted) {
      try {
        const stream = await fetch(`${gateway}/notifications`, { headers: { authorization: `Bearer ${tokens.HSI}`, 'unity-purpose': 'DECONFLICTION', ...(lastEventId ? { 'last-event-id': lastEventId } : {}) }, signal: abort.signal });
        if (!stream.ok) throw new Error(`GET /notifications answered ${stream.status}`);
        const decoder = new TextDecoder();
        let buffered = '';
        for await (const chunk of stream.body!) {
          const now = performance.now();
          buffered += decoder.decode(chunk as Uint8Array, { stream: true });
          let end: number;
          while ((end = buffered.indexOf('\n\n')) >= 0) {
            const block = buffered.slice(0, end);
            buffered = buffered.slice(end + 2);
            const data = /^data: (.*)$/m.exec(block)?.[1];
            lastEventId = /^id: (.*)$/m.exec(block)?.[1] ?? lastEventId;
            if (data) arrivals.set(JSON.parse(data).counterpart.recordId, now);
          }
        }
      } catch {
        // aborted at the end, or the stream broke: reconnect
      }
      if (!abort.signal.aborted) {
        reconnects++;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  })();

  const record = () => graphql('CBP', `mutation($input: RecordInterdictionInput!) { recordInterdiction(input: $input) { interdiction { id } } }`, {
    input: { occurredAt: new Date().toISOString(), type: 'APPREHENSION', sector: 'Tucson', station: 'Ajo', location: { latitude: 32.37, longitude: -112.86 }, subjectIds: [person] },
  });
  // Warm-up (not measured): first requests pay for connections and compiled plans.
  for (let i = 0; i < 10; i++) await record().catch(() => undefined);
  const sent = new Map<string, { request: number; answer: number }>();
  let failed = 0;
  let firstFailure: string | null = null;
  await Promise.all(Array.from({ length: options.writes }, async (_, i) => {
    await new Promise((r) => setTimeout(r, (i * 1000) / options.rate));
    const request = performance.now();
    try {
      const data = await record();
      sent.set(data.recordInterdiction.interdiction.id, { request, answer: performance.now() });
    } catch (error) {
      failed++;
      firstFailure ??= error instanceof Error ? error.message : String(error);
    }
  }));
  if (firstFailure) console.error(`[bench] ${failed} writes failed; the first: ${firstFailure}`);
  const deadline = performance.now() + 60_000;
  while ([...sent.keys()].some((id) => !arrivals.has(id)) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  abort.abort();
  await reading;
  const stored = new Pool({ connectionString: urlForDatabase(options.serverUrl, databaseName('deconfliction', prefix)) });
  const [{ n }] = (await stored.query(`SELECT count(*)::int AS n FROM deconfliction_notice WHERE recipient_agency = 'HSI' AND counterpart->>'recordId' = ANY($1)`, [[...sent.keys()]])).rows;
  await stored.end();
  const afterAnswer: number[] = [];
  const afterRequest: number[] = [];
  for (const [id, at] of sent) {
    const arrived = arrivals.get(id);
    // A notice that never came counts as the whole wait, so it cannot flatter the percentiles.
    afterAnswer.push((arrived ?? deadline) - at.answer);
    afterRequest.push((arrived ?? deadline) - at.request);
  }
  return { broker, writes: options.writes, failedWrites: failed, ratePerSecond: options.rate, stored: n, streamReconnects: reconnects, received: [...sent.keys()].filter((id) => arrivals.has(id)).length, afterAnswer: summarize(afterAnswer), afterRequest: summarize(afterRequest) };
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Writes the figures next to the other benchmark results. */
export function writeNoticeLatency(results: NoticeLatencyResult[]): string {
  const folder = path.join(projectRoot, 'bench', 'results');
  fs.mkdirSync(folder, { recursive: true });
  const file = path.join(folder, `${new Date().toISOString().replace(/[:.]/g, '-')}-notice-latency.json`);
  fs.writeFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version }, results }, null, 2)}\n`);
  return file;
}
