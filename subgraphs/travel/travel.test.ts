import { callerOf, releasedTo, startTestSubgraph, TestSubgraph, uniquePrefix } from '../../test/support/harness';
import { travel } from './subgraph';
import { targets } from '../targets/subgraph';
import { generateRegistry } from '../../lib/seed/registry';
import { briefingId } from '../../lib/graphql/briefing';

describe('travel subgraph', () => {
  let subgraph: TestSubgraph;
  let registrySubgraph: TestSubgraph;
  const registry = generateRegistry(1);
  const organization = registry.organizations[0];

  beforeAll(async () => {
    const prefix = uniquePrefix('travel');
    registrySubgraph = await startTestSubgraph(targets, { prefix, seedScale: 1 });
    process.env.TARGETS_URL = registrySubgraph.running.url;
    subgraph = await startTestSubgraph(travel, { prefix, seedScale: 1 });
  });
  afterAll(async () => {
    await subgraph?.stop();
    await registrySubgraph?.stop();
  });

  it('reads an active restriction past its expiry as EXPIRED, in lists, filters and the summary', async () => {
    const person = registry.memberships[5].personId;
    await subgraph.db.query(
      `INSERT INTO travel_restriction (id, type, status, issued_at, expires_at, issuing_agency, reason, person_id, organization_id, provenance_agency, provenance_recorded_by)
       VALUES ('e0000000-0000-4000-8000-000000000001', 'LOOKOUT', 'ACTIVE', '2020-01-01', '2020-06-01', 'CBP', 'old lookout', $1, $2, 'CBP', 'test')`, [person, organization.id]);
    const { data, errors } = await subgraph.query(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { expired: travelRestrictions(first: 50, status: EXPIRED) { totalCount edges { node { id status } } } } } }`,
      { r: [{ __typename: 'Person', id: person }] });
    expect(errors).toBeUndefined();
    expect(data._entities[0].expired.edges.map((e: any) => e.node.id)).toContain('e0000000-0000-4000-8000-000000000001');
    expect(data._entities[0].expired.edges.every((e: any) => e.node.status === 'EXPIRED')).toBe(true);

    const summary = await subgraph.query(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Organization { travelSummary { restrictedMembers activeRestrictions } } } }`,
      { r: [{ __typename: 'Organization', id: organization.id }] });
    const [active] = await subgraph.db.query(
      `SELECT count(*)::int AS n, count(DISTINCT person_id)::int AS persons FROM travel_restriction
        WHERE organization_id = $1 AND status = 'ACTIVE' AND (expires_at IS NULL OR expires_at > now()) AND ${releasedTo('HSI')}`, [organization.id]);
    expect(summary.data._entities[0].travelSummary).toEqual({ restrictedMembers: active.persons, activeRestrictions: active.n });
  });

  it('gives a briefing section whose totals equal the sums of the records', async () => {
    const from = new Date('2025-01-01T00:00:00Z');
    const to = new Date('2026-01-01T00:00:00Z');
    const { data } = await subgraph.query(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Briefing { travel { restrictionsIssued restrictionsLifted byType { type count } crossings } } } }`,
      { r: [{ __typename: 'Briefing', id: briefingId({ from, to, organizationId: null }) }] });
    const [sums] = await subgraph.db.query(
      `SELECT (SELECT count(*)::int FROM travel_restriction WHERE issued_at >= $1 AND issued_at < $2 AND ${releasedTo('HSI')}) AS issued,
              (SELECT count(*)::int FROM travel_restriction WHERE lifted_at >= $1 AND lifted_at < $2 AND ${releasedTo('HSI')}) AS lifted,
              (SELECT count(*)::int FROM border_crossing WHERE crossed_at >= $1 AND crossed_at < $2 AND ${releasedTo('HSI')}) AS crossings`, [from, to]);
    const section = data._entities[0].travel;
    expect(section).toMatchObject({ restrictionsIssued: sums.issued, restrictionsLifted: sums.lifted, crossings: sums.crossings });
    expect(section.byType.reduce((s: number, t: any) => s + t.count, 0)).toBe(sums.issued);
  });

  it('issues a restriction once per clientMutationId, and lets only the issuing agency lift it', async () => {
    const issue = `mutation($input: IssueTravelRestrictionInput!) { issueTravelRestriction(input: $input) { restriction { id status issuingAgency } } }`;
    const input = { clientMutationId: 'state-visa-1', type: 'VISA_REVOCATION', personId: registry.memberships[2].personId, organizationId: organization.id, reason: 'Trafficking' };
    const answers = await Promise.all(Array.from({ length: 5 }, () => subgraph.query(issue, { input }, callerOf('STATE'))));
    expect(new Set(answers.map((a) => a.data.issueTravelRestriction.restriction.id)).size).toBe(1);
    const id = answers[0].data.issueTravelRestriction.restriction.id;
    expect(answers[0].data.issueTravelRestriction.restriction).toMatchObject({ status: 'ACTIVE', issuingAgency: 'STATE' });

    const lift = `mutation($input: LiftTravelRestrictionInput!) { liftTravelRestriction(input: $input) { restriction { status liftReason } } }`;
    expect((await subgraph.query(lift, { input: { restrictionId: id, reason: 'x' } }, callerOf('CBP'))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const lifted = await subgraph.query(lift, { input: { restrictionId: id, reason: 'Withdrawn' } }, callerOf('STATE'));
    expect(lifted.data.liftTravelRestriction.restriction).toEqual({ status: 'LIFTED', liftReason: 'Withdrawn' });
    expect((await subgraph.query(lift, { input: { restrictionId: id, reason: 'again' } }, callerOf('STATE'))).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const badExpiry = await subgraph.query(issue, { input: { ...input, clientMutationId: null, issuedAt: '2026-01-01T00:00:00Z', expiresAt: '2025-01-01T00:00:00Z' } }, callerOf('STATE'));
    expect(badExpiry.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'expiresAt' });
  });
});
