import { callerOf, releasedTo, startTestSubgraph, TestSubgraph, uniquePrefix } from '../../test/support/harness';
import { investigations } from './subgraph';
import { targets } from '../targets/subgraph';
import { generateRegistry } from '../../lib/seed/registry';
import { briefingId } from '../../lib/graphql/briefing';

describe('investigations subgraph', () => {
  let subgraph: TestSubgraph;
  let registrySubgraph: TestSubgraph;
  const registry = generateRegistry(1);
  const organization = registry.organizations[0];
  const members = registry.memberships.filter((m) => m.organizationId === organization.id);

  beforeAll(async () => {
    const prefix = uniquePrefix('investigations');
    registrySubgraph = await startTestSubgraph(targets, { prefix, seedScale: 1 });
    process.env.TARGETS_URL = registrySubgraph.running.url;
    subgraph = await startTestSubgraph(investigations, { prefix, seedScale: 1 });
  });
  afterAll(async () => {
    await subgraph?.stop();
    await registrySubgraph?.stop();
  });

  it("lists an organization's cases, filtered by status, with subjects, indictments and arrests", async () => {
    const { data, errors } = await subgraph.query(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Organization {
         all: cases(first: 100) { totalCount pointers { agency controlOfficial records } edges { node { caseNumber status leadAgency subjects { role person { id } } indictments { district charges { statute counts } defendants { id } } arrests { arrestedAt } } } }
         open: cases(first: 5, status: OPEN) { totalCount edges { node { status } } }
         arrests(first: 5) { totalCount }
         investigationSummary { openCases arrests indictments }
       } } }`,
      { r: [{ __typename: 'Organization', id: organization.id }] },
    );
    expect(errors).toBeUndefined();
    const org = data._entities[0];
    const [counts] = await subgraph.db.query(
      `SELECT count(*)::int AS cases, count(*) FILTER (WHERE status = 'OPEN')::int AS open,
              (SELECT count(*)::int FROM arrest a JOIN investigation_case c ON c.id = a.case_id WHERE c.organization_id = $1 AND ${releasedTo('HSI', 'a')} AND ${releasedTo('HSI', 'c')}) AS arrests,
              (SELECT count(*)::int FROM investigation_case c WHERE organization_id = $1 AND NOT ${releasedTo('HSI', 'c')} AND handling_sensitivity = 'POINTER') AS pointers
         FROM investigation_case c WHERE organization_id = $1 AND ${releasedTo('HSI', 'c')}`, [organization.id]);
    expect(org.all.totalCount).toBe(counts.cases);
    // Cases not released to HSI but marked POINTER show up only as pointers: who holds them, whom to ask.
    expect(org.all.pointers.reduce((n: number, p: any) => n + p.records, 0)).toBe(counts.pointers);
    expect(org.open.totalCount).toBe(counts.open);
    expect(org.open.edges.every((e: any) => e.node.status === 'OPEN')).toBe(true);
    expect(org.arrests.totalCount).toBe(counts.arrests);
    expect(org.investigationSummary.arrests).toBe(counts.arrests);
    const memberIds = new Set(members.map((m) => m.personId));
    for (const edge of org.all.edges) for (const s of edge.node.subjects) expect(memberIds.has(s.person.id)).toBe(true);
  });

  it('gives a briefing section whose totals equal the sums of the records', async () => {
    const from = new Date('2024-01-01T00:00:00Z');
    const to = new Date('2025-01-01T00:00:00Z');
    const { data, errors } = await subgraph.query(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Briefing { investigations { casesOpened casesClosed arrests indictments defendantsIndicted } } } }`,
      { r: [{ __typename: 'Briefing', id: briefingId({ from, to, organizationId: null }) }] },
    );
    expect(errors).toBeUndefined();
    const [sums] = await subgraph.db.query(
      `SELECT (SELECT count(*)::int FROM investigation_case c WHERE opened_at >= $1 AND opened_at < $2 AND ${releasedTo('HSI', 'c')}) AS opened,
              (SELECT count(*)::int FROM investigation_case c WHERE closed_at >= $1 AND closed_at < $2 AND ${releasedTo('HSI', 'c')}) AS closed,
              (SELECT count(*)::int FROM indictment i JOIN investigation_case c ON c.id = i.case_id WHERE filed_at >= $1 AND filed_at < $2 AND ${releasedTo('HSI', 'c')} AND ${releasedTo('HSI', 'i')}) AS indictments,
              (SELECT count(*)::int FROM indictment i JOIN investigation_case c ON c.id = i.case_id JOIN indictment_defendant d ON d.indictment_id = i.id
                WHERE filed_at >= $1 AND filed_at < $2 AND ${releasedTo('HSI', 'c')} AND ${releasedTo('HSI', 'i')}) AS defendants`, [from, to]);
    expect(data._entities[0].investigations).toMatchObject({ casesOpened: sums.opened, casesClosed: sums.closed, indictments: sums.indictments, defendantsIndicted: sums.defendants });
  });

  const openCase = `mutation($input: OpenCaseInput!) { openCase(input: $input) { case { id caseNumber leadAgency partnerAgencies status subjects { role person { id } } } } }`;

  it('opens a case led by the caller, once per clientMutationId, and refuses a duplicate case number', async () => {
    const input = { clientMutationId: 'fbi-case-1', caseNumber: 'FBI-ELP-2026-90001', title: 'Operation Test', partnerAgencies: ['HSI'], organizationId: organization.id, subjects: [{ personId: members[0].personId, role: 'TARGET' }] };
    const [a, b] = await Promise.all([subgraph.query(openCase, { input }, callerOf('FBI')), subgraph.query(openCase, { input }, callerOf('FBI'))]);
    expect(a.errors).toBeUndefined();
    expect(a.data.openCase.case).toMatchObject({ leadAgency: 'FBI', partnerAgencies: ['HSI'], status: 'OPEN' });
    expect(b.data.openCase.case.id).toBe(a.data.openCase.case.id);
    const duplicate = await subgraph.query(openCase, { input: { ...input, clientMutationId: 'fbi-case-2' } }, callerOf('FBI'));
    expect(duplicate.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'caseNumber' });
  });

  it('lets only the lead and partner agencies add to a case, and refuses unknown persons', async () => {
    const { data } = await subgraph.query(openCase, { input: { caseNumber: 'DEA-LRD-2026-90002', title: 'Operation Owner', subjects: [] } }, callerOf('DEA'));
    const caseId = data.openCase.case.id;
    const arrest = `mutation($input: RecordArrestInput!) { recordArrest(input: $input) { arrest { id agency location } } }`;
    const input = { caseId, personId: members[1].personId, arrestedAt: '2026-10-01T12:00:00Z', location: 'Laredo, TX' };
    expect((await subgraph.query(arrest, { input }, callerOf('FBI'))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const made = await subgraph.query(arrest, { input }, callerOf('DEA'));
    expect(made.errors).toBeUndefined();
    expect(made.data.recordArrest.arrest).toMatchObject({ agency: 'DEA', location: 'Laredo, TX' });
    const unknown = await subgraph.query(arrest, { input: { ...input, personId: '00000000-0000-4000-8000-00000000abcd' } }, callerOf('DEA'));
    expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'personId' });
    const missing = await subgraph.query(arrest, { input: { ...input, caseId: '00000000-0000-4000-8000-00000000abcd' } }, callerOf('DEA'));
    expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');

    const indict = await subgraph.query(
      `mutation($input: RecordIndictmentInput!) { recordIndictment(input: $input) { indictment { district defendants { id } charges { statute counts } } } }`,
      { input: { caseId, district: 'S.D. Tex.', filedAt: '2026-10-15T00:00:00Z', defendantIds: [members[1].personId], charges: [{ statute: '8 U.S.C. § 1324', description: 'Alien smuggling', counts: 3 }] } },
      callerOf('DEA'));
    expect(indict.errors).toBeUndefined();
    expect(indict.data.recordIndictment.indictment.charges).toEqual([{ statute: '8 U.S.C. § 1324', counts: 3 }]);
    const badCounts = await subgraph.query(
      `mutation($input: RecordIndictmentInput!) { recordIndictment(input: $input) { indictment { id } } }`,
      { input: { caseId, district: 'S.D. Tex.', filedAt: '2026-10-15T00:00:00Z', defendantIds: [members[1].personId], charges: [{ statute: 'x', description: 'y', counts: 0 }] } },
      callerOf('DEA'));
    expect(badCounts.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'charges[0].counts' });
  });
});
