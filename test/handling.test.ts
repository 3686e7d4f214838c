import { releasedTo, startTestSystem, TestSystem } from './support/harness';
import { generateRegistry } from '../lib/seed/registry';

describe('record-level handling (28 CFR 23.20(g) labels), applied in SQL by the caller\'s agency', () => {
  let system: TestSystem;
  const registry = generateRegistry(1);
  const organization = registry.organizations[0];

  beforeAll(async () => {
    system = await startTestSystem({ seedScale: 1 });
  });
  afterAll(() => system?.stop());

  it('a foreign partner never sees, counts or totals an interdiction not released to it', async () => {
    const interdictions = system.subgraphs.interdictions.db;
    const [counts] = await interdictions.query(
      `SELECT count(*) FILTER (WHERE ${releasedTo('MEX')})::int AS mex, count(*)::int AS everything,
              count(*) FILTER (WHERE ${releasedTo('MEX')} AND type = 'APPREHENSION')::int AS apprehensions
         FROM interdiction WHERE organization_id = $1`, [organization.id]);
    expect(counts.mex).toBeGreaterThan(0);
    expect(counts.mex).toBeLessThan(counts.everything);
    const { data, errors } = await system.query(
      `query($id: UUID!) { organization(id: $id) { interdictions(first: 100) { totalCount edges { node { id handling { releasableTo } } } } interdictionSummary { apprehensions } } }`,
      { id: organization.id }, { agency: 'MEX' });
    expect(errors).toBeUndefined();
    expect(data.organization.interdictions.totalCount).toBe(counts.mex);
    expect(data.organization.interdictionSummary.apprehensions).toBe(counts.apprehensions);
    for (const edge of data.organization.interdictions.edges) expect(edge.node.handling.releasableTo).toContain('MEX');

    const [hidden] = await interdictions.query(`SELECT id FROM interdiction WHERE NOT ${releasedTo('MEX')} LIMIT 1`);
    const direct = await system.query(`query($id: UUID!) { interdiction(id: $id) { id sector } }`, { id: hidden.id }, { agency: 'MEX' });
    expect(direct.data.interdiction).toBeNull();
    const forCbp = await system.query(`query($id: UUID!) { interdiction(id: $id) { id } }`, { id: hidden.id }, { agency: 'CBP' });
    expect(forCbp.data.interdiction.id).toBe(hidden.id);
  });

  it('shows agencies a POINTER record is not released to only who holds it and whom to ask', async () => {
    const cases = system.subgraphs.investigations.db;
    const [pointer] = await cases.query(
      `SELECT organization_id, provenance_agency, handling_control_official FROM investigation_case
        WHERE handling_sensitivity = 'POINTER' AND NOT (handling_releasable_to && ARRAY['CBP']) AND provenance_agency <> 'CBP' LIMIT 1`);
    const [expected] = await cases.query(
      `SELECT count(*) FILTER (WHERE ${releasedTo('CBP')})::int AS visible,
              count(*) FILTER (WHERE NOT ${releasedTo('CBP')} AND handling_sensitivity = 'POINTER')::int AS pointers
         FROM investigation_case WHERE organization_id = $1`, [pointer.organization_id]);
    const { data, errors } = await system.query(
      `query($id: UUID!) { organization(id: $id) { cases(first: 100) { totalCount edges { node { id } } pointers { agency controlOfficial records } } } }`,
      { id: pointer.organization_id }, { agency: 'CBP' });
    expect(errors).toBeUndefined();
    expect(data.organization.cases.totalCount).toBe(expected.visible);
    expect(data.organization.cases.edges).toHaveLength(Math.min(expected.visible, 100));
    expect(data.organization.cases.pointers.reduce((n: number, p: any) => n + p.records, 0)).toBe(expected.pointers);
    expect(data.organization.cases.pointers).toContainEqual(expect.objectContaining({ agency: pointer.provenance_agency, controlOfficial: pointer.handling_control_official }));
  });

  it('hides RESTRICTED records entirely, and tells the submitting agency that someone asked', async () => {
    const cases = system.subgraphs.investigations.db;
    const [restricted] = await cases.query(
      `SELECT id, organization_id, provenance_agency FROM investigation_case
        WHERE handling_sensitivity = 'RESTRICTED' AND NOT (handling_releasable_to && ARRAY['CBP']) AND provenance_agency <> 'CBP' LIMIT 1`);
    const { data } = await system.query(
      `query($id: UUID!) { organization(id: $id) { cases(first: 100) { totalCount edges { node { id } } pointers { agency records } } } }`,
      { id: restricted.organization_id }, { agency: 'CBP', scopes: ['targets:read', 'investigations:read'] });
    expect(data.organization.cases.edges.map((e: any) => e.node.id)).not.toContain(restricted.id);
    const direct = await system.query(`query($id: UUID!) { case(id: $id) { id } }`, { id: restricted.id }, { agency: 'CBP' });
    expect(direct.data.case).toBeNull();

    const notices = await system.query(`{ handlingNotices(first: 20) { requestingAgency recordType subjectId records } }`, {}, { agency: restricted.provenance_agency });
    expect(notices.errors).toBeUndefined();
    expect(notices.data.handlingNotices).toContainEqual(expect.objectContaining({ requestingAgency: 'CBP', recordType: 'Case', subjectId: restricted.organization_id }));
    const others = await system.query(`{ handlingNotices(first: 20) { subjectId } }`, {}, { agency: 'STATE' });
    expect(others.data.handlingNotices).toEqual([]);
  });

  it('refuses a record that would show a person to agencies the registry does not release them to', async () => {
    const [person] = await system.subgraphs.targets.db.query(`SELECT id FROM person WHERE provenance_agency = 'HSI' AND NOT ${releasedTo('FBI')} LIMIT 1`);
    expect(person).toBeDefined();
    const open = `mutation($input: OpenCaseInput!) { openCase(input: $input) { case { id caseNumber } } }`;
    const caseNumber = () => `HSI-ELP-2026-${String(Math.floor(Math.random() * 90_000) + 10_000)}`;
    const wide = await system.query(open, { input: { caseNumber: caseNumber(), title: 'Wide', subjects: [{ personId: person.id, role: 'TARGET' }] } }, { agency: 'HSI' });
    expect(wide.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(wide.errors?.[0].message).toMatch(/^subjects\[0\]\.personId: .*\(not to [A-Z, ]*FBI/);

    // Released no wider than the person, the case is recorded, and FBI reads neither it nor, through it, the person.
    const narrowNumber = caseNumber();
    const narrow = await system.query(open, { input: { caseNumber: narrowNumber, title: 'Narrow', subjects: [{ personId: person.id, role: 'TARGET' }], handling: { releasableTo: ['HSI'] } } }, { agency: 'HSI' });
    expect(narrow.errors).toBeUndefined();
    const asFbi = await system.query(`query($n: String!) { caseByNumber(caseNumber: $n) { id subjects { person { id } } } }`, { n: narrowNumber }, { agency: 'FBI' });
    expect(asFbi.data.caseByNumber).toBeNull();

    // A widely released case cannot take the person as a subject later either.
    const plain = await system.query(open, { input: { caseNumber: caseNumber(), title: 'Plain' } }, { agency: 'HSI' });
    const added = await system.query(`mutation($input: AddCaseSubjectInput!) { addCaseSubject(input: $input) { case { id } } }`,
      { input: { caseId: plain.data.openCase.case.id, personId: person.id, role: 'TARGET' } }, { agency: 'HSI' });
    expect(added.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(added.errors?.[0].message).toMatch(/^personId: the registry releases this person to fewer agencies/);
  });

  it('lets the submitting agency label a new record, and applies the labels at once', async () => {
    const record = `mutation($input: RecordInterdictionInput!) { recordInterdiction(input: $input) { interdiction { id handling { sensitivity releasableTo controlOfficial sourceReliability contentValidity } } } }`;
    const input = {
      occurredAt: '2026-10-02T03:00:00Z', type: 'STASH_HOUSE_RAID', sector: 'Laredo', station: 'Zapata', location: { latitude: 26.9, longitude: -99.27 },
      organizationId: organization.id,
      handling: { sensitivity: 'RESTRICTED', releasableTo: ['CBP', 'HSI'], controlOfficial: 'USBP Laredo SIO', sourceReliability: 'B', contentValidity: 2 },
    };
    const { data, errors } = await system.query(record, { input }, { agency: 'CBP' });
    expect(errors).toBeUndefined();
    const created = data.recordInterdiction.interdiction;
    expect(created.handling).toEqual({ sensitivity: 'RESTRICTED', releasableTo: ['CBP', 'HSI'], controlOfficial: 'USBP Laredo SIO', sourceReliability: 'B', contentValidity: 2 });
    const lookup = `query($id: UUID!) { interdiction(id: $id) { id } }`;
    expect((await system.query(lookup, { id: created.id }, { agency: 'HSI' })).data.interdiction.id).toBe(created.id);
    expect((await system.query(lookup, { id: created.id }, { agency: 'FBI' })).data.interdiction).toBeNull();
    const bad = await system.query(record, { input: { ...input, handling: { releasableTo: ['NOBODY'] } } }, { agency: 'CBP' });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'handling.releasableTo[0]' });
  });
});

describe('the registry, shared with every partner', () => {
  let system: TestSystem;
  const registry = generateRegistry(1);

  beforeAll(async () => {
    system = await startTestSystem({ seedScale: 1 });
  });
  afterAll(() => system?.stop());

  it('labels its records as released to all domestic agencies and every foreign partner, and a partner finds them', async () => {
    const person = registry.persons[0];
    const { data, errors } = await system.query(
      `query($id: UUID!, $text: String!) { person(id: $id) { name handling { sensitivity releasableTo } } searchTargets(text: $text, first: 1) { target { ... on Person { id } } } }`,
      { id: person.id, text: person.name }, { agency: 'MEX' });
    expect(errors).toBeUndefined();
    expect(data.person.handling).toEqual({ sensitivity: 'OPEN', releasableTo: ['ALL_DOMESTIC', 'MEX'] });
    expect(data.searchTargets[0].target.id).toBe(person.id);
    const created = await system.query(`mutation { createPerson(input: { name: "Nuevo Registro" }) { person { handling { releasableTo } } } }`, {}, { agency: 'HSI' });
    expect(created.data.createPerson.person.handling.releasableTo).toEqual(['ALL_DOMESTIC', 'MEX']);
  });

  it('a registry record labelled for domestic agencies only is neither found nor fetched by a foreign partner', async () => {
    const person = registry.persons[1];
    await system.subgraphs.targets.db.query(`UPDATE person SET handling_releasable_to = '{ALL_DOMESTIC}' WHERE id = $1`, [person.id]);
    const ask = (agency: string) => system.query(`query($id: UUID!, $text: String!) { person(id: $id) { id } searchTargets(text: $text, first: 5) { target { ... on Person { id } } } }`, { id: person.id, text: person.name }, { agency });
    const mex = await ask('MEX');
    expect(mex.data.person).toBeNull();
    expect(mex.data.searchTargets.map((m: any) => m.target.id)).not.toContain(person.id);
    const hsi = await ask('HSI');
    expect(hsi.data.person.id).toBe(person.id);
    expect(hsi.data.searchTargets[0].target.id).toBe(person.id);
  });
});
