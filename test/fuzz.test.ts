import fc from 'fast-check';
import { queryGateway, startTestSystem, TestSystem } from './support/harness';
import { generateRegistry } from '../lib/seed/registry';
import { FUZZ_SEED as SEED, hostileValue, hostileVariables as variables, mutatedDocument } from './support/fuzz-corpus';

/**
 * A seeded generator of thousands of mutated documents and variables thrown at the gateway:
 * no 5xx, the gateway keeps answering, and rejected writes change nothing.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 1500);

describe('fuzzing the gateway', () => {
  let system: TestSystem;
  const registry = generateRegistry(1);
  const writes = [
    `mutation($input: RecordInterdictionInput!) { recordInterdiction(input: $input) { interdiction { id } } }`,
    `mutation($input: IssueTravelRestrictionInput!) { issueTravelRestriction(input: $input) { restriction { id } } }`,
  ];

  beforeAll(async () => {
    system = await startTestSystem({ seedScale: 1 });
  });
  afterAll(() => system?.stop());

  const writeInput = fc.record({
    occurredAt: hostileValue, type: fc.constantFrom('SEIZURE', 'APPREHENSION', 'NOPE', 3), sector: hostileValue, station: hostileValue,
    location: fc.record({ latitude: fc.oneof(fc.double(), hostileValue), longitude: fc.oneof(fc.double(), hostileValue) }),
    personId: hostileValue, reason: hostileValue, subjectIds: fc.array(hostileValue, { maxLength: 3 }),
    seizures: fc.array(fc.record({ category: fc.constantFrom('NARCOTICS', 'BOGUS'), quantity: fc.oneof(fc.double(), hostileValue), unit: hostileValue, estimatedValueUsd: fc.oneof(fc.double(), hostileValue) }), { maxLength: 2 }),
  }, { requiredKeys: [] });

  it(`survives ${RUNS} mutated documents and hostile variables without a server error`, async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(mutatedDocument, variables, async (document, vars) => {
        const { status } = await queryGateway(system.gateway.url, document, vars, { agency: 'HSI' });
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        return status < 500;
      }),
      { seed: SEED, numRuns: RUNS },
    );
    expect((await fetch(system.gateway.url.replace('/graphql', '/health'))).status).toBe(200);
    expect(statuses.get(200)).toBeGreaterThan(0);
  }, 240_000);

  it('rejected writes change nothing, and each accepted write adds exactly one record', async () => {
    const counts = async () => ({
      interdictions: (await system.subgraphs.interdictions.db.query(`SELECT count(*)::int AS n FROM interdiction`))[0].n,
      restrictions: (await system.subgraphs.travel.db.query(`SELECT count(*)::int AS n FROM travel_restriction`))[0].n,
    });
    const before = await counts();
    const accepted = { interdictions: 0, restrictions: 0 };
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: 1 }), writeInput, fc.constantFrom('CBP', 'STATE', 'MEX'), async (which, input, agency) => {
        const { status, data } = await queryGateway(system.gateway.url, writes[which], { input }, { agency });
        if (data?.recordInterdiction) accepted.interdictions += 1;
        if (data?.issueTravelRestriction) accepted.restrictions += 1;
        return status < 500;
      }),
      { seed: SEED, numRuns: Math.round(RUNS / 3) },
    );
    const after = await counts();
    expect(after.interdictions - before.interdictions).toBe(accepted.interdictions);
    expect(after.restrictions - before.restrictions).toBe(accepted.restrictions);
  }, 240_000);
});
