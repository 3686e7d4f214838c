import { EXACT_BETWEENNESS_LIMIT } from './network/limits';
import { releasedTo, startTestSubgraph, TestSubgraph } from '../../test/support/harness';
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
    // HSI's own RESTRICTED front companies are released to HSI (the default caller) too.
    const [{ released }] = await subgraph.db.query(`SELECT count(*)::int AS released FROM organization WHERE ${releasedTo('HSI')}`);
    expect(new Set(seen).size).toBe(released);
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

describe('targets: search, network, path and registry writes', () => {
  let subgraph: TestSubgraph;
  const registry = generateRegistry(1);

  beforeAll(async () => {
    subgraph = await startTestSubgraph(targets, { seedScale: 1 });
  });
  afterAll(() => subgraph?.stop());

  const search = async (text: string) => {
    const { data, errors } = await subgraph.query(
      `query($text: String!) { searchTargets(text: $text, first: 5) { score matchedName target { __typename ... on Person { id name } ... on Organization { id name } } } }`,
      { text },
    );
    expect(errors).toBeUndefined();
    return data.searchTargets as { score: number; matchedName: string; target: { id: string; name: string } }[];
  };

  it('finds a person by a misspelled name without accents', async () => {
    const person = registry.persons[0];
    const misspelled = person.name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/(\w)(\w)(\w*)$/, '$2$1$3');
    const hits = await search(misspelled);
    expect(hits[0].target.id).toBe(person.id);
  });

  it('finds a person by a misspelled alias', async () => {
    const created = await subgraph.query(
      `mutation { createPerson(input: { name: "Prueba Unica Persona", aliases: ["El Chapulín Colorado"] }) { person { id } } }`,
      {}, { sub: 'tester', agency: 'HSI', scopes: ['targets:write'] },
    );
    const id = created.data.createPerson.person.id;
    const hits = await search('chapulin colorao');
    expect(hits[0].target.id).toBe(id);
    expect(hits[0].matchedName).toBe('El Chapulín Colorado');
  });

  it('reads an id typed in upper case as the same id, and a name filter literally', async () => {
    const largest = generateRegistry(1).organizations[0];
    const upper = await subgraph.query(`query($id: UUID!) { organization(id: $id) { id name } }`, { id: largest.id.toUpperCase() });
    expect(upper.data.organization).toEqual({ id: largest.id, name: largest.name });
    const inline = await subgraph.query(`{ organization(id: "${largest.id.toUpperCase()}") { id } }`);
    expect(inline.data.organization.id).toBe(largest.id);
    const filtered = async (name: string) => subgraph.query(`query($name: String) { organizations(first: 50, filter: { name: $name }) { totalCount } }`, { name });
    // % and _ are letters of the name, not wildcards: no seeded name has them.
    for (const wildcard of ['%', '_', '\\']) expect((await filtered(wildcard)).data.organizations.totalCount).toBe(0);
    expect((await filtered(largest.name.slice(2, 8).toLowerCase())).data.organizations.totalCount).toBeGreaterThan(0);
    const nul = await filtered('Los\u0000');
    expect(nul.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.name' });
  });

  it('refuses a date in year 0 (which PostgreSQL has not) as bad input, before storing it', async () => {
    const person = generateRegistry(1).persons[0];
    const linked = await subgraph.query(`mutation($at: DateTime!, $id: UUID!) { linkSelector(input: { subjectId: $id, seenAt: $at, selector: { kind: EMAIL, value: "year.zero@example.com" } }) { link { id } } }`,
      { at: '0000-01-01T00:00:00Z', id: person.id }, { sub: 'tester', agency: 'HSI', scopes: ['targets:write'] });
    expect(linked.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(linked.errors?.[0].message).toMatch(/give a year from 1900/);
    expect((await subgraph.db.query(`SELECT count(*)::int AS n FROM selector WHERE value = 'year.zero@example.com'`))[0].n).toBe(0);
  });

  it('refuses search text that is too short or too long, and survives SQL metacharacters', async () => {
    expect((await subgraph.query(`{ searchTargets(text: "a") { score } }`)).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await subgraph.query(`query($t: String!) { searchTargets(text: $t) { score } }`, { t: 'x'.repeat(5000) })).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const hostile = await subgraph.query(`query($t: String!) { searchTargets(text: $t) { score } }`, { t: "'; DROP TABLE person; -- %_\\" });
    expect(hostile.errors).toBeUndefined();
    expect((await subgraph.db.query('SELECT count(*)::int AS n FROM person'))[0].n).toBeGreaterThan(0);
  });

  it("shows a leader's network reaching members of an affiliated organization at depth 2", async () => {
    const cell = registry.organizations.find((o) => o.parentId)!;
    const leader = registry.memberships.find((m) => m.organizationId === cell.parentId && m.role === 'LEADER')!;
    const cellMembers = new Set(registry.memberships.filter((m) => m.organizationId === cell.id).map((m) => m.personId));
    const { data, errors } = await subgraph.query(
      `query($id: UUID!) { network(rootId: $id, depth: 2) { nodes { id kind distance degree betweenness } edges { source target kind } truncated betweennessEstimated } }`,
      { id: leader.personId },
    );
    expect(errors).toBeUndefined();
    const ids = new Set(data.network.nodes.map((n: any) => n.id));
    expect([...cellMembers].filter((id) => ids.has(id)).length).toBeGreaterThan(1);
    const root = data.network.nodes.find((n: any) => n.id === leader.personId);
    expect(root.distance).toBe(0);
    // Every edge joins two nodes of the network.
    for (const edge of data.network.edges) expect(ids.has(edge.source) && ids.has(edge.target)).toBe(true);
    // The leader connects their organization to the affiliate: more central than an average member.
    const average = data.network.nodes.reduce((s: number, n: any) => s + n.betweenness, 0) / data.network.nodes.length;
    expect(root.betweenness).toBeGreaterThan(average);
    // Exact below the sampling threshold, and it says so.
    expect(data.network.betweennessEstimated).toBe(data.network.nodes.length > EXACT_BETWEENNESS_LIMIT);
  });

  it('finds the shortest chain between two members of different organizations', async () => {
    const cell = registry.organizations.find((o) => o.parentId)!;
    const inCell = registry.memberships.find((m) => m.organizationId === cell.id && m.role !== 'LEADER')!;
    const inParent = registry.memberships.find((m) => m.organizationId === cell.parentId && m.role !== 'LEADER')!;
    const { data, errors } = await subgraph.query(
      `query($a: UUID!, $b: UUID!) { path(fromId: $a, toId: $b, maxDepth: 6) { found length nodes { id kind } edges { source target kind } } }`,
      { a: inCell.personId, b: inParent.personId },
    );
    expect(errors).toBeUndefined();
    expect(data.path.found).toBe(true);
    expect(data.path.nodes[0].id).toBe(inCell.personId);
    expect(data.path.nodes.at(-1).id).toBe(inParent.personId);
    expect(data.path.edges).toHaveLength(data.path.length);
    expect(data.path.length).toBeLessThanOrEqual(4); // member - cell - parent - member, or shorter
  });

  it('creates a record once for a retried clientMutationId', async () => {
    const write = () => subgraph.query(
      `mutation { createOrganization(input: { clientMutationId: "org-retry-1", name: "Los Retries", kind: GANG }) { organization { id name provenance { agency recordedBy } } } }`,
      {}, { sub: 'dea.analyst', agency: 'DEA', scopes: ['targets:write'] },
    );
    const [a, b] = await Promise.all([write(), write()]);
    expect(a.errors).toBeUndefined();
    expect(b.data.createOrganization.organization.id).toBe(a.data.createOrganization.organization.id);
    expect(a.data.createOrganization.organization.provenance).toEqual({ agency: 'DEA', recordedBy: 'dea.analyst' });
    expect((await subgraph.db.query(`SELECT count(*)::int AS n FROM organization WHERE name = 'Los Retries'`))[0].n).toBe(1);
  });

  it('refuses a membership naming an unknown person, and writes without the write scope', async () => {
    const unknown = await subgraph.query(
      `mutation($o: UUID!) { addMembership(input: { personId: "00000000-0000-4000-8000-000000000001", organizationId: $o, role: DRIVER }) { membership { id } } }`,
      { o: registry.organizations[0].id }, { sub: 'x', agency: 'HSI', scopes: ['targets:write'] },
    );
    expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'personId' });
    const readOnly = await subgraph.query(`mutation { createPerson(input: { name: "Nadie" }) { person { id } } }`, {}, { sub: 'x', agency: 'MEX', scopes: ['targets:read'] });
    expect(readOnly.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
