import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { Pool } from 'pg';
import { freePort, serverUrl, startTestSystem, TestSystem, uniquePrefix, waitForUrl } from './support/harness';
import { eventually, newPersons, OPEN_CASE, RECORD_INTERDICTION } from './support/deconfliction';
import { projectRoot } from '../lib/config';
import { databaseName, urlForDatabase } from '../lib/database/server';

/**
 * The relay and the deconfliction service run as processes of their own here (as under npm start),
 * so that they can be killed without warning in the middle of a burst of writes.
 */
describe('notices survive SIGKILL of the relay and the deconfliction service', () => {
  const prefix = uniquePrefix('crash');
  let system: TestSystem;
  let port: number;
  let deconfliction: Pool;
  const children: ChildProcess[] = [];

  const spawnDist = (entry: string, env: NodeJS.ProcessEnv) => {
    const child = spawn(process.execPath, [path.join(projectRoot, 'dist', entry)], { env, stdio: 'ignore' });
    children.push(child);
    return child;
  };
  const kill = async (child: ChildProcess) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  };

  const savedTimeout = process.env.SUBGRAPH_TIMEOUT_MS;
  beforeAll(async () => {
    // About losing nothing, not about speed: a busy machine must not turn writes into gateway timeouts.
    process.env.SUBGRAPH_TIMEOUT_MS = '20000';
    port = await freePort();
    system = await startTestSystem({ seedScale: 1, prefix, relay: false, external: { deconfliction: `http://127.0.0.1:${port}/graphql` } });
    deconfliction = new Pool({ connectionString: urlForDatabase(serverUrl(), databaseName('deconfliction', prefix)) });
  });
  afterAll(async () => {
    if (savedTimeout === undefined) delete process.env.SUBGRAPH_TIMEOUT_MS;
    else process.env.SUBGRAPH_TIMEOUT_MS = savedTimeout;
    for (const child of children) await kill(child);
    await deconfliction?.end();
    await system?.stop();
  });

  it('every write of a burst of 200 yields its two notices exactly once after both restart', async () => {
    const env = { ...process.env, DATABASE_URL: serverUrl(), DATABASE_PREFIX: prefix, DECONFLICTION_PORT: String(port), TARGETS_URL: system.subgraphUrls.targets };
    const startBoth = async () => {
      const service = spawnDist('subgraphs/deconfliction/index.js', env);
      await waitForUrl(`http://127.0.0.1:${port}/health`);
      return { service, relay: spawnDist('relay/index.js', env) };
    };
    let running = await startBoth();

    const [person] = await newPersons(system, 1, 'Crash');
    const opened = await system.query(OPEN_CASE, { input: { caseNumber: `HSI-CRASH-2026-${Date.now() % 100000}`, title: 'Burst', subjects: [{ personId: person, role: 'TARGET' }] } }, { agency: 'HSI' });
    expect(opened.errors).toBeUndefined();
    const caseId = opened.data.openCase.case.id;
    await eventually(() => deconfliction.query(`SELECT 1 FROM deconfliction_interest WHERE id = $1`, [caseId]).then((r) => r.rows), (rows) => rows.length > 0, 30_000);

    const acknowledged: string[] = [];
    const failures: unknown[] = [];
    let next = 0;
    const writer = async () => {
      while (next < 200) {
        next++;
        const { data, errors } = await system.query(RECORD_INTERDICTION, {
          input: { occurredAt: new Date().toISOString(), type: 'APPREHENSION', sector: 'Yuma', station: 'Wellton', location: { latitude: 32.67, longitude: -114.14 }, subjectIds: [person] },
        }, { agency: 'CBP' });
        if (errors) failures.push(errors);
        else acknowledged.push(data.recordInterdiction.interdiction.id);
      }
    };
    const burst = Promise.all(Array.from({ length: 6 }, writer));
    while (acknowledged.length < 60) await new Promise((resolve) => setTimeout(resolve, 10));
    await Promise.all([kill(running.relay), kill(running.service)]);
    const killedAt = acknowledged.length;
    while (acknowledged.length < 140 && acknowledged.length + failures.length < 200) await new Promise((resolve) => setTimeout(resolve, 10));
    running = await startBoth();
    await burst;
    expect(killedAt).toBeLessThan(140);
    // Every committed write counts (one the gateway gave up waiting for may have committed too).
    const committed = (await system.subgraphs.interdictions.db.query(`SELECT interdiction_id AS id FROM interdiction_subject WHERE person_id = $1`, [person])).map((r: { id: string }) => r.id);
    expect(failures.length).toBeLessThan(20);
    expect(committed.length).toBeGreaterThanOrEqual(acknowledged.length);
    expect(committed).toEqual(expect.arrayContaining(acknowledged));

    const byInterdiction = async () => (await deconfliction.query(
      `SELECT recipient_agency, CASE WHEN recipient_agency = 'HSI' THEN counterpart->>'recordId' ELSE yours->>'recordId' END AS interdiction, count(*)::int AS n
         FROM deconfliction_notice WHERE (recipient_agency = 'HSI' AND yours->>'recordId' = $1) OR (recipient_agency = 'CBP' AND counterpart->>'recordId' = $1)
        GROUP BY 1, 2`, [caseId])).rows as { recipient_agency: string; interdiction: string; n: number }[];
    const rows = await eventually(byInterdiction, (r) => r.length >= 2 * committed.length, 60_000);
    for (const agency of ['HSI', 'CBP']) {
      const mine = rows.filter((r) => r.recipient_agency === agency);
      expect(mine.map((r) => r.interdiction).sort()).toEqual([...committed].sort());
      expect(mine.every((r) => r.n === 1)).toBe(true);
    }
    // HSI's sequence has no holes: a stream resuming anywhere in it misses nothing.
    const { rows: [hsi] } = await deconfliction.query(`SELECT count(*)::int AS n, max(sequence)::int AS last FROM deconfliction_notice WHERE recipient_agency = 'HSI'`);
    expect(hsi.last).toBe(hsi.n);
  }, 300_000); // a burst of writes through the gateway: minutes on a busy machine
});
