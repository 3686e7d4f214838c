import { Client } from 'pg';
import { serverUrl, startTestSystem, TestSystem } from './support/harness';
import { databaseName, urlForDatabase } from '../lib/database/server';
import { generateRegistry } from '../lib/seed/registry';
import { recordedTwice } from '../lib/seed/spellings';
import { operationDocument } from '../operations';
import { statementCount } from '../lib/database/data-source';
import { releasedToSql } from '../lib/handling/release';
import { selectorId } from '../lib/selectors/normalize';

/** Every agency's lists on a person, as totals: what a dossier shows of each agency. */
const AGENCY_FIELDS = ['interdictions', 'cases', 'arrests', 'indictments', 'sanctions', 'accounts', 'assetSeizures', 'travelRestrictions', 'crossings'] as const;

const MATCHES = `query($id: UUID!) { possibleMatches(personId: $id, first: 5) { score person { id name } reasons { evidence detail weight } } }`;
const MERGE = `mutation MergePersons($input: PersonMergeInput!) { mergePersons(input: $input) { clientMutationId survivor { id mergedIds } merge { id justification agency } } }`;
const UNMERGE = `mutation($input: PersonMergeInput!) { unmergePersons(input: $input) { survivor { id mergedIds } merge { id unmergedAt } } }`;
const NETWORK = `query($id: UUID!) { network(rootId: $id, depth: 1) { nodes { id } } }`;
const FINANCES = `query($id: UUID!) { person(id: $id) { financialSummary { designatedMembers designations accountsFrozen frozenValueUsd assetSeizures seizedValueUsd } } }`;

describe('entity resolution in the registry, through the gateway', () => {
  let system: TestSystem;
  const registry = generateRegistry(1);
  const { original, variant } = recordedTwice(registry);
  // Someone far from the original: a member of the last organization only, tied to nobody.
  const lastOrganization = registry.organizations[registry.organizations.length - 1];
  const someoneElse = registry.persons.find((p) =>
    registry.memberships.filter((m) => m.personId === p.id).every((m) => m.organizationId === lastOrganization.id)
    && registry.memberships.some((m) => m.personId === p.id)
    && !registry.associations.some((a) => a.personId === p.id || a.associateId === p.id))!;
  // A person HSI keeps to itself (RESTRICTED), spelled like the original and born the same day.
  const hidden = '0b5c0000-0000-4000-8000-00000000000d';
  const phone = selectorId({ kind: 'PHONE', value: '+15205550142' });

  beforeAll(async () => {
    system = await startTestSystem({ seedScale: 1 });
    const targets = system.subgraphs.targets.db;
    await targets.query(
      `INSERT INTO person (id, name, aliases, date_of_birth, nationality, provenance_agency, provenance_recorded_by, handling_sensitivity, handling_releasable_to, handling_control_official)
       VALUES ($1, $2, '{}', $3, $4, 'HSI', 'test', 'RESTRICTED', '{HSI}', 'HSI Group Supervisor')`,
      [hidden, original.name.normalize('NFD').replace(/[\u0300-\u036f]/g, ''), original.dateOfBirth, original.nationality]);
    // The variant (as CBP recorded him) is tied to someone the original is not: the network must show it after the merge.
    await targets.query(
      `INSERT INTO association (id, person_id, associate_id, kind, provenance_agency, provenance_recorded_by) VALUES ('0b5c0000-0000-4000-8000-0000000000a1', $1, $2, 'ASSOCIATE', 'CBP', 'test')`,
      [variant.id, someoneElse.id]);
    // HSI saw the original using a phone that CBP saw the variant using.
    // Under the id the registry gives the phone, so that a later sighting by the API finds it.
    await targets.query(`INSERT INTO selector (id, kind, value, display, search) VALUES ($1, 'PHONE', '+15205550142', '+1 520 555 0142', '15205550142')`, [phone]);
    await targets.query(
      `INSERT INTO selector_link (id, selector_id, person_id, first_seen, last_seen, provenance_agency, provenance_recorded_by)
       VALUES ('0b5c0000-0000-4000-8000-0000000000e2', $3, $1, '2025-01-01', '2025-03-01', 'HSI', 'test'),
              ('0b5c0000-0000-4000-8000-0000000000e3', $3, $2, '2025-02-01', '2025-02-01', 'CBP', 'test')`,
      [original.id, variant.id, phone]);
    // And the original is tied to a fellow member, so that both dossiers measured below list associates (a list going
    // from empty to not empty costs its rows' lookups, which is not what is measured).
    const fellow = registry.memberships.find((m) => m.organizationId === registry.organizations[0].id && m.personId !== original.id)!;
    await targets.query(
      `INSERT INTO association (id, person_id, associate_id, kind, provenance_agency, provenance_recorded_by) VALUES ('0b5c0000-0000-4000-8000-0000000000a2', $1, $2, 'FAMILY', 'HSI', 'test')`,
      [original.id, fellow.personId]);
    // Treasury designated both spellings, and froze an account of the variant: the survivor's summary must total them once merged.
    const finance = system.subgraphs.finance.db;
    for (const [id, person] of [['0b5c0000-0000-4000-8000-0000000000f1', original.id], ['0b5c0000-0000-4000-8000-0000000000f2', variant.id]]) {
      await finance.query(
        `INSERT INTO sanctions_designation SELECT (jsonb_populate_record(NULL::sanctions_designation, to_jsonb(d) || jsonb_build_object('id', $1::uuid, 'person_id', $2::uuid, 'organization_id', NULL))).*
           FROM sanctions_designation d WHERE ${releasedToSql('HSI', 'd')} LIMIT 1`, [id, person]);
    }
    await finance.query(
      `INSERT INTO financial_account SELECT (jsonb_populate_record(NULL::financial_account, to_jsonb(a) || jsonb_build_object('id', $1::uuid, 'holder_id', $2::uuid, 'organization_id', NULL))).*
         FROM financial_account a WHERE a.status = 'FROZEN' AND ${releasedToSql('HSI', 'a')} LIMIT 1`, ['0b5c0000-0000-4000-8000-0000000000f3', variant.id]);
  });
  afterAll(() => system?.stop());

  const dossier = async (id: string, agency = 'HSI') => {
    const { data, errors } = await system.query(operationDocument('PersonDossier'), { id }, { agency });
    expect(errors).toBeUndefined();
    return data.person;
  };
  /** SQL statements each subgraph spends on one PersonDossier, executed by every subgraph (no cached answer). */
  const dossierStatements = async (id: string) => {
    // A write empties the response caches, whose refills run statements of their own: let them settle.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const dossierSubgraphs = ['targets', 'interdictions', 'investigations', 'finance', 'travel'].map((name) => [name, system.subgraphs[name].db] as const);
    const before = dossierSubgraphs.map(([, db]) => statementCount(db));
    const { errors } = await system.query(operationDocument('PersonDossier'), { id }, { headers: { 'cache-control': 'no-cache' } });
    expect(errors).toBeUndefined();
    return Object.fromEntries(dossierSubgraphs.map(([name, db], i) => [name, statementCount(db) - before[i]]));
  };
  const totals = (person: any) => Object.fromEntries(AGENCY_FIELDS.map((field) => [field, person[field].totalCount as number]));
  const networkOf = async (id: string) => {
    const { data, errors } = await system.query(NETWORK, { id });
    expect(errors).toBeUndefined();
    return data.network.nodes.map((n: any) => n.id) as string[];
  };

  it('finds the person recorded under two spellings as the top candidate, with its reasons', async () => {
    // As CBP: HSI also sees a RESTRICTED namesake of its own (next test).
    const { data, errors } = await system.query(MATCHES, { id: original.id }, { agency: 'CBP' });
    expect(errors).toBeUndefined();
    const [top] = data.possibleMatches;
    expect(top.person).toEqual({ id: variant.id, name: variant.name });
    const evidence = top.reasons.map((r: any) => r.evidence);
    expect(evidence).toEqual(expect.arrayContaining(['NAME_SPELLING', 'NAME_SOUND', 'DATE_OF_BIRTH', 'NATIONALITY', 'SHARED_SELECTOR']));
    expect(top.reasons.find((r: any) => r.evidence === 'SHARED_SELECTOR').detail).toContain('PHONE +1 520 555 0142');
    expect(top.reasons.find((r: any) => r.evidence === 'DATE_OF_BIRTH').detail).toContain(original.dateOfBirth);
    expect(top.score).toBeCloseTo(top.reasons.reduce((sum: number, r: any) => sum + r.weight, 0), 2);
    for (const match of data.possibleMatches.slice(1)) expect(match.score).toBeLessThanOrEqual(top.score);
    expect(data.possibleMatches.map((m: any) => m.person.id)).not.toContain(original.id);
  });

  it("weighs a match through a shared nickname at half a full name's", async () => {
    // Two CBP records: one who goes by the original's nickname, one with the original's full name; neither born the same day nor of the same nationality.
    const nickname = original.aliases.find((a) => /^El /.test(a))!;
    const [byNickname, byName] = ['0b5c0000-0000-4000-8000-0000000000c1', '0b5c0000-0000-4000-8000-0000000000c2'];
    await system.subgraphs.targets.db.query(
      `INSERT INTO person (id, name, aliases, date_of_birth, nationality, provenance_agency, provenance_recorded_by)
       VALUES ($1, 'Rogelio Fuentes Paz', $3, '1960-01-01', 'GTM', 'CBP', 'test'), ($2, $4, '{}', '1960-01-01', 'GTM', 'CBP', 'test')`,
      [byNickname, byName, [nickname], original.name]);
    try {
      const { data, errors } = await system.query(`query($id: UUID!) { possibleMatches(personId: $id, first: 50) { score person { id } reasons { evidence detail weight } } }`, { id: original.id }, { agency: 'CBP' });
      expect(errors).toBeUndefined();
      const match = (id: string) => data.possibleMatches.find((m: any) => m.person.id === id);
      expect(match(byName).score).toBe(0.45);
      expect(match(byNickname).score).toBe(0.225);
      expect(match(byNickname).reasons.map((r: any) => r.detail).join(' ')).toContain('an alias: counted half');
    } finally {
      await system.subgraphs.targets.db.query(`DELETE FROM target_name WHERE target_id = ANY($1)`, [[byNickname, byName]]);
      await system.subgraphs.targets.db.query(`DELETE FROM person WHERE id = ANY($1)`, [[byNickname, byName]]);
    }
  });

  it('gives the head of the longer list when asked for fewer candidates, best first and namesakes by id', async () => {
    // The statement keeps only the best `first` (scored in SQL as the reasons add up): a shorter page must be the same people.
    const page = async (first: number) => {
      const { data, errors } = await system.query(`query($id: UUID!, $first: Int!) { possibleMatches(personId: $id, first: $first) { score person { id } } }`, { id: original.id, first }, { agency: 'HSI' });
      expect(errors).toBeUndefined();
      return data.possibleMatches.map((m: any) => ({ id: m.person.id as string, score: m.score as number }));
    };
    const all = await page(50);
    expect(all.length).toBeGreaterThan(3);
    for (const [i, match] of all.slice(1).entries()) {
      const before = all[i];
      expect(before.score > match.score || (before.score === match.score && before.id < match.id)).toBe(true);
    }
    for (const first of [1, 2, 3]) expect(await page(first)).toEqual(all.slice(0, first));
  });

  it('never offers a person the caller may not see as a candidate, and will not merge it (NOT_FOUND, as for no such person)', async () => {
    const forHsi = await system.query(MATCHES, { id: original.id }, { agency: 'HSI' });
    expect(forHsi.data.possibleMatches.map((m: any) => m.person.id)).toContain(hidden);
    const forCbp = await system.query(MATCHES, { id: original.id }, { agency: 'CBP' });
    expect(forCbp.errors).toBeUndefined();
    expect(forCbp.data.possibleMatches.map((m: any) => m.person.id)).not.toContain(hidden);
    expect(forCbp.data.possibleMatches[0].person.id).toBe(variant.id);

    const nowhere = '0b5c0000-0000-4000-8000-0000000000ff';
    const attempt = (mergedId: string) => system.query(MERGE, { input: { survivorId: original.id, mergedId, justification: 'Same DOB and name' } }, { agency: 'CBP' });
    const [restricted, absent] = [await attempt(hidden), await attempt(nowhere)];
    expect(restricted.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(absent.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(restricted.errors![0].message.replace(hidden, '<id>')).toBe(absent.errors![0].message.replace(nowhere, '<id>'));
    const asked = await system.query(MATCHES, { id: hidden }, { agency: 'CBP' });
    expect(asked.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(asked.errors![0].message.replace(hidden, '<id>')).toBe((await system.query(MATCHES, { id: nowhere }, { agency: 'CBP' })).errors![0].message.replace(nowhere, '<id>'));
  });

  it('refuses to merge into a survivor released to fewer agencies, whose ties the others would lose', async () => {
    // HSI sees its RESTRICTED namesake; merged into it, the original's ties would vanish for CBP and the rest.
    const { data, errors } = await system.query(MERGE, { input: { survivorId: hidden, mergedId: original.id, justification: 'Same name and date of birth' } }, { agency: 'HSI' });
    expect(data?.mergePersons ?? null).toBeNull();
    expect(errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'survivorId' });
    expect(errors?.[0].message).toMatch(/releases the survivor to fewer agencies than the merged person \(not to [A-Z, ]*CBP/);
    expect((await dossier(original.id, 'CBP')).id).toBe(original.id);
  });

  it('refuses the merge without the targets:merge scope', async () => {
    const { data, errors } = await system.query(MERGE, { input: { survivorId: original.id, mergedId: variant.id, justification: 'x' } },
      { agency: 'HSI', scopes: ['targets:read', 'targets:write'] });
    expect(errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(errors?.[0].message).toContain('targets:merge');
    expect(errors?.[0].message).not.toMatch(/to read Mutation/);
    expect(data?.mergePersons ?? null).toBeNull();
    expect((await dossier(variant.id)).id).toBe(variant.id);
  });

  it("shows both persons' records in every agency and in the network right after the merge, and the unmerge restores them", async () => {
    const [before, beforeVariant] = [await dossier(original.id), await dossier(variant.id)];
    const [networkBefore, variantNetworkBefore] = [await networkOf(original.id), await networkOf(variant.id)];
    expect(networkBefore).not.toContain(someoneElse.id);
    expect(variantNetworkBefore).toContain(someoneElse.id);
    const expected = Object.fromEntries(AGENCY_FIELDS.map((f) => [f, totals(before)[f] + totals(beforeVariant)[f]]));
    expect(totals(beforeVariant).interdictions).toBeGreaterThan(0);
    expect(totals(beforeVariant).crossings).toBeGreaterThan(0);
    expect(totals(before).cases).toBeGreaterThan(0);

    const finances = async (id: string) => {
      const { data, errors } = await system.query(FINANCES, { id });
      expect(errors).toBeUndefined();
      return data.person.financialSummary;
    };
    const [financesBefore, variantFinancesBefore] = [await finances(original.id), await finances(variant.id)];
    expect(variantFinancesBefore.accountsFrozen).toBeGreaterThan(0);
    expect(financesBefore.designatedMembers).toBe(1);

    const statementsBefore = await dossierStatements(original.id);
    expect(Object.values(statementsBefore).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    const justification = 'Same date of birth and nationality; CBP apprehension photo matches HSI booking photo';
    const input = { clientMutationId: 'merge-recorded-twice', survivorId: original.id, mergedId: variant.id, justification };
    const merged = await system.query(MERGE, { input });
    expect(merged.errors).toBeUndefined();
    expect(merged.data.mergePersons.survivor).toEqual({ id: original.id, mergedIds: [variant.id] });
    expect(merged.data.mergePersons.merge.justification).toBe(justification);
    // Retried under its clientMutationId, the call answers the merge it made; with the ids swapped by mistake, it is refused.
    const retried = await system.query(MERGE, { input });
    expect(retried.errors).toBeUndefined();
    expect(retried.data.mergePersons.merge.id).toBe(merged.data.mergePersons.merge.id);
    expect(retried.data.mergePersons.survivor).toEqual({ id: original.id, mergedIds: [variant.id] });
    const swapped = await system.query(MERGE, { input: { ...input, survivorId: variant.id, mergedId: original.id } });
    expect(swapped.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'clientMutationId' });
    expect(swapped.errors?.[0].message).toMatch(/already used for a mergePersons with other arguments/);

    const after = await dossier(original.id);
    expect(totals(after)).toEqual(expected);
    // Gathering the merged person's records costs no statement more in any subgraph.
    expect(await dossierStatements(original.id)).toEqual(statementsBefore);
    const interdictionIds = after.interdictions.edges.map((e: any) => e.node.id);
    for (const edge of beforeVariant.interdictions.edges) expect(interdictionIds).toContain(edge.node.id);
    expect(await networkOf(original.id)).toContain(someoneElse.id);
    const financesAfter = await finances(original.id);
    expect(financesAfter).toMatchObject({
      designatedMembers: 1, // one man, designated under both spellings
      designations: financesBefore.designations + variantFinancesBefore.designations,
      accountsFrozen: financesBefore.accountsFrozen + variantFinancesBefore.accountsFrozen,
      assetSeizures: financesBefore.assetSeizures + variantFinancesBefore.assetSeizures,
    });
    expect(financesAfter.frozenValueUsd).toBeCloseTo(financesBefore.frozenValueUsd + variantFinancesBefore.frozenValueUsd, 2);

    const selectorsOf = async (id: string) => (await system.query(`query($id: UUID!) { person(id: $id) { selectors(first: 50) { totalCount edges { node { id } } } } }`, { id })).data.person.selectors;
    expect((await selectorsOf(original.id)).edges.map((e: any) => e.node.id)).toEqual(expect.arrayContaining(['0b5c0000-0000-4000-8000-0000000000e2', '0b5c0000-0000-4000-8000-0000000000e3']));
    const asMerged = await system.query(`query($id: UUID!) { person(id: $id) { id name mergedFrom { id name } merges { justification agency } } }`, { id: variant.id });
    expect(asMerged.errors).toBeUndefined();
    expect(asMerged.data.person).toEqual({ id: original.id, name: original.name, mergedFrom: [{ id: variant.id, name: variant.name }], merges: [{ justification, agency: 'HSI' }] });
    expect(totals(await dossier(variant.id))).toEqual(expected);
    const search = await system.query(`query($text: String!) { searchTargets(text: $text, first: 20) { matchedName target { ... on Person { id } } } }`, { text: variant.name });
    expect(search.errors).toBeUndefined();
    const found = search.data.searchTargets.map((m: any) => m.target.id);
    expect(found).not.toContain(variant.id);
    expect(search.data.searchTargets.find((m: any) => m.target.id === original.id)?.matchedName).toBe(variant.name);
    expect(new Set(found).size).toBe(found.length);

    const [event] = await system.subgraphs.targets.db.query(`SELECT details FROM outbox_event WHERE type = 'person.merged'`);
    expect(event.details).toMatchObject({ survivorId: original.id, mergedId: variant.id, justification });
    const audit = new Client({ connectionString: urlForDatabase(serverUrl(), databaseName('audit', system.prefix)) });
    await audit.connect();
    try {
      const { rows } = await audit.query(`SELECT agency, variables FROM audit_event WHERE operation_name = 'MergePersons' AND outcome = 'SUCCESS' ORDER BY seq`);
      expect(rows).toHaveLength(2); // the merge and its retry
      expect(rows[0]).toMatchObject({ agency: 'HSI', variables: { input: { survivorId: original.id, mergedId: variant.id, justification } } });
    } finally {
      await audit.end();
    }

    const unmerged = await system.query(UNMERGE, { input: { survivorId: original.id, mergedId: variant.id, justification: 'Fingerprints differ' } });
    expect(unmerged.errors).toBeUndefined();
    expect(unmerged.data.unmergePersons.survivor.mergedIds).toEqual([]);
    const [restored, restoredVariant] = [await dossier(original.id), await dossier(variant.id)];
    expect(restoredVariant.id).toBe(variant.id);
    expect(totals(restored)).toEqual(totals(before));
    expect(totals(restoredVariant)).toEqual(totals(beforeVariant));
    expect(await finances(original.id)).toEqual(financesBefore);
    expect(await finances(variant.id)).toEqual(variantFinancesBefore);
    expect(restored.associates).toEqual(before.associates);
    expect(restoredVariant.associates).toEqual(beforeVariant.associates);
    expect(restored.memberships).toEqual(before.memberships);
    expect(await networkOf(original.id)).toEqual(networkBefore);
    expect((await selectorsOf(original.id)).edges.map((e: any) => e.node.id)).not.toContain('0b5c0000-0000-4000-8000-0000000000e3');
    expect((await selectorsOf(variant.id)).edges.map((e: any) => e.node.id)).toEqual(['0b5c0000-0000-4000-8000-0000000000e3']);
    expect(await networkOf(variant.id)).toEqual(variantNetworkBefore);

    const again = await system.query(UNMERGE, { input: { survivorId: original.id, mergedId: variant.id, justification: 'again' } });
    expect(again.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('refuses to merge a person into itself, naming the field', async () => {
    const { errors } = await system.query(MERGE, { input: { survivorId: original.id, mergedId: original.id, justification: 'x' } });
    expect(errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'mergedId' });
  });

  it('a selector linked to a merged person while the merge stands is the survivor\'s link', async () => {
    const merged = await system.query(MERGE, { input: { survivorId: original.id, mergedId: variant.id, justification: 'Fingerprints match after all' } });
    expect(merged.errors).toBeUndefined();
    try {
      const linked = await system.query(`mutation($input: LinkSelectorInput!) { linkSelector(input: $input) { link { person { id } } } }`,
        { input: { subjectId: variant.id, selector: { kind: 'VEHICLE', value: 'qqq-123', jurisdiction: 'Sonora' } } }, { agency: 'CBP' });
      expect(linked.errors).toBeUndefined();
      expect(linked.data.linkSelector.link.person.id).toBe(original.id);
      const shown = await system.query(`query($id: UUID!) { person(id: $id) { id selectors(first: 50) { edges { node { selector { value } } } } } }`, { id: original.id }, { agency: 'CBP' });
      expect(shown.data.person.selectors.edges.map((e: any) => e.node.selector.value)).toContain('PLATE:MX-SON:QQQ123');
    } finally {
      await system.query(UNMERGE, { input: { survivorId: original.id, mergedId: variant.id, justification: 'test over' } });
    }
  });

  it("a sighting recorded while merged stays the survivor's after the unmerge, and the merged person's link reads as before", async () => {
    const PHONE_LINKS = `query($id: UUID!) { person(id: $id) { selectors(first: 50) { edges { node { id firstSeen lastSeen provenance { agency } selector { value } } } } } }`;
    const cbpPhoneLinks = async (id: string) => (await system.query(PHONE_LINKS, { id }, { agency: 'CBP' })).data.person.selectors.edges
      .map((e: any) => e.node).filter((n: any) => n.selector.value === '+15205550142' && n.provenance.agency === 'CBP');
    const variantBefore = await cbpPhoneLinks(variant.id);
    expect(variantBefore).toEqual([expect.objectContaining({ id: '0b5c0000-0000-4000-8000-0000000000e3', firstSeen: '2025-02-01T00:00:00.000Z', lastSeen: '2025-02-01T00:00:00.000Z' })]);
    expect(await cbpPhoneLinks(original.id)).toEqual([]);
    const merged = await system.query(MERGE, { input: { survivorId: original.id, mergedId: variant.id, justification: 'One man after all' } });
    expect(merged.errors).toBeUndefined();
    let unmerged = false;
    try {
      // CBP sees the survivor with the phone again: its one link to the phone is the variant's, moved.
      const seen = await system.query(`mutation($input: LinkSelectorInput!) { linkSelector(input: $input) { link { id lastSeen } } }`,
        { input: { subjectId: original.id, selector: { kind: 'PHONE', value: '(520) 555-0142' }, seenAt: '2025-06-01T00:00:00Z' } }, { agency: 'CBP' });
      expect(seen.errors).toBeUndefined();
      expect(seen.data.linkSelector.link).toEqual({ id: '0b5c0000-0000-4000-8000-0000000000e3', lastSeen: '2025-06-01T00:00:00.000Z' });
      const undone = await system.query(UNMERGE, { input: { survivorId: original.id, mergedId: variant.id, justification: 'Fingerprints differ' } });
      expect(undone.errors).toBeUndefined();
      unmerged = true;
      expect(await cbpPhoneLinks(variant.id)).toEqual(variantBefore);
      expect(await cbpPhoneLinks(original.id)).toEqual([expect.objectContaining({ firstSeen: '2025-06-01T00:00:00.000Z', lastSeen: '2025-06-01T00:00:00.000Z' })]);
    } finally {
      if (!unmerged) await system.query(UNMERGE, { input: { survivorId: original.id, mergedId: variant.id, justification: 'test over' } });
    }
  });

  it("undoes chained merges in either order, each person getting back exactly its own ties", async () => {
    // A third person, in an organization of his own, tied to neither.
    const third = registry.persons.find((p) => ![original.id, variant.id, someoneElse.id].includes(p.id)
      && !registry.associations.some((a) => [a.personId, a.associateId].includes(p.id))
      && registry.memberships.some((m) => m.personId === p.id))!;
    const SELECTORS = `query($id: UUID!) { person(id: $id) { selectors(first: 50) { edges { node { id } } } } }`;
    const viewOf = async (id: string) => ({
      network: (await networkOf(id)).sort(),
      selectors: (await system.query(SELECTORS, { id })).data.person.selectors.edges.map((e: any) => e.node.id).sort(),
      memberships: (await dossier(id)).memberships,
      associates: (await dossier(id)).associates,
    });
    const before = { variant: await viewOf(variant.id), original: await viewOf(original.id), third: await viewOf(third.id) };
    expect(before.variant.network).toContain(someoneElse.id);
    const run = async (mutation: string, survivorId: string, mergedId: string) => {
      const { errors } = await system.query(mutation, { input: { survivorId, mergedId, justification: 'chain test' } });
      expect(errors).toBeUndefined();
    };
    for (const order of ['newest first', 'oldest first']) {
      await run(MERGE, original.id, variant.id);
      await run(MERGE, third.id, original.id);
      // The variant's tie to someone else is the third person's now, through both merges.
      expect(await networkOf(third.id)).toContain(someoneElse.id);
      if (order === 'newest first') {
        await run(UNMERGE, third.id, original.id);
        expect(await networkOf(original.id)).toContain(someoneElse.id);
        await run(UNMERGE, original.id, variant.id);
      } else {
        await run(UNMERGE, original.id, variant.id);
        expect(await networkOf(third.id)).not.toContain(someoneElse.id);
        await run(UNMERGE, third.id, original.id);
      }
      expect([order, { variant: await viewOf(variant.id), original: await viewOf(original.id), third: await viewOf(third.id) }]).toEqual([order, before]);
    }
  });
});
