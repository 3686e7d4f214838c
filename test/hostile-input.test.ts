import { queryGateway, startTestSystem, TestSystem } from './support/harness';
import { startGateway } from '../gateway/server';
import { signDevelopmentToken } from '../lib/identity/tokens';
import { generateRegistry } from '../lib/seed/registry';

/** Bad input gets a clear answer with a code, never a crash; abusive documents are refused before planning. */
describe('hostile and malformed requests', () => {
  let system: TestSystem;
  let token: string;
  const registry = generateRegistry(1);
  const organization = registry.organizations[0];

  beforeAll(async () => {
    system = await startTestSystem({ seedScale: 1 });
    token = await signDevelopmentToken({ agency: 'CBP' });
  });
  afterAll(() => system?.stop());

  const raw = (body: string | Buffer, contentType = 'application/json') =>
    fetch(system.gateway.url, { method: 'POST', headers: { 'content-type': contentType, authorization: `Bearer ${token}` }, body });
  const expectError = async (response: Response, status: number, code: string) => {
    expect(response.status).toBe(status);
    const body = (await response.json()) as any;
    expect(body.errors[0].extensions.code).toBe(code);
    expect(body.errors[0].message.length).toBeGreaterThan(10);
    return body.errors[0].message as string;
  };

  it('malformed JSON, a wrong content type, an oversized body and a batch get 4xx with a code', async () => {
    expect(await expectError(await raw('{"query": "{ organizations { totalCount } "'), 400, 'BAD_REQUEST')).toMatch(/not valid JSON/);
    expect((await raw('query { organizations { totalCount } }', 'text/plain')).status).toBe(400);
    expect(await expectError(await raw(JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(1_200_000) } })), 413, 'PAYLOAD_TOO_LARGE')).toMatch(/larger than 1mb/);
    const batch = await raw(JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]));
    expect(batch.status).toBe(400);
  });

  it('bad arguments: a non-UUID id, an unknown enum value, a negative or huge first, an impossible date', async () => {
    const ask = (query: string, variables: Record<string, unknown>) => system.query(query, variables, { agency: 'CBP' });
    expect((await ask('query($id: UUID!) { organization(id: $id) { name } }', { id: 'not-a-uuid' })).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await ask('query($id: UUID!) { organization(id: $id) { cases(first: 1, status: PENDING) { totalCount } } }', { id: organization.id })).errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    for (const first of [-1, 1_000_000]) {
      const { errors } = await ask('query($first: Int) { organizations(first: $first) { totalCount } }', { first });
      expect(errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    }
    const date = await ask('query($id: UUID!, $from: DateTime) { organization(id: $id) { interdictions(first: 1, from: $from) { totalCount } } }', { id: organization.id, from: '2026-02-30T00:00:00Z' });
    expect(date.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    // A year the scalars refuse (the gateway with the subgraphs' own rules): the reason reaches the caller, as a root field and on an entity.
    for (const [query, variables] of [
      ['query($from: DateTime) { interdictionsNear(latitude: 31.3, longitude: -110.9, radiusKm: 50, from: $from) { totalCount } }', { from: '1899-12-31T00:00:00Z' }],
      ['query($id: UUID!, $from: DateTime) { organization(id: $id) { name interdictions(first: 1, from: $from) { totalCount } } }', { id: organization.id, from: '0001-01-01T00:00:00Z' }],
      ['{ interdictionsNear(latitude: 31.3, longitude: -110.9, radiusKm: 50, from: "1000-01-01T00:00:00Z") { totalCount } }', {}],
    ] as const) {
      const { errors } = await ask(query, variables);
      expect(errors?.[0].message).toMatch(/is not a plausible date: give a year from 1900 to 9999/);
      expect(errors?.[0].extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
    }
    // Whole-number coordinates written inline are the floats they are.
    const placed = await ask(`mutation { recordInterdiction(input: { occurredAt: "2026-11-01T00:00:00Z", type: SEIZURE, sector: "Tucson", station: "Nogales", location: { latitude: 31, longitude: -110 } }) { interdiction { location { latitude longitude } } } }`, {});
    expect(placed.errors).toBeUndefined();
    expect(placed.data.recordInterdiction.interdiction.location).toEqual({ latitude: 31, longitude: -110 });
  });

  it('search text with control characters, SQL metacharacters or 1 MB of text', async () => {
    const search = (text: string) => system.query('query($text: String!) { searchTargets(text: $text) { score } }', { text }, { agency: 'CBP' });
    expect((await search("García\u0000\u0007'; DROP TABLE person; --")).errors).toBeUndefined();
    expect((await search('%_\\%\\_[]*+?')).errors).toBeUndefined();
    const huge = await queryGateway(system.gateway.url, 'query($text: String!) { searchTargets(text: $text) { score } }', { text: 'a'.repeat(900_000) }, { agency: 'CBP' });
    expect(huge.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const health = await fetch(system.gateway.url.replace('/graphql', '/health'));
    expect(health.status).toBe(200);
  });

  it('refuses deeply nested, heavily aliased, oversized and too costly documents before planning', async () => {
    let deep = 'name';
    for (let i = 0; i < 20; i++) deep = `parent { ${deep} }`;
    const refusals = [
      `query($id: UUID!) { organization(id: $id) { ${deep} } }`,
      `query($id: UUID!) { ${Array.from({ length: 60 }, (_, i) => `a${i}: organization(id: $id) { name }`).join(' ')} }`,
      `query($id: UUID!) { organization(id: $id) { ${'name '.repeat(5000)} } }`,
      `query($id: UUID!) { organization(id: $id) { members(first: 100) { edges { node { person { memberships(first: 100) { edges { node { organization { members(first: 100) { edges { node { person { name aliases nationality dateOfBirth } } } } } } } } } } } } } }`,
    ];
    for (const query of refusals) {
      const { status, errors } = await system.query(query, { id: organization.id }, { agency: 'CBP' });
      expect(status).toBe(400);
      expect(['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'COST_ESTIMATED_TOO_EXPENSIVE']).toContain(errors?.[0].extensions?.code);
      expect(errors?.[0].message).toMatch(/depth|alias|token|records/i);
      expect(errors?.[0].message).not.toMatch(/^Syntax Error/);
    }
    // Three connections nested (member, phone, interdictions), each two levels (edges, node): a partner's natural question, within the depth.
    const nested = await system.query(`query($id: UUID!) { organization(id: $id) { members(first: 3) { edges { node { person { selectors(first: 3) { edges { node { selector { interdictions(first: 3) { edges { node { id occurredAt } } } } } } } } } } } } }`,
      { id: organization.id }, { agency: 'CBP' });
    expect(nested.status).toBe(200);
    expect(nested.errors).toBeUndefined();
    const deepRefusal = await system.query(refusals[0], { id: organization.id }, { agency: 'CBP' });
    expect(deepRefusal.errors?.[0].message).toMatch(/^The document's depth is \d+ levels; at most 16 are allowed\. Ask for fewer nested levels/);
    expect(deepRefusal.errors?.[0].extensions?.limit).toMatchObject({ setting: 'LIMIT_MAX_DEPTH', limit: 16 });
    const aliased = await system.query(refusals[1], { id: organization.id }, { agency: 'CBP' });
    expect(aliased.errors?.[0].extensions?.limit).toEqual({ setting: 'LIMIT_MAX_ALIASES', limit: 30, found: 60 });
  });

  it('a document whose operation cannot be chosen is a 400 saying what to send, cached or not', async () => {
    const two = 'query First { __typename } query Second { organizations(first: 1) { totalCount } }';
    const send = async (body: Record<string, unknown>) => {
      const response = await raw(JSON.stringify(body));
      return { status: response.status, ...((await response.json()) as any) };
    };
    const unnamed = await send({ query: two });
    expect(unnamed.status).toBe(400);
    expect(unnamed.errors[0].extensions.code).toBe('OPERATION_RESOLUTION_FAILURE');
    expect(unnamed.errors[0].message).toMatch(/2 operations.*operationName/);
    const unknown = await send({ query: two, operationName: 'Third' });
    expect(unknown.status).toBe(400);
    expect(unknown.errors[0].message).toMatch(/no operation named "Third"/);
    const named = await send({ query: two, operationName: 'Second' });
    expect(named.status).toBe(200);
    expect(named.data.organizations.totalCount).toBeGreaterThan(0);
    // Same with the gateway's response cache off.
    process.env.GATEWAY_CACHE_MIB = '0';
    const uncached = await startGateway({ port: 0, audit: false, subgraphUrls: system.subgraphUrls });
    delete process.env.GATEWAY_CACHE_MIB;
    try {
      const response = await fetch(uncached.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: two }) });
      expect(response.status).toBe(400);
    } finally {
      await uncached.stop();
    }
  });

  it('a subscription, which this API has none of, is a 400 saying what to send, not a 500', async () => {
    for (const [query, operationName] of [['subscription { __typename }'], ['subscription S { organizations { totalCount } }'], ['query A { __typename } subscription B { __typename }', 'B']]) {
      const response = await raw(JSON.stringify({ query, operationName }));
      expect({ query, message: await expectError(response, 400, 'GRAPHQL_VALIDATION_FAILED') }).toEqual({ query, message: expect.stringMatching(/no subscription operations/) });
    }
  });

  it('variables nested 5,000 levels deep are a 400 saying so, not an internal or audit failure', async () => {
    const nested = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    const message = await expectError(await raw(`{"query":"query Nested { __typename }","variables":{"x":${nested}}}`), 400, 'BAD_USER_INPUT');
    expect(message).toMatch(/variables nest more than 32 levels deep/);
    // An input as deep as any the schema has passes.
    const response = await raw(JSON.stringify({ query: 'query Shallow { __typename }', variables: { x: { a: { b: { c: [{ d: 1 }] } } } } }));
    expect(response.status).toBe(200);
  });

  it('an operation name longer than 128 characters is refused before it reaches the audit trail and the logs', async () => {
    const long = `Q${'x'.repeat(500_000)}`;
    expect(await expectError(await raw(JSON.stringify({ query: `query ${long} { __typename }` })), 400, 'GRAPHQL_VALIDATION_FAILED')).toMatch(/operation name is 500001 characters long; at most 128/);
    expect((await raw(JSON.stringify({ query: `query Q${'x'.repeat(127)} { __typename }` }))).status).toBe(200);
  });

  it('a NUL byte in a query argument that reaches SQL is a BAD_USER_INPUT naming the argument, not an internal error', async () => {
    const byNumber = await system.query('query($n: String!) { caseByNumber(caseNumber: $n) { id } }', { n: 'DEA-MCA-2024-\u000000016' }, { agency: 'DEA' });
    expect(byNumber.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'caseNumber' });
    const operations = await system.query('query($a: String) { plannedOperations(agency: $a) { totalCount } }', { a: 'DEA\u0000' }, { agency: 'DEA' });
    expect(operations.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'agency' });
  });

  it('answers 429 with Retry-After to a caller over its rate limit', async () => {
    process.env.RATE_LIMIT_PER_MINUTE = '5';
    const gateway = await startGateway({ port: 0, audit: false, subgraphUrls: system.subgraphUrls });
    delete process.env.RATE_LIMIT_PER_MINUTE;
    try {
      const answers = [];
      for (let i = 0; i < 7; i++) answers.push(await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: '{ __typename }' }) }));
      expect(answers.slice(0, 5).every((r) => r.status === 200)).toBe(true);
      const limited = answers[6];
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await limited.json()) as any).errors[0].extensions.code).toBe('RATE_LIMITED');
      // Another caller is not affected.
      const other = await signDevelopmentToken({ agency: 'HSI' });
      const fresh = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${other}` }, body: JSON.stringify({ query: '{ __typename }' }) });
      expect(fresh.status).toBe(200);
    } finally {
      await gateway.stop();
    }
  });
});
