import fc from 'fast-check';
import { startGateway, RunningGateway } from '../gateway/server';
import { signDevelopmentToken } from '../lib/identity/tokens';
import { generateRegistry } from '../lib/seed/registry';
import { CANONICAL_OPERATIONS, CanonicalOperation, operationDocument } from '../operations';
import { serverUrl, startTestSystem, TestSystem } from './support/harness';
import { FUZZ_SEED, hostileVariables, mutatedDocument } from './support/fuzz-corpus';
import { planExecutions } from '../gateway/need-to-know-gateway';

/**
 * The gateway executes query plans with its own lean executor (gateway/execution/). Its answers must
 * be @apollo/gateway's, exactly: the same data, the same errors with the same paths and codes
 * (need-to-know's FORBIDDEN nulls included), the same partial results when a subgraph is down. Two
 * gateways, one per executor, over the same subgraphs, get every canonical operation from callers of
 * several agencies, and the fuzz corpus; every request says `Cache-Control: no-cache`, so both execute.
 */
const RUNS = Number(process.env.DIFFERENTIAL_RUNS ?? 400);

interface Answer {
  status: number;
  body: { data?: unknown; errors?: { message: string; path?: unknown; extensions?: unknown }[]; extensions?: unknown };
}

describe('the lean executor answers as @apollo/gateway does', () => {
  let system: TestSystem;
  let reference: RunningGateway;
  // A pair of gateways to which the finance subgraph is unreachable: partial results.
  let partialLean: RunningGateway;
  let partialReference: RunningGateway;
  const registry = generateRegistry(1);
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    // A busy machine must not time one gateway's fetch out and not the other's: this compares answers, not deadlines.
    process.env.SUBGRAPH_TIMEOUT_MS = '15000';
    system = await startTestSystem({ seedScale: 1 });
    const audit = { serverUrl: serverUrl(), prefix: system.prefix };
    reference = await startGateway({ port: 0, audit, subgraphUrls: system.subgraphUrls, executor: 'apollo' });
    // The breaker would open after a few failed calls, and then say so differently: not what is compared here.
    process.env.SUBGRAPH_BREAKER_VOLUME = '1000000';
    process.env.SUBGRAPH_BREAKER_CONSECUTIVE_FAILURES = '0';
    const unreachable = { ...system.subgraphUrls, finance: 'http://127.0.0.1:9/graphql' };
    partialLean = await startGateway({ port: 0, audit, subgraphUrls: unreachable, executor: 'lean' });
    partialReference = await startGateway({ port: 0, audit, subgraphUrls: unreachable, executor: 'apollo' });
    for (const agency of ['HSI', 'CBP', 'MEX', 'TREASURY', 'DOJ']) tokens.set(agency, await signDevelopmentToken({ agency }));
  }, 120_000);
  afterAll(async () => {
    await Promise.all([reference, partialLean, partialReference].map((g) => g?.stop()));
    await system?.stop();
  });

  const ask = async (url: string, agency: string, query: string, variables: unknown): Promise<Answer> => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(agency)}`, 'cache-control': 'no-cache' },
      body: JSON.stringify({ query, variables }),
    });
    const text = await response.text();
    try {
      return { status: response.status, body: JSON.parse(text) };
    } catch {
      return { status: response.status, body: { errors: [{ message: text }] } };
    }
  };
  /** Errors from fetches running in parallel arrive in either order: compare them as a set. */
  const comparable = (answer: Answer) => ({
    ...answer,
    body: { ...answer.body, errors: answer.body.errors && [...answer.body.errors].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))) },
  });
  const executions = async () => Object.fromEntries((await planExecutions.get()).values.map((v) => [String(v.labels.executor), v.value]));
  const both = async (pair: [RunningGateway, RunningGateway], agency: string, query: string, variables: unknown) => {
    const [lean, apollo] = await Promise.all(pair.map((g) => ask(g.url, agency, query, variables)));
    return { lean: comparable(lean), apollo: comparable(apollo) };
  };

  const largest = (() => {
    const members = new Map<string, number>();
    for (const m of registry.memberships) members.set(m.organizationId, (members.get(m.organizationId) ?? 0) + 1);
    return [...members.entries()].sort((a, b) => b[1] - a[1])[0][0];
  })();
  const leader = registry.memberships.find((m) => m.organizationId === largest)!.personId;
  const variablesOf: Record<CanonicalOperation, Record<string, unknown>[]> = {
    TargetDossier: [{ id: largest }, { id: registry.organizations[3].id, members: 5 }, { id: '00000000-0000-0000-0000-000000000000' }],
    PersonDossier: [{ id: leader }, { id: registry.persons[7].id }],
    SearchTargets: [{ text: registry.persons[2].name.slice(0, 6) }, { text: registry.organizations[1].name }],
    Network: [{ rootId: leader, depth: 2 }, { rootId: registry.organizations[0].id, depth: 1 }],
    WeeklyBriefing: [{ from: '2026-01-05T00:00:00Z', to: '2026-01-12T00:00:00Z' }, { from: '2025-01-01T00:00:00Z', to: '2026-12-31T00:00:00Z', organizationId: largest }],
  };

  it('runs the plans on the lean executor (or the comparison would compare Apollo with itself)', async () => {
    const before = await executions();
    await ask(system.gateway.url, 'HSI', operationDocument('TargetDossier'), variablesOf.TargetDossier[0]);
    const after = await executions();
    expect((after.lean ?? 0) - (before.lean ?? 0)).toBe(1);
    expect(after.apollo ?? 0).toBe(before.apollo ?? 0);
  });

  it.each(CANONICAL_OPERATIONS.flatMap((name) => ['HSI', 'CBP', 'MEX', 'TREASURY'].map((agency) => [name, agency] as const)))('%s for %s: the same answer', async (name, agency) => {
    for (const variables of variablesOf[name]) {
      const { lean, apollo } = await both([system.gateway, reference], agency, operationDocument(name), variables);
      expect(lean).toEqual(apollo);
    }
  });

  it('the same answers to documents with aliases, fragments, @skip/@include, __typename and FORBIDDEN fields inside lists', async () => {
    const documents: [string, Record<string, unknown>][] = [
      [`query($id: UUID!, $more: Boolean!) { o: organization(id: $id) { __typename name ...Lists members(first: 4) { edges { node { person { __typename n: name id sanctions(first: 2) @include(if: $more) { totalCount } cases(first: 1) { totalCount } } } } } } }
        fragment Lists on Organization { id cases(first: 2) @skip(if: $more) { edges { node { caseNumber } } } accounts(first: 2) { totalCount } }`, { id: largest, more: true }],
      [`query($text: String!) { searchTargets(text: $text) { target { ... on Person { id cases(first: 1) { totalCount } } ... on Organization { name } } } }`, { text: registry.persons[0].name }],
      [`{ __typename organizations(first: 3) { edges { node { id members(first: 2) { edges { node { person { travelRestrictions(first: 1) { totalCount } } } } } } } } }`, {}],
    ];
    for (const [query, variables] of documents) {
      for (const agency of ['HSI', 'MEX', 'DOJ']) {
        const { lean, apollo } = await both([system.gateway, reference], agency, query, variables);
        expect(lean).toEqual(apollo);
      }
    }
  });

  it('the same partial results, with SUBGRAPH_UNAVAILABLE errors, when a subgraph cannot be reached', async () => {
    for (const name of ['TargetDossier', 'PersonDossier', 'WeeklyBriefing'] as const) {
      const { lean, apollo } = await both([partialLean, partialReference], 'HSI', operationDocument(name), variablesOf[name][0]);
      expect(lean.body.errors?.some((e) => (e.extensions as { code?: string })?.code === 'SUBGRAPH_UNAVAILABLE')).toBe(true);
      expect(lean).toEqual(apollo);
    }
  });

  // Variables every canonical operation accepts, so that mutated documents that still parse reach execution.
  const plausible = { id: largest, rootId: leader, depth: 2, text: registry.persons[0].name.slice(0, 5), from: '2025-01-01T00:00:00Z', to: '2026-12-31T00:00:00Z' };

  it(`the same answers to ${RUNS} documents and variables of the fuzz corpus`, async () => {
    let executed = 0;
    await fc.assert(
      fc.asyncProperty(mutatedDocument, fc.oneof(hostileVariables, fc.constant(plausible)), fc.constantFrom('HSI', 'MEX'), async (document, variables, agency) => {
        const { lean, apollo } = await both([system.gateway, reference], agency, document, variables);
        if (lean.body.data !== undefined) executed += 1;
        expect(lean).toEqual(apollo);
      }),
      { seed: FUZZ_SEED, numRuns: RUNS },
    );
    // The corpus must reach execution, not only validation.
    expect(executed).toBeGreaterThan(RUNS / 20);
  }, 240_000);
});
