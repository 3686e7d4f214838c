import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SignJWT } from 'jose';
import { callerOf, queryGateway, signedHeaders, startTestSubgraph, TestSubgraph, uniquePrefix } from './support/harness';
import { startGateway, RunningGateway } from '../gateway/server';
import { ONWARD_TOKENS_HEADER, signOnwardRequest, SUBGRAPH_TOKEN_HEADER } from '../lib/identity/subgraph-trust';
import { ONWARD_REQUESTS, RECORD_VALIDATION_DOCUMENT, REGISTRY_LOOKUP_DOCUMENT } from '../lib/subgraph/onward-requests';
import { RECORD_HOMES } from '../lib/retention/record-types';
import { generateRegistry } from '../lib/seed/registry';
import { targets } from '../subgraphs/targets/subgraph';
import { interdictions } from '../subgraphs/interdictions/subgraph';
import { subgraphs } from '../subgraphs';

/**
 * Subgraphs accept a gateway signature only for the subgraph, endpoint and body it was made for,
 * once; they hold no key that can sign; they cut the caller's scopes to its agency's grant; and the
 * registry lookup a write needs works with a signature good for nothing else.
 */
describe('subgraph request signatures', () => {
  let registry: TestSubgraph;
  let agency: TestSubgraph;
  let gateway: RunningGateway;
  const seeded = generateRegistry(1);
  const organization = seeded.organizations[0];
  const savedTargetsUrl = process.env.TARGETS_URL;

  beforeAll(async () => {
    const prefix = uniquePrefix('trust');
    registry = await startTestSubgraph(targets, { prefix, seedScale: 1 });
    process.env.TARGETS_URL = registry.running.url; // where the agency subgraph looks targets up
    agency = await startTestSubgraph(interdictions, { prefix });
    const elsewhere = Object.fromEntries(subgraphs.map((s) => [s.name, 'http://127.0.0.1:1/graphql']));
    gateway = await startGateway({ port: 0, audit: false, subgraphUrls: { ...elsewhere, targets: registry.running.url, interdictions: agency.running.url } });
  });
  afterAll(async () => {
    await gateway?.stop();
    await agency?.stop();
    await registry?.stop();
    process.env.TARGETS_URL = savedTargetsUrl;
  });

  const send = (url: string, headers: Record<string, string>, body: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body })
    .then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
  const organizationQuery = JSON.stringify({ query: 'query($id: UUID!) { organization(id: $id) { name } }', variables: { id: organization.id } });

  it('a signature is good for its own body, once, at its own subgraph', async () => {
    const headers = await signedHeaders('targets', callerOf('HSI'), organizationQuery);
    expect((await send(registry.running.url, headers, organizationQuery)).body.data.organization.name).toBe(organization.name);
    // Replayed as it was: refused.
    expect((await send(registry.running.url, headers, organizationQuery)).status).toBe(401);
    // Another document under a fresh signature's header: refused.
    const other = JSON.stringify({ query: '{ organizations(first: 100) { totalCount } }' });
    const fresh = await signedHeaders('targets', callerOf('HSI'), organizationQuery);
    expect((await send(registry.running.url, fresh, other)).status).toBe(401);
    // Made for the interdictions subgraph: refused by targets.
    expect((await send(registry.running.url, await signedHeaders('interdictions', callerOf('HSI'), organizationQuery), organizationQuery)).status).toBe(401);
  });

  it('refuses the old shared-secret signatures (HS256), whoever holds the secret', async () => {
    const secret = crypto.randomBytes(32);
    const legacy = await new SignJWT({ agency: 'HSI', scope: 'targets:read', rid: 'x', ep: 'graphql', bh: 'x' }).setProtectedHeader({ alg: 'HS256' })
      .setSubject('x').setIssuer('unity-table-gateway').setAudience('subgraph:targets').setJti('j').setIssuedAt().setExpirationTime('30s').sign(secret);
    expect((await send(registry.running.url, { [SUBGRAPH_TOKEN_HEADER]: legacy }, organizationQuery)).status).toBe(401);
  });

  it("cuts the caller's claimed scopes down to its agency's grant", async () => {
    const create = JSON.stringify({ query: 'mutation { createPerson(input: { name: "Persona Sin Permiso" }) { person { id } } }' });
    // MEX is granted targets:read only; a signature claiming targets:write does not make it a writer.
    const mex = await send(registry.running.url, await signedHeaders('targets', callerOf('MEX', { scopes: ['targets:read', 'targets:write'] }), create), create);
    expect(mex.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const cbp = await send(registry.running.url, await signedHeaders('targets', callerOf('CBP', { scopes: ['targets:write'] }), create), create);
    expect(cbp.body.errors).toBeUndefined();
  });

  it('a write through the gateway checks the registry as the caller, with a signature good only for that lookup', async () => {
    const record = `mutation($input: RecordInterdictionInput!) { recordInterdiction(input: $input) { interdiction { id } } }`;
    const input = (organizationId: string) => ({ occurredAt: '2026-03-01T10:00:00Z', type: 'SEIZURE', sector: 'Yuma', station: 'Wellton', location: { latitude: 32.7, longitude: -114.1 }, organizationId });
    const known = await queryGateway(gateway.url, record, { input: input(organization.id) }, { agency: 'CBP' });
    expect(known.errors).toBeUndefined();
    expect(known.data.recordInterdiction.interdiction.id).toMatch(/^[0-9a-f-]{36}$/);
    const unknown = await queryGateway(gateway.url, record, { input: input(crypto.randomUUID()) }, { agency: 'CBP' });
    expect(unknown.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(unknown.errors?.[0].message).toMatch(/registry has no organization/);

    // What an agency subgraph is handed can run that lookup at targets, and nothing else anywhere.
    const lookup = await signOnwardRequest(['targets'], { caller: callerOf('CBP'), requestId: 'lookup' }, REGISTRY_LOOKUP_DOCUMENT);
    const lookupBody = JSON.stringify({ query: REGISTRY_LOOKUP_DOCUMENT, variables: { r: [{ __typename: 'Organization', id: organization.id }] } });
    expect((await send(registry.running.url, { [SUBGRAPH_TOKEN_HEADER]: lookup }, lookupBody)).body.data._entities[0]).toMatchObject({ id: organization.id, provenance: { agency: expect.any(String) } });
    expect((await send(registry.running.url, { [SUBGRAPH_TOKEN_HEADER]: lookup }, organizationQuery)).status).toBe(401);
    expect((await send(agency.running.url, { [SUBGRAPH_TOKEN_HEADER]: lookup }, JSON.stringify({ query: '{ __typename }' }))).status).toBe(401);
    // A write that arrives without it (not from the gateway's write path) cannot name targets.
    const direct = JSON.stringify({ query: record, variables: { input: input(organization.id) } });
    const { [ONWARD_TOKENS_HEADER]: _lookup, ...withoutLookup } = await signedHeaders('interdictions', callerOf('CBP'), direct);
    expect((await send(agency.running.url, withoutLookup, direct)).body.data?.recordInterdiction ?? null).toBeNull();
    // Even signed by the gateway, a document it never hands out for onward use is refused as one.
    const other = await signOnwardRequest(['targets'], { caller: callerOf('CBP'), requestId: 'other' }, 'query($id: UUID!) { organization(id: $id) { name } }');
    expect((await send(registry.running.url, { [SUBGRAPH_TOKEN_HEADER]: other }, organizationQuery)).status).toBe(401);
  });

  it('a record validation is forwarded only to the homes of the record types, and those are all of them', async () => {
    const validation = ONWARD_REQUESTS.find((r) => r.document === RECORD_VALIDATION_DOCUMENT)!;
    expect([...validation.to].sort()).toEqual([...new Set(Object.values(RECORD_HOMES).map((home) => home.subgraph))].sort());
    expect(validation.from('audit')).toBe(true);
    expect(validation.from('interdictions')).toBe(false);
    // Sent to the registry, which keeps no reviewed records, it is refused.
    const token = await signOnwardRequest(validation.to, { caller: callerOf('CBP'), requestId: 'v' }, RECORD_VALIDATION_DOCUMENT);
    const body = JSON.stringify({ query: RECORD_VALIDATION_DOCUMENT, variables: { recordType: 'INTERDICTION', id: crypto.randomUUID(), justification: 'still relevant' } });
    expect((await send(registry.running.url, { [SUBGRAPH_TOKEN_HEADER]: token }, body)).status).toBe(401);
  });

  it('in production a subgraph holds only the public key: it verifies, and cannot sign', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'unity-keys-'));
    const pair = crypto.generateKeyPairSync('ed25519');
    fs.writeFileSync(path.join(dir, 'public.pem'), pair.publicKey.export({ type: 'spki', format: 'pem' }));
    const saved = { ...process.env };
    Object.assign(process.env, { NODE_ENV: 'production', UNITY_GATEWAY_PUBLIC_KEY_FILE: path.join(dir, 'public.pem'), UNITY_SUBGRAPH_SECRET: 'the old shared secret' });
    delete process.env.UNITY_GATEWAY_SIGNING_KEY_FILE;
    try {
      await jest.isolateModulesAsync(async () => {
        const trust = require('../lib/identity/subgraph-trust') as typeof import('../lib/identity/subgraph-trust');
        await expect(trust.loadSubgraphTrust('subgraph')).resolves.toBeUndefined();
        const identity = { caller: callerOf('HSI'), requestId: 'r' };
        await expect(trust.signSubgraphRequest('targets', identity, { endpoint: 'graphql', body: '{}' })).rejects.toThrow(/UNITY_GATEWAY_SIGNING_KEY_FILE.*UNITY_SUBGRAPH_SECRET is no longer used/);
        // A signature made with the key pair's private half verifies there.
        process.env.UNITY_GATEWAY_SIGNING_KEY_FILE = path.join(dir, 'private.pem');
        fs.writeFileSync(process.env.UNITY_GATEWAY_SIGNING_KEY_FILE, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }));
      });
      await jest.isolateModulesAsync(async () => {
        const trust = require('../lib/identity/subgraph-trust') as typeof import('../lib/identity/subgraph-trust');
        const token = await trust.signSubgraphRequest('targets', { caller: callerOf('HSI'), requestId: 'r' }, { endpoint: 'graphql', body: '{}' });
        await expect(trust.verifySubgraphRequest('targets', token, { endpoint: 'graphql', body: '{}' })).resolves.toMatchObject({ caller: { agency: 'HSI' } });
      });
    } finally {
      process.env = saved;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
