import { CANONICAL_OPERATIONS, CanonicalOperation, operationDocument } from '../operations';
import { agencyCodes } from '../lib/identity/policy';
import { SEED_PERIOD } from '../lib/seed/registry';
import { releasedToSql } from '../lib/handling/release';
import { GraphQLResponse, startTestSystem, TestSystem } from './support/harness';
import { composedSchema, keyedQueryFields, ReleaseOracle, withRecordIdentity } from './support/release-oracle';

/**
 * Issue 13, proof 2, differential: for every agency of the policy file, every canonical operation
 * and every query field that takes an id or a business key, what the gateway returns over seeded
 * data is exactly what a separate owner's query (test/support/release-oracle.ts) says is released
 * to that agency. Both ways: a record shown that is not released fails, and so does a released
 * record a lookup or a complete list leaves out; lists name exactly the holders of the POINTER
 * records the agency may not see. The ids tried: every POINTER and RESTRICTED record and a
 * stable sample of OPEN ones.
 */

const schema = composedSchema();
/** Lookups by id: the field, its argument, and the type of record it returns. */
const LOOKUPS: Record<string, { argument: string; type: string; key?: string }> = {
  organization: { argument: 'id', type: 'Organization' },
  person: { argument: 'id', type: 'Person' },
  interdiction: { argument: 'id', type: 'Interdiction' },
  case: { argument: 'id', type: 'Case' },
  caseByNumber: { argument: 'caseNumber', type: 'Case', key: 'case_number' },
  sanctionsDesignation: { argument: 'id', type: 'SanctionsDesignation' },
  financialAccount: { argument: 'id', type: 'FinancialAccount' },
  assetSeizure: { argument: 'id', type: 'AssetSeizure' },
  travelRestriction: { argument: 'id', type: 'TravelRestriction' },
  plannedOperation: { argument: 'id', type: 'PlannedOperation' },
};
/** Keyed fields asked through the canonical operations (and ShortestPath's field) below, not one by one. */
const THROUGH_OPERATIONS: Record<string, string> = {
  network: 'Network, around every sampled person and organization',
  path: 'path between sampled persons',
  briefing: 'WeeklyBriefing, for every sampled organization',
};
/**
 * Keyed fields this test does not hold against labels, each with its reason. A new keyed field
 * fails the test until it is in one of the three lists.
 */
const NOT_RECORDS: Record<string, string> = {
  auditTrail: 'answers who received an id (audit:read, DOJ only), and shows no record of an agency; covered by test/audit.test.ts',
  possibleMatches: 'answers registry persons only: a personId not released reads NOT_FOUND as one nobody uses, and only persons released to the caller are candidates; covered by test/entity-resolution.test.ts',
};

/** Sample one OPEN record in this many (every POINTER and RESTRICTED one is tried). */
const OPEN_EVERY: Record<string, number> = { Person: 12, Organization: 2 };
const DEFAULT_OPEN_EVERY = 15;
/** Aliased lookups per request. */
const BATCH = 25;

describe('the release oracle: what the gateway shows each agency is exactly what is released to it', () => {
  let system: TestSystem;
  let oracle: ReleaseOracle;

  beforeAll(async () => {
    // What is shown, not how fast: hundreds of dossiers (the timeout's own tests are in test/resilience.test.ts).
    system = await startTestSystem({ seedScale: 1, relay: false, subgraphTimeoutMs: 15_000 });
    oracle = await ReleaseOracle.open(Object.fromEntries(Object.entries(system.subgraphs).map(([name, s]) => [name, s.db])));
  }, 600_000);
  afterAll(async () => {
    // eslint-disable-next-line no-console
    console.log(`release oracle compared ${JSON.stringify(oracle?.checked)}`);
    await system?.stop();
  });

  /** Root fields refused for want of a scope, per agency (their nulls show nothing, and hide nothing released). */
  const refused = new Map<string, Set<string>>();
  /** USES_SELECTOR edges of the sampled networks checked against the released links. */
  let selectorTies = 0;
  const ask = async (agency: string, document: string, variables: Record<string, unknown>): Promise<unknown> => {
    const { data, errors, status } = await system.query(withRecordIdentity(document, schema), variables, { agency, purpose: 'AUDIT' });
    refused.set(agency, new Set((errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN' && e.path?.length === 1).map((e) => String(e.path![0]))));
    // A refusal for want of a scope the agency's grant lacks is the authorization test's business, and NOT_FOUND
    // (the same answer as for an id nobody uses) is how a root field hides a record: neither shows anything.
    const unexpected = (errors ?? []).filter((e) => !['FORBIDDEN', 'NOT_FOUND'].includes(String(e.extensions?.code)));
    if (status !== 200 || unexpected.length) throw new Error(`${agency}: ${status} ${JSON.stringify(unexpected).slice(0, 600)}`);
    return data;
  };

  it('covers every query field that takes an id or a business key', () => {
    const keyed = keyedQueryFields(schema);
    expect(keyed.length).toBeGreaterThanOrEqual(14);
    const uncovered = keyed.filter((f) => !(f in LOOKUPS) && !(f in THROUGH_OPERATIONS) && !(f in NOT_RECORDS));
    expect(uncovered).toEqual([]);
    // And nothing listed that the schema no longer has.
    expect([...Object.keys(LOOKUPS), ...Object.keys(THROUGH_OPERATIONS), ...Object.keys(NOT_RECORDS)].filter((f) => !keyed.includes(f))).toEqual([]);
    expect([...CANONICAL_OPERATIONS].sort()).toEqual(['Network', 'PersonDossier', 'SearchTargets', 'TargetDossier', 'WeeklyBriefing']);
  });

  it('the oracle itself notices a record shown that is not released, one left out of a list, and a wrong pointer', async () => {
    const [restricted] = await oracle.query('investigations', `SELECT id::text, organization_id::text FROM investigation_case WHERE handling_sensitivity = 'RESTRICTED' AND lead_agency = 'DEA' AND NOT ${releasedToSql('FBI')} LIMIT 1`);
    const shown = await oracle.differences({ case: { __typename: 'Case', id: restricted.id } }, 'FBI');
    expect(shown).toEqual([expect.stringContaining(`Case ${restricted.id} is shown to FBI but not released to it`)]);
    const expected = await oracle.expectedList('Organization.cases', restricted.organization_id, 'HSI');
    const [kept] = [...expected.ids];
    // A released case left out altogether (from the page and its total).
    const list = { __typename: 'Organization', id: restricted.organization_id, cases: { totalCount: expected.ids.size - 1, pointers: [{ agency: 'NOBODY', records: 1 }], edges: [...expected.ids].filter((id) => id !== kept).map((id) => ({ node: { __typename: 'Case', id } })) } };
    const differences = await oracle.differences({ organization: list }, 'HSI');
    expect(differences).toEqual(expect.arrayContaining([expect.stringContaining('pointers'), expect.stringContaining('totalCount'), expect.stringContaining(`hides ${kept}`)]));
  });

  for (const agency of agencyCodes) {
    describe(`as ${agency}`, () => {
      it('every lookup by id or business key answers a record exactly when it is released (POINTER and RESTRICTED ones not released: null)', async () => {
        const differences: string[] = [];
        let answered = 0;
        let withheld = 0;
        for (const [fieldName, lookup] of Object.entries(LOOKUPS)) {
          const sample = await oracle.sample(lookup.type, OPEN_EVERY[lookup.type] ?? DEFAULT_OPEN_EVERY);
          const released = await oracle.released(lookup.type, sample.map((s) => s.id), agency);
          const keys = lookup.key ? await keysOf(lookup, sample.map((s) => s.id)) : new Map(sample.map((s) => [s.id, s.id]));
          for (let start = 0; start < sample.length; start += BATCH) {
            const batch = sample.slice(start, start + BATCH);
            const argType = lookup.argument === 'id' ? 'UUID!' : 'String!';
            const document = `query Lookups(${batch.map((_, i) => `$k${i}: ${argType}`).join(', ')}) { ${batch.map((_, i) => `r${i}: ${fieldName}(${lookup.argument}: $k${i}) { id }`).join(' ')} }`;
            const data = await ask(agency, document, Object.fromEntries(batch.map((s, i) => [`k${i}`, keys.get(s.id)]))) as Record<string, { id: string } | null> | null;
            if (!data) continue; // the agency's grant lacks the field's scope: nothing shown
            batch.forEach((s, i) => {
              if (refused.get(agency)!.has(`r${i}`)) return;
              const got = data[`r${i}`];
              if (got && !released.has(s.id)) differences.push(`${fieldName}(${keys.get(s.id)}): ${s.sensitivity} ${lookup.type} ${s.id} answered to ${agency}, not released to it`);
              if (!got && released.has(s.id)) differences.push(`${fieldName}(${keys.get(s.id)}): ${s.sensitivity} ${lookup.type} ${s.id} released to ${agency}, answered null`);
              if (got && got.id !== s.id) differences.push(`${fieldName}(${keys.get(s.id)}): answered ${got.id}`);
              if (got) answered++;
              else withheld++;
            });
          }
        }
        expect(differences).toEqual([]);
        expect(answered).toBeGreaterThan(0);
        expect(withheld).toBeGreaterThan(0);
      });

      it('TargetDossier of every sampled organization: each record shown released, each list exactly the released records and POINTER holders', async () => {
        const differences: string[] = [];
        const before = { ...oracle.checked };
        for (const { id } of await oracle.sample('Organization', OPEN_EVERY.Organization)) {
          const data = await ask(agency, operation('TargetDossier'), { id, members: 100 });
          differences.push(...await oracle.differences(data, agency));
        }
        expect(differences).toEqual([]);
        // Not a comparison of nothing: records and whole lists were held against the oracle.
        expect(oracle.checked.records - before.records).toBeGreaterThan(50);
        expect(oracle.checked.completeLists - before.completeLists).toBeGreaterThan(10);
      });

      it('PersonDossier of every sampled person: each record shown released, each list exactly the released records and POINTER holders', async () => {
        const differences: string[] = [];
        const before = { ...oracle.checked };
        for (const { id } of await oracle.sample('Person', OPEN_EVERY.Person)) {
          const data = await ask(agency, operation('PersonDossier'), { id });
          differences.push(...await oracle.differences(data, agency));
        }
        expect(differences).toEqual([]);
        expect(oracle.checked.records - before.records).toBeGreaterThan(50);
        expect(oracle.checked.completeLists - before.completeLists).toBeGreaterThan(10);
        // Holders of POINTER records kept from the agency were there to be named (and were, exactly).
        expect(oracle.checked.pointerHolders - before.pointerHolders).toBeGreaterThan(0);
      });

      it('SearchTargets by the name of every sampled person and organization: finds the released ones, never the others', async () => {
        const differences: string[] = [];
        for (const type of ['Person', 'Organization'] as const) {
          const sample = await oracle.sample(type, (OPEN_EVERY[type] ?? DEFAULT_OPEN_EVERY) * 2);
          const released = await oracle.released(type, sample.map((s) => s.id), agency);
          const names = new Map((await oracle.query('targets', `SELECT id::text, name FROM ${type === 'Person' ? 'person' : 'organization'} WHERE id = ANY($1::uuid[])`, [sample.map((s) => s.id)])).map((r) => [r.id, r.name]));
          for (const { id, sensitivity } of sample) {
            const data = await ask(agency, operation('SearchTargets'), { text: names.get(id), first: 10 }) as { searchTargets: { target: { id: string } }[] | null };
            differences.push(...await oracle.differences(data, agency));
            const found = (data.searchTargets ?? []).some((m) => m.target.id === id);
            if (released.has(id) && !found) differences.push(`searchTargets("${names.get(id)}"): released ${type} ${id} (${sensitivity}) not found by its name`);
          }
        }
        expect(differences).toEqual([]);
      });

      it('Network around and path between sampled targets: every node shown is released, a hidden root has no network', async () => {
        const differences: string[] = [];
        const persons = await oracle.sample('Person', OPEN_EVERY.Person * 3);
        const organizations = await oracle.sample('Organization', OPEN_EVERY.Organization);
        for (const [type, sample] of [['Person', persons], ['Organization', organizations]] as const) {
          const released = await oracle.released(type, sample.map((s) => s.id), agency);
          for (const { id } of sample) {
            const data = await ask(agency, operation('Network'), { rootId: id, depth: 2 }) as { network: { nodes: { id: string }[]; edges: { source: string; target: string; kind: string }[] } | null };
            differences.push(...await oracle.differences(data, agency));
            differences.push(...await selectorTiesUnreleased(data.network?.edges ?? [], agency));
            if (!released.has(id) && data.network?.nodes.length) differences.push(`network(${id}): ${type} not released to ${agency}, yet a network of ${data.network.nodes.length} nodes`);
            if (released.has(id) && !data.network?.nodes.some((n) => n.id === id)) differences.push(`network(${id}): released root missing`);
          }
        }
        // Paths from each sampled person to the next: through released nodes only.
        for (let i = 0; i + 1 < persons.length; i += 2) {
          const data = await ask(agency, `query($from: UUID!, $to: UUID!) { path(fromId: $from, toId: $to, maxDepth: 4) { found nodes { id kind name } } }`, { from: persons[i].id, to: persons[i + 1].id });
          differences.push(...await oracle.differences(data, agency));
        }
        expect(differences).toEqual([]);
      });

      it('WeeklyBriefing of every sampled organization counts only records released to it', async () => {
        const differences: string[] = [];
        const from = SEED_PERIOD.from.toISOString();
        const to = new Date(SEED_PERIOD.from.getTime() + 364 * 86_400_000).toISOString();
        for (const { id } of await oracle.sample('Organization', OPEN_EVERY.Organization)) {
          const data = await ask(agency, operation('WeeklyBriefing'), { from, to, organizationId: id }) as { briefing: any };
          differences.push(...await oracle.differences(data, agency));
          const [expected] = await oracle.query('interdictions', `SELECT count(*)::int AS n FROM interdiction i WHERE organization_id = $1 AND occurred_at >= $2 AND occurred_at < $3 AND ${releasedToSql(agency, 'i')}`, [id, from, to]);
          const [cases] = await oracle.query('investigations', `SELECT count(*)::int AS n FROM investigation_case c WHERE organization_id = $1 AND opened_at >= $2 AND opened_at < $3 AND ${releasedToSql(agency, 'c')}`, [id, from, to]);
          if (data.briefing?.interdictions && data.briefing.interdictions.interdictions !== expected.n) differences.push(`briefing(${id}).interdictions.interdictions: ${data.briefing.interdictions.interdictions}, ${expected.n} released`);
          if (data.briefing?.investigations && data.briefing.investigations.casesOpened !== cases.n) differences.push(`briefing(${id}).investigations.casesOpened: ${data.briefing.investigations.casesOpened}, ${cases.n} released`);
        }
        expect(differences).toEqual([]);
      });
    });
  }

  it('held selector ties in the sampled networks against the links released to each agency: not a comparison of nothing', () => {
    expect(selectorTies).toBeGreaterThan(0);
  });

  /**
   * Agency subgraphs hold registry ids (a case's subjects, an arrest's person, an account's holder...)
   * and cannot see the registry's labels when they read. A write asks the registry, and refuses a
   * record that would name a person to agencies the registry withholds them from: DEA cannot name
   * its own POINTER person as a subject of its OPEN case. A link written behind the API (or left by
   * registry labels narrowed later) still shows the id on read (docs/row-level-security.md, "Known
   * gap"): `it.failing` keeps the suite green while that stands and turns red once it is fixed.
   */
  describe('a person hidden from the caller, named by a record released to it', () => {
    let caseId: string;
    let personId: string;
    let ids: GraphQLResponse;
    let names: GraphQLResponse & { extensions?: unknown };

    it('DEA may not name its own POINTER person as a subject of its OPEN case', async () => {
      [{ id: personId }] = await oracle.query('targets', `SELECT id::text FROM person WHERE provenance_agency = 'DEA' AND handling_sensitivity = 'POINTER' ORDER BY id LIMIT 1`);
      [{ id: caseId }] = await oracle.query('investigations', `SELECT id::text FROM investigation_case WHERE lead_agency = 'DEA' AND handling_sensitivity = 'OPEN' AND handling_releasable_to = '{ALL_DOMESTIC}' ORDER BY id LIMIT 1`);
      expect(await oracle.released('Person', [personId], 'FBI')).toEqual(new Set());
      const added = await system.query(`mutation($input: AddCaseSubjectInput!) { addCaseSubject(input: $input) { clientMutationId } }`,
        { input: { caseId, personId, role: 'SUBJECT', clientMutationId: 'oracle-hidden-subject' } }, { agency: 'DEA', purpose: 'INVESTIGATION' });
      expect(added.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'personId' });
      expect(added.errors?.[0].message).toMatch(/not to [A-Z, ]*FBI/);
    });

    it('(the same link, written as the owner behind the API, and FBI reads the case)', async () => {
      await oracle.query('investigations', `INSERT INTO case_subject (case_id, person_id, role) VALUES ($1, $2, 'SUBJECT')`, [caseId, personId]);
      ids = await system.query(withRecordIdentity(`query($id: UUID!) { case(id: $id) { id subjects { role person { id } } } }`, schema), { id: caseId }, { agency: 'FBI', purpose: 'AUDIT' });
      names = await system.query(`query($id: UUID!) { case(id: $id) { id subjects { role person { id name } } } }`, { id: caseId }, { agency: 'FBI', purpose: 'AUDIT' });
      expect(ids.status).toBe(200);
      expect(names.status).toBe(200);
    });

    it.failing('shows neither the person nor an error, and the case in full', async () => {
      expect(await oracle.differences(ids.data, 'FBI')).toEqual([]);
      expect(names.data?.case?.id).toBe(caseId);
      expect(names.extensions ?? {}).toEqual({});
    });

    it('(the subject is taken off again, as the owner)', async () => {
      await oracle.query('investigations', `DELETE FROM case_subject WHERE case_id = $1 AND person_id = $2`, [caseId, personId]);
    });
  });

  /** A selector in a view is a tie only through a link the agency may see: every USES_SELECTOR edge must be one. */
  async function selectorTiesUnreleased(edges: { source: string; target: string; kind: string }[], agency: string): Promise<string[]> {
    const ties = edges.filter((e) => e.kind === 'USES_SELECTOR');
    if (!ties.length) return [];
    const links: { id: string; subject: string; selector: string }[] = await oracle.query('targets',
      `SELECT id::text, coalesce(person_id, organization_id)::text AS subject, selector_id::text AS selector FROM selector_link
        WHERE (coalesce(person_id, organization_id), selector_id) IN (SELECT * FROM unnest($1::uuid[], $2::uuid[]))`,
      [ties.map((e) => e.source), ties.map((e) => e.target)]);
    const released = await oracle.released('SelectorLink', links.map((l) => l.id), agency);
    selectorTies += ties.length;
    return ties.filter((e) => !links.some((l) => l.subject === e.source && l.selector === e.target && released.has(l.id)))
      .map((e) => `network: ${e.source} uses selector ${e.target}, through no link released to ${agency}`);
  }

  async function keysOf(lookup: { type: string; key?: string }, ids: string[]): Promise<Map<string, string>> {
    const rows = await oracle.query('investigations', `SELECT id::text, ${lookup.key} AS key FROM investigation_case WHERE id = ANY($1::uuid[])`, [ids]);
    return new Map(rows.map((r) => [r.id, r.key]));
  }
});

function operation(name: CanonicalOperation): string {
  return operationDocument(name);
}
