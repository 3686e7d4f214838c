import { startTestSubgraph, TestSubgraph } from '../../test/support/harness';
import { targets } from './subgraph';
import { generateRegistry } from '../../lib/seed/registry';

describe('targets subgraph', () => {
  let subgraph: TestSubgraph;
  const registry = generateRegistry(1);
  const largest = registry.organizations[0];

  beforeAll(async () => {
    subgraph = await startTestSubgraph(targets, { seedScale: 1 });
  });
  afterAll(() => subgraph?.stop());

  it('finds an organization by id with its members, leaders first', async () => {
    const { data, errors } = await subgraph.query(
      `query($id: UUID!) { organization(id: $id) { id name aliases members(first: 5) { totalCount edges { node { role person { name } } } pageInfo { hasNextPage endCursor } } } }`,
      { id: largest.id },
    );
    expect(errors).toBeUndefined();
    expect(data.organization.name).toBe(largest.name);
    const memberCount = registry.memberships.filter((m) => m.organizationId === largest.id).length;
    expect(data.organization.members.totalCount).toBe(memberCount);
    expect(data.organization.members.edges).toHaveLength(5);
    expect(data.organization.members.edges[0].node.role).toBe('LEADER');
    expect(data.organization.members.pageInfo.hasNextPage).toBe(true);
  });

  it('pages through organizations with cursors, without repeats', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const { data, errors }: any = await subgraph.query(`query($after: String) { organizations(first: 3, after: $after) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }`, { after });
      expect(errors).toBeUndefined();
      seen.push(...data.organizations.edges.map((e: any) => e.node.id));
      if (!data.organizations.pageInfo.hasNextPage) break;
      after = data.organizations.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(registry.organizations.length);
  });

  it('refuses a page larger than 100 with a clear error', async () => {
    const { errors } = await subgraph.query(`{ organizations(first: 1000) { totalCount } }`);
    expect(errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(errors?.[0].message).toMatch(/between 0 and 100/);
  });

  it('resolves persons as entities for other subgraphs, batched', async () => {
    const ids = registry.persons.slice(0, 3).map((p) => p.id);
    const { data, errors } = await subgraph.query(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id name } } }`,
      { r: [...ids.map((id) => ({ __typename: 'Person', id })), { __typename: 'Person', id: '00000000-0000-4000-8000-000000000000' }] },
    );
    expect(errors).toBeUndefined();
    expect(data._entities.slice(0, 3).map((p: any) => p.id)).toEqual(ids);
    expect(data._entities[3]).toBeNull();
  });

  it('answers 401 to a request the gateway did not sign', async () => {
    const response = await fetch(subgraph.running.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ _service { sdl } }' }) });
    expect(response.status).toBe(401);
  });
});
