import { SignJWT } from 'jose';
import { releasedTo, startTestSystem, TestSystem } from './support/harness';
import { signDevelopmentToken } from '../lib/identity/tokens';
import { generateRegistry } from '../lib/seed/registry';
import { operationDocument } from '../operations';
import { statementCount } from '../lib/database/data-source';
import { normalizeSelectorInput } from '../lib/selectors/input';
import { SelectorKind } from '../lib/selectors/normalize';

describe('the gateway over all five subgraphs', () => {
  let system: TestSystem;
  const registry = generateRegistry(1);

  beforeAll(async () => {
    system = await startTestSystem({ seedScale: 1 });
  });
  afterAll(() => system?.stop());

  it("answers one query that crosses all five subgraphs: an organization's name and every agency's records", async () => {
    const { status, data, errors } = await system.query(
      `query($id: UUID!) { organization(id: $id) { name interdictions(first: 1) { totalCount } cases(first: 1) { totalCount } sanctions(first: 1) { totalCount } travelSummary { restrictedMembers activeRestrictions } } }`,
      { id: registry.organizations[0].id },
    );
    expect(status).toBe(200);
    expect(errors).toBeUndefined();
    expect(data.organization.name).toBe(registry.organizations[0].name);
    expect(data.organization.interdictions.totalCount).toBeGreaterThan(0);
    expect(data.organization.cases.totalCount).toBeGreaterThan(0);
    expect(data.organization.sanctions.totalCount).toBeGreaterThan(0);
    expect(data.organization.travelSummary.activeRestrictions).toBeGreaterThan(0);
  });

  describe('refuses requests without a valid token with 401 and what to do', () => {
    const ask = (token: string | null) => system.query('{ organizations(first: 1) { totalCount } }', {}, { token });

    it('no token', async () => {
      const { status, errors } = await ask(null);
      expect(status).toBe(401);
      expect(errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect(errors?.[0].message).toMatch(/npm run --silent token/);
    });

    it('garbage, forged, expired and unsigned (alg: none) tokens', async () => {
      const valid = await signDevelopmentToken({ agency: 'HSI' });
      const [header, payload] = valid.split('.');
      const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
      const forged = `${header}.${payload}.${Buffer.from('not the signature').toString('base64url')}`;
      const expired = await signDevelopmentToken({ agency: 'HSI', expiresIn: '-1m' });
      const otherKey = await new SignJWT({ agency: 'HSI', scope: 'targets:read' }).setProtectedHeader({ alg: 'HS256' })
        .setSubject('x').setIssuer('unity-table-dev').setAudience('unity-table').setExpirationTime('1h').sign(new TextEncoder().encode('a'.repeat(32)));
      for (const token of ['garbage', unsigned, forged, expired, otherKey]) {
        const { status, errors } = await ask(token);
        expect({ token, status }).toEqual({ token, status: 401 });
        expect(errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      }
      expect((await ask(expired)).errors?.[0].message).toMatch(/expired/);
    });
  });

  it('runs every canonical operation with data from every subgraph it names', async () => {
    const organization = registry.organizations[0];
    const person = registry.memberships.find((m) => m.organizationId === organization.id && m.role === 'LEADER')!;
    const dossier = await system.query(operationDocument('TargetDossier'), { id: organization.id });
    expect(dossier.errors).toBeUndefined();
    const o = dossier.data.organization;
    expect(o.members.totalCount).toBe(registry.memberships.filter((m) => m.organizationId === organization.id).length);
    expect(o.members.edges[0].node.role).toBe('LEADER');
    expect(o.interdictions.totalCount).toBeGreaterThan(0);
    expect(o.cases.totalCount).toBeGreaterThan(0);
    expect(o.financialSummary).toBeDefined();

    const personDossier = await system.query(operationDocument('PersonDossier'), { id: person.personId });
    expect(personDossier.errors).toBeUndefined();
    expect(personDossier.data.person.memberships.edges.map((e: any) => e.node.organization.id)).toContain(organization.id);

    const search = await system.query(operationDocument('SearchTargets'), { text: organization.name.replace('á', 'a').slice(0, -1) });
    expect(search.errors).toBeUndefined();
    expect(search.data.searchTargets[0].target.id).toBe(organization.id);

    const network = await system.query(operationDocument('Network'), { rootId: person.personId, depth: 2 });
    expect(network.errors).toBeUndefined();
    expect(network.data.network.nodes.length).toBeGreaterThan(10);

    const briefing = await system.query(operationDocument('WeeklyBriefing'), { from: '2026-01-01T00:00:00Z', to: '2026-07-01T00:00:00Z' });
    expect(briefing.errors).toBeUndefined();
    const b = briefing.data.briefing;
    for (const section of ['interdictions', 'investigations', 'finance', 'travel']) expect(b[section]).toBeTruthy();
    expect(b.interdictions.interdictions).toBeGreaterThan(0);
  });

  it('the briefing totals equal the sums of the records in each agency database', async () => {
    const from = '2025-01-01T00:00:00Z';
    const to = '2025-12-31T00:00:00Z';
    const { data, errors } = await system.query(operationDocument('WeeklyBriefing'), { from, to });
    expect(errors).toBeUndefined();
    const count = async (subgraph: string, sql: string) => (await system.subgraphs[subgraph].db.query(sql, [from, to]))[0].n;
    // Totals are of what the caller (HSI) may see.
    const hsi = releasedTo('HSI');
    expect(data.briefing.interdictions.interdictions).toBe(await count('interdictions', `SELECT count(*)::int AS n FROM interdiction WHERE occurred_at >= $1 AND occurred_at < $2 AND ${hsi}`));
    expect(data.briefing.investigations.arrests).toBe(await count('investigations',
      `SELECT count(*)::int AS n FROM arrest a JOIN investigation_case c ON c.id = a.case_id WHERE arrested_at >= $1 AND arrested_at < $2 AND ${releasedTo('HSI', 'a')} AND ${releasedTo('HSI', 'c')}`));
    expect(data.briefing.finance.designations).toBe(await count('finance', `SELECT count(*)::int AS n FROM sanctions_designation WHERE designated_at >= $1 AND designated_at < $2 AND ${hsi}`));
    expect(data.briefing.travel.restrictionsIssued).toBe(await count('travel', `SELECT count(*)::int AS n FROM travel_restriction WHERE issued_at >= $1 AND issued_at < $2 AND ${hsi}`));
  });

  it('TargetDossier costs the same number of SQL statements for an organization of 5 members and one of 100 (no N+1)', async () => {
    const sizes = new Map<string, number>();
    for (const m of registry.memberships) sizes.set(m.organizationId, (sizes.get(m.organizationId) ?? 0) + 1);
    const [large, largeSize] = [...sizes].sort((a, b) => b[1] - a[1])[0];
    expect(largeSize).toBeGreaterThanOrEqual(90);

    // A five-member organization made of the large one's leaders, holding a few of its records in every agency.
    const small = '5a11e000-0000-4000-8000-000000000005';
    const targetsDb = system.subgraphs.targets.db;
    await targetsDb.query(`INSERT INTO organization (id, name, kind, threat_level, provenance_agency, provenance_recorded_by) VALUES ($1, 'Célula de Prueba', 'CELL', 'HIGH', 'HSI', 'test')`, [small]);
    const leaders = registry.memberships.filter((m) => m.organizationId === large).slice(0, 5);
    for (const [i, m] of leaders.entries()) {
      await targetsDb.query(`INSERT INTO membership (id, person_id, organization_id, role, provenance_agency, provenance_recorded_by) VALUES ($1, $2, $3, $4, 'HSI', 'test')`,
        [`5a11e000-0000-4000-8000-00000000010${i}`, m.personId, small, m.role]);
    }
    for (const name of ['interdictions', 'investigations', 'finance', 'travel']) {
      const db = system.subgraphs[name].db;
      const tables: { table_name: string }[] = await db.query(
        `SELECT table_name FROM information_schema.columns WHERE column_name = 'organization_id' AND table_schema = 'public'`);
      for (const { table_name } of tables) {
        await db.query(`UPDATE "${table_name}" SET organization_id = $1 WHERE id IN (SELECT id FROM "${table_name}" WHERE organization_id = $2 ORDER BY id LIMIT 5)`, [small, large]);
      }
    }

    // Both dossiers show selectors: each leader uses a phone (the large organization's members have more),
    // with records on it in CBP's and HSI's subgraphs, so every selector fetch of the plan runs for both.
    for (const [i, m] of leaders.entries()) {
      const phone = normalizeSelectorInput({ kind: SelectorKind.PHONE, value: `+52 662 400 00${i}${i}` }, 'phone');
      await targetsDb.query(`INSERT INTO selector (id, kind, value, display, search) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`, [phone.id, phone.kind, phone.value, phone.display, phone.value.slice(1)]);
      await targetsDb.query(`INSERT INTO selector_link (id, selector_id, person_id, first_seen, last_seen, provenance_agency, provenance_recorded_by) VALUES ($1, $2, $3, now(), now(), 'DEA', 'test')`,
        [`5a11e000-0000-4000-8000-00000000020${i}`, phone.id, m.personId]);
      const [seized] = await system.subgraphs.interdictions.db.query(`SELECT id FROM interdiction WHERE organization_id = $1 ORDER BY id LIMIT 1 OFFSET $2`, [small, i]);
      await system.subgraphs.interdictions.db.query(`INSERT INTO interdiction_selector (interdiction_id, selector_id, kind, value, display, role) VALUES ($1, $2, $3, $4, $5, 'PHONE_SEIZED')`,
        [seized.id, phone.id, phone.kind, phone.value, phone.display]);
      const [named] = await system.subgraphs.investigations.db.query(`SELECT case_id FROM case_subject WHERE person_id = $1 LIMIT 1`, [m.personId]);
      if (named) {
        await system.subgraphs.investigations.db.query(`INSERT INTO case_subject_selector (case_id, person_id, selector_id, kind, value, display, role) VALUES ($1, $2, $3, $4, $5, $6, 'PHONE') ON CONFLICT DO NOTHING`,
          [named.case_id, m.personId, phone.id, phone.kind, phone.value, phone.display]);
      }
    }
    await targetsDb.query(`INSERT INTO selector_link (id, selector_id, organization_id, first_seen, last_seen, provenance_agency, provenance_recorded_by)
                           SELECT '5a11e000-0000-4000-8000-000000000300'::uuid, selector_id, $1, now(), now(), 'HSI', 'test' FROM selector_link WHERE id = '5a11e000-0000-4000-8000-000000000200'`, [small]);
    await targetsDb.query(`INSERT INTO selector_link (id, selector_id, organization_id, first_seen, last_seen, provenance_agency, provenance_recorded_by)
                           SELECT '5a11e000-0000-4000-8000-000000000301'::uuid, selector_id, $1, now(), now(), 'HSI', 'test' FROM selector_link WHERE id = '5a11e000-0000-4000-8000-000000000201'`, [large]);

    // The writes above empty the response caches, and travel's then asks when its next restriction
    // expires: let that settle, so that no cache's own statement is counted below.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const statementsFor = async (id: string) => {
      const before = Object.values(system.subgraphs).map((s) => statementCount(s.db));
      const { data, errors } = await system.query(operationDocument('TargetDossier'), { id });
      expect(errors).toBeUndefined();
      expect(data.organization.selectors.totalCount).toBeGreaterThan(0);
      expect(data.organization.members.edges.filter((e: any) => e.node.person.selectors.totalCount > 0).length).toBeGreaterThanOrEqual(5);
      return { members: data.organization.members.totalCount, statements: Object.values(system.subgraphs).map((s, i) => statementCount(s.db) - before[i]) };
    };
    if (process.env.UNITY_LOG_SQL) console.log('--- small');
    const smallCost = await statementsFor(small);
    if (process.env.UNITY_LOG_SQL) console.log('--- large');
    const largeCost = await statementsFor(large);
    expect(smallCost.members).toBe(5);
    expect(largeCost.members).toBe(largeSize);
    expect(smallCost.statements.reduce((a, b) => a + b, 0)).toBeGreaterThan(0); // executed, not answered from a cache
    expect(largeCost.statements).toEqual(smallCost.statements);
  });
});
