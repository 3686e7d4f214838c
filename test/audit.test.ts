import { Client } from 'pg';
import { startTestSystem, TestSystem, serverUrl } from './support/harness';
import { AuditStore } from '../gateway/audit/store';
import { databaseName, urlForDatabase } from '../lib/database/server';
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
    const trail = await system.query(`query($id: UUID!) { auditTrail(entityId: $id, first: 50) { operationName } }`, { id: person.id }, { agency: 'DOJ' });
    expect(trail.data.auditTrail.map((e: { operationName: string }) => e.operationName)).toEqual(expect.arrayContaining(reads.map(([name]) => name)));
  });

  it('records refused requests too, with nothing disseminated', async () => {
    const requestId = 'refused-request-1';
    const response = await fetch(system.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': requestId }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(response.status).toBe(401);
    const { rows } = await audit.query(`SELECT outcome, agency, disseminated FROM audit_event WHERE request_id = $1`, [requestId]);
    expect(rows).toEqual([{ outcome: 'REFUSED', agency: 'NONE', disseminated: {} }]);
  });

  it('redacts variables whose names suggest secrets', async () => {
    await system.query(`query FindByAccount($accountNumber: String!) { searchTargets(text: $accountNumber) { score } }`, { accountNumber: '4111111111111111' });
    const { rows } = await audit.query(`SELECT variables FROM audit_event WHERE operation_name = 'FindByAccount'`);
    expect(rows[0].variables).toEqual({ accountNumber: '[REDACTED]' });
  });

  it('answers who has seen a target, for callers with audit:read only', async () => {
    await system.query(`query SeenByHsi($id: UUID!) { organization(id: $id) { name } }`, { id: organization.id }, { agency: 'HSI' });
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
