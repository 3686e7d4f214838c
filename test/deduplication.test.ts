import http from 'node:http';
import { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { queryGateway, serverUrl, startTestSystem, TestSystem } from './support/harness';
import { startGateway } from '../gateway/server';
import { metrics } from '../lib/observability/metrics';
import { AUDIENCE_HEADER, deduplicateInflight } from '../gateway/resilience/inflight-deduplication';
import { operationDocument } from '../operations';
import { generateRegistry } from '../lib/seed/registry';
import { databaseName, urlForDatabase } from '../lib/database/server';

describe('identical subgraph fetches in flight are sent once, per audience', () => {
  let server: http.Server;
  let url: string;
  const received: { audience?: string; body: string }[] = [];

  beforeAll(async () => {
    // A slow upstream: every fetch stays in flight long enough for its twins to arrive.
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ audience: req.headers[AUDIENCE_HEADER] as string | undefined, body });
        setTimeout(() => res.setHeader('content-type', 'application/json').end(JSON.stringify({ data: { echo: body, n: received.length } })), 150);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => (received.length = 0));

  const send = (fetch: ReturnType<typeof deduplicateInflight>, body: string, audience?: string) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(audience ? { [AUDIENCE_HEADER]: audience } : {}) }, body }).then((r) => r.json() as Promise<any>);

  it('ten identical queries for one audience reach the subgraph once; each caller gets its own copy', async () => {
    const fetch = deduplicateInflight('test', globalThis.fetch);
    const answers = await Promise.all(Array.from({ length: 10 }, () => send(fetch, '{"query":"query Q{a}"}', 'HSI investigations:read')));
    expect(received).toHaveLength(1);
    expect(received[0].audience).toBeUndefined(); // the audience header is never sent on
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    answers[0].data.echo = 'changed by one caller';
    expect(answers[1].data.echo).toBe('{"query":"query Q{a}"}');
  });

  it('never shares an answer across agencies or scopes, or between different documents', async () => {
    const fetch = deduplicateInflight('test', globalThis.fetch);
    await Promise.all([
      send(fetch, '{"query":"query Q{a}"}', 'HSI investigations:read'),
      send(fetch, '{"query":"query Q{a}"}', 'MEX targets:read'),
      send(fetch, '{"query":"query Q{a}"}', 'HSI investigations:read investigations:sensitive'),
      send(fetch, '{"query":"query Q{b}"}', 'HSI investigations:read'),
    ]);
    expect(received).toHaveLength(4);
  });

  it('sends every fetch that has no audience (mutations), and everything when switched off', async () => {
    const fetch = deduplicateInflight('test', globalThis.fetch);
    await Promise.all(Array.from({ length: 3 }, () => send(fetch, '{"query":"mutation M{a}"}')));
    expect(received).toHaveLength(3);
    const off = deduplicateInflight('test', globalThis.fetch, false);
    await Promise.all(Array.from({ length: 3 }, () => send(off, '{"query":"query Q{a}"}', 'HSI')));
    expect(received).toHaveLength(6);
  });
});

describe('deduplication through the gateway', () => {
  let system: TestSystem;
  const registry = generateRegistry(1);
  const id = registry.organizations[0].id;

  beforeAll(async () => {
    // This is about who gets what, not deadlines: a busy CI machine must not turn it into a timeout.
    system = await startTestSystem({ seedScale: 1, subgraphTimeoutMs: 15_000 });
  });
  afterAll(() => system?.stop());

  it('concurrent dossiers for different agencies each get exactly what their agency gets alone', async () => {
    const dossier = operationDocument('TargetDossier');
    const alone = {
      HSI: await system.query(dossier, { id }, { agency: 'HSI' }),
      MEX: await system.query(dossier, { id }, { agency: 'MEX' }),
    };
    expect(alone.HSI.errors).toBeUndefined();
    expect(alone.HSI.data.organization.cases.totalCount).toBeGreaterThan(0);
    expect(alone.MEX.data.organization.cases).toBeNull(); // MEX holds no investigations scope
    const agencies = Array.from({ length: 8 }, (_, i) => (i % 2 ? 'MEX' : 'HSI') as 'HSI' | 'MEX');
    const together = await Promise.all(agencies.map((agency) => system.query(dossier, { id }, { agency })));
    together.forEach((answer) => expect((answer.errors ?? []).filter((e) => e.extensions?.code !== 'FORBIDDEN')).toEqual([]));
    together.forEach((answer, i) => expect(answer).toEqual(alone[agencies[i]]));
  });

  it('identical dossiers in flight at once reach the registry once: the others wait for that answer', async () => {
    // A gate in front of the registry holds its GraphQL requests until the test opens it.
    const upstream = system.subgraphUrls.targets;
    let held = 0;
    let open!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    const gate = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', async () => {
        held += 1;
        await opened;
        const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !['host', 'content-length', 'connection'].includes(name))) as Record<string, string>;
        const answer = await fetch(upstream, { method: 'POST', headers, body });
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(await answer.text());
      });
    });
    await new Promise<void>((resolve) => gate.listen(0, '127.0.0.1', resolve));
    // Without the gateway's response cache and its coalescing of identical operations: this is about
    // subgraph fetches (and the cache's generation, part of the deduplication key, moves as its change
    // streams come up).
    Object.assign(process.env, { GATEWAY_CACHE_MIB: '0', GATEWAY_COALESCE: 'off' });
    const gateway = await startGateway({ port: 0, audit: false, subgraphUrls: { ...system.subgraphUrls, targets: `http://127.0.0.1:${(gate.address() as AddressInfo).port}/graphql` } });
    delete process.env.GATEWAY_CACHE_MIB;
    delete process.env.GATEWAY_COALESCE;
    const deduplicated = async () => (await metrics.getSingleMetric('unity_gateway_subgraph_fetches_deduplicated_total')!.get()).values
      .filter((v) => v.labels.subgraph === 'targets').reduce((n, v) => n + v.value, 0);
    try {
      const dossier = operationDocument('TargetDossier');
      const before = await deduplicated();
      const answers = Promise.all(Array.from({ length: 4 }, () => queryGateway(gateway.url, dossier, { id }, { agency: 'HSI' })));
      // Every request's first fetch has either reached the gate or joined one that did.
      while (held + (await deduplicated()) - before < 4) await new Promise((resolve) => setTimeout(resolve, 10));
      const reachedTheRegistry = held;
      open();
      const [first, ...rest] = await answers;
      expect(reachedTheRegistry).toBe(1);
      expect((await deduplicated()) - before).toBeGreaterThanOrEqual(3);
      expect(first.errors).toBeUndefined();
      for (const answer of rest) expect(answer).toEqual(first);
    } finally {
      open();
      await gateway.stop();
      await new Promise((resolve) => gate.close(resolve));
    }
  });

  it('identical concurrent queries of one agency execute once, and each is audited as if it had executed', async () => {
    const coalesced = async () => ((await metrics.getSingleMetric('unity_gateway_operations_coalesced_total')?.get())?.values[0]?.value ?? 0);
    const before = await coalesced();
    const document = `query CoalescedDossier($id: UUID!) { organization(id: $id) { id name members(first: 5) { edges { node { person { id name } } } } } }`;
    const answers = await Promise.all(Array.from({ length: 6 }, () => system.query(document, { id }, { agency: 'HSI' })));
    expect(answers[0].errors).toBeUndefined();
    answers.forEach((answer) => expect(answer).toEqual(answers[0]));
    expect(await coalesced()).toBeGreaterThan(before);
    const audit = new Client({ connectionString: urlForDatabase(serverUrl(), databaseName('audit', system.prefix)) });
    await audit.connect();
    try {
      const { rows } = await audit.query(`SELECT disseminated FROM audit_event WHERE operation_name = 'CoalescedDossier'`);
      expect(rows).toHaveLength(6);
      const persons = answers[0].data.organization.members.edges.map((e: any) => e.node.person.id).sort();
      for (const row of rows) expect({ organization: row.disseminated.Organization, persons: [...row.disseminated.Person].sort() }).toEqual({ organization: [id], persons });
    } finally {
      await audit.end();
    }
  });
});
