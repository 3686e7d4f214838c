import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort, startTestSystem, TestSystem } from './support/harness';
import { eventually, indexed, newPersons, OPEN_CASE, RECORD_INTERDICTION } from './support/deconfliction';

/** A NATS server of this test's own (the machine's shared one is never stopped): the Debian package's binary. */
const NATS_SERVER = ['/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server'].find((file) => fs.existsSync(file));

// Without the binary the test is skipped on a developer's machine; in CI it must run.
(NATS_SERVER || process.env.CI ? describe : describe.skip)('with NATS stopped mid-burst', () => {
  let system: TestSystem;
  let nats: ChildProcess | null = null;
  let port: number;
  const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'unity-nats-'));
  const saved = process.env.NATS_URL;

  const startNats = async () => {
    if (!NATS_SERVER) throw new Error('nats-server is not installed (apt-get install nats-server): CI must run this test');
    nats = spawn(NATS_SERVER, ['-js', '-sd', storage, '-a', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (await new Promise((resolve) => net.connect(port, '127.0.0.1').once('connect', function (this: net.Socket) { this.end(); resolve(true); }).once('error', () => resolve(false)))) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('nats-server did not start');
  };
  const stopNats = async () => {
    const child = nats;
    nats = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  };

  const savedTimeout = process.env.SUBGRAPH_TIMEOUT_MS;
  beforeAll(async () => {
    // About losing nothing, not about speed: a busy machine must not turn writes into gateway timeouts.
    process.env.SUBGRAPH_TIMEOUT_MS = '20000';
    port = await freePort();
    await startNats();
    process.env.NATS_URL = `nats://127.0.0.1:${port}`;
    system = await startTestSystem({ seedScale: 1 });
  });
  afterAll(async () => {
    if (savedTimeout === undefined) delete process.env.SUBGRAPH_TIMEOUT_MS;
    else process.env.SUBGRAPH_TIMEOUT_MS = savedTimeout;
    if (!nats && NATS_SERVER && system) await startNats(); // so the stream can be removed
    await system?.stop();
    await stopNats();
    if (saved === undefined) delete process.env.NATS_URL;
    else process.env.NATS_URL = saved;
    fs.rmSync(storage, { recursive: true, force: true });
  });

  it('writes still succeed, events wait in the outbox, and every notice arrives once when NATS returns', async () => {
    const [person] = await newPersons(system, 1, 'Outage');
    const opened = await system.query(OPEN_CASE, { input: { caseNumber: `HSI-NATS-2026-${Date.now() % 100000}`, title: 'Outage', subjects: [{ personId: person, role: 'TARGET' }] } }, { agency: 'HSI' });
    const caseId = opened.data.openCase.case.id;
    expect(await indexed(system, caseId)).toBe(true);

    const acknowledged: string[] = [];
    const failures: unknown[] = [];
    let next = 0;
    const writer = async () => {
      while (next < 100) {
        next++;
        const { data, errors } = await system.query(RECORD_INTERDICTION, {
          input: { occurredAt: new Date().toISOString(), type: 'APPREHENSION', sector: 'Laredo', station: 'Cotulla', location: { latitude: 28.43, longitude: -99.23 }, subjectIds: [person] },
        }, { agency: 'CBP' });
        if (errors) failures.push(errors);
        else acknowledged.push(data.recordInterdiction.interdiction.id);
      }
    };
    const outbox = system.subgraphs.interdictions.db;
    const unpublished = async () => (await outbox.query(`SELECT count(*)::int AS n FROM outbox_event WHERE published_at IS NULL`))[0].n as number;
    const burst = Promise.all(Array.from({ length: 4 }, writer));
    while (acknowledged.length < 30) await new Promise((resolve) => setTimeout(resolve, 10));
    await stopNats();
    // The events of the writes made meanwhile wait in the outbox.
    expect(await eventually(unpublished, (n) => n >= 20, 30_000)).toBeGreaterThanOrEqual(20);
    await startNats();
    await burst;
    expect(failures).toEqual([]);
    expect(acknowledged).toHaveLength(100);

    const notices = await eventually(async () => (await system.subgraphs.deconfliction.db.query(
      `SELECT counterpart->>'recordId' AS interdiction, count(*)::int AS n FROM deconfliction_notice
        WHERE recipient_agency = 'HSI' AND yours->>'recordId' = $1 GROUP BY 1`, [caseId])) as { interdiction: string; n: number }[], (r) => r.length >= 100, 60_000);
    expect(notices.map((r) => r.interdiction).sort()).toEqual([...acknowledged].sort());
    expect(notices.every((r) => r.n === 1)).toBe(true);
    expect(await unpublished()).toBe(0);
  }, 300_000); // a burst of writes through the gateway: minutes on a busy machine
});
