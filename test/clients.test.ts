import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { operatorHeaders, queryGateway, startTestSystem, TestSystem } from './support/harness';
import { startGateway } from '../gateway/server';
import { signDevelopmentToken } from '../lib/identity/tokens';
import { projectRoot } from '../lib/config';
import { sha256 } from '../gateway/plugins/trusted-documents';
import { operationDocument } from '../operations';
import { generateRegistry } from '../lib/seed/registry';

function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(projectRoot, 'dist', 'scripts', 'cli.js'), ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('scripts, front-ends and operators', () => {
  let system: TestSystem;
  let token: string;
  const registry = generateRegistry(1);

  beforeAll(async () => {
    system = await startTestSystem({ seedScale: 1 });
    token = await signDevelopmentToken({ agency: 'HSI' });
  });
  afterAll(() => system?.stop());

  it('serves the explorer from local assets only, opening with the canonical operations', async () => {
    const base = system.gateway.url.replace('/graphql', '');
    const page = await (await fetch(`${base}/explorer`)).text();
    expect(page).toContain('/assets/graphiql.js');
    expect(page).toContain('query TargetDossier');
    expect(page).toContain('query WeeklyBriefing');
    expect(page).not.toMatch(/https?:\/\/(?!localhost|127\.0\.0\.1)[a-z]/i);
    for (const asset of ['react.js', 'react-dom.js', 'graphiql.js', 'graphiql.css']) {
      const response = await fetch(`${base}/assets/${asset}`);
      expect(response.status).toBe(200);
      expect((await response.text()).length).toBeGreaterThan(1000);
    }
    const browser = await fetch(system.gateway.url, { headers: { accept: 'text/html' } });
    expect(await browser.text()).toContain('Unity Table explorer');
  });

  it('the query CLI prints JSON, NDJSON and CSV, follows every page with --all, and tells success from partial data', async () => {
    const env = { UNITY_TOKEN: token, UNITY_URL: system.gateway.url };
    const json = await cli(['query', 'SearchTargets', '--var', 'text=Sierra Azul'], env);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).data.searchTargets[0].target.name).toBe('Cártel de la Sierra Azul');

    // A plain list flattens like a connection: one row per match, dotted columns.
    const matches = JSON.parse(json.stdout).data.searchTargets;
    const searchCsv = await cli(['query', 'SearchTargets', '--var', 'text=Sierra Azul', '--format', 'csv'], env);
    expect(searchCsv.code).toBe(0);
    const [searchHeader, ...searchRows] = searchCsv.stdout.trim().split('\n');
    expect(searchHeader.split(',').slice(0, 4)).toEqual(['score', 'matchedName', 'target.__typename', 'target.id']);
    expect(searchHeader).toContain('target.name');
    expect(searchRows).toHaveLength(matches.length);
    expect(searchRows.map((row) => row.split(',')[3])).toEqual(matches.map((m: { target: { id: string } }) => m.target.id));

    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'unity-cli-')), 'persons.graphql');
    fs.writeFileSync(file, 'query($id: UUID!, $after: String) { organization(id: $id) { members(first: 7, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { role person { id name } } } } } }');
    const organization = registry.organizations[0];
    const members = registry.memberships.filter((m) => m.organizationId === organization.id).length;
    const ndjson = await cli(['query', file, '--var', `id=${organization.id}`, '--all', '--format', 'ndjson'], env);
    expect(ndjson.code).toBe(0);
    const lines = ndjson.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(members);
    expect(new Set(lines.map((l) => l.person.id)).size).toBe(members);
    expect(ndjson.stderr).toContain(`${members} records`);

    const csv = await cli(['query', file, '--var', `id=${organization.id}`, '--format', 'csv'], env);
    const [header, ...rows] = csv.stdout.trim().split('\n');
    expect(header.split(',')).toEqual(['role', 'person.id', 'person.name']);
    expect(rows).toHaveLength(7);

    const partial = await cli(['query', 'TargetDossier', '--var', `id=${organization.id}`], { ...env, UNITY_TOKEN: await signDevelopmentToken({ agency: 'MEX' }) });
    expect(partial.code).toBe(2);
    const failed = await cli(['query', 'SearchTargets', '--var', 'text=x'], env);
    expect(failed.code).toBe(1);
    expect((await cli(['query', 'SearchTargets'], { UNITY_TOKEN: '' })).code).toBe(1);
  }, 60_000);

  it('npm run token --purpose states a purpose in the token; the CLI sends one with --purpose, which a gateway requiring it asks for', async () => {
    const token = spawn(process.execPath, [path.join(projectRoot, 'dist', 'scripts', 'token.js'), '--agency', 'HSI', '--purpose', 'hsi-2025-0042']);
    let printed = '';
    token.stdout.on('data', (c) => (printed += c));
    expect(await new Promise((resolve) => token.on('exit', resolve))).toBe(0);
    expect(JSON.parse(Buffer.from(printed.trim().split('.')[1], 'base64url').toString()).purpose).toBe('HSI-2025-0042');
    const refused = spawn(process.execPath, [path.join(projectRoot, 'dist', 'scripts', 'token.js'), '--agency', 'HSI', '--purpose', 'curiosity'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let complaint = '';
    refused.stderr!.on('data', (c) => (complaint += c));
    expect(await new Promise((resolve) => refused.on('exit', resolve))).toBe(2);
    expect(complaint).toMatch(/not a purpose of use.*INVESTIGATION/);

    process.env.UNITY_REQUIRE_PURPOSE = 'on';
    const gateway = await startGateway({ port: 0, audit: false, subgraphUrls: system.subgraphUrls });
    delete process.env.UNITY_REQUIRE_PURPOSE;
    try {
      const env = { UNITY_TOKEN: await signDevelopmentToken({ agency: 'HSI' }), UNITY_URL: gateway.url };
      const without = await cli(['query', 'SearchTargets', '--var', 'text=Sierra Azul'], env);
      expect(without.code).toBe(1);
      const withPurpose = await cli(['query', 'SearchTargets', '--var', 'text=Sierra Azul', '--purpose', 'INVESTIGATION'], env);
      expect(withPurpose.code).toBe(0);
      expect(JSON.parse(withPurpose.stdout).data.searchTargets[0].target.name).toBe('Cártel de la Sierra Azul');
    } finally {
      await gateway.stop();
    }
  }, 60_000);

  it('runs a registered document sent by hash only, and with the safelist on refuses anything else', async () => {
    const document = operationDocument('SearchTargets');
    const byHash = await fetch(system.gateway.url, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ variables: { text: 'Halcones' }, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(document) } } }),
    });
    const answer = (await byHash.json()) as any;
    expect(answer.errors).toBeUndefined();
    expect(answer.data.searchTargets.length).toBeGreaterThan(0);
    const nullHash = await fetch(system.gateway.url, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: null } } }),
    });
    expect(nullHash.status).toBe(400);
    expect(((await nullHash.json()) as any).errors[0]).toMatchObject({ extensions: { code: 'BAD_REQUEST' }, message: expect.stringMatching(/sha256Hash must be the document's sha256/) });
    const manifest = JSON.parse(fs.readFileSync(path.join(projectRoot, 'operations', 'manifest.json'), 'utf8'));
    expect(manifest.operations.SearchTargets).toBe(sha256(document));

    process.env.UNITY_TRUSTED_DOCUMENTS = 'only';
    const gateway = await startGateway({ port: 0, audit: false, subgraphUrls: system.subgraphUrls });
    delete process.env.UNITY_TRUSTED_DOCUMENTS;
    try {
      const adHoc = await queryGateway(gateway.url, '{ organizations(first: 1) { totalCount } }');
      expect(adHoc.status).toBe(400);
      expect(adHoc.errors?.[0].extensions?.code).toBe('TRUSTED_DOCUMENT_REQUIRED');
      const registered = await queryGateway(gateway.url, document, { text: 'Halcones' });
      expect(registered.errors).toBeUndefined();
    } finally {
      await gateway.stop();
    }
  });

  it('exposes Prometheus metrics after traffic', async () => {
    await system.query(operationDocument('SearchTargets'), { text: 'Coyotes' });
    const text = await (await fetch(system.gateway.url.replace('/graphql', '/metrics'), { headers: operatorHeaders() })).text();
    expect(text).toMatch(/unity_gateway_requests_total\{operation="SearchTargets",outcome="success"\} \d+/);
    expect(text).toMatch(/unity_gateway_subgraph_fetch_duration_seconds_count\{subgraph="targets",outcome="success"\} \d+/);
    expect(text).toMatch(/unity_gateway_audit_write_duration_seconds_count \d+/);
    expect(text).toContain('unity_gateway_audit_pool_clients');
  });
});
