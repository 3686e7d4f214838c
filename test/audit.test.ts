import { Client } from 'pg';
import { queryGateway, releasedTo, startTestSystem, TestSystem, serverUrl, uniquePrefix } from './support/harness';
import { AuditStore } from '../gateway/audit/store';
import { startGateway } from '../gateway/server';
import { signDevelopmentToken } from '../lib/identity/tokens';
import { databaseName, dropDatabase, urlForDatabase } from '../lib/database/server';
import { generateRegistry } from '../lib/seed/registry';

describe('the dissemination audit trail', () => {
  let system: TestSystem;
  let audit: Client;
  const registry = generateRegistry(1);
  const organization = registry.organizations[1];

  beforeAll(async () => {
    system = await startTestSystem({ seedScale: 1 });
    audit = new Client({ connectionString: urlForDatabase(serverUrl(), databaseName('audit', system.prefix)) });
    await audit.connect();
  });
  afterAll(async () => {
    await audit?.end();
    await system?.stop();
  });

  it('records every request with the caller, the operation and the ids it disseminated', async () => {
    const { data, errors } = await system.query(
      `query OrgWithMembers($id: UUID!) { organization(id: $id) { id name members(first: 3) { edges { node { person { id } } } } } }`,
      { id: organization.id }, { agency: 'FBI' });
    expect(errors).toBeUndefined();
    const { rows } = await audit.query(`SELECT * FROM audit_event WHERE operation_name = 'OrgWithMembers' ORDER BY seq DESC LIMIT 1`);
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row.agency).toBe('FBI');
    expect(row.sub).toBe('fbi.analyst');
    expect(row.outcome).toBe('SUCCESS');
    expect(row.variables.id).toBe(organization.id);
    expect(row.disseminated.Organization).toEqual([organization.id]);
    expect(row.disseminated.Person.sort()).toEqual(data.organization.members.edges.map((e: any) => e.node.person.id).sort());
    expect(row.document_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("refuses documents that use the gateway's own aliases, so no caller can steer the ids the audit records", async () => {
    const person = registry.persons[4];
    const steering = await system.query(`query Steer($id: UUID!) { person(id: $id) { id unityId: __typename name } }`, { id: person.id }, { agency: 'HSI' });
    expect(steering.status).toBe(400);
    expect(steering.data).toBeUndefined();
    expect(steering.errors?.[0]).toMatchObject({ message: expect.stringMatching(/alias "unityId" is reserved/), extensions: { code: 'GRAPHQL_VALIDATION_FAILED', reason: 'RESERVED_ALIAS' } });
    // A placeholder's name on a scalar used to make the response patcher throw (HTTP 500).
    for (const alias of ['unityForbidden_7', 'unityTypename', '__proto__']) {
      const refused = await system.query(`query($id: UUID!) { person(id: $id) { ${alias}: name } }`, { id: person.id }, { agency: 'HSI' });
      expect({ alias, status: refused.status, code: refused.errors?.[0].extensions?.code }).toEqual({ alias, status: 400, code: 'GRAPHQL_VALIDATION_FAILED' });
    }
    const { rows } = await audit.query(`SELECT count(*)::int AS n FROM audit_event WHERE operation_name = 'Steer'`);
    expect(rows[0].n).toBe(0);

    // However a person is read (id asked for or not, aliased, through a fragment or a union), the read is in that person's trail.
    const reads: [string, string][] = [
      ['ReadName', `query ReadName($id: UUID!) { person(id: $id) { name } }`],
      ['ReadIdAliased', `query ReadIdAliased($id: UUID!) { person(id: $id) { key: id name } }`],
      ['ReadFragment', `query ReadFragment($id: UUID!) { person(id: $id) { ...P } } fragment P on Person { id @include(if: false) dateOfBirth }`],
      ['ReadSearch', `query ReadSearch($text: String!) { searchTargets(text: $text, first: 1) { target { ... on Person { name } } } }`],
    ];
    for (const [name, query] of reads) {
      const { status } = await system.query(query, name === 'ReadSearch' ? { text: person.name } : { id: person.id }, { agency: 'HSI' });
      expect({ name, status }).toEqual({ name, status: 200 });
    }
    await system.query(`query AuditorReads($id: UUID!) { person(id: $id) { name } }`, { id: person.id }, { agency: 'DOJ' });
    const trail = await system.query(`query($id: UUID!) { auditTrail(entityId: $id, first: 50) { operationName } }`, { id: person.id }, { agency: 'DOJ' });
    expect(trail.data.auditTrail.map((e: { operationName: string }) => e.operationName)).toEqual(expect.arrayContaining(reads.map(([name]) => name)));
  });

  it('records refused requests in aggregate: one row per address and minute, with their count and reasons', async () => {
    // A gateway of its own, on an audit trail of its own, so that the rows counted are this test's.
    const prefix = uniquePrefix('refusals');
    const gateway = await startGateway({ port: 0, audit: { serverUrl: serverUrl(), prefix }, subgraphUrls: system.subgraphUrls });
    const send = (authorization?: string) => fetch(gateway.url, {
      method: 'POST', headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) }, body: JSON.stringify({ query: '{ __typename }' }),
    });
    const junk = [undefined, 'Basic Zm9vOmJhcg==', ...Array.from({ length: 18 }, (_, i) => `Bearer junk-token-${i}`)];
    const streamJunk = Array.from({ length: 5 }, (_, i) => `Bearer junk-stream-token-${i}`);
    try {
      for (const authorization of junk) expect((await send(authorization)).status).toBe(401);
      // The notice stream refuses the same way: counted with the rest, no row of its own each.
      for (const authorization of streamJunk) expect((await fetch(new URL('/notifications', gateway.url), { headers: { authorization } })).status).toBe(401);
    } finally {
      await gateway.stop(); // writes what it has counted
    }
    const trail = new Client({ connectionString: urlForDatabase(serverUrl(), databaseName('audit', prefix)) });
    await trail.connect();
    try {
      const { rows } = await trail.query(`SELECT sub, agency, outcome, client_address, refusals, variables, disseminated FROM audit_event ORDER BY seq`);
      // 25 refusals from one address: one row (two if they happened to straddle a minute), never one each.
      expect(rows.length).toBeLessThanOrEqual(2);
      expect(new Set(rows.map((r) => r.variables.minute)).size).toBe(rows.length);
      expect(rows.reduce((n, r) => n + r.refusals, 0)).toBe(junk.length + streamJunk.length);
      for (const row of rows) {
        expect(row).toMatchObject({ sub: 'unauthenticated', agency: 'NONE', outcome: 'REFUSED', disseminated: {} });
        expect(row.client_address).toMatch(/127\.0\.0\.1/);
      }
      const reasons = rows.flatMap((r) => Object.keys(r.variables.reasons));
      expect(reasons.some((r) => /No credentials/.test(r))).toBe(true);
      expect(reasons.some((r) => /not a bearer token/.test(r))).toBe(true);
      expect(reasons.some((r) => /Invalid token/.test(r))).toBe(true);
      const store = await AuditStore.open(serverUrl(), prefix);
      try {
        expect((await store.verify()).problem).toBeNull();
      } finally {
        await store.close();
      }
    } finally {
      await trail.end();
      await dropDatabase(serverUrl(), databaseName('audit', prefix));
    }
  });

  it("records the gateway's own request id; the caller's x-request-id only beside it", async () => {
    const token = await signDevelopmentToken({ agency: 'HSI' });
    const ask = () => fetch(system.gateway.url, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': 'chosen-by-caller' },
      body: JSON.stringify({ query: 'query CallerChoosesId($id: UUID!) { organization(id: $id) { name } }', variables: { id: organization.id } }),
    });
    const [first, second] = [await ask(), await ask()];
    const ids = [first.headers.get('x-request-id'), second.headers.get('x-request-id')];
    expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids[1]).not.toBe(ids[0]);
    const { rows } = await audit.query(`SELECT request_id, client_request_id FROM audit_event WHERE operation_name = 'CallerChoosesId' ORDER BY seq`);
    expect(rows).toEqual([{ request_id: ids[0], client_request_id: 'chosen-by-caller' }, { request_id: ids[1], client_request_id: 'chosen-by-caller' }]);
  });

  it('hides secrets by what they are, not by the name of the variable holding them', async () => {
    const person = registry.persons[0];
    const jwt = await signDevelopmentToken({ agency: 'FBI' });
    await system.query(`query FindByVariableNames($tokenId: UUID!, $secretText: String!, $q: String!, $accountNumber: String!) {
      person(id: $tokenId) { name } a: searchTargets(text: $secretText) { score } b: searchTargets(text: $q) { score } c: searchTargets(text: $accountNumber) { score } }`,
    { tokenId: person.id, secretText: 'Sierra Azul', q: `smuggler ${jwt} note`, accountNumber: '4111 1111 1111 1111' });
    const { rows } = await audit.query(`SELECT variables, disseminated FROM audit_event WHERE operation_name = 'FindByVariableNames'`);
    expect(rows[0].variables).toEqual({ tokenId: person.id, secretText: 'Sierra Azul', q: 'smuggler [REDACTED JWT] note', accountNumber: '[REDACTED CARD NUMBER]' });
    expect(rows[0].disseminated.Person).toEqual([person.id]);
    expect(JSON.stringify(rows[0])).not.toContain(jwt.split('.')[1]);
  });

  it('records the purpose of use, from the Unity-Purpose header or the token, and auditTrail shows it', async () => {
    const seen = registry.organizations[2];
    await system.query(`query PurposeFromHeader($id: UUID!) { organization(id: $id) { name } }`, { id: seen.id }, { agency: 'HSI', headers: { 'unity-purpose': 'dea-mca-2024-00016' } });
    await system.query(`query PurposeFromToken($id: UUID!) { organization(id: $id) { name } }`, { id: seen.id }, { agency: 'CBP', purpose: 'interdiction' });
    await system.query(`query PurposeOverridden($id: UUID!) { organization(id: $id) { name } }`, { id: seen.id }, { agency: 'CBP', purpose: 'TRAINING', headers: { 'unity-purpose': 'BRIEFING' } });
    await system.query(`query NoPurpose($id: UUID!) { organization(id: $id) { name } }`, { id: seen.id }, { agency: 'CBP' });
    const { rows } = await audit.query(`SELECT operation_name, purpose FROM audit_event WHERE operation_name IN ('PurposeFromHeader', 'PurposeFromToken', 'PurposeOverridden', 'NoPurpose') ORDER BY seq`);
    expect(rows).toEqual([
      { operation_name: 'PurposeFromHeader', purpose: 'DEA-MCA-2024-00016' },
      { operation_name: 'PurposeFromToken', purpose: 'INTERDICTION' },
      { operation_name: 'PurposeOverridden', purpose: 'BRIEFING' },
      { operation_name: 'NoPurpose', purpose: null },
    ]);
    await system.query(`query AuditorReads($id: UUID!) { organization(id: $id) { name } }`, { id: seen.id }, { agency: 'DOJ', purpose: 'AUDIT' });
    const trail = await system.query(`query($id: UUID!) { auditTrail(entityId: $id) { operationName purpose } }`, { id: seen.id }, { agency: 'DOJ', purpose: 'AUDIT' });
    expect(trail.errors).toBeUndefined();
    expect(trail.data.auditTrail).toEqual(expect.arrayContaining([
      { operationName: 'PurposeFromHeader', purpose: 'DEA-MCA-2024-00016' }, { operationName: 'PurposeFromToken', purpose: 'INTERDICTION' }, { operationName: 'NoPurpose', purpose: null },
    ]));
    // A purpose that is neither a case number nor one of the list is refused, saying what would do.
    const bad = await system.query(`{ __typename }`, {}, { headers: { 'unity-purpose': 'curiosity' } });
    expect(bad.status).toBe(400);
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_REQUEST');
    expect(bad.errors?.[0].message).toMatch(/Unity-Purpose.*INVESTIGATION/);
  });

  it('requires a purpose where UNITY_REQUIRE_PURPOSE is on (the default in production), telling how to send one', async () => {
    process.env.UNITY_REQUIRE_PURPOSE = 'on';
    const gateway = await startGateway({ port: 0, audit: false, subgraphUrls: system.subgraphUrls });
    delete process.env.UNITY_REQUIRE_PURPOSE;
    try {
      const without = await queryGateway(gateway.url, '{ __typename }');
      expect(without.status).toBe(400);
      expect(without.errors?.[0].extensions?.code).toBe('PURPOSE_REQUIRED');
      expect(without.errors?.[0].message).toMatch(/"Unity-Purpose: <purpose>".*"purpose" claim.*case number.*DECONFLICTION/);
      expect((await queryGateway(gateway.url, '{ __typename }', {}, { headers: { 'unity-purpose': 'DECONFLICTION' } })).status).toBe(200);
      expect((await queryGateway(gateway.url, '{ __typename }', {}, { purpose: 'HSI-2025-0042' })).status).toBe(200);
    } finally {
      await gateway.stop();
    }
  });

  it('records requests refused for want of a purpose of use, under the verified caller, in aggregate like other refusals', async () => {
    const prefix = uniquePrefix('purpose');
    process.env.UNITY_REQUIRE_PURPOSE = 'on';
    const gateway = await startGateway({ port: 0, audit: { serverUrl: serverUrl(), prefix }, subgraphUrls: system.subgraphUrls });
    delete process.env.UNITY_REQUIRE_PURPOSE;
    try {
      for (let i = 0; i < 3; i++) expect((await queryGateway(gateway.url, '{ __typename }', {}, { agency: 'FBI' })).errors?.[0].extensions?.code).toBe('PURPOSE_REQUIRED');
      expect((await queryGateway(gateway.url, '{ __typename }', {}, { agency: 'FBI', headers: { 'unity-purpose': 'curiosity' } })).status).toBe(400);
      expect((await queryGateway(gateway.url, '{ __typename }', {}, { agency: 'CBP', purpose: 'INTERDICTION' })).status).toBe(200);
    } finally {
      await gateway.stop(); // writes what it has counted
    }
    const trail = new Client({ connectionString: urlForDatabase(serverUrl(), databaseName('audit', prefix)) });
    await trail.connect();
    try {
      const { rows } = await trail.query(`SELECT sub, agency, outcome, client_address, refusals, variables FROM audit_event WHERE outcome = 'REFUSED' ORDER BY seq`);
      // Four refusals of one caller from one address: one row (two if they straddled a minute), with who it was.
      expect(rows.length).toBeGreaterThanOrEqual(1);
      expect(rows.length).toBeLessThanOrEqual(2);
      expect(rows.reduce((n, r) => n + r.refusals, 0)).toBe(4);
      for (const row of rows) {
        expect(row).toMatchObject({ sub: 'fbi.analyst', agency: 'FBI', outcome: 'REFUSED' });
        expect(row.client_address).toMatch(/127\.0\.0\.1/);
      }
      const reasons = rows.reduce<Record<string, number>>((all, r) => {
        for (const [reason, n] of Object.entries(r.variables.reasons as Record<string, number>)) all[reason] = (all[reason] ?? 0) + n;
        return all;
      }, {});
      expect(reasons).toEqual({ 'No purpose of use (PURPOSE_REQUIRED).': 3, 'Invalid purpose of use (BAD_REQUEST).': 1 });
      // The request that stated its purpose went through, and nothing was refused in CBP's name.
      const { rows: cbp } = await trail.query(`SELECT outcome, purpose FROM audit_event WHERE agency = 'CBP'`);
      expect(cbp).toEqual([{ outcome: 'SUCCESS', purpose: 'INTERDICTION' }]);
    } finally {
      await trail.end();
      await dropDatabase(serverUrl(), databaseName('audit', prefix));
    }
  });

  it('rows written before the newer columns existed still verify: their digest is the first version\'s', async () => {
    const store = await AuditStore.open(serverUrl(), system.prefix);
    try {
      // A record with none of the newer fields, as every row written before them is.
      await store.append({ requestId: 'older-shape', sub: 'tester', agency: 'HSI', operationName: 'T', documentHash: null, variables: {}, outcome: 'SUCCESS', latencyMs: 1, disseminated: {} });
      const { rows } = await audit.query(`
        SELECT audit_event_digest(e) = encode(sha256(convert_to(concat_ws('|', e.seq, to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), e.request_id, e.sub, e.agency,
                 coalesce(e.operation_name, ''), coalesce(e.document_hash, ''), e.variables::text, e.outcome, e.latency_ms, e.disseminated::text, e.prev_hash), 'UTF8')), 'hex') AS first_version
          FROM audit_event e WHERE request_id = 'older-shape'`);
      expect(rows).toEqual([{ first_version: true }]);
      // And a newer field is covered: changing the purpose of a row breaks the chain.
      await system.query(`query PurposeIsHashed($id: UUID!) { organization(id: $id) { name } }`, { id: organization.id }, { purpose: 'TRAINING' });
      await audit.query(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update`);
      try {
        await audit.query(`UPDATE audit_event SET purpose = 'AUDIT' WHERE operation_name = 'PurposeIsHashed'`);
        expect((await store.verify()).problem).toMatch(/altered/);
        await audit.query(`UPDATE audit_event SET purpose = 'TRAINING' WHERE operation_name = 'PurposeIsHashed'`);
      } finally {
        await audit.query(`ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update`);
      }
      expect((await store.verify()).problem).toBeNull();
    } finally {
      await store.close();
    }
  });

  it('tells an auditor nothing of a record its agency may not see: its trail reads as that of an id nobody uses', async () => {
    const [hidden] = await system.subgraphs.targets.db.query(`SELECT id FROM person WHERE provenance_agency = 'HSI' AND NOT ${releasedTo('DOJ')} LIMIT 1`);
    expect(hidden).toBeDefined();
    const read = await system.query(`query HsiReadsItsOwn($id: UUID!) { person(id: $id) { name } }`, { id: hidden.id }, { agency: 'HSI', purpose: 'INVESTIGATION' });
    expect(read.data.person.name).toBeTruthy();
    const asked = await system.query(`query AuditorReads($id: UUID!) { person(id: $id) { name } }`, { id: hidden.id }, { agency: 'DOJ' });
    expect(asked.data.person).toBeNull();
    const trail = await system.query(`query($id: UUID!) { auditTrail(entityId: $id) { agency purpose } }`, { id: hidden.id }, { agency: 'DOJ' });
    const nobody = await system.query(`query($id: UUID!) { auditTrail(entityId: $id) { agency purpose } }`, { id: '00000000-0000-4000-8000-00000000a0d1' }, { agency: 'DOJ' });
    expect(trail).toEqual({ ...nobody, extensions: trail.extensions });
    expect(trail.data.auditTrail).toEqual([]);
  });

  it('answers who has seen a target, for callers with audit:read only', async () => {
    await system.query(`query SeenByHsi($id: UUID!) { organization(id: $id) { name } }`, { id: organization.id }, { agency: 'HSI' });
    await system.query(`query AuditorReads($id: UUID!) { organization(id: $id) { name } }`, { id: organization.id }, { agency: 'DOJ' });
    const trail = await system.query(`query($id: UUID!) { auditTrail(entityId: $id) { agency sub operationName at } }`, { id: organization.id }, { agency: 'DOJ' });
    expect(trail.errors).toBeUndefined();
    expect(trail.data.auditTrail.map((e: any) => e.operationName)).toEqual(expect.arrayContaining(['SeenByHsi', 'OrgWithMembers']));
    const refused = await system.query(`query($id: UUID!) { auditTrail(entityId: $id) { agency } organization(id: $id) { name } }`, { id: organization.id }, { agency: 'HSI' });
    expect(refused.data.auditTrail).toBeNull();
    expect(refused.data.organization.name).toBe(organization.name);
    expect(refused.errors?.[0]).toMatchObject({ path: ['auditTrail'], extensions: { code: 'FORBIDDEN', requiredScopes: [['audit:read']] } });

    // Asked again after more traffic, the answer includes what was disseminated since (newest first).
    await system.query(`query SeenByCbpLater($id: UUID!) { organization(id: $id) { name } }`, { id: organization.id }, { agency: 'CBP' });
    const later = await system.query(`query($id: UUID!) { auditTrail(entityId: $id) { agency operationName } }`, { id: organization.id }, { agency: 'DOJ' });
    expect(later.data.auditTrail[0]).toEqual({ agency: 'CBP', operationName: 'SeenByCbpLater' });
    expect(later.data.auditTrail.length).toBeGreaterThan(trail.data.auditTrail.length);
  });

  it('commits concurrent records together, each durable when its promise resolves, in one unbroken chain', async () => {
    const store = await AuditStore.open(serverUrl(), system.prefix);
    try {
      const { rows: [{ before }] } = await audit.query('SELECT count(*)::int AS before FROM audit_event');
      const ids = Array.from({ length: 40 }, (_, i) => `group-commit-${i}`);
      // Each promise, once resolved, must find its own record (and notice) committed.
      await Promise.all(ids.map(async (requestId, i) => {
        await store.append({ requestId, sub: 'tester', agency: 'HSI', operationName: 'T', documentHash: null, variables: { i }, outcome: 'SUCCESS', latencyMs: i, disseminated: { Organization: [organization.id] } },
          i % 10 === 0 ? [{ agency: 'CBP', recordType: 'Interdiction', subjectId: organization.id, records: 1 }] : []);
        const { rows } = await audit.query('SELECT (SELECT count(*)::int FROM audit_event WHERE request_id = $1) AS records, (SELECT count(*)::int FROM handling_notice WHERE request_id = $1) AS notices', [requestId]);
        expect(rows[0]).toEqual({ records: 1, notices: i % 10 === 0 ? 1 : 0 });
      }));
      const { rows } = await audit.query('SELECT request_id FROM audit_event WHERE request_id LIKE $1 ORDER BY seq', ['group-commit-%']);
      expect(rows.map((r) => r.request_id).sort()).toEqual([...ids].sort());
      // Fewer commits than records: they shared transactions (same xmin).
      const { rows: [{ transactions }] } = await audit.query(`SELECT count(DISTINCT xmin::text)::int AS transactions FROM audit_event WHERE request_id LIKE 'group-commit-%'`);
      expect(transactions).toBeLessThan(ids.length);
      const { rows: [{ after }] } = await audit.query('SELECT count(*)::int AS after FROM audit_event');
      expect(after).toBe(before + ids.length);
      expect((await store.verify()).problem).toBeNull();
    } finally {
      await store.close();
    }
  });

  it('refuses to update or delete a record, and the verifier detects one altered behind its back', async () => {
    await expect(audit.query(`UPDATE audit_event SET agency = 'MEX' WHERE seq = (SELECT min(seq) FROM audit_event)`)).rejects.toThrow(/append-only/);
    await expect(audit.query(`DELETE FROM audit_event`)).rejects.toThrow(/append-only/);
    await expect(audit.query(`TRUNCATE audit_event`)).rejects.toThrow(/append-only/);

    const store = await AuditStore.open(serverUrl(), system.prefix);
    try {
      expect((await store.verify()).problem).toBeNull();
      // Someone with the power to disable triggers edits a row: the chain no longer verifies.
      await audit.query(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update`);
      await audit.query(`UPDATE audit_event SET agency = 'MEX' WHERE seq = (SELECT min(seq) FROM audit_event)`);
      expect((await store.verify()).problem).toMatch(/altered/);
      await audit.query(`DELETE FROM audit_event WHERE seq = (SELECT min(seq) FROM audit_event)`);
      expect((await store.verify()).problem).toMatch(/removed/);
      await audit.query(`ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update`);
    } finally {
      await store.close();
    }
  });
});
