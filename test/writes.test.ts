import { ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { callerOf, operatorHeaders, serverUrl, signedHeaders, startTestSystem, TestSystem } from './support/harness';
import { generateRegistry } from '../lib/seed/registry';
import { projectRoot } from '../lib/config';

const record = `mutation($input: RecordInterdictionInput!) { recordInterdiction(input: $input) { interdiction { id } } }`;

describe('writes lose nothing', () => {
  let system: TestSystem;
  const registry = generateRegistry(1);
  const organization = registry.organizations[0];
  const input = (extra: Record<string, unknown> = {}) => ({
    occurredAt: '2026-09-01T10:00:00Z', type: 'SEIZURE', sector: 'Yuma', station: 'Wellton', location: { latitude: 32.7, longitude: -114.1 },
    organizationId: organization.id, seizures: [{ category: 'CURRENCY', quantity: 50000, unit: 'USD', estimatedValueUsd: 50000 }], ...extra,
  });

  // A subgraph this file starts itself must not outlive it, even when a test times out before its own cleanup.
  const spawned = new Set<ChildProcess>();
  let stopWriters = () => {};

  beforeAll(async () => {
    system = await startTestSystem({ seedScale: 1 });
  });
  afterAll(async () => {
    stopWriters();
    for (const child of spawned) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await system?.stop();
  });

  it('50 concurrent calls with the same clientMutationId create exactly one record and all get the same answer', async () => {
    const answers = await Promise.all(Array.from({ length: 50 }, () => system.query(record, { input: input({ clientMutationId: 'burst-50' }) }, { agency: 'CBP' })));
    expect(answers.every((a) => a.errors === undefined)).toBe(true);
    const ids = new Set(answers.map((a) => a.data.recordInterdiction.interdiction.id));
    expect(ids.size).toBe(1);
    const [{ n }] = await system.subgraphs.interdictions.db.query(`SELECT count(*)::int AS n FROM interdiction WHERE id = $1`, [[...ids][0]]);
    expect(n).toBe(1);
    const [{ receipts }] = await system.subgraphs.interdictions.db.query(`SELECT count(*)::int AS receipts FROM mutation_receipt WHERE client_mutation_id = 'burst-50'`);
    expect(receipts).toBe(1);
  });

  it('a retry repeats its arguments; the same clientMutationId with other arguments is refused and writes nothing', async () => {
    const first = await system.query(record, { input: input({ clientMutationId: 'reused-id' }) }, { agency: 'CBP' });
    expect(first.errors).toBeUndefined();
    const retry = await system.query(record, { input: input({ clientMutationId: 'reused-id' }) }, { agency: 'CBP' });
    expect(retry.data.recordInterdiction.interdiction.id).toBe(first.data.recordInterdiction.interdiction.id);
    const other = await system.query(record, { input: input({ clientMutationId: 'reused-id', station: 'Tacna' }) }, { agency: 'CBP' });
    expect(other.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'clientMutationId' });
    expect(other.errors?.[0].message).toBe('clientMutationId "reused-id" was already used for a recordInterdiction with other arguments; a retry sends the same arguments, a new write a new id.');
    const [{ n }] = await system.subgraphs.interdictions.db.query(`SELECT count(*)::int AS n FROM interdiction WHERE station = 'Tacna'`);
    expect(n).toBe(0);
  });

  it('a failure part-way through a mutation leaves nothing half-written', async () => {
    const db = system.subgraphs.interdictions.db;
    const before = (await db.query(`SELECT count(*)::int AS n FROM interdiction`))[0].n;
    // The seizure insert, after the interdiction insert in the same transaction, fails.
    await db.query(`CREATE FUNCTION fail_seizure() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full (simulated)'; END $$`);
    await db.query(`CREATE TRIGGER fail_seizure BEFORE INSERT ON seizure FOR EACH ROW EXECUTE FUNCTION fail_seizure()`);
    try {
      const { data, errors } = await system.query(record, { input: input({ clientMutationId: 'half-written' }) }, { agency: 'CBP' });
      expect(data.recordInterdiction).toBeNull();
      expect(errors?.length).toBeGreaterThan(0);
    } finally {
      await db.query(`DROP TRIGGER fail_seizure ON seizure`);
      await db.query(`DROP FUNCTION fail_seizure()`);
    }
    expect((await db.query(`SELECT count(*)::int AS n FROM interdiction`))[0].n).toBe(before);
    // The receipt was rolled back too: the retry now succeeds.
    const retry = await system.query(record, { input: input({ clientMutationId: 'half-written' }) }, { agency: 'CBP' });
    expect(retry.errors).toBeUndefined();
  });

  it('a subgraph killed during a burst of writes loses no acknowledged write', async () => {
    const port = await freePort();
    const env = { ...process.env, DATABASE_URL: serverUrl(), DATABASE_PREFIX: system.prefix, INTERDICTIONS_PORT: String(port), TARGETS_URL: system.subgraphUrls.targets };
    const start = () => {
      const started = spawn(process.execPath, [path.join(projectRoot, 'dist', 'subgraphs', 'interdictions', 'index.js')], { env, stdio: 'ignore' });
      spawned.add(started);
      return started;
    };
    const url = `http://127.0.0.1:${port}/graphql`;
    let child: ChildProcess = start();
    await waitForHealth(port);
    const acknowledged: string[] = [];
    let stop = false;
    stopWriters = () => (stop = true);
    const writer = async () => {
      while (!stop) {
        try {
          const request = JSON.stringify({ query: record, variables: { input: input() } });
          const response = await fetch(url, { method: 'POST', headers: await signedHeaders('interdictions', callerOf('CBP'), request), body: request });
          const body = (await response.json()) as any;
          if (body.data?.recordInterdiction) acknowledged.push(body.data.recordInterdiction.interdiction.id);
        } catch {
          // the connection died with the process: that write was never acknowledged
        }
      }
    };
    const writers = Array.from({ length: 8 }, writer);
    while (acknowledged.length < 40) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 300));
    stop = true;
    await Promise.all(writers);
    child = start();
    try {
      await waitForHealth(port);
      const rows: { id: string }[] = await system.subgraphs.interdictions.db.query(`SELECT id FROM interdiction WHERE id = ANY($1)`, [acknowledged]);
      expect(acknowledged.length).toBeGreaterThanOrEqual(40);
      expect(rows.length).toBe(acknowledged.length);
    } finally {
      child.kill('SIGTERM');
    }
  }, 60_000);
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(port: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`, { headers: operatorHeaders() })).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('subgraph did not come up');
}
