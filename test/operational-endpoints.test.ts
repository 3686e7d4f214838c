import http from 'node:http';
import { AddressInfo } from 'node:net';
import { operatorHeaders, queryGateway, startTestSubgraph, TestSubgraph } from './support/harness';
import { startGateway, RunningGateway } from '../gateway/server';
import { SubgraphDataSource } from '../gateway/subgraph-fetch';
import { cachedReadiness } from '../gateway/resilience/readiness';
import { signSubgraphRequest, SUBGRAPH_TOKEN_HEADER } from '../lib/identity/subgraph-trust';
import { operationDocument } from '../operations';
import { targets } from '../subgraphs/targets/subgraph';
import { subgraphs } from '../subgraphs';

/** /metrics, /ready and a subgraph's /health answer operators (METRICS_TOKEN) and the gateway (signed), nobody else. */
describe('operational endpoints', () => {
  let registry: TestSubgraph;
  let gateway: RunningGateway;
  let base: string;

  beforeAll(async () => {
    registry = await startTestSubgraph(targets, { seedScale: 1 });
    // Only the registry runs; every other subgraph is somewhere nothing listens.
    const elsewhere = Object.fromEntries(subgraphs.map((s) => [s.name, 'http://127.0.0.1:1/graphql']));
    gateway = await startGateway({ port: 0, audit: false, subgraphUrls: { ...elsewhere, targets: registry.running.url } });
    base = gateway.url.replace('/graphql', '');
  });
  afterAll(async () => {
    await gateway?.stop();
    await registry?.stop();
  });

  it("the gateway's /metrics and /ready answer only METRICS_TOKEN; /health answers anyone", async () => {
    expect((await fetch(`${base}/health`)).status).toBe(200);
    for (const path of ['/metrics', '/ready']) {
      const anonymous = await fetch(`${base}${path}`);
      expect(anonymous.status).toBe(401);
      expect(((await anonymous.json()) as any).errors[0].message).toMatch(/METRICS_TOKEN/);
      expect((await fetch(`${base}${path}`, { headers: { authorization: 'Bearer not-the-token' } })).status).toBe(401);
    }
    expect((await fetch(`${base}/metrics`, { headers: operatorHeaders() })).status).toBe(200);
    const ready = await fetch(`${base}/ready`, { headers: operatorHeaders() });
    const report = (await ready.json()) as any;
    // The registry is up (the gateway's signed probe reached it); the others are not running.
    expect(report.subgraphs.targets.state).toBe('UP');
    expect(report.subgraphs.interdictions.state).toBe('DOWN');
    expect(ready.status).toBe(503);
  });

  it('labels requests by operation only for registered documents; every other name is "other"', async () => {
    await queryGateway(gateway.url, 'query HSI_Sting_Target_Juan_Perez { __typename }');
    await queryGateway(gateway.url, operationDocument('SearchTargets'), { text: 'Sierra Azul' });
    // A registered document under another name is still counted by its registered name.
    await queryGateway(gateway.url, operationDocument('SearchTargets').replace('query SearchTargets', 'query Renamed'), { text: 'Halcones' });
    const text = await (await fetch(`${base}/metrics`, { headers: operatorHeaders() })).text();
    expect(text).toMatch(/unity_gateway_requests_total\{operation="SearchTargets",outcome="success"\} [1-9]/);
    expect(text).toMatch(/unity_gateway_requests_total\{operation="other",outcome="success"\} [1-9]/);
    expect(text).not.toContain('HSI_Sting_Target_Juan_Perez');
    expect(text).not.toContain('Renamed');
  });

  it("a subgraph's /health, /ready and /metrics refuse anyone without METRICS_TOKEN or a gateway signature for that endpoint", async () => {
    const at = (path: string) => registry.running.url.replace('/graphql', path);
    for (const path of ['/health', '/ready', '/metrics']) {
      expect({ path, status: (await fetch(at(path))).status }).toEqual({ path, status: 401 });
      expect({ path, status: (await fetch(at(path), { headers: operatorHeaders() })).status }).toEqual({ path, status: 200 });
    }
    const probe = { caller: { sub: 'gateway', agency: 'GATEWAY', scopes: [] }, requestId: 'probe' };
    const signature = await signSubgraphRequest('targets', probe, { endpoint: 'ready', body: '' });
    expect((await fetch(at('/metrics'), { headers: { [SUBGRAPH_TOKEN_HEADER]: signature } })).status).toBe(401); // signed for /ready only
    expect((await fetch(at('/ready'), { headers: { [SUBGRAPH_TOKEN_HEADER]: signature } })).status).toBe(200);
    expect((await fetch(at('/ready'), { headers: { [SUBGRAPH_TOKEN_HEADER]: signature } })).status).toBe(401); // used once already
  });

  it('the readiness fan-out runs at most once a second, however often /ready is asked', async () => {
    let probes = 0;
    const server = http.createServer((req, res) => {
      if (req.url === '/ready') probes += 1;
      res.setHeader('content-type', 'application/json').end('{"status":"ready"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const source = new SubgraphDataSource('targets', `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`);
      let now = 0;
      const ready = cachedReadiness(() => [source], 1000, () => now);
      await Promise.all([ready(), ready(), ready()]);
      now = 999;
      expect((await ready()).ready).toBe(true);
      expect(probes).toBe(1);
      now = 1000;
      await ready();
      expect(probes).toBe(2);
      source.guard.shutdown();
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
