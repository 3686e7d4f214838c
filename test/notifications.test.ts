import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Pool } from 'pg';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { serverUrl, startTestSystem, TestSystem } from './support/harness';
import { eventually, indexed, newPersons, noticesOf, OPEN_CASE, RECORD_INTERDICTION, WATCH } from './support/deconfliction';
import { signDevelopmentToken } from '../lib/identity/tokens';
import { databaseName, urlForDatabase } from '../lib/database/server';
import { eventNamespace } from '../lib/events/broker';
import { projectRoot } from '../lib/config';

/** A webhook receiver: records each delivery with whether its signature verifies; answers `status()`. */
function receiver(secret: string, status: () => number) {
  const deliveries: { id: string; attempt: number; verified: boolean; body: any }[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(req.headers['unity-signature'])) ?? [];
      const expected = crypto.createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
      const verified = Boolean(v1) && crypto.timingSafeEqual(Buffer.from(v1), Buffer.from(expected)) && Math.abs(Date.now() / 1000 - Number(t)) < 300;
      deliveries.push({ id: String(req.headers['unity-delivery']), attempt: Number(req.headers['unity-attempt']), verified, body: JSON.parse(body) });
      res.writeHead(status()).end();
    });
  });
  return {
    deliveries,
    listen: () => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as { port: number }).port}/hook`))),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Reads a server-sent event stream of the gateway until `count` notice events arrived, then closes it. */
async function readNotices(gatewayUrl: string, agency: string, count: number, lastEventId?: string): Promise<{ id: string; data: any }[]> {
  const token = await signDevelopmentToken({ agency });
  const abort = new AbortController();
  const response = await fetch(new URL('/notifications', gatewayUrl), {
    headers: { authorization: `Bearer ${token}`, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) }, signal: abort.signal,
  });
  expect(response.status).toBe(200);
  const events: { id: string; data: any }[] = [];
  const decoder = new TextDecoder();
  let buffered = '';
  const deadline = setTimeout(() => abort.abort(), 30_000);
  try {
    for await (const chunk of response.body!) {
      buffered += decoder.decode(chunk as Uint8Array, { stream: true });
      let end: number;
      while ((end = buffered.indexOf('\n\n')) >= 0) {
        const block = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        if (!/^event: notice$/m.test(block)) continue;
        events.push({ id: /^id: (.*)$/m.exec(block)![1], data: JSON.parse(/^data: (.*)$/m.exec(block)![1]) });
      }
      if (events.length >= count) break;
    }
  } catch {
    // aborted at the deadline: the caller asserts on what came
  } finally {
    clearTimeout(deadline);
    abort.abort();
  }
  return events;
}

describe('notices leave by stream and webhook, each once', () => {
  let system: TestSystem;
  let persons: string[];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'unity-webhooks-'));
  let hsiOk = false;
  const hsiHook = receiver('hsi-secret', () => (hsiOk ? 204 : 500));
  const deaHook = receiver('dea-secret', () => 200);
  const saved = { file: process.env.UNITY_WEBHOOKS_FILE, hsi: process.env.TEST_HSI_WEBHOOK_SECRET, dea: process.env.TEST_DEA_WEBHOOK_SECRET, timeout: process.env.SUBGRAPH_TIMEOUT_MS };

  beforeAll(async () => {
    const file = path.join(dir, 'webhooks.json');
    fs.writeFileSync(file, JSON.stringify({
      maxAttempts: 3, backoffSeconds: 0.05,
      agencies: { HSI: { url: await hsiHook.listen(), secretEnv: 'TEST_HSI_WEBHOOK_SECRET' }, DEA: { url: await deaHook.listen(), secretEnv: 'TEST_DEA_WEBHOOK_SECRET' } },
    }));
    // The replay below hands the consumer every event at once; writes meanwhile may wait longer than the usual deadline.
    Object.assign(process.env, { UNITY_WEBHOOKS_FILE: file, TEST_HSI_WEBHOOK_SECRET: 'hsi-secret', TEST_DEA_WEBHOOK_SECRET: 'dea-secret', SUBGRAPH_TIMEOUT_MS: '20000' });
    system = await startTestSystem({ seedScale: 1 });
    persons = await newPersons(system, 3, 'Notification');
  });
  afterAll(async () => {
    await system?.stop();
    await hsiHook.close();
    await deaHook.close();
    for (const [name, value] of [['UNITY_WEBHOOKS_FILE', saved.file], ['TEST_HSI_WEBHOOK_SECRET', saved.hsi], ['TEST_DEA_WEBHOOK_SECRET', saved.dea], ['SUBGRAPH_TIMEOUT_MS', saved.timeout]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const interdiction = async (person: string) => (await system.query(RECORD_INTERDICTION, {
    input: { occurredAt: new Date().toISOString(), type: 'APPREHENSION', sector: 'Tucson', station: 'Ajo', location: { latitude: 32.37, longitude: -112.86 }, subjectIds: [person] },
  }, { agency: 'CBP' })).data.recordInterdiction.interdiction.id as string;

  it('GET /notifications streams an agency\'s notices and resumes after Last-Event-ID without gaps or repeats', async () => {
    const person = persons[0];
    const opened = await system.query(OPEN_CASE, { input: { caseNumber: `HSI-SSE-2026-${Date.now() % 100000}`, title: 'Stream', subjects: [{ personId: person, role: 'TARGET' }] } }, { agency: 'HSI' });
    expect(await indexed(system, opened.data.openCase.case.id)).toBe(true);
    for (let i = 0; i < 3; i++) await interdiction(person);
    await eventually(() => noticesOf(system, 'HSI'), (n) => n.length >= 3);
    const first = await readNotices(system.gateway.url, 'HSI', 3);
    expect(first.map((e) => e.id)).toEqual(['1', '2', '3']);

    // While nobody listens, more notices; one more while the resumed stream is open.
    for (let i = 0; i < 4; i++) await interdiction(person);
    const resumed = readNotices(system.gateway.url, 'HSI', 5, '3');
    await eventually(() => noticesOf(system, 'HSI'), (n) => n.length >= 7);
    await interdiction(person);
    const rest = await resumed;
    expect(rest.map((e) => e.id)).toEqual(['4', '5', '6', '7', '8']);
    const listed = await eventually(() => noticesOf(system, 'HSI'), (n) => n.length >= 8);
    const bySequence = new Map(listed.map((n) => [String(n.sequence), n]));
    for (const event of [...first, ...rest]) {
      expect(event.data.id).toBe(bySequence.get(event.id)!.id);
      expect(event.data.summary).toBe(bySequence.get(event.id)!.summary);
    }
    // Every notice streamed is on the audit trail before it left.
    const audit = new Pool({ connectionString: urlForDatabase(serverUrl(), databaseName('audit', system.prefix)) });
    try {
      const { rows } = await audit.query(`SELECT disseminated FROM audit_event WHERE operation_name = 'GET /notifications' AND agency = 'HSI'`);
      const audited = new Set(rows.flatMap((r) => r.disseminated.DeconflictionNotice ?? []));
      for (const event of [...first, ...rest]) expect(audited.has(event.data.id)).toBe(true);
    } finally {
      await audit.end();
    }
  });

  it('refuses a stream without a valid token (401) or without the deconfliction scope (403)', async () => {
    expect((await fetch(new URL('/notifications', system.gateway.url))).status).toBe(401);
    const mex = await signDevelopmentToken({ agency: 'MEX' });
    expect((await fetch(new URL('/notifications', system.gateway.url), { headers: { authorization: `Bearer ${mex}` } })).status).toBe(403);
  });

  it('webhooks: signed deliveries, retried, dead-lettered after the last attempt, and sent again by npm run notices -- --redeliver', async () => {
    const person = persons[1];
    for (const agency of ['HSI', 'DEA']) expect((await system.query(WATCH, { input: { subjectId: person } }, { agency })).errors).toBeUndefined();
    const id = await interdiction(person);
    const dea = await eventually(async () => deaHook.deliveries.filter((d) => d.body.counterpart.recordId === id), (d) => d.length > 0, 30_000);
    expect(dea).toHaveLength(1);
    expect(dea[0]).toMatchObject({ verified: true, attempt: 1, body: { agency: 'DEA', counterpart: { agency: 'CBP', recordId: id } } });
    const [deaNotice] = (await noticesOf(system, 'DEA')).filter((n) => n.counterpart.recordId === id);
    expect(dea[0].id).toBe(deaNotice.id);

    const db = system.subgraphs.deconfliction.db;
    const [hsiNotice] = (await eventually(() => noticesOf(system, 'HSI'), (n) => n.some((x) => x.counterpart.recordId === id))).filter((n) => n.counterpart.recordId === id);
    const dead = await eventually(() => db.query(`SELECT attempts, dead_at, last_error FROM webhook_delivery WHERE notice_id = $1`, [hsiNotice.id]), (r) => r[0]?.dead_at !== null && r[0]?.dead_at !== undefined, 30_000);
    expect(dead[0]).toMatchObject({ attempts: 3, last_error: 'HTTP 500' });
    expect(hsiHook.deliveries.filter((d) => d.id === hsiNotice.id).map((d) => d.attempt)).toEqual([1, 2, 3]);

    hsiOk = true;
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(projectRoot, 'dist', 'scripts', 'notices.js'), '--redeliver', '--agency', 'HSI'], {
      env: { ...process.env, DATABASE_URL: serverUrl(), DATABASE_PREFIX: system.prefix },
    });
    expect(stdout).toMatch(/^[1-9]\d* dead letters? queued/);
    const again = await eventually(async () => hsiHook.deliveries.filter((d) => d.id === hsiNotice.id), (d) => d.length === 4, 30_000);
    expect(again.at(-1)).toMatchObject({ verified: true, attempt: 1, body: { id: hsiNotice.id, agency: 'HSI' } });
    // The row is marked once the receiver's answer is back.
    const delivered = await eventually(() => db.query(`SELECT delivered_at FROM webhook_delivery WHERE notice_id = $1`, [hsiNotice.id]), (r) => r[0]?.delivered_at !== null, 30_000);
    expect(delivered[0].delivered_at).not.toBeNull();
  });

  it('a consumer that receives every event again changes nothing', async () => {
    const db = system.subgraphs.deconfliction.db;
    const count = async () => (await db.query(`SELECT count(*)::int AS n FROM deconfliction_notice`))[0].n as number;
    const before = await count();
    expect(before).toBeGreaterThan(0);
    // Back to the start of the stream: every event so far is delivered again.
    if (process.env.NATS_URL) {
      const nc = await connect({ servers: process.env.NATS_URL });
      await (await jetstreamManager(nc)).consumers.delete(eventNamespace(system.prefix).stream, 'deconfliction');
      await nc.close();
    } else {
      const log = new Pool({ connectionString: urlForDatabase(serverUrl(), eventNamespace(system.prefix).database) });
      await log.query(`UPDATE event_consumer SET position = 0 WHERE name = 'deconfliction'`);
      await log.end();
    }
    // A new event after all of them: once its notices exist, the replay before it is done.
    const person = persons[2];
    expect((await system.query(WATCH, { input: { subjectId: person } }, { agency: 'FBI' })).errors).toBeUndefined();
    const marker = await interdiction(person);
    await eventually(() => noticesOf(system, 'FBI'), (n) => n.some((x) => x.counterpart.recordId === marker), 30_000);
    expect(await count()).toBe(before + 2); // the marker's: the FBI watch's and CBP's
    // And the consumer really was handed every event again.
    if (process.env.NATS_URL) {
      const nc = await connect({ servers: process.env.NATS_URL });
      const jsm = await jetstreamManager(nc);
      const { stream } = eventNamespace(system.prefix);
      const [consumer, info] = [await jsm.consumers.info(stream, 'deconfliction'), await jsm.streams.info(stream)];
      await nc.close();
      expect(consumer.delivered.consumer_seq).toBeGreaterThanOrEqual(info.state.messages);
    } else {
      const log = new Pool({ connectionString: urlForDatabase(serverUrl(), eventNamespace(system.prefix).database) });
      const [{ position, last }] = (await log.query(`SELECT (SELECT position FROM event_consumer WHERE name = 'deconfliction') AS position, (SELECT max(seq) FROM event_log) AS last`)).rows;
      await log.end();
      expect(Number(position)).toBe(Number(last));
    }
  });
});
