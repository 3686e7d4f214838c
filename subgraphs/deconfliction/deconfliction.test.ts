import { callerOf, startTestSubgraph, TestSubgraph, uniquePrefix } from '../../test/support/harness';
import { deconfliction } from './subgraph';
import { targets } from '../targets/subgraph';
import { ScopedDatabase } from '../../lib/database/scoped-database';

const PLAN = `mutation($input: PlanOperationInput!) { planOperation(input: $input) { outcome operation { id } conflicts { party { agency disclosure } } } }`;

describe('deconfliction subgraph', () => {
  let subgraph: TestSubgraph;
  let registry: TestSubgraph;
  const window = () => ({ start: new Date(Date.now() + 3_600_000).toISOString(), end: new Date(Date.now() + 7_200_000).toISOString() });
  const plan = (agency: string, extra: Record<string, unknown> = {}) => subgraph.query(PLAN, {
    input: { type: 'SEARCH', location: { latitude: 29.42, longitude: -98.49 }, radiusMeters: 300, contact: { name: 'Desk', phone: '210-555-0100' }, ...window(), ...extra },
  }, callerOf(agency));

  beforeAll(async () => {
    const prefix = uniquePrefix('deconfl');
    registry = await startTestSubgraph(targets, { prefix, seedScale: 1 });
    process.env.TARGETS_URL = registry.running.url;
    subgraph = await startTestSubgraph(deconfliction, { prefix, seedScale: 1 });
  });
  afterAll(async () => {
    await subgraph?.stop();
    await registry?.stop();
  });

  it('requests cannot read the matching structure; they reach it only through the conflicts of their own operation', async () => {
    const hsi = await plan('HSI');
    const id = hsi.data.planOperation.operation.id;
    const asDea = async <T>(work: (db: ScopedDatabase) => Promise<T>): Promise<T> => {
      const scoped = new ScopedDatabase(subgraph.db, callerOf('DEA'));
      try {
        return await work(scoped);
      } finally {
        await scoped.finish(false);
      }
    };
    for (const table of ['deconfliction_interest', 'deconfliction_interest_key', 'notice_counter', 'webhook_delivery', 'consumed_event']) {
      await expect(asDea((db) => db.query(`SELECT * FROM ${table}`))).rejects.toThrow(/permission denied/);
    }
    // Another agency's operation id gives nothing, whether or not it conflicts with anything.
    expect(await asDea((db) => db.query(`SELECT * FROM deconfliction_operation_conflicts($1)`, [id]))).toEqual([]);
  });

  it('lists a POINTER operation of another agency as a pointer and hides a RESTRICTED one, yet both conflict', async () => {
    const location = { latitude: 30.27, longitude: -97.74 };
    const pointer = (await plan('FBI', { location, handling: { sensitivity: 'POINTER', releasableTo: ['FBI'], controlOfficial: 'SSA Pointer' } })).data.planOperation.operation.id;
    const restricted = (await plan('DEA', { location, handling: { sensitivity: 'RESTRICTED', releasableTo: ['DEA'], controlOfficial: 'ASAC Restricted' } })).data.planOperation.operation.id;
    const { data } = await subgraph.query(`{ plannedOperations(first: 100) { totalCount pointers { agency controlOfficial records } edges { node { id } } } }`, {}, callerOf('CBP'));
    const listed = data.plannedOperations.edges.map((e: any) => e.node.id);
    expect(listed).not.toContain(restricted);
    expect(listed).not.toContain(pointer);
    expect(data.plannedOperations.pointers).toEqual(expect.arrayContaining([{ agency: 'FBI', controlOfficial: 'SSA Pointer', records: expect.any(Number) }]));
    const cbp = await plan('CBP', { location });
    expect(cbp.data.planOperation.outcome).toBe('ACCEPTED_WITH_CONFLICT');
    expect(cbp.data.planOperation.conflicts).toEqual(expect.arrayContaining([{ party: { agency: 'FBI', disclosure: 'CONTACT' } }, { party: { agency: 'DEA', disclosure: 'CONTROL_OFFICIAL' } }]));
  });

  it('finds conflicts by place and time through the GiST index, on the owner side', async () => {
    await subgraph.db.query('ANALYZE deconfliction_interest');
    const plan = await subgraph.db.transaction(async (tx) => {
      await tx.query('SET LOCAL enable_seqscan = off');
      const rows: { 'QUERY PLAN': string }[] = await tx.query(
        `EXPLAIN SELECT i.id FROM deconfliction_interest i
          WHERE i.active AND i.area IS NOT NULL AND i.area && deconfliction_area(29.42, -98.49, 300) AND i.during && tstzrange(now(), now() + interval '1 hour')`);
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toMatch(/Index Scan using deconfliction_interest_ground|Bitmap Index Scan on deconfliction_interest_ground/);
    expect(plan).toMatch(/Index Cond: \(\(area && .*during &&/s);
  });

  it('refuses an operation that has already ended, or spans more than 31 days', async () => {
    const past = await plan('HSI', { start: '2020-01-01T00:00:00Z', end: '2020-01-02T00:00:00Z' });
    expect(past.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(past.errors?.[0].message).toContain('has passed');
    const long = await plan('HSI', { start: new Date().toISOString(), end: new Date(Date.now() + 40 * 86_400_000).toISOString() });
    expect(long.errors?.[0].message).toContain('at most 31 days');
  });
});
