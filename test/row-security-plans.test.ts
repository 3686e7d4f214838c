import { startTestSubgraph, TestSubgraph } from './support/harness';
import { beginRequestSql, RowSecurityPlans1732200000900 } from '../lib/database/row-security';
import { subgraphs } from '../subgraphs';

/**
 * Row security must not turn the lookups resolvers make into scans: the policies' conditions are
 * a filter on rows found through the existing indexes, and a child's EXISTS on its parent is a
 * primary-key probe, never a hash of the whole parent table. Plans are read as the request role sees
 * them, with sequential scans priced out, so a plan that still scans means no index could serve under
 * the policy.
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

  async function planAs(subgraph: string, agency: string, sql: string, options: { verbose?: boolean } = {}): Promise<string> {
    const runner = started[subgraph].db.createQueryRunner();
    await runner.connect();
    try {
      await runner.query(beginRequestSql({ agency }, 'read', (value) => `'${value.replace(/'/g, "''")}'`));
      await runner.query('SET LOCAL enable_seqscan = off');
      const rows: { 'QUERY PLAN': string }[] = await runner.query(`EXPLAIN (VERBOSE ${options.verbose ? 'on' : 'off'}) ${sql}`);
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
      const verbose = await planAs(subgraph, agency, sql, { verbose: true });
      expect(verbose).toMatch(/current_setting\('unity\.agency'/); // the policy is in the plan
      // ...and reads the caller's identity once per statement (an InitPlan), not on every row it filters.
      expect(verbose).not.toMatch(/Filter: [^\n]*current_setting/);
      expect(plan).toMatch(expected);
      expect(plan).not.toMatch(/Seq Scan|hashed SubPlan/);
    }
  });

  it('rewrites policies written in the earlier forms, so that existing databases get the same plans', async () => {
    const runner = started.interdictions.db.createQueryRunner();
    await runner.connect();
    try {
      // As the first row-security migration wrote them: the caller's identity read on every row, the parent hashable.
      await runner.query('ALTER POLICY interdiction_read ON interdiction USING (unity_released(provenance_agency, handling_releasable_to))');
      await runner.query('ALTER POLICY interdiction_subject_read ON interdiction_subject USING (EXISTS (SELECT 1 FROM interdiction parent WHERE parent.id = interdiction_subject.interdiction_id))');
      const personsInterdictions = `SELECT i.id FROM interdiction i JOIN interdiction_subject s ON s.interdiction_id = i.id WHERE s.person_id = '${someId}'`;
      expect(await planAs('interdictions', 'HSI', personsInterdictions, { verbose: true })).toMatch(/Filter: [^\n]*current_setting/);
      await new RowSecurityPlans1732200000900().up(runner);
      const plan = await planAs('interdictions', 'HSI', personsInterdictions, { verbose: true });
      expect(plan).not.toMatch(/Filter: [^\n]*current_setting|hashed SubPlan|Seq Scan/);
      expect(plan).toMatch(/Index Scan using interdiction_pkey on public\.interdiction parent/);
      const policies: { qual: string }[] = await runner.query(`SELECT qual FROM pg_policies WHERE tablename IN ('interdiction', 'interdiction_subject') AND cmd = 'SELECT' AND policyname LIKE '%_read'`);
      expect(policies.map((p) => p.qual).join('\n')).not.toMatch(/unity_released\(/);
    } finally {
      await runner.release();
    }
  });
});
