import { callerOf, startTestSubgraph, TestSubgraph, uniquePrefix } from '../../test/support/harness';
import { interdictions } from './subgraph';
import { targets } from '../targets/subgraph';
import { generateRegistry } from '../../lib/seed/registry';
import { briefingId } from '../../lib/graphql/briefing';

describe('interdictions subgraph', () => {
  let subgraph: TestSubgraph;
  let registrySubgraph: TestSubgraph;
  const registry = generateRegistry(1);
  const organization = registry.organizations[0];
  const cbp = callerOf('CBP');

  beforeAll(async () => {
    const prefix = uniquePrefix('interdictions');
    registrySubgraph = await startTestSubgraph(targets, { prefix, seedScale: 1 });
    process.env.TARGETS_URL = registrySubgraph.running.url;
    subgraph = await startTestSubgraph(interdictions, { prefix, seedScale: 1 });
  });
  afterAll(async () => {
    await subgraph?.stop();
    await registrySubgraph?.stop();
  });

  const organizationInterdictions = `query($r: [_Any!]!, $from: DateTime, $to: DateTime, $type: InterdictionType, $after: String) {
    _entities(representations: $r) { ... on Organization {
      interdictions(first: 10, from: $from, to: $to, type: $type, after: $after) { totalCount edges { cursor node { id type occurredAt seizures { category } subjects { id } organization { id } } } pageInfo { hasNextPage endCursor } }
      interdictionSummary(from: $from, to: $to) { apprehensions migrantsEncountered stashHousesRaided vehiclesImpounded seizedValueUsd seizuresByCategory { category seizures valueUsd } }
    } } }`;

  it("lists an organization's interdictions with totals that match its records", async () => {
    const { data, errors } = await subgraph.query(organizationInterdictions, { r: [{ __typename: 'Organization', id: organization.id }] });
    expect(errors).toBeUndefined();
    const [{ n, migrants }] = await subgraph.db.query(`SELECT count(*)::int AS n, sum(migrants_encountered)::int AS migrants FROM interdiction WHERE organization_id = $1`, [organization.id]);
    const list = data._entities[0].interdictions;
    expect(list.totalCount).toBe(n);
    expect(list.edges).toHaveLength(10);
    expect(data._entities[0].interdictionSummary.migrantsEncountered).toBe(migrants);
    const dates = list.edges.map((e: any) => e.node.occurredAt);
    expect([...dates].sort().reverse()).toEqual(dates); // newest first
  });

  it('filters by period and type', async () => {
    const from = '2024-01-01T00:00:00Z';
    const to = '2025-01-01T00:00:00Z';
    const { data } = await subgraph.query(organizationInterdictions, { r: [{ __typename: 'Organization', id: organization.id }], from, to, type: 'STASH_HOUSE_RAID' });
    const [{ n }] = await subgraph.db.query(
      `SELECT count(*)::int AS n FROM interdiction WHERE organization_id = $1 AND occurred_at >= $2 AND occurred_at < $3 AND type = 'STASH_HOUSE_RAID'`, [organization.id, from, to]);
    expect(data._entities[0].interdictions.totalCount).toBe(n);
    expect(data._entities[0].interdictionSummary.stashHousesRaided).toBe(n);
    for (const edge of data._entities[0].interdictions.edges) expect(edge.node.type).toBe('STASH_HOUSE_RAID');
  });

  it('refuses a period whose start is after its end', async () => {
    const { errors } = await subgraph.query(organizationInterdictions, { r: [{ __typename: 'Organization', id: organization.id }], from: '2025-01-01T00:00:00Z', to: '2024-01-01T00:00:00Z' });
    expect(errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('gives a briefing section whose totals equal the sums of the records', async () => {
    const id = briefingId({ from: new Date('2025-01-01T00:00:00Z'), to: new Date('2025-07-01T00:00:00Z'), organizationId: null });
    const { data, errors } = await subgraph.query(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Briefing { interdictions { interdictions apprehensions stashHousesRaided vehiclesImpounded seizedValueUsd byType { type count } seizuresByCategory { category seizures valueUsd } } } } }`,
      { r: [{ __typename: 'Briefing', id }] },
    );
    expect(errors).toBeUndefined();
    const section = data._entities[0].interdictions;
    const [sums] = await subgraph.db.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE type = 'VEHICLE_IMPOUND')::int AS impounds,
              (SELECT coalesce(sum(s.estimated_value_usd), 0)::float FROM seizure s JOIN interdiction i ON i.id = s.interdiction_id
                WHERE i.occurred_at >= '2025-01-01' AND i.occurred_at < '2025-07-01') AS value
         FROM interdiction WHERE occurred_at >= '2025-01-01' AND occurred_at < '2025-07-01'`);
    expect(section.interdictions).toBe(sums.n);
    expect(section.vehiclesImpounded).toBe(sums.impounds);
    expect(section.seizedValueUsd).toBeCloseTo(sums.value, 2);
    expect(section.byType.reduce((s: number, t: any) => s + t.count, 0)).toBe(sums.n);
  });

  const record = `mutation($input: RecordInterdictionInput!) { recordInterdiction(input: $input) { clientMutationId interdiction { id type seizures { category quantity } subjects { id } provenance { agency recordedBy } } } }`;
  const validInput = () => ({
    occurredAt: '2026-10-01T08:30:00Z', type: 'SEIZURE', sector: 'Tucson', station: 'Nogales', location: { latitude: 31.34, longitude: -110.94 },
    organizationId: organization.id, subjectIds: [registry.memberships[0].personId],
    seizures: [{ category: 'NARCOTICS', quantity: 12.5, unit: 'kg', estimatedValueUsd: 275000, description: 'fentanyl powder' }],
  });

  it('records an interdiction with its seizures and subjects', async () => {
    const { data, errors } = await subgraph.query(record, { input: validInput() }, cbp);
    expect(errors).toBeUndefined();
    expect(data.recordInterdiction.interdiction.seizures).toEqual([{ category: 'NARCOTICS', quantity: 12.5 }]);
    expect(data.recordInterdiction.interdiction.provenance).toEqual({ agency: 'CBP', recordedBy: cbp.sub });
  });

  it('creates one record for 10 concurrent calls with the same clientMutationId', async () => {
    const input = { ...validInput(), clientMutationId: 'cbp-retry-42' };
    const answers = await Promise.all(Array.from({ length: 10 }, () => subgraph.query(record, { input }, cbp)));
    const ids = new Set(answers.map((a) => a.data?.recordInterdiction.interdiction.id));
    expect(ids.size).toBe(1);
    const [{ n }] = await subgraph.db.query(`SELECT count(*)::int AS n FROM interdiction WHERE id = $1`, [[...ids][0]]);
    expect(n).toBe(1);
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const before = (await subgraph.db.query(`SELECT count(*)::int AS n FROM interdiction`))[0].n;
    const cases: [Record<string, unknown>, string][] = [
      [{ sector: '  ' }, 'sector'],
      [{ occurredAt: '2099-01-01T00:00:00Z' }, 'occurredAt'],
      [{ seizures: [{ category: 'WEAPONS', quantity: -1, unit: 'units', estimatedValueUsd: 10 }] }, 'seizures[0].quantity'],
      [{ subjectIds: ['00000000-0000-4000-8000-0000000000ff'] }, 'subjectIds[0]'],
      [{ organizationId: '00000000-0000-4000-8000-0000000000ff' }, 'organizationId'],
    ];
    for (const [change, field] of cases) {
      const { errors } = await subgraph.query(record, { input: { ...validInput(), ...change } }, cbp);
      expect(errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect((await subgraph.db.query(`SELECT count(*)::int AS n FROM interdiction`))[0].n).toBe(before);
  });

  it('refuses a write from an agency without interdictions:write', async () => {
    const { errors } = await subgraph.query(record, { input: validInput() }, callerOf('HSI'));
    expect(errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
