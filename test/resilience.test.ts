import http from 'node:http';
import { AddressInfo } from 'node:net';
import { operatorHeaders, queryGateway, serverUrl, startTestSystem, TestSystem } from './support/harness';
import { startGateway } from '../gateway/server';
import { databaseName, withAdminClient } from '../lib/database/server';
import { generateRegistry } from '../lib/seed/registry';

/** A stand-in for a subgraph that is slow: it forwards to the real one after a delay, or never answers. */
async function delayingProxy(target: string, delayMs: number | 'never'): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      if (delayMs === 'never') return;
      setTimeout(async () => {
        const upstream = await fetch(target, { method: 'POST', headers: req.headers as Record<string, string>, body: Buffer.concat(chunks) });
        res.writeHead(upstream.status, { 'content-type': 'application/json' });
        res.end(Buffer.from(await upstream.arrayBuffer()));
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/**
 * A subgraph that answers, except for documents `stuck` picks, which it never answers: one caller's
 * expensive document while the subgraph keeps serving everyone else.
 */
async function selectivelyStuckProxy(target: string, stuck: (body: string) => boolean): Promise<{ url: string; close(): Promise<void> }> {
  const origin = new URL(target).origin;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      if (req.method === 'POST' && stuck(body.toString())) return;
      const upstream = await fetch(origin + req.url, { method: req.method, headers: req.headers as Record<string, string>, body: req.method === 'POST' ? body : undefined });
      res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
      res.end(Buffer.from(await upstream.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/**
 * A subgraph that can be frozen like a SIGSTOPped process: it accepts connections and requests and
 * never answers, until thawed, when it forwards to the real one again. Counts the GraphQL requests it gets.
 */
async function freezableSubgraph(target: string): Promise<{ url: string; frozen: boolean; received: number; close(): Promise<void> }> {
  const state = { frozen: true, received: 0 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      if (req.method !== 'POST') return void res.writeHead(404).end();
      state.received += 1;
      if (state.frozen) return;
      const upstream = await fetch(target, { method: 'POST', headers: req.headers as Record<string, string>, body: Buffer.concat(chunks) });
      res.writeHead(upstream.status, { 'content-type': 'application/json' });
      res.end(Buffer.from(await upstream.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(state, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  });
}

describe('one agency down is not everyone down', () => {
  let system: TestSystem;
  const registry = generateRegistry(1);
  const organization = registry.organizations[0];
  const ask = (url: string) => queryGateway(url, `query($id: UUID!) { organization(id: $id) { name interdictions(first: 1) { totalCount } } }`, { id: organization.id });
  /** A gateway that waits 0.3 s for an interdictions subgraph that never answers, for `work`. */
  const withSilentInterdictions = async (work: (url: string) => Promise<void>) => {
    const silent = await delayingProxy(system.subgraphUrls.interdictions, 'never');
    process.env.SUBGRAPH_TIMEOUT_MS = '300';
    const gateway = await startGateway({ port: 0, audit: false, subgraphUrls: { ...system.subgraphUrls, interdictions: silent.url } });
    delete process.env.SUBGRAPH_TIMEOUT_MS;
    try {
      await work(gateway.url);
    } finally {
      await gateway.stop();
      await silent.close();
    }
  };

  beforeAll(async () => {
    system = await startTestSystem({ seedScale: 1 });
  });
  afterAll(() => system?.stop());

  it('answers clearly while a subgraph\'s database is away, and recovers by itself when it returns', async () => {
    const database = databaseName('interdictions', system.prefix);
    await withAdminClient(serverUrl(), async (admin) => {
      await admin.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS false`);
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [database]);
    });
    try {
      const during = await ask(system.gateway.url);
      expect(during.status).toBe(200);
      expect(during.data.organization.name).toBe(organization.name);
      expect(during.data.organization.interdictions).toBeNull();
      expect(during.errors?.[0].extensions).toMatchObject({ code: 'DATABASE_UNAVAILABLE', serviceName: 'interdictions' });
    } finally {
      await withAdminClient(serverUrl(), (admin) => admin.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS true`));
    }
    const after = await ask(system.gateway.url);
    expect(after.errors).toBeUndefined();
    expect(after.data.organization.interdictions.totalCount).toBeGreaterThan(0);
  });

  it('bounds the wait for a subgraph that does not answer', async () => {
    await withSilentInterdictions(async (url) => {
      const { status, data, errors } = await ask(url);
      expect(status).toBe(200);
      expect(data.organization.name).toBe(organization.name);
      expect(errors?.[0].extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'interdictions' });
      expect(errors?.[0].message).toMatch(/did not answer within 0.3s/);
    });
  });

  it('does not suspend a subgraph for everyone because one caller\'s documents time out while it answers others', async () => {
    const proxy = await selectivelyStuckProxy(system.subgraphUrls.interdictions, (body) => body.includes('"n":7'));
    process.env.SUBGRAPH_TIMEOUT_MS = '400';
    const gateway = await startGateway({ port: 0, audit: false, subgraphUrls: { ...system.subgraphUrls, interdictions: proxy.url } });
    delete process.env.SUBGRAPH_TIMEOUT_MS;
    const expensive = `query($id: UUID!, $n: Int!) { organization(id: $id) { name interdictions(first: $n) { totalCount } } }`;
    try {
      // Eight timeouts of one caller's document: far past the breaker's volume and failure rate.
      for (let i = 0; i < 8; i++) {
        const slow = await queryGateway(gateway.url, expensive, { id: organization.id, n: 7 }, { agency: 'DEA', headers: { 'cache-control': 'no-cache' } });
        expect(slow.data.organization.name).toBe(organization.name);
        expect(slow.errors?.[0].extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'interdictions', reason: 'REQUEST_TOO_SLOW' });
        expect(slow.errors?.[0].message).toMatch(/ask for less/i);
      }
      // Another caller's ordinary read is still answered in full: the circuit stayed closed.
      const other = await queryGateway(gateway.url, expensive, { id: organization.id, n: 1 }, { agency: 'HSI' });
      expect(other.errors).toBeUndefined();
      expect(other.data.organization.interdictions.totalCount).toBeGreaterThan(0);
    } finally {
      await gateway.stop();
      await proxy.close();
    }
  });

  it('a frozen subgraph costs a sequential client its timeout twice, not every time, and full answers return once it thaws', async () => {
    const frozen = await freezableSubgraph(system.subgraphUrls.interdictions);
    const settings = { SUBGRAPH_TIMEOUT_MS: '500', SUBGRAPH_BREAKER_RESET_MS: '3000', SUBGRAPH_BREAKER_CONSECUTIVE_FAILURES: '2' };
    Object.assign(process.env, settings);
    const gateway = await startGateway({ port: 0, audit: false, subgraphUrls: { ...system.subgraphUrls, interdictions: frozen.url } });
    for (const name of Object.keys(settings)) delete process.env[name];
    // Every request is asked afresh, as an analyst clicking through different records would.
    const askFresh = () => queryGateway(gateway.url, `query($id: UUID!) { organization(id: $id) { name interdictions(first: 1) { totalCount } } }`, { id: organization.id }, { headers: { 'cache-control': 'no-cache' } });
    try {
      for (let i = 1; i <= 2; i++) {
        const waited = await askFresh();
        expect(waited.data.organization.name).toBe(organization.name);
        expect(waited.errors?.[0].extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'interdictions' });
        expect(waited.errors?.[0].message).toMatch(/did not answer within 0.5s/);
      }
      expect(frozen.received).toBe(2);
      for (let i = 3; i <= 6; i++) {
        const answered = await askFresh();
        expect(answered.status).toBe(200);
        expect(answered.data.organization.name).toBe(organization.name);
        expect(answered.data.organization.interdictions).toBeNull();
        expect(answered.errors?.[0].extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'interdictions', reason: 'CIRCUIT_OPEN' });
      }
      // A write held back by the open circuit was never sent, and the answer says so.
      const held = await queryGateway(gateway.url, `mutation { recordInterdiction(input: { occurredAt: "2026-11-01T00:00:00Z", type: SEIZURE, sector: "Yuma", station: "Wellton", location: { latitude: 32.7, longitude: -114.1 } }) { interdiction { id } } }`, {}, { agency: 'CBP' });
      expect(held.errors?.[0].extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', reason: 'CIRCUIT_OPEN' });
      expect(held.errors?.[0].message).toMatch(/Nothing was recorded; try again in 3s\./);
      // The open circuit answered for it: the frozen subgraph was not called again.
      expect(frozen.received).toBe(2);

      frozen.frozen = false;
      let full = await askFresh();
      for (let attempt = 0; attempt < 40 && full.errors; attempt++) {
        await new Promise((r) => setTimeout(r, 250));
        full = await askFresh();
      }
      expect(full.errors).toBeUndefined();
      expect(full.data.organization.interdictions.totalCount).toBeGreaterThan(0);
    } finally {
      await gateway.stop();
      await frozen.close();
    }
  });

  it('tells a writer whose write went unanswered that it may have been recorded, and how to retry safely', async () => {
    await withSilentInterdictions(async (url) => {
      const { data, errors } = await queryGateway(url, `mutation($input: RecordInterdictionInput!) { recordInterdiction(input: $input) { interdiction { id } } }`, { input: {
        clientMutationId: `unanswered-${Date.now()}`, occurredAt: new Date(Date.now() - 60_000).toISOString(), type: 'SEIZURE', sector: 'Yuma', station: 'Wellton', location: { latitude: 32.7, longitude: -114.1 },
      } }, { agency: 'CBP' });
      expect(data?.recordInterdiction ?? null).toBeNull();
      expect(errors?.[0].extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'interdictions', reason: 'WRITE_OUTCOME_UNKNOWN' });
      expect(errors?.[0].message).toMatch(/may or may not have been recorded\. Retry with the same clientMutationId/);
      // Without a clientMutationId a retry is not safe, and the answer says so rather than advising one.
      const bare = await queryGateway(url, `mutation { recordInterdiction(input: { occurredAt: "2026-11-01T00:00:00Z", type: SEIZURE, sector: "Yuma", station: "Wellton", location: { latitude: 32.7, longitude: -114.1 } }) { clientMutationId interdiction { id } } }`,
        {}, { agency: 'CBP' });
      expect(bare.errors?.[0].extensions).toMatchObject({ reason: 'WRITE_OUTCOME_UNKNOWN' });
      expect(bare.errors?.[0].message).toMatch(/It carried no clientMutationId, so a retry may record it twice/);
    });
  });

  it('a write that must ask a frozen registry first fails in time, says nothing was recorded, and records nothing later', async () => {
    // The interdictions subgraph asks the registry whether it knows the organization before it writes.
    const frozen = await freezableSubgraph(system.subgraphUrls.targets);
    process.env.TARGETS_URL = frozen.url;
    const station = `Frozen registry ${Date.now()}`;
    try {
      const written = await system.query(`mutation($input: RecordInterdictionInput!) { recordInterdiction(input: $input) { interdiction { id } } }`, { input: {
        occurredAt: new Date(Date.now() - 60_000).toISOString(), type: 'SEIZURE', sector: 'Yuma', station, location: { latitude: 32.7, longitude: -114.1 }, organizationId: organization.id,
      } }, { agency: 'CBP' });
      expect(written.data?.recordInterdiction ?? null).toBeNull();
      expect(written.errors?.[0].extensions?.code).toBe('SUBGRAPH_UNAVAILABLE');
      expect(written.errors?.[0].message).toMatch(/The targets subgraph, which this must ask first, did not answer within 1s: nothing was recorded/);
      expect(frozen.received).toBe(1);
    } finally {
      delete process.env.TARGETS_URL;
      frozen.frozen = false;
      await frozen.close();
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await system.subgraphs.interdictions.db.query(`SELECT count(*)::int AS n FROM interdiction WHERE station = $1`, [station]))[0].n).toBe(0);
  });

  it('lets in-flight requests finish when the gateway drains, and refuses new ones', async () => {
    const slow = await delayingProxy(system.subgraphUrls.interdictions, 700);
    const gateway = await startGateway({ port: 0, audit: false, subgraphUrls: { ...system.subgraphUrls, interdictions: slow.url } });
    try {
      const inFlight = ask(gateway.url);
      await new Promise((r) => setTimeout(r, 200));
      const stopped = gateway.stop();
      const answer = await inFlight;
      expect(answer.status).toBe(200);
      expect(answer.errors).toBeUndefined();
      expect(answer.data.organization.interdictions.totalCount).toBeGreaterThan(0);
      await stopped;
      await expect(fetch(gateway.url, { method: 'POST' })).rejects.toThrow();
    } finally {
      await slow.close();
    }
  });

  it('returns what the other subgraphs know when one is down, and stops calling it once it is known dead', async () => {
    await system.subgraphs.interdictions.stop();
    const first = await ask(system.gateway.url);
    expect(first.status).toBe(200);
    expect(first.data.organization.name).toBe(organization.name);
    expect(first.data.organization.interdictions).toBeNull();
    expect(first.errors).toHaveLength(1);
    expect(first.errors?.[0].extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'interdictions' });

    for (let i = 0; i < 6; i++) await ask(system.gateway.url);
    const later = await ask(system.gateway.url);
    expect(later.data.organization.name).toBe(organization.name);
    expect(later.errors?.[0].message).toMatch(/suspended/);

    const ready = await fetch(system.gateway.url.replace('/graphql', '/ready'), { headers: operatorHeaders() });
    expect(ready.status).toBe(503);
    const report = (await ready.json()) as any;
    expect(report.subgraphs.interdictions).toMatchObject({ state: 'DOWN', circuit: 'DOWN' });
    expect(report.subgraphs.targets.state).toBe('UP');
  });
});
