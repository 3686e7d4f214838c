import { startTestSubgraph, TestSubgraph } from './support/harness';
import { beginRequestSql } from '../lib/database/row-security';
import { subgraphs } from '../subgraphs';

/**
 * Row security must not turn the lookups resolvers make into scans: the policies' conditions are
 * a filter on rows found through the existing indexes, and a child's EXISTS on its parent is a
 * primary-key probe. Plans are read as the request role sees them, with sequential scans priced out,
 * so a plan that still scans means no index could serve under the policy.
 */
describe('row-level security keeps the indexes in use', () => {
  const started: Record<string, TestSubgraph> = {};

  beforeAll(async () => {
    for (const name of ['targets', 'interdictions', 'investigations']) {
      started[name] = await startTestSubgraph(subgraphs.find((s) => s.name === name)!, { seedScale: 1 });
    }
  });
  afterAll(async () => {
    for (const subgraph of Object.values(started)) await subgraph.stop();
  });

  async function planAs(subgraph: string, agency: string, sql: string, parameters: unknown[] = []): Promise<string> {
    const runner = started[subgraph].db.createQueryRunner();
    await runner.connect();
    try {
      await runner.query(beginRequestSql({ agency }, 'read', (value) => `'${value.replace(/'/g, "''")}'`));
      await runner.query('SET LOCAL enable_seqscan = off');
      const rows: { 'QUERY PLAN': string }[] = await runner.query(`EXPLAIN ${sql}`, parameters);
      return rows.map((row) => row['QUERY PLAN']).join('\n');
    } finally {
      await runner.query('ROLLBACK').catch(() => undefined);
      await runner.release();
    }
  }

  const someId = '00000000-0000-4000-8000-000000000001';

  it.each([
    ['investigations', 'a case by its number', `SELECT id FROM investigation_case WHERE case_number = 'DEA-MCA-2024-00016'`, /Index Scan using \S+ on investigation_case[\s\S]*Index Cond: \(case_number = /],
    ['investigations', 'an organization\'s latest cases', `SELECT id FROM investigation_case WHERE organization_id = '${someId}' ORDER BY opened_at DESC LIMIT 10`, /Index Scan using \S+ on investigation_case[\s\S]*Index Cond: \(organization_id = /],
    ['investigations', 'a person\'s arrests, visible only with their case', `SELECT id FROM arrest WHERE person_id = '${someId}'`, /Index Scan using \S+ on arrest[\s\S]*Index Cond: \(person_id = [\s\S]*Index Scan using investigation_case_pkey on investigation_case[\s\S]*Index Cond: \(id = arrest\.case_id\)/],
    ['interdictions', 'an organization\'s interdictions, newest first', `SELECT id FROM interdiction WHERE organization_id = '${someId}' ORDER BY occurred_at DESC LIMIT 10`, /Index Scan\S* (Backward )?using \S+ on interdiction[\s\S]*Index Cond: \(organization_id = /],
    ['interdictions', 'an interdiction by id', `SELECT id FROM interdiction WHERE id = '${someId}'`, /Index (Only )?Scan using interdiction_pkey on interdiction/],
    ['targets', 'an organization\'s memberships', `SELECT id FROM membership WHERE organization_id = '${someId}'`, /Index Scan using \S+ on membership[\s\S]*Index Cond: \(organization_id = /],
    // selector's own policy is `true`, so its trigram index stays usable for LIKE (chosen once the table is large; here the
    // planner may as well read the small primary key); what row security adds, the visible-link probe, must be an index probe.
    ['targets', 'selectors matching part of a value, each seen through a link the caller may see', `SELECT s.id FROM selector s WHERE s.search LIKE '%5550142%' AND EXISTS (SELECT 1 FROM selector_link l WHERE l.selector_id = s.id)`, /Index Scan using selector_link_by_selector on selector_link/],
    ['targets', 'a person\'s selectors', `SELECT id FROM selector_link WHERE person_id = '${someId}'`, /Index Scan using selector_link_by_person on selector_link|Bitmap Index Scan on selector_link_by_person/],
    ['interdictions', 'the interdictions on a selector, visible only with the interdiction', `SELECT i.id FROM interdiction i JOIN interdiction_selector s ON s.interdiction_id = i.id WHERE s.selector_id = '${someId}'`, /on interdiction_selector[\s\S]*Index Cond: \(selector_id = /],
    ['targets', 'a person by id', `SELECT id FROM person WHERE id = '${someId}'`, /Index (Only )?Scan using \S+ on person/],
  ])('%s: %s', async (subgraph, _what, sql, expected) => {
    for (const agency of ['HSI', 'MEX']) {
      const plan = await planAs(subgraph, agency, sql);
      expect(plan).toMatch(/current_setting\('unity\.agency'/); // the policy is in the plan, as a filter
      expect(plan).toMatch(expected);
      // A parent table of a handful of rows (the seed's ten organizations) may be hashed whole, once per
      // statement, in place of a probe per row: that reads the parent, never the table looked up.
      const probes = plan.replace(/SubPlan \d+\n\s+->  Seq Scan on \w+ parent\w*[^\n]*(\n\s+(Disabled|Filter):[^\n]*)*/g, '');
      expect(probes).not.toMatch(/Seq Scan/);
      expect(plan).not.toMatch(/Seq Scan on (investigation_case|arrest|interdiction|membership|person) +\(/);
    }
  });
});
