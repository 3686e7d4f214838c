import { startTestSystem, TestSystem } from './support/harness';
import { readSupergraph } from '../gateway/server';
import { costDirectivesOf, linksCostSpec } from '../gateway/demand-control/cost-directives';
import { generateRegistry } from '../lib/seed/registry';
import { operationDocument } from '../operations';
import { HUNDRED_CUBED, HUNDRED_CUBED_HEAVIEST, PARTNER_PAGE } from '../bench/demand';
import { largestOrganization } from '../bench/scenarios';

describe('demand control counts the records a document can return', () => {
  it('the supergraph carries the subgraphs\' @listSize and @cost, so Apollo Router counts the same', () => {
    const supergraph = readSupergraph();
    expect(linksCostSpec(supergraph)).toBe(true);
    const directives = costDirectivesOf(supergraph);
    expect(directives.listSize.get('Organization.members')).toEqual({ assumedSize: 20, slicingArguments: ['first'], sizedFields: ['edges'] });
    expect(directives.listSize.get('Person.cases')).toEqual({ assumedSize: 20, slicingArguments: ['first'], sizedFields: ['edges'] });
    expect(directives.listSize.get('Query.searchTargets')).toEqual({ assumedSize: 10, slicingArguments: ['first'], sizedFields: [] });
    expect(directives.typeWeight.get('PageInfo')).toBe(0);
    expect(directives.typeWeight.get('MembershipEdge')).toBe(0);
    expect(directives.typeWeight.get('Organization')).toBeUndefined();
  });

  describe('through the gateway', () => {
    let system: TestSystem;
    const registry = generateRegistry(1);
    const organization = largestOrganization(registry);

    beforeAll(async () => {
      system = await startTestSystem({ seedScale: 1 });
    });
    afterAll(() => system?.stop());

    it('passes TargetDossier and reports its estimate, the limit and the records it returned; a smaller page estimates less', async () => {
      const dossier = await system.query(operationDocument('TargetDossier'), { id: organization }, { agency: 'HSI' });
      expect(dossier.status).toBe(200);
      expect(dossier.data.organization.members.edges.length).toBeGreaterThan(0);
      const cost = dossier.extensions?.cost;
      expect(cost).toMatchObject({ limit: 10_000 });
      expect(cost.estimated).toBeGreaterThan(1000);
      expect(cost.estimated).toBeLessThanOrEqual(cost.limit);
      expect(cost.actual).toBeGreaterThan(0);
      expect(cost.actual).toBeLessThanOrEqual(cost.estimated);
      // The records an answer holds, counted exactly: connections and edges weigh nothing, so here
      // they are the organization, and each membership with its person.
      const small = await system.query(`query($id: UUID!) { organization(id: $id) { id name members(first: 3) { totalCount edges { node { role person { id name } } } } } }`, { id: organization }, { agency: 'HSI' });
      expect(small.data.organization.members.edges).toHaveLength(3);
      expect(small.extensions?.cost.actual).toBe(1 + 3 * 2);
      const smaller = await system.query(operationDocument('TargetDossier'), { id: organization, members: 10 }, { agency: 'HSI' });
      // Each member fewer is one membership, one person, four lists of five records and five selector
      // links (each with its provenance and selector) fewer.
      expect(cost.estimated - smaller.extensions?.cost.estimated).toBe((100 - 10) * (1 + 1 + 4 * 5 + 5 * 3));
    });

    it('passes a partner\'s page of 10 organizations x 25 members x 3 lists of 3', async () => {
      const page = await system.query(PARTNER_PAGE, {}, { agency: 'HSI' });
      expect(page.status).toBe(200);
      expect(page.errors?.map((e) => e.extensions?.code) ?? []).not.toContain('COST_ESTIMATED_TOO_EXPENSIVE');
      expect(page.data.organizations.edges.length).toBeGreaterThan(0);
      expect(page.extensions?.cost.estimated).toBeGreaterThan(10 * 25 * 3 * 3);
      expect(page.extensions?.cost.estimated).toBeLessThanOrEqual(10_000);
    });

    it('refuses 100 x 100 x 100 with a 400 that says the estimate, the limit and the list that weighs most', async () => {
      const refused = await system.query(HUNDRED_CUBED, {}, { agency: 'HSI' });
      expect(refused.status).toBe(400);
      expect(refused.data).toBeUndefined();
      const error = refused.errors![0];
      expect(error.extensions).toMatchObject({ code: 'COST_ESTIMATED_TOO_EXPENSIVE', cost: { limit: 10_000 } });
      expect(error.extensions!.cost.estimated).toBeGreaterThan(1_000_000);
      expect(error.extensions!.heaviestList).toMatch(HUNDRED_CUBED_HEAVIEST);
      expect(error.message).toContain(error.extensions!.cost.estimated.toLocaleString('en-US'));
      expect(error.message).toContain('10,000');
      expect(error.message).toContain(error.extensions!.heaviestList);
      expect(error.message).toMatch(/first/);
      expect(refused.extensions?.cost).toMatchObject({ estimated: error.extensions!.cost.estimated, limit: 10_000 });
    });

    it('weighs network and path traversals: the canonical Network passes, 29 aliased networks at depth 3 are refused (issue 17.3)', async () => {
      const network = await system.query(operationDocument('Network'), { rootId: organization, depth: 2 }, { agency: 'HSI' });
      expect(network.status).toBe(200);
      // Its nodes count as up to the node limit, its edges twice that: the estimate bounds what it returned.
      expect(network.extensions?.cost.estimated).toBe(7000);
      expect(network.extensions?.cost.actual).toBeLessThanOrEqual(network.extensions?.cost.estimated);
      const views = (n: number) => Array.from({ length: n }, (_, i) => `n${i}: network(rootId: $id, depth: 3) { nodes { id name } edges { source target } }`).join(' ');
      expect((await system.query(`query($id: UUID!) { ${views(1)} }`, { id: organization }, { agency: 'HSI' })).status).toBe(200);
      const two = await system.query(`query($id: UUID!) { ${views(2)} }`, { id: organization }, { agency: 'HSI' });
      expect(two.status).toBe(400);
      expect(two.errors?.[0].extensions?.code).toBe('COST_ESTIMATED_TOO_EXPENSIVE');
      const fields = Array.from({ length: 29 }, (_, i) => `n${i}: network(rootId: $id, depth: 3) { nodes { id degree betweenness } }`).join(' ');
      const flood = await system.query(`query($id: UUID!) { ${fields} }`, { id: organization }, { agency: 'HSI' });
      expect(flood.status).toBe(400);
      expect(flood.errors?.[0].extensions).toMatchObject({ code: 'COST_ESTIMATED_TOO_EXPENSIVE', cost: { limit: 10_000 } });
      expect(flood.errors?.[0].extensions!.cost.estimated).toBeGreaterThan(29_000);
    });

    it('counts each member of a union on its own: a cheap branch does not hide a heavy one under the same name', async () => {
      const heavy = '... on Person { id interdictions(first: 100) { edges { node { id subjects { id cases(first: 100) { edges { node { id } } } } } } } }';
      for (const cheapFirst of [true, false]) {
        const branches = cheapFirst ? `... on Organization { id interdictions(first: 0) { totalCount } } ${heavy}` : `${heavy} ... on Organization { id interdictions(first: 0) { totalCount } }`;
        const refused = await system.query(`query($t: String!) { searchTargets(text: $t, first: 50) { target { ${branches} } } }`, { t: 'Hernandez' }, { agency: 'HSI' });
        expect(refused.status).toBe(400);
        expect(refused.errors?.[0].extensions?.code).toBe('COST_ESTIMATED_TOO_EXPENSIVE');
        expect(refused.errors?.[0].extensions!.cost.estimated).toBeGreaterThan(1_000_000);
      }
      // The answer's count still follows each item's own type.
      const small = await system.query(`query($t: String!) { searchTargets(text: $t, first: 5) { target { ... on Organization { id interdictions(first: 1) { totalCount } } ... on Person { id interdictions(first: 2) { edges { node { id } } } } } } }`, { t: 'Hernandez' }, { agency: 'HSI' });
      expect(small.status).toBe(200);
      expect(small.extensions?.cost.actual).toBeLessThanOrEqual(small.extensions?.cost.estimated);
    });

    it('leaves out what @skip and @include leave out of the answer, given inline or as variables with their defaults', async () => {
      const heavy = 'members(first: 100) DIRECTIVE { edges { node { person { selectors(first: 100) { edges { node { id } } } } } } }';
      const document = (directive: string, variables = '') => `query${variables} { organizations(first: 100) { edges { node { id ${heavy.replace('DIRECTIVE', directive)} } } } }`;
      for (const [query, variables] of [
        [document('@skip(if: true)'), {}],
        [document('@include(if: false)'), {}],
        [document('@skip(if: $s)', '($s: Boolean = true)'), {}],
        [document('@include(if: $i)', '($i: Boolean!)'), { i: false }],
      ] as const) {
        const answer = await system.query(query, variables, { agency: 'HSI' });
        expect(answer.status).toBe(200);
        expect(answer.extensions?.cost.estimated).toBe(100);
      }
      const kept = await system.query(document('@skip(if: $s)', '($s: Boolean = true)'), { s: false }, { agency: 'HSI' });
      expect(kept.status).toBe(400);
      expect(kept.errors?.[0].extensions?.code).toBe('COST_ESTIMATED_TOO_EXPENSIVE');
    });

    it('reads page sizes given as variables', async () => {
      const document = 'query($n: Int) { organizations(first: $n) { edges { node { members(first: $n) { edges { node { person { cases(first: $n) { edges { node { id } } } } } } } } } } }';
      expect((await system.query(document, { n: 5 }, { agency: 'HSI' })).status).toBe(200);
      const refused = await system.query(document, { n: 100 }, { agency: 'HSI' });
      expect(refused.status).toBe(400);
      expect(refused.errors?.[0].extensions?.code).toBe('COST_ESTIMATED_TOO_EXPENSIVE');
    });
  });
});
