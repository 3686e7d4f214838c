import crypto from 'node:crypto';
import { Client } from 'pg';
import { queryGateway, serverUrl, signedHeaders, startTestSystem, TestSystem } from './support/harness';
import { startGateway } from '../gateway/server';
import { databaseName, urlForDatabase } from '../lib/database/server';
import { metrics } from '../lib/observability/metrics';
import { statementCount } from '../lib/database/data-source';
import { signDevelopmentToken } from '../lib/identity/tokens';
import { generateRegistry } from '../lib/seed/registry';
import { operationDocument } from '../operations';

const RECORD = `mutation($input: RecordInterdictionInput!) { recordInterdiction(input: $input) { interdiction { id } } }`;
const ISSUE = `mutation($input: IssueTravelRestrictionInput!) { issueTravelRestriction(input: $input) { restriction { id status } } }`;
const RESTRICTIONS = `query($id: UUID!) { person(id: $id) { travelRestrictions(first: 100) { edges { node { id status } } } } }`;
const ADD_ALIAS = `mutation($input: AddAliasInput!) { addAlias(input: $input) { clientMutationId } }`;
const PERSON = `query($id: UUID!) { person(id: $id) { id name aliases } }`;
const CREATE_ORGANIZATION = `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { organization { id } } }`;
const ORGANIZATIONS = `query { organizations(first: 5) { totalCount } }`;
const PERSON_SELECTORS = `query($id: UUID!) { person(id: $id) { id selectors(first: 1) { edges { node { selector { id interdictions(first: 5) { totalCount } usedBy(first: 5) { totalCount } } } } } } }`;
const LINK = `mutation($input: LinkSelectorInput!) { linkSelector(input: $input) { link { id } } }`;

describe('response caches (gateway and subgraphs): answers are reused only while they are current', () => {
  let system: TestSystem;
  const registry = generateRegistry(1);
  const organization = registry.organizations[1];
  const dossier = operationDocument('TargetDossier');

  beforeAll(async () => {
    system = await startTestSystem({ seedScale: 1 });
  });
  afterAll(() => system?.stop());

  /** SQL statements the subgraphs ran while `work` ran. */
  const statementsDuring = async <T>(work: () => Promise<T>): Promise<{ result: T; statements: number }> => {
    const count = () => Object.values(system.subgraphs).reduce((total, s) => total + statementCount(s.db), 0);
    const before = count();
    const result = await work();
    return { result, statements: count() - before };
  };

  const queryWith = async (headers: Record<string, string>, document: string, variables: Record<string, unknown>, agency = 'HSI') => {
    const token = await signDevelopmentToken({ agency });
    const response = await fetch(system.gateway.url, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers }, body: JSON.stringify({ query: document, variables }),
    });
    return response.json() as Promise<{ data?: any; errors?: unknown[] }>;
  };

  it('a subgraph answers a repeated request from memory, per audience', async () => {
    const ask = async (scopes: string[]) => {
      const body = JSON.stringify({ query: `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Organization { cases(first: 5) { totalCount } } } }`, variables: { reps: [{ __typename: 'Organization', id: organization.id }] } });
      const response = await fetch(system.subgraphUrls.investigations, {
        method: 'POST', headers: await signedHeaders('investigations', { sub: 'tester', agency: 'HSI', scopes }, body, `cache-${crypto.randomUUID()}`), body,
      });
      return response.json() as Promise<{ data?: any; errors?: any[] }>;
    };
    const db = system.subgraphs.investigations.db;
    const counted = async (scopes: string[]) => {
      const before = statementCount(db);
      const answer = await ask(scopes);
      return { answer, statements: statementCount(db) - before };
    };
    const first = await counted(['investigations:read']);
    expect(first.answer.data._entities[0].cases.totalCount).toBeGreaterThan(0);
    expect(first.statements).toBeGreaterThan(0);
    expect(await counted(['investigations:read'])).toEqual({ answer: first.answer, statements: 0 });
    // Same agency, other scopes: a separate answer (here, a refusal), never the one kept above.
    const narrower = await counted(['targets:read']);
    expect(narrower.answer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('a repeated dossier is answered without touching the databases, with the same data', async () => {
    const first = await statementsDuring(() => system.query(dossier, { id: organization.id }));
    expect(first.result.errors).toBeUndefined();
    expect(first.statements).toBeGreaterThan(0);
    const again = await statementsDuring(() => system.query(dossier, { id: organization.id }));
    expect(again.statements).toBe(0);
    expect(again.result).toEqual(first.result);
  });

  it('Cache-Control: no-cache makes every subgraph execute the query', async () => {
    await system.query(dossier, { id: organization.id });
    const agencies = ['targets', 'interdictions', 'investigations', 'finance', 'travel'];
    const before = agencies.map((name) => statementCount(system.subgraphs[name].db));
    const fresh = await queryWith({ 'cache-control': 'no-cache' }, dossier, { id: organization.id });
    expect(fresh.errors).toBeUndefined();
    const executed = agencies.filter((name, i) => statementCount(system.subgraphs[name].db) > before[i]);
    expect(executed).toEqual(agencies);
  });

  it('a write through the gateway is in the very next read', async () => {
    const before = await system.query(dossier, { id: organization.id }, { agency: 'CBP' });
    const written = await system.query(RECORD, { input: {
      occurredAt: '2026-09-02T10:00:00Z', type: 'SEIZURE', sector: 'Yuma', station: 'Wellton', location: { latitude: 32.7, longitude: -114.1 },
      organizationId: organization.id, seizures: [{ category: 'CURRENCY', quantity: 1000, unit: 'USD', estimatedValueUsd: 1000 }],
    } }, { agency: 'CBP' });
    expect(written.errors).toBeUndefined();
    const after = await system.query(dossier, { id: organization.id }, { agency: 'CBP' });
    expect(after.data.organization.interdictions.totalCount).toBe(before.data.organization.interdictions.totalCount + 1);
    expect(after.data.organization.interdictions.edges.map((e: any) => e.node.id)).toContain(written.data.recordInterdiction.interdiction.id);
  });

  /** How the gateway's response cache answered while `work` ran: hits and misses. */
  const cacheOutcomes = async <T>(work: () => Promise<T>): Promise<{ result: T; hits: number; misses: number }> => {
    const count = async (outcome: string) => (await metrics.getSingleMetric('unity_gateway_response_cache_total')!.get()).values
      .filter((v) => v.labels.outcome === outcome).reduce((total, v) => total + v.value, 0);
    const [hits, misses] = [await count('hit'), await count('miss')];
    const result = await work();
    return { result, hits: (await count('hit')) - hits, misses: (await count('miss')) - misses };
  };

  /** Asks until the gateway answers from memory (it keeps answers once every change stream is live and recent writes have settled). */
  const keptAnswer = async (ask: () => Promise<any>) => {
    let outcome = await cacheOutcomes(ask);
    for (let attempt = 0; attempt < 40 && outcome.hits === 0; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      outcome = await cacheOutcomes(ask);
    }
    expect(outcome.hits).toBe(1);
    return outcome.result;
  };

  /** Two organizations that share nothing a write on one could touch: no parent link, no member in common. */
  const unrelatedPair = () => {
    const members = (id: string) => new Set(registry.memberships.filter((m) => m.organizationId === id).map((m) => m.personId));
    const [a, b] = registry.organizations.filter((o) => members(o.id).size > 0).slice(2);
    const others = registry.organizations.filter((o) => o.id !== a.id && o.parentId !== a.id && a.parentId !== o.id && members(o.id).size > 0
      && ![...members(o.id)].some((p) => members(a.id).has(p)));
    return { a, b: others.find((o) => o.id !== b.id) ?? others[0] };
  };

  it('a write on one organization leaves another organization\'s kept dossier a hit, and the written one a miss with the new record', async () => {
    const { a, b } = unrelatedPair();
    const dossierOf = (id: string) => () => system.query(dossier, { id });
    const keptA = await keptAnswer(dossierOf(a.id));
    const keptB = await keptAnswer(dossierOf(b.id));
    const written = await system.query(RECORD, { input: {
      occurredAt: new Date(Date.now() - 60_000).toISOString(), type: 'SEIZURE', sector: 'Yuma', station: 'Wellton', location: { latitude: 32.7, longitude: -114.1 },
      organizationId: a.id, seizures: [{ category: 'CURRENCY', quantity: 2000, unit: 'USD', estimatedValueUsd: 2000 }],
    } }, { agency: 'CBP' });
    expect(written.errors).toBeUndefined();
    const afterB = await cacheOutcomes(dossierOf(b.id));
    expect(afterB).toMatchObject({ hits: 1, misses: 0 });
    expect(afterB.result).toEqual(keptB);
    const afterA = await cacheOutcomes(dossierOf(a.id));
    expect(afterA).toMatchObject({ hits: 0, misses: 1 });
    expect(afterA.result.data.organization.interdictions.totalCount).toBe(keptA.data.organization.interdictions.totalCount + 1);
    expect(afterA.result.data.organization.interdictions.edges.map((e: any) => e.node.id)).toContain(written.data.recordInterdiction.interdiction.id);
  });

  it('another gateway replica drops what a write through the first made stale once the announcement reaches it, and keeps the rest', async () => {
    const replica = await startGateway({ port: 0, audit: { serverUrl: serverUrl(), prefix: system.prefix }, subgraphUrls: system.subgraphUrls });
    try {
      const { a, b } = unrelatedPair();
      const dossierOf = (id: string) => () => queryGateway(replica.url, dossier, { id });
      const keptA = await keptAnswer(dossierOf(a.id));
      const keptB = await keptAnswer(dossierOf(b.id));
      const written = await system.query(RECORD, { input: {
        occurredAt: new Date(Date.now() - 60_000).toISOString(), type: 'SEIZURE', sector: 'Yuma', station: 'Wellton', location: { latitude: 32.7, longitude: -114.1 },
        organizationId: a.id, seizures: [{ category: 'CURRENCY', quantity: 3000, unit: 'USD', estimatedValueUsd: 3000 }],
      } }, { agency: 'CBP' });
      expect(written.errors).toBeUndefined();
      const total = keptA.data.organization.interdictions.totalCount;
      let seen = total;
      for (let attempt = 0; attempt < 50 && seen === total; attempt++) {
        seen = (await dossierOf(a.id)()).data.organization.interdictions.totalCount;
        if (seen === total) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(seen).toBe(total + 1);
      const afterB = await cacheOutcomes(dossierOf(b.id));
      expect(afterB).toMatchObject({ hits: 1, misses: 0 });
      expect(afterB.result).toEqual(keptB);
    } finally {
      await replica.stop();
    }
  });

  it('an update of a person drops every kept answer that holds them, and both show the change', async () => {
    const membership = registry.memberships.find((m) => m.organizationId === registry.organizations[4].id)!;
    const asks = [() => system.query(dossier, { id: membership.organizationId }), () => system.query(PERSON, { id: membership.personId })];
    for (const ask of asks) await keptAnswer(ask);
    const alias = `Alias ${crypto.randomUUID().slice(0, 8)}`;
    const added = await system.query(ADD_ALIAS, { input: { targetId: membership.personId, alias } }, { agency: 'CBP' });
    expect(added.errors).toBeUndefined();
    const [inDossier, alone] = [await cacheOutcomes(asks[0]), await cacheOutcomes(asks[1])];
    expect([inDossier.hits, alone.hits]).toEqual([0, 0]);
    const member = inDossier.result.data.organization.members.edges.find((e: any) => e.node.person.id === membership.personId);
    expect(member.node.person.aliases).toContain(alias);
    expect(alone.result.data.person.aliases).toContain(alias);
  });

  it('a kept view of a person\'s selectors is dropped by a raid at their address and by a new link to it, and shows both', async () => {
    // An address nobody in the seed uses, so nothing else the suite writes touches it; the raid names another organization.
    const address = `${1000 + Math.floor(Math.random() * 8000)} Calle Cache ${crypto.randomUUID().slice(0, 6)}, Nogales, Son.`;
    const [person, other] = [registry.memberships.find((m) => m.organizationId === registry.organizations[5].id)!.personId, registry.persons[3].id];
    const view = () => system.query(PERSON_SELECTORS, { id: person });
    expect((await system.query(LINK, { input: { subjectId: person, selector: { kind: 'ADDRESS', value: address } } })).errors).toBeUndefined();
    const kept = (await keptAnswer(view)).data.person.selectors.edges[0].node.selector;
    expect(kept.interdictions.totalCount).toBe(0);
    const raid = await system.query(RECORD, { input: {
      occurredAt: new Date(Date.now() - 60_000).toISOString(), type: 'STASH_HOUSE_RAID', sector: 'Tucson', station: 'Nogales', location: { latitude: 31.33, longitude: -110.94 },
      organizationId: registry.organizations[6].id, address: address.toLowerCase().replace('son.', 'Sonora'),
    } }, { agency: 'CBP' });
    expect(raid.errors).toBeUndefined();
    const afterRaid = await cacheOutcomes(view);
    expect(afterRaid.hits).toBe(0);
    expect(afterRaid.result.data.person.selectors.edges[0].node.selector.interdictions.totalCount).toBe(1);
    await keptAnswer(view);
    expect((await system.query(LINK, { input: { subjectId: other, selector: { kind: 'ADDRESS', value: address } } })).errors).toBeUndefined();
    const afterLink = await cacheOutcomes(view);
    expect(afterLink.hits).toBe(0);
    expect(afterLink.result.data.person.selectors.edges[0].node.selector.usedBy.totalCount).toBe(kept.usedBy.totalCount + 1);
  });

  it('a kept root list with a total is dropped by a write that adds to it, though the new record is not in it', async () => {
    const before = await keptAnswer(() => system.query(ORGANIZATIONS));
    const created = await system.query(CREATE_ORGANIZATION, { input: { name: `Cache test cell ${crypto.randomUUID().slice(0, 8)}`, kind: 'CELL', threatLevel: 'LOW', regions: ['Sonora'] } }, { agency: 'CBP' });
    expect(created.errors).toBeUndefined();
    const after = await cacheOutcomes(() => system.query(ORGANIZATIONS));
    expect(after.hits).toBe(0);
    expect(after.result.data.organizations.totalCount).toBe(before.data.organizations.totalCount + 1);
  });

  it('a write made straight into a subgraph database, not through Unity Table, reaches readers', async () => {
    const name = (await system.query(dossier, { id: organization.id })).data.organization.name;
    await system.subgraphs.targets.db.query(`UPDATE organization SET name = $1 WHERE id = $2`, [`${name} (renamed by a loader)`, organization.id]);
    let seen = name;
    for (let attempt = 0; attempt < 50 && seen === name; attempt++) {
      seen = (await system.query(dossier, { id: organization.id })).data.organization.name;
      if (seen === name) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(seen).toBe(`${name} (renamed by a loader)`);
  });

  it('an answer kept for one agency never reaches another', async () => {
    const hsi = await system.query(dossier, { id: organization.id }, { agency: 'HSI' });
    expect(hsi.data.organization.cases.totalCount).toBeGreaterThan(0);
    const mex = await system.query(dossier, { id: organization.id }, { agency: 'MEX' });
    expect(mex.data.organization.cases).toBeNull(); // MEX holds no investigations scope
    const mexFresh = await queryWith({ 'cache-control': 'no-cache' }, dossier, { id: organization.id }, 'MEX');
    expect(mex.data).toEqual(mexFresh.data);
    // The same agency with fewer scopes is another audience too.
    const narrower = await system.query(dossier, { id: organization.id }, { agency: 'HSI', scopes: ['targets:read'] });
    expect(narrower.data.organization.cases).toBeNull();
    expect(narrower.data.organization.name).toBe(hsi.data.organization.name);
  });

  it('a repeated dossier is answered by the gateway alone, and every request is audited, with its notices, as if executed', async () => {
    const cases = system.subgraphs.investigations.db;
    const [restricted] = await cases.query(
      `SELECT organization_id FROM investigation_case WHERE handling_sensitivity = 'RESTRICTED' AND NOT (handling_releasable_to && ARRAY['CBP']) AND provenance_agency <> 'CBP' LIMIT 1`);
    const id = restricted.organization_id;
    const fetches = async () => (await metrics.getSingleMetric('unity_gateway_subgraph_fetch_duration_seconds')!.get()).values
      .filter((v) => (v as { metricName?: string }).metricName?.endsWith('_count')).reduce((total, v) => total + v.value, 0);
    // The gateway keeps results once every subgraph's change stream is live: ask until it answers alone.
    const requests: string[] = [];
    let answeredAlone = false;
    for (let attempt = 0; attempt < 20 && !answeredAlone; attempt++) {
      const requestId = `cache-${crypto.randomUUID()}`;
      const before = await fetches();
      const answer = await queryWith({ 'x-request-id': requestId }, dossier, { id }, 'CBP');
      expect(answer.errors?.filter((e: any) => e.extensions?.code !== 'FORBIDDEN') ?? []).toEqual([]);
      requests.push(requestId);
      answeredAlone = (await fetches()) === before;
      if (!answeredAlone) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(answeredAlone).toBe(true);
    const audit = new Client({ connectionString: urlForDatabase(serverUrl(), databaseName('audit', system.prefix)) });
    await audit.connect();
    try {
      const last = requests.slice(-2);
      const { rows } = await audit.query(
        `SELECT e.request_id, e.disseminated, (SELECT count(*)::int FROM handling_notice n WHERE n.request_id = e.request_id) AS notices
           FROM audit_event e WHERE e.client_request_id = ANY($1)`, [last]);
      expect(rows).toHaveLength(2);
      expect(rows[0].disseminated.Organization).toContain(id);
      expect(rows[1].disseminated).toEqual(rows[0].disseminated);
      expect(rows[0].notices).toBeGreaterThan(0);
      expect(rows[1].notices).toBe(rows[0].notices);
    } finally {
      await audit.end();
    }
  });

  it('a travel restriction that expires reads as EXPIRED once its time passes, with no write to announce it', async () => {
    const person = registry.persons[3];
    const expiresAt = new Date(Date.now() + 4000);
    const issued = await system.query(ISSUE, { input: { type: 'LOOKOUT', personId: person.id, reason: 'Response cache test: expires in four seconds', expiresAt: expiresAt.toISOString() } }, { agency: 'CBP' });
    expect(issued.errors).toBeUndefined();
    const id = issued.data.issueTravelRestriction.restriction.id;
    const statusOf = async () => (await system.query(RESTRICTIONS, { id: person.id }, { agency: 'CBP' })).data.person.travelRestrictions.edges.find((e: any) => e.node.id === id)?.node.status;
    // Read until the answer is kept (the write's announcements settle first), so only the expiry can change it.
    let cached = await statementsDuring(statusOf);
    for (let attempt = 0; attempt < 20 && cached.statements > 0; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      cached = await statementsDuring(statusOf);
    }
    expect(cached).toEqual({ result: 'ACTIVE', statements: 0 });
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt.getTime() - Date.now()) + 300));
    expect(await statusOf()).toBe('EXPIRED');
  });
});
