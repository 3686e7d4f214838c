import fs from 'node:fs';
import path from 'node:path';
import { buildASTSchema, isNonNullType, isObjectType, parse } from 'graphql';
import { SignJWT, importJWK } from 'jose';
import { callerOf, startTestSystem, TestSystem } from './support/harness';
import { generateRegistry } from '../lib/seed/registry';
import { projectRoot, dataDir } from '../lib/config';
import { policyFromSupergraph } from '../gateway/authorization/policy';

describe('field-level need-to-know, from the schema', () => {
  let system: TestSystem;
  const registry = generateRegistry(1);
  const organization = registry.organizations[0];

  beforeAll(async () => {
    system = await startTestSystem({ seedScale: 1 });
  });
  afterAll(() => system?.stop());

  const accountsWithSars = `query($id: UUID!) { organization(id: $id) { name accounts(first: 5) { totalCount edges { node { id maskedNumber suspiciousActivityReports { activity amountUsd } } } } } }`;

  it('gives a caller without finance:sar null and a FORBIDDEN error for each report list, and everything else', async () => {
    const { status, data, errors } = await system.query(accountsWithSars, { id: organization.id }, { agency: 'CBP' });
    expect(status).toBe(200);
    expect(data.organization.name).toBe(organization.name);
    const edges = data.organization.accounts.edges;
    expect(edges.length).toBeGreaterThan(0);
    for (const edge of edges) {
      expect(edge.node.maskedNumber).toMatch(/^\*+\d+$/);
      expect(edge.node.suspiciousActivityReports).toBeNull();
    }
    expect(errors).toHaveLength(edges.length);
    expect(errors![0]).toMatchObject({
      path: ['organization', 'accounts', 'edges', 0, 'node', 'suspiciousActivityReports'],
      extensions: { code: 'FORBIDDEN', requiredScopes: [['finance:sar']] },
    });
    expect(errors![0].message).toMatch(/finance:sar/);

    const allowed = await system.query(accountsWithSars, { id: organization.id }, { agency: 'TREASURY' });
    expect(allowed.errors).toBeUndefined();
    expect(allowed.data.organization.accounts.edges.some((e: any) => e.node.suspiciousActivityReports.length > 0)).toBe(true);
  });

  it('shows a foreign partner the registry and interdictions but not cases, sanctions or travel', async () => {
    const { data, errors } = await system.query(
      `query($id: UUID!, $status: CaseStatus) { organization(id: $id) { name interdictions(first: 1) { totalCount } cases(first: 1, status: $status) { totalCount } sanctions(first: 1) { totalCount } travelSummary { activeRestrictions } } }`,
      { id: organization.id, status: 'OPEN' }, { agency: 'MEX' });
    expect(data.organization.name).toBe(organization.name);
    expect(data.organization.interdictions.totalCount).toBeGreaterThan(0);
    expect(data.organization.cases).toBeNull();
    expect(data.organization.sanctions).toBeNull();
    expect(data.organization.travelSummary).toBeNull();
    expect(errors!.map((e) => e.path!.at(-1)).sort()).toEqual(['cases', 'sanctions', 'travelSummary']);
  });

  it('ignores scopes a token claims beyond its agency\'s grant', async () => {
    const key = JSON.parse(fs.readFileSync(path.join(dataDir(), 'keys', 'dev-signing-key.json'), 'utf8'));
    const token = await new SignJWT({ agency: 'MEX', scope: 'targets:read finance:read finance:sar investigations:read' })
      .setProtectedHeader({ alg: 'ES256', kid: key.kid }).setSubject('mx.analyst').setIssuer('unity-table-dev').setAudience('unity-table')
      .setIssuedAt().setExpirationTime('5m').sign(await importJWK(key, 'ES256'));
    const { data, errors } = await system.query(`query($id: UUID!) { organization(id: $id) { name sanctions(first: 1) { totalCount } } }`, { id: organization.id }, { token });
    expect(data.organization.name).toBe(organization.name);
    expect(data.organization.sanctions).toBeNull();
    expect(errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses a mutation without the write scope before it reaches the subgraph', async () => {
    const before = (await system.subgraphs.travel.db.query(`SELECT count(*)::int AS n FROM travel_restriction`))[0].n;
    const { data, errors } = await system.query(
      `mutation($p: UUID!) { issueTravelRestriction(input: { type: LOOKOUT, personId: $p, reason: "test" }) { restriction { id } } }`,
      { p: registry.persons[0].id }, { agency: 'HSI' });
    expect(data.issueTravelRestriction).toBeNull();
    expect(errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', requiredScopes: [['travel:write']] });
    expect((await system.subgraphs.travel.db.query(`SELECT count(*)::int AS n FROM travel_restriction`))[0].n).toBe(before);
  });

  it('subgraphs check the same policy again, and refuse unsigned calls, _entities included', async () => {
    const finance = system.subgraphs.finance;
    const direct = await finance.query(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Organization { accounts(first: 1) { edges { node { suspiciousActivityReports { activity } } } } } } }`,
      { r: [{ __typename: 'Organization', id: organization.id }] }, callerOf('CBP'));
    expect(direct.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    for (const query of ['{ _service { sdl } }', `{ _entities(representations: [{ __typename: "Organization", id: "${organization.id}" }]) { __typename } }`]) {
      const unsigned = await fetch(finance.running.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
      expect(unsigned.status).toBe(401);
      const forged = await fetch(finance.running.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-unity-gateway-token': 'eyJhbGciOiJIUzI1NiJ9.e30.forged' }, body: JSON.stringify({ query }) });
      expect(forged.status).toBe(401);
    }
  });
});

describe('the policy as composed', () => {
  const supergraph = fs.readFileSync(path.join(projectRoot, 'schema', 'supergraph.graphql'), 'utf8');

  it('every scoped field is nullable, so refusing it never blanks its parent', () => {
    const schema = buildASTSchema(parse(supergraph), { assumeValidSDL: true });
    const policy = policyFromSupergraph(supergraph);
    expect(policy.size).toBeGreaterThan(40);
    for (const coordinate of policy.keys()) {
      const [type, field] = coordinate.split('.');
      const owner = schema.getType(type);
      expect(isObjectType(owner)).toBe(true);
      if (isObjectType(owner)) expect({ coordinate, nonNull: isNonNullType(owner.getFields()[field].type) }).toEqual({ coordinate, nonNull: false });
    }
    expect(policy.get('FinancialAccount.suspiciousActivityReports')?.requiresScopes).toEqual([[['finance:sar']]]);
    expect(policy.get('Case.confidentialSources')?.requiresScopes).toEqual([[['investigations:sensitive']]]);
  });
});
