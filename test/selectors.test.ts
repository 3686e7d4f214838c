import { runMigrations, startTestSystem, TestSystem } from './support/harness';
import { generateRegistry } from '../lib/seed/registry';
import { generateSelectorSeed } from '../lib/seed/selectors';
import { selectorId, SelectorKind } from '../lib/selectors/normalize';
import { SelectorRespelling1732200000910 } from '../lib/selectors/respelling';

/** Selectors through the gateway: phones, plates and addresses that tie one agency's records to another's. */
describe('selectors', () => {
  let system: TestSystem;
  const registry = generateRegistry(1);
  const [driver, handler, outsider] = registry.persons;

  const recordInterdiction = `mutation($input: RecordInterdictionInput!) { recordInterdiction(input: $input) { interdiction { id selectors { id kind value display } } } }`;
  const openCase = `mutation($input: OpenCaseInput!) { openCase(input: $input) { case { id subjects { person { id } selectors { id value } } } } }`;
  const linkSelector = `mutation($input: LinkSelectorInput!) { linkSelector(input: $input) { link { id firstSeen lastSeen selector { id kind value display } person { id } } } }`;
  const lookUp = `query($kind: SelectorKind!, $value: String!, $jurisdiction: String) {
    selector(kind: $kind, value: $value, jurisdiction: $jurisdiction) {
      id kind value display
      usedBy(first: 20) { totalCount edges { node { provenance { agency } person { id name } handling { sensitivity } } } }
      interdictions(first: 20) { totalCount edges { node { id provenance { agency } } } }
      cases(first: 20) { totalCount edges { node { id caseNumber leadAgency subjects { person { id } } } } }
    }
  }`;
  const interdiction = (extra: Record<string, unknown>) => ({
    occurredAt: '2026-09-01T10:00:00Z', type: 'SEIZURE', sector: 'Tucson', station: 'Nogales', location: { latitude: 31.34, longitude: -110.94 }, ...extra,
  });

  beforeAll(async () => {
    system = await startTestSystem({ seedScale: 1 });
  });
  afterAll(() => system?.stop());

  it('finds, from a phone seized in a CBP interdiction, the HSI case whose subject uses it, whatever the spelling', async () => {
    const seized = await system.query(recordInterdiction, { input: interdiction({ clientMutationId: 'phone-seized', subjectIds: [driver.id], phones: ['(520) 555-0142'] }) }, { agency: 'CBP' });
    expect(seized.errors).toBeUndefined();
    expect(seized.data.recordInterdiction.interdiction.selectors).toEqual([expect.objectContaining({ kind: 'PHONE', value: '+15205550142' })]);
    const [event] = await system.subgraphs.interdictions.db.query(`SELECT selectors FROM outbox_event WHERE record_id = $1`, [seized.data.recordInterdiction.interdiction.id]);
    expect(event.selectors).toEqual([{ id: seized.data.recordInterdiction.interdiction.selectors[0].id, kind: 'PHONE', value: '+15205550142' }]);
    const opened = await system.query(openCase, {
      input: { caseNumber: 'HSI-TUS-2026-90001', title: 'Nogales corridor burner phones', subjects: [{ personId: handler.id, role: 'TARGET', phones: ['+1 520.555.0142'] }] },
    }, { agency: 'HSI' });
    expect(opened.errors).toBeUndefined();

    for (const agency of ['HSI', 'CBP']) {
      const { data, errors } = await system.query(lookUp, { kind: 'PHONE', value: '520-555-0142' }, { agency });
      expect(errors).toBeUndefined();
      expect(data.selector.value).toBe('+15205550142');
      expect(data.selector.interdictions.edges.map((e: any) => e.node.id)).toContain(seized.data.recordInterdiction.interdiction.id);
      expect(data.selector.cases.edges.map((e: any) => e.node.caseNumber)).toContain('HSI-TUS-2026-90001');
      expect(data.selector.cases.edges.find((e: any) => e.node.caseNumber === 'HSI-TUS-2026-90001').node.subjects[0].person.id).toBe(handler.id);
    }
  });

  it("finds a case subject's e-mail pasted from a message header, and a post office box, under other spellings", async () => {
    const opened = await system.query(openCase, {
      input: { caseNumber: 'HSI-TUS-2026-90002', title: 'Mail drop', subjects: [{ personId: outsider.id, role: 'ASSOCIATE', emails: ['El Contador <Contador.Nogales@Example.mx>'], addresses: ['P.O. Box 77, Nogales, AZ 85628-0077'] }] },
    }, { agency: 'HSI' });
    expect(opened.errors).toBeUndefined();
    expect(opened.data.openCase.case.subjects[0].selectors.map((s: any) => s.value).sort()).toEqual(['PO BOX 77 NOGALES AZ', 'contador.nogales@example.mx']);
    for (const [kind, value] of [['EMAIL', 'mailto:contador.nogales@example.mx'], ['EMAIL', 'CONTADOR.NOGALES@EXAMPLE.MX.'], ['ADDRESS', 'Post Office Box 77, Nogales, Arizona, USA 85628'], ['ADDRESS', 'po box 77 nogales az 85628 0077']]) {
      const { data, errors } = await system.query(lookUp, { kind, value }, { agency: 'CBP' });
      expect(errors).toBeUndefined();
      expect(data.selector.cases.edges.map((e: any) => e.node.caseNumber)).toEqual(['HSI-TUS-2026-90002']);
    }
  });

  it('shows a seeded stash house, in a spelling the seed does not use, where HSI placed it and CBP raided it twice', async () => {
    const placed = generateSelectorSeed(1).links.find((l) => l.location && !l.restricted)!;
    const spelling = placed.selector.display.toLowerCase().replace(/, sonora$/, ', Son., México').replace(/, az$/, ', Arizona, USA').replace(/^(\d+) /, 'No. $1 ');
    expect(spelling).not.toBe(placed.selector.display);
    const { data, errors } = await system.query(`query($value: String!) {
      selector(kind: ADDRESS, value: $value) {
        id
        usedBy { edges { node { provenance { agency } person { id } location { latitude longitude } } } }
        interdictions { edges { node { id type location { latitude longitude } } } }
      }
    }`, { value: spelling }, { agency: 'HSI' });
    expect(errors).toBeUndefined();
    expect(data.selector.id).toBe(placed.selector.id);
    expect(data.selector.usedBy.edges.map((e: any) => e.node)).toContainEqual({ provenance: { agency: 'HSI' }, person: { id: placed.personId }, location: placed.location });
    const raids = data.selector.interdictions.edges.map((e: any) => e.node).filter((n: any) => n.type === 'STASH_HOUSE_RAID');
    expect(raids).toHaveLength(2);
    for (const raid of raids) expect(raid.location).toEqual(placed.location);
    const near = await system.query(`query($lat: Float!, $lon: Float!) { interdictionsNear(latitude: $lat, longitude: $lon, radiusKm: 0.5, first: 50) { edges { node { id } } } }`,
      { lat: placed.location!.latitude, lon: placed.location!.longitude }, { agency: 'HSI' });
    expect(near.errors).toBeUndefined();
    expect(near.data.interdictionsNear.edges.map((e: any) => e.node.id)).toEqual(expect.arrayContaining(raids.map((r: any) => r.id)));
  });

  it('reads a plate spelled three ways as one selector, with every record on it', async () => {
    const impound = await system.query(recordInterdiction, {
      input: interdiction({ clientMutationId: 'plate-1', type: 'VEHICLE_IMPOUND', vehicle: { plate: 'abc-1234', jurisdiction: 'az' } }),
    }, { agency: 'CBP' });
    expect(impound.errors).toBeUndefined();
    const linked = await system.query(linkSelector, {
      input: { clientMutationId: 'plate-2', subjectId: driver.id, selector: { kind: 'VEHICLE', value: 'ABC 1234', jurisdiction: 'AZ' }, seenAt: '2026-08-01T00:00:00Z' },
    }, { agency: 'HSI' });
    expect(linked.errors).toBeUndefined();
    const { data, errors } = await system.query(lookUp, { kind: 'VEHICLE', value: ' abc1234 ', jurisdiction: 'Az' }, { agency: 'HSI' });
    expect(errors).toBeUndefined();
    expect(data.selector.id).toBe(impound.data.recordInterdiction.interdiction.selectors[0].id);
    expect(data.selector.id).toBe(linked.data.linkSelector.link.selector.id);
    expect(data.selector.display).toBe('ABC1234 (AZ)');
    expect(data.selector.interdictions.totalCount).toBe(1);
    expect(data.selector.usedBy.edges.map((e: any) => e.node.person.id)).toEqual([driver.id]);
    // The issuing state spelled as a name or with its country: the same vehicle.
    for (const jurisdiction of ['Arizona', 'US-AZ']) {
      const other = await system.query(lookUp, { kind: 'VEHICLE', value: 'ABC-1234', jurisdiction }, { agency: 'HSI' });
      expect(other.data?.selector?.id).toBe(data.selector.id);
    }

    // Linked again (another call, a later sighting): one link, its window widened.
    const again = await system.query(linkSelector, {
      input: { clientMutationId: 'plate-3', subjectId: driver.id, selector: { kind: 'VEHICLE', value: 'abc.1234', jurisdiction: 'az' }, seenAt: '2026-10-01T00:00:00Z' },
    }, { agency: 'HSI' });
    expect(again.data.linkSelector.link.id).toBe(linked.data.linkSelector.link.id);
    expect(again.data.linkSelector.link.firstSeen).toBe('2026-08-01T00:00:00.000Z');
    expect(again.data.linkSelector.link.lastSeen).toBe('2026-10-01T00:00:00.000Z');
    // A retry under the same clientMutationId answers the same link and records nothing more.
    const retry = await system.query(linkSelector, {
      input: { clientMutationId: 'plate-3', subjectId: driver.id, selector: { kind: 'VEHICLE', value: 'abc.1234', jurisdiction: 'az' }, seenAt: '2026-10-01T00:00:00Z' },
    }, { agency: 'HSI' });
    expect(retry.data.linkSelector.link.id).toBe(linked.data.linkSelector.link.id);
    const [{ events }] = await system.subgraphs.targets.db.query(`SELECT count(*)::int AS events FROM outbox_event WHERE type = 'selector.linked' AND record_id = $1`, [linked.data.linkSelector.link.id]);
    expect(events).toBe(2);

    const search = await system.query(`{ searchSelectors(text: "bc 12") { totalCount edges { node { id display } } } }`, {}, { agency: 'HSI' });
    expect(search.errors).toBeUndefined();
    expect(search.data.searchSelectors.edges.map((e: any) => e.node.id)).toContain(data.selector.id);
  });

  it('places an address where the agency saw it, only for those who may see that link', async () => {
    // Someone no other test here looks at: the address would be one more selector in their network.
    const resident = registry.persons[3];
    const placed = `mutation($input: LinkSelectorInput!) { linkSelector(input: $input) { link { id location { latitude longitude } selector { id kind } } } }`;
    const stashHouse = { kind: 'ADDRESS', value: '1234 n mesa drive, nogales az' };
    const open = await system.query(placed, {
      input: { clientMutationId: 'place-1', subjectId: resident.id, selector: stashHouse, seenAt: '2026-06-01T00:00:00Z', location: { latitude: 31.3404, longitude: -110.9343 } },
    }, { agency: 'HSI' });
    expect(open.errors).toBeUndefined();
    expect(open.data.linkSelector.link.location).toEqual({ latitude: 31.3404, longitude: -110.9343 });
    // A later sighting without a place keeps the place.
    const later = await system.query(placed, { input: { clientMutationId: 'place-2', subjectId: resident.id, selector: stashHouse, seenAt: '2026-07-01T00:00:00Z' } }, { agency: 'HSI' });
    expect(later.data.linkSelector.link.location).toEqual({ latitude: 31.3404, longitude: -110.9343 });
    // DEA keeps its own sighting of the same house to itself.
    const restricted = await system.query(placed, {
      input: { clientMutationId: 'place-3', subjectId: resident.id, selector: stashHouse, location: { latitude: 31.35, longitude: -110.95 },
        handling: { sensitivity: 'RESTRICTED', releasableTo: ['DEA'], controlOfficial: 'DEA Tucson group supervisor' } },
    }, { agency: 'DEA' });
    expect(restricted.errors).toBeUndefined();
    const places = async (agency: string) => {
      const { data, errors } = await system.query(`query($id: UUID!) { person(id: $id) { selectors(first: 20) { edges { node { provenance { agency } location { latitude longitude } selector { kind } } } } } }`, { id: resident.id }, { agency });
      expect(errors).toBeUndefined();
      return data.person.selectors.edges.map((e: any) => e.node).filter((n: any) => n.selector.kind === 'ADDRESS');
    };
    expect(await places('CBP')).toEqual([{ provenance: { agency: 'HSI' }, location: { latitude: 31.3404, longitude: -110.9343 }, selector: { kind: 'ADDRESS' } }]);
    // Searched for as people write it, the house is found though it is stored abbreviated (N MESA DR, AZ).
    for (const text of ['North Mesa Drive', 'Mesa Drive, Nogales, Arizona', 'ｍｅｓａ ｄｒ']) {
      const found = await system.query(`query($text: String!) { searchSelectors(text: $text) { edges { node { id } } } }`, { text }, { agency: 'CBP' });
      expect({ text, ids: found.data.searchSelectors.edges.map((e: any) => e.node.id) }).toEqual({ text, ids: expect.arrayContaining([open.data.linkSelector.link.selector.id]) });
    }
    expect((await places('DEA')).map((n: any) => n.location.latitude).sort()).toEqual([31.3404, 31.35]);

    const phone = await system.query(placed, { input: { subjectId: resident.id, selector: { kind: 'PHONE', value: '+1 520 555 0199' }, location: { latitude: 31.3, longitude: -110.9 } } }, { agency: 'HSI' });
    expect(phone.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'location' });
    const offTheMap = await system.query(placed, { input: { subjectId: resident.id, selector: stashHouse, location: { latitude: 131.3, longitude: -110.9 } } }, { agency: 'HSI' });
    expect(offTheMap.errors?.[0].message).toMatch(/latitude/i);
    expect(offTheMap.data?.linkSelector ?? null).toBeNull();
  });

  it("places a case subject's address where the case puts it, for those who may see the case", async () => {
    const subject = registry.persons[5];
    const cases = `query($value: String!) { selector(kind: ADDRESS, value: $value) { cases { totalCount edges { node { caseNumber subjects { person { id } addressPlaces { address { value } location { latitude longitude } } } } } } } }`;
    const subjects = (data: any, caseNumber: string) => data.selector.cases.edges.find((e: any) => e.node.caseNumber === caseNumber)?.node.subjects;
    const opened = await system.query(openCase, { input: { clientMutationId: 'subject-place-1', caseNumber: 'HSI-NOG-2026-90077', title: 'Agua Prieta stash house', subjects: [{
      personId: subject.id, role: 'TARGET', addresses: ['12 Calle Pesqueira, Agua Prieta, Sonora'],
      addressPlaces: [{ address: '455 Calle Elías, Agua Prieta, Sonora', location: { latitude: 31.3281, longitude: -109.5512 } }],
    }] } }, { agency: 'HSI' });
    expect(opened.errors).toBeUndefined();
    // CBP, to whom the case is released, finds the place from another spelling of the house; the unplaced address has none.
    const placedHouse = await system.query(cases, { value: '455 calle elias agua prieta son. mexico' }, { agency: 'CBP' });
    expect(placedHouse.errors).toBeUndefined();
    expect(subjects(placedHouse.data, 'HSI-NOG-2026-90077')).toEqual([{ person: { id: subject.id }, addressPlaces: [{ address: { value: '455 C ELIAS AGUA PRIETA SON' }, location: { latitude: 31.3281, longitude: -109.5512 } }] }]);

    // A RESTRICTED case's place stays with its agency.
    const restricted = await system.query(openCase, { input: { clientMutationId: 'subject-place-2', caseNumber: 'HSI-NOG-2026-90078', title: 'Wire', subjects: [{
      personId: subject.id, role: 'TARGET', addressPlaces: [{ address: '9 Calle Obregón, Agua Prieta, Sonora', location: { latitude: 31.33, longitude: -109.55 } }],
    }], handling: { sensitivity: 'RESTRICTED', releasableTo: ['HSI'], controlOfficial: 'HSI Nogales group supervisor' } } }, { agency: 'HSI' });
    expect(restricted.errors).toBeUndefined();
    const asHsi = await system.query(cases, { value: '9 Calle Obregon, Agua Prieta, Son.' }, { agency: 'HSI' });
    expect(subjects(asHsi.data, 'HSI-NOG-2026-90078')[0].addressPlaces[0].location).toEqual({ latitude: 31.33, longitude: -109.55 });
    const asCbp = await system.query(cases, { value: '9 Calle Obregon, Agua Prieta, Son.' }, { agency: 'CBP' });
    expect(asCbp.errors).toBeUndefined();
    expect(asCbp.data.selector.cases.edges).toEqual([]);
    expect(JSON.stringify(asCbp.data)).not.toContain('31.33');

    const bad = await system.query(openCase, { input: { caseNumber: 'HSI-NOG-2026-90079', title: 'Bad', subjects: [{ personId: subject.id, role: 'TARGET', addressPlaces: [{ address: '  ', location: { latitude: 31.3, longitude: -109.5 } }] }] } }, { agency: 'HSI' });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'subjects[0].addressPlaces[0].address' });
  });

  it('finds a document at the port and on a restriction, and an account as Treasury holds it, from other spellings', async () => {
    const crossed = await system.query(`mutation($input: RecordBorderCrossingInput!) { recordBorderCrossing(input: $input) { crossing { id selectors { kind value } } } }`, {
      input: { clientMutationId: 'crossing-1', personId: driver.id, port: 'Nogales DeConcini', crossedAt: '2026-07-04T15:00:00Z', direction: 'INBOUND', conveyance: 'PRIVATE_VEHICLE',
        document: { type: 'PASSPORT', issuingCountry: 'mex', number: 'g-1234 5678' }, vehicle: { plate: 'VSR-44-21', jurisdiction: 'MX-SON' } },
    }, { agency: 'CBP' });
    expect(crossed.errors).toBeUndefined();
    expect(crossed.data.recordBorderCrossing.crossing.selectors.map((s: any) => s.value).sort()).toEqual(['PASSPORT:MEX:G12345678', 'PLATE:MX-SON:VSR4421']);
    const restricted = await system.query(`mutation($input: IssueTravelRestrictionInput!) { issueTravelRestriction(input: $input) { restriction { id selectors { value } } } }`, {
      input: { clientMutationId: 'restriction-1', type: 'LOOKOUT', personId: driver.id, reason: 'Load driver', documents: [{ type: 'PASSPORT', issuingCountry: 'MEX', number: 'G12345678' }] },
    }, { agency: 'CBP' });
    expect(restricted.errors).toBeUndefined();
    const frozen = await system.query(`mutation($input: FreezeAccountInput!) { freezeAccount(input: $input) { account { id selector { id value } } } }`, {
      input: { clientMutationId: 'account-1', institution: 'Banco Azteca, S.A.', country: 'MEX', maskedNumber: '****4821', frozenValueUsd: 250000, holderId: driver.id },
    }, { agency: 'TREASURY' });
    expect(frozen.errors).toBeUndefined();

    const { data, errors } = await system.query(`{
      document: selector(kind: IDENTITY_DOCUMENT, value: "G 1234-5678", documentType: PASSPORT, issuingCountry: "Mex") { crossings { edges { node { id } } } travelRestrictions { edges { node { id } } } }
      plate: selector(kind: VEHICLE, value: "vsr 4421", jurisdiction: "mx-son") { crossings { totalCount } }
      account: selector(kind: ACCOUNT, value: "**4821", institution: "BANCO AZTECA SA") { id accounts { edges { node { id } } } }
    }`, {}, { agency: 'HSI' });
    expect(errors).toBeUndefined();
    expect(data.document.crossings.edges.map((e: any) => e.node.id)).toEqual([crossed.data.recordBorderCrossing.crossing.id]);
    expect(data.document.travelRestrictions.edges.map((e: any) => e.node.id)).toEqual([restricted.data.issueTravelRestriction.restriction.id]);
    expect(data.plate.crossings.totalCount).toBe(1);
    expect(data.account.id).toBe(frozen.data.freezeAccount.account.selector.id);
    expect(data.account.accounts.edges.map((e: any) => e.node.id)).toContain(frozen.data.freezeAccount.account.id);
  });

  it('puts two persons who share a phone two hops apart in the network and on a path, the phone standing between them', async () => {
    for (const [i, person] of [driver, handler].entries()) {
      const linked = await system.query(linkSelector, { input: { clientMutationId: `shared-${i}`, subjectId: person.id, selector: { kind: 'PHONE', value: '(602) 555-0188' } } }, { agency: 'HSI' });
      expect(linked.errors).toBeUndefined();
    }
    const { data, errors } = await system.query(`query($id: UUID!) {
      network(rootId: $id, depth: 2, via: [SELECTOR]) { nodes { id kind selectorKind name distance degree betweenness } edges { source target kind } }
    }`, { id: driver.id }, { agency: 'HSI' });
    expect(errors).toBeUndefined();
    const phone = data.network.nodes.find((n: any) => n.kind === 'SELECTOR' && n.name === '+1 602 555 0188');
    expect(phone).toEqual(expect.objectContaining({ selectorKind: 'PHONE', distance: 1, degree: 2 }));
    expect(phone.betweenness).toBeGreaterThan(0);
    expect(data.network.nodes.find((n: any) => n.id === handler.id)).toEqual(expect.objectContaining({ kind: 'PERSON', distance: 2 }));
    expect(data.network.edges).toContainEqual({ source: handler.id, target: phone.id, kind: 'USES_SELECTOR' });

    // Who else uses this phone: the phone itself as the root.
    const around = await system.query(`query($id: UUID!) { network(rootId: $id, depth: 1, via: [SELECTOR]) { nodes { id kind distance } } }`, { id: phone.id }, { agency: 'HSI' });
    expect(around.errors).toBeUndefined();
    expect(around.data.network.nodes.filter((n: any) => n.distance === 1).map((n: any) => n.id).sort()).toEqual([driver.id, handler.id].sort());

    const path = await system.query(`query($from: UUID!, $to: UUID!) { path(fromId: $from, toId: $to, via: [SELECTOR]) { found length nodes { id kind } edges { kind } } }`,
      { from: driver.id, to: handler.id }, { agency: 'HSI' });
    expect(path.errors).toBeUndefined();
    expect(path.data.path).toEqual({ found: true, length: 2, nodes: [{ id: driver.id, kind: 'PERSON' }, { id: phone.id, kind: 'SELECTOR' }, { id: handler.id, kind: 'PERSON' }], edges: [{ kind: 'USES_SELECTOR' }, { kind: 'USES_SELECTOR' }] });
  });

  it('keeps a RESTRICTED observation from other agencies by every path', async () => {
    const phone = '+52 662 555 0177';
    const restricted = { sensitivity: 'RESTRICTED', releasableTo: ['FBI'], controlOfficial: 'FBI Phoenix SAC' };
    const linked = await system.query(linkSelector, {
      input: { clientMutationId: 'restricted-link', subjectId: outsider.id, selector: { kind: 'PHONE', value: phone }, handling: restricted },
    }, { agency: 'FBI' });
    expect(linked.errors).toBeUndefined();
    const opened = await system.query(openCase, {
      input: { caseNumber: 'FBI-PHX-2026-90002', title: 'Restricted line', handling: restricted, subjects: [{ personId: outsider.id, role: 'TARGET', phones: [phone] }] },
    }, { agency: 'FBI' });
    expect(opened.errors).toBeUndefined();
    // The handler uses the same line, as FBI alone knows: the only tie between the two.
    const second = await system.query(linkSelector, {
      input: { clientMutationId: 'restricted-link-2', subjectId: handler.id, selector: { kind: 'PHONE', value: '662 555 0177', region: 'MX' }, handling: restricted },
    }, { agency: 'FBI' });
    expect(second.errors).toBeUndefined();

    const seenBy = async (agency: string) => {
      // A foreign partner may not read cases at all; everything else it asks like the others.
      const look = await system.query(agency === 'MEX' ? `{ selector(kind: PHONE, value: "+526625550177") { usedBy { totalCount } cases: usedBy(first: 0) { totalCount } } }` : lookUp,
        { kind: 'PHONE', value: '+526625550177' }, { agency });
      const search = await system.query(`{ searchSelectors(text: "5550177") { totalCount } }`, {}, { agency });
      const person = await system.query(`query($id: UUID!) { person(id: $id) { selectors(first: 50) { totalCount edges { node { selector { value } } } } } }`, { id: outsider.id }, { agency });
      const network = await system.query(`query($id: UUID!) { network(rootId: $id, depth: 1, via: [SELECTOR]) { nodes { kind name } } }`, { id: outsider.id }, { agency });
      const path = await system.query(`query($from: UUID!, $to: UUID!) { path(fromId: $from, toId: $to, maxDepth: 2, via: [SELECTOR]) { found } }`, { from: outsider.id, to: handler.id }, { agency });
      for (const answer of [look, search, person, network, path]) expect(answer.errors).toBeUndefined();
      return {
        usedBy: look.data.selector.usedBy.totalCount,
        cases: agency === 'MEX' ? 0 : look.data.selector.cases.totalCount,
        search: search.data.searchSelectors.totalCount,
        person: person.data.person.selectors.edges.filter((e: any) => e.node.selector.value === '+526625550177').length,
        network: network.data.network.nodes.filter((n: any) => n.kind === 'SELECTOR').length,
        path: path.data.path.found,
      };
    };
    expect(await seenBy('FBI')).toEqual({ usedBy: 2, cases: 1, search: 1, person: 1, network: 1, path: true });
    for (const agency of ['HSI', 'CBP', 'DEA', 'MEX']) expect(await seenBy(agency)).toEqual({ usedBy: 0, cases: 0, search: 0, person: 0, network: 0, path: false });
  });

  it('seeds what counter-network work runs on: burner phones shared in a cell, a load vehicle crossing then impounded, stash houses raided twice, two organizations tied by one line', async () => {
    const seed = generateSelectorSeed(1);
    const open = seed.links.filter((l) => !l.restricted);
    const byPhone = new Map<string, typeof open>();
    for (const l of open.filter((l) => l.selector.kind === 'PHONE' && l.personId)) byPhone.set(l.selector.id, [...(byPhone.get(l.selector.id) ?? []), l]);
    const [, shared] = [...byPhone].find(([, ls]) => ls.length >= 2)!;
    const path = await system.query(`query($from: UUID!, $to: UUID!) { path(fromId: $from, toId: $to, via: [SELECTOR]) { length nodes { kind name } } }`,
      { from: shared[0].personId, to: shared[1].personId }, { agency: 'DEA' });
    expect(path.errors).toBeUndefined();
    expect(path.data.path.length).toBe(2);
    expect(path.data.path.nodes[1]).toEqual({ kind: 'SELECTOR', name: shared[0].selector.display });

    const impound = seed.interdictions.find((i) => i.type === 'VEHICLE_IMPOUND')!;
    const [plate] = impound.selectors;
    const [, jurisdiction, characters] = plate.value.split(':');
    const vehicle = await system.query(`query($value: String!, $jurisdiction: String!) { selector(kind: VEHICLE, value: $value, jurisdiction: $jurisdiction) {
      interdictions { edges { node { type occurredAt } } } crossings { edges { node { port crossedAt person { id } } } } } }`,
      { value: `${characters.slice(0, 3).toLowerCase()} ${characters.slice(3)}`, jurisdiction: jurisdiction.toLowerCase() }, { agency: 'CBP' });
    expect(vehicle.errors).toBeUndefined();
    const [crossing] = vehicle.data.selector.crossings.edges.map((e: any) => e.node);
    const [impounded] = vehicle.data.selector.interdictions.edges.map((e: any) => e.node);
    expect(impounded.type).toBe('VEHICLE_IMPOUND');
    expect(new Date(impounded.occurredAt).getTime() - new Date(crossing.crossedAt).getTime()).toBeGreaterThan(50 * 86_400_000);
    expect(crossing.person.id).toBe(impound.subjects[0]);

    const raid = seed.interdictions.find((i) => i.type === 'STASH_HOUSE_RAID')!;
    const house = await system.query(`query($value: String!) { selector(kind: ADDRESS, value: $value) { interdictions { totalCount edges { node { type } } } } }`,
      { value: raid.selectors[0].display.toLowerCase() }, { agency: 'CBP' });
    expect(house.data.selector.interdictions.edges.map((e: any) => e.node.type)).toEqual(['STASH_HOUSE_RAID', 'STASH_HOUSE_RAID']);

    const lines = seed.links.filter((l) => l.organizationId);
    const [first, second] = lines.filter((l) => l.selector.id === lines[0].selector.id);
    const tied = await system.query(`query($from: UUID!, $to: UUID!) {
      without: path(fromId: $from, toId: $to, maxDepth: 2, via: [MEMBERSHIP, ASSOCIATION, AFFILIATION]) { found }
      through: path(fromId: $from, toId: $to, via: [SELECTOR]) { found length nodes { kind } }
      byDefault: path(fromId: $from, toId: $to) { found length nodes { kind } }
    }`, { from: first.organizationId, to: second.organizationId }, { agency: 'TREASURY' });
    expect(tied.errors).toBeUndefined();
    expect(tied.data.without.found).toBe(false);
    expect(tied.data.through).toEqual({ found: !first.restricted && !second.restricted, length: first.restricted || second.restricted ? null : 2, nodes: first.restricted || second.restricted ? [] : [{ kind: 'ORGANIZATION' }, { kind: 'SELECTOR' }, { kind: 'ORGANIZATION' }] });
    // Unasked, a path crosses shared selectors too: the line is how these two are tied.
    expect(tied.data.byDefault).toEqual(tied.data.through);
  });

  it('finds a plate stored under the earlier rules (US-AZ) under the spelling of today, after the respelling migration', async () => {
    // As a stop before this one stored them: the issuer as given, its own id.
    const old = { kind: SelectorKind.VEHICLE, value: 'PLATE:US-AZ:OLD1234', display: 'OLD1234 (US-AZ)' };
    const oldId = selectorId(old);
    const [record] = await system.subgraphs.interdictions.db.query(`SELECT id FROM interdiction WHERE provenance_agency = 'CBP' AND handling_sensitivity = 'OPEN' ORDER BY id LIMIT 1`);
    await system.subgraphs.interdictions.db.query(`INSERT INTO interdiction_selector (interdiction_id, selector_id, kind, value, display, role) VALUES ($1, $2, $3, $4, $5, 'VEHICLE')`,
      [record.id, oldId, old.kind, old.value, old.display]);
    await system.subgraphs.targets.db.query(`INSERT INTO selector (id, kind, value, display, search) VALUES ($1, $2, $3, $4, 'OLD1234')`, [oldId, old.kind, old.value, old.display]);
    for (const [agency, seen] of [['HSI', '2026-03-01'], ['CBP', '2026-04-01']]) {
      await system.subgraphs.targets.db.query(`INSERT INTO selector_link (id, selector_id, person_id, first_seen, last_seen, provenance_agency, provenance_recorded_by, handling_sensitivity, handling_releasable_to)
        VALUES (gen_random_uuid(), $1, $2, $3, $3, $4, 'migration.test', 'OPEN', '{ALL_DOMESTIC}')`, [oldId, outsider.id, seen, agency]);
    }
    // CBP saw the same plate again, written today: one link, its window the union of both.
    const today = await system.query(linkSelector, { input: { clientMutationId: 'respelled-1', subjectId: outsider.id, selector: { kind: 'VEHICLE', value: 'OLD-1234', jurisdiction: 'Arizona' }, seenAt: '2026-06-01T00:00:00Z' } }, { agency: 'CBP' });
    expect(today.errors).toBeUndefined();

    for (const subgraph of ['interdictions', 'targets'] as const) await runMigrations(system.subgraphs[subgraph].db, new SelectorRespelling1732200000910());
    const { data, errors } = await system.query(`query($value: String!, $jurisdiction: String) {
      selector(kind: VEHICLE, value: $value, jurisdiction: $jurisdiction) { id display interdictions { edges { node { id } } } usedBy { edges { node { firstSeen lastSeen provenance { agency } person { id } } } } }
    }`, { value: 'old1234', jurisdiction: 'US-AZ' }, { agency: 'HSI', headers: { 'cache-control': 'no-cache' } });
    expect(errors).toBeUndefined();
    expect(data.selector.id).toBe(today.data.linkSelector.link.selector.id);
    expect(data.selector.display).toBe('OLD1234 (AZ)');
    expect(data.selector.interdictions.edges.map((e: any) => e.node.id)).toEqual([record.id]);
    const links = data.selector.usedBy.edges.map((e: any) => e.node).sort((a: any, b: any) => a.provenance.agency.localeCompare(b.provenance.agency));
    expect(links.map((l: any) => [l.provenance.agency, l.person.id, l.firstSeen.slice(0, 10), l.lastSeen.slice(0, 10)])).toEqual([
      ['CBP', outsider.id, '2026-04-01', '2026-06-01'],
      ['HSI', outsider.id, '2026-03-01', '2026-03-01'],
    ]);
    expect(await system.subgraphs.targets.db.query(`SELECT 1 FROM selector WHERE id = $1`, [oldId])).toEqual([]);
  });

  it('refuses hostile selector values with BAD_USER_INPUT naming the field', async () => {
    const cases: [string, Record<string, unknown>, string, string][] = [
      [lookUp, { kind: 'PHONE', value: "'; DROP TABLE selector; --" }, 'value', 'CBP'],
      [lookUp, { kind: 'VEHICLE', value: '1M8GDM9A1KP042788' }, 'value', 'CBP'],
      [lookUp, { kind: 'EMAIL', value: 'x'.repeat(5000) }, 'value', 'CBP'],
      [lookUp, { kind: 'ADDRESS', value: '12\u0000 Main St' }, 'value', 'CBP'],
      [recordInterdiction, { input: interdiction({ phones: ['12'] }) }, 'phones[0]', 'CBP'],
      [recordInterdiction, { input: interdiction({ vehicle: { plate: 'ABC%1234_' } }) }, 'vehicle.jurisdiction', 'CBP'],
      [openCase, { input: { caseNumber: 'HSI-X-1', title: 't', subjects: [{ personId: driver.id, role: 'TARGET', emails: ['not-an-address'] }] } }, 'subjects[0].emails[0]', 'HSI'],
      [linkSelector, { input: { subjectId: driver.id, selector: { kind: 'PHONE', value: '+52 1', region: 'MX' } } }, 'selector.value', 'HSI'],
      [linkSelector, { input: { subjectId: driver.id, selector: { kind: 'PHONE', value: '662 235 7643', region: 'Atlantis' } } }, 'selector.region', 'HSI'],
      [linkSelector, { input: { subjectId: driver.id, selector: { kind: 'ACCOUNT', value: '1234567890', institution: 'Banco del Norte' } } }, 'selector.value', 'HSI'],
      [recordInterdiction, { input: interdiction({ address: '500 Evil Rd\u009b2J Tucson AZ' }) }, 'address', 'CBP'],
    ];
    for (const [document, variables, field, agency] of cases) {
      const { errors } = await system.query(document, variables, { agency });
      expect({ field, code: errors?.[0].extensions?.code, named: errors?.[0].extensions?.field }).toEqual({ field, code: 'BAD_USER_INPUT', named: field });
    }
    const short = await system.query(`{ searchSelectors(text: "%_") { totalCount } }`, {}, { agency: 'CBP' });
    expect(short.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
