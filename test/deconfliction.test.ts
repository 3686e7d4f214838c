import { runMigrations, startTestSystem, TestSystem } from './support/harness';
import { AddressStateRespelling1732200000920 } from '../lib/selectors/respelling';
import { OpenCaseSelectorsAnnounced1732200000930 } from '../subgraphs/investigations/migrations/1732200000930-OpenCaseSelectorsAnnounced';
import { selectorId, SelectorKind } from '../lib/selectors/normalize';
import { metrics } from '../lib/observability/metrics';
import { eventually, hoursFromNow, indexed, newPersons, north, noticesOf, NoticeNode, OPEN_CASE, PLAN, RECORD_INTERDICTION, WATCH } from './support/deconfliction';

describe('deconfliction through the gateway', () => {
  let system: TestSystem;
  // Persons no seeded record names, so every notice about them is this test's.
  let persons: string[];
  const tucson = { latitude: 32.2226, longitude: -110.9747 };

  beforeAll(async () => {
    system = await startTestSystem({ seedScale: 1 });
    persons = await newPersons(system, 4, 'Deconfliction');
  });
  afterAll(() => system?.stop());

  const plan = (agency: string, input: Record<string, unknown>) => system.query(PLAN, { input: { type: 'RAID', radiusMeters: 200, ...hoursFromNow(1, 5), ...input } }, { agency });
  const interdiction = (input: Record<string, unknown>) => system.query(RECORD_INTERDICTION, {
    input: { occurredAt: new Date().toISOString(), type: 'SEIZURE', sector: 'Tucson', station: 'Nogales', location: { latitude: 31.34, longitude: -110.94 }, ...input },
  }, { agency: 'CBP' });
  const about = (notices: NoticeNode[], recordId: string) => notices.filter((n) => n.yours.recordId === recordId || n.counterpart.recordId === recordId);
  /** The notices `agency` got about a record, once there is one (notices are sent by consumers, asynchronously). */
  const heardAbout = async (agency: string, recordId: string) => about(await eventually(() => noticesOf(system, agency), (n) => about(n, recordId).length > 0, 30_000), recordId);

  it('two raids 150 m apart in overlapping windows: the second is ACCEPTED_WITH_CONFLICT and both agencies get a notice with the other\'s contact', async () => {
    const first = await plan('HSI', { location: tucson, contact: { name: 'SA Ana Ruiz', phone: '520-555-0101' } });
    expect(first.errors).toBeUndefined();
    expect(first.data.planOperation.outcome).toBe('ACCEPTED');
    const elsewhere = await plan('FBI', { location: north(tucson, 5000), contact: { name: 'SA Lee', phone: '520-555-0109' } });
    expect(elsewhere.data.planOperation.outcome).toBe('ACCEPTED');

    const second = await plan('DEA', { location: north(tucson, 150), ...hoursFromNow(4, 8), contact: { name: 'SA Ben Chen', phone: '(520) 555-0102' } });
    expect(second.errors).toBeUndefined();
    expect(second.data.planOperation.outcome).toBe('ACCEPTED_WITH_CONFLICT');
    expect(second.data.planOperation.conflicts).toHaveLength(1);
    const [conflict] = second.data.planOperation.conflicts;
    expect(conflict.reasons).toEqual(['SAME_PLACE_AND_TIME']);
    expect(Math.abs(conflict.distanceMeters - 150)).toBeLessThan(2);
    expect(conflict.party).toMatchObject({ agency: 'HSI', disclosure: 'FULL', kind: 'OPERATION', recordId: first.data.planOperation.operation.id, contact: { name: 'SA Ana Ruiz', phone: '+15205550101' } });

    const hsiOperation = first.data.planOperation.operation.id;
    const deaOperation = second.data.planOperation.operation.id;
    const hsi = await eventually(() => noticesOf(system, 'HSI'), (n) => about(n, deaOperation).length > 0, 30_000);
    const dea = await eventually(() => noticesOf(system, 'DEA'), (n) => about(n, hsiOperation).length > 0, 30_000);
    expect(about(hsi, deaOperation)).toHaveLength(1);
    expect(about(hsi, deaOperation)[0]).toMatchObject({
      reasons: ['SAME_PLACE_AND_TIME'], yours: { kind: 'OPERATION', recordId: hsiOperation },
      counterpart: { agency: 'DEA', disclosure: 'FULL', kind: 'OPERATION', contact: { name: 'SA Ben Chen', phone: '+15205550102' } },
    });
    expect(about(dea, hsiOperation)).toHaveLength(1);
    expect(about(dea, hsiOperation)[0]).toMatchObject({ yours: { recordId: deaOperation }, counterpart: { agency: 'HSI', contact: { name: 'SA Ana Ruiz', phone: '+15205550101' } } });
    expect(about(dea, hsiOperation)[0].summary).toContain('SA Ana Ruiz (+15205550101)');
    // The operation 5 km away conflicts with neither.
    expect(about(await noticesOf(system, 'FBI'), elsewhere.data.planOperation.operation.id)).toHaveLength(0);
  });

  it('an operation called off no longer shows as a conflict of the other agency\'s, even in an answer the gateway kept', async () => {
    const elPaso = { latitude: 31.7619, longitude: -106.485 };
    const mine = await plan('HSI', { location: elPaso, contact: { name: 'SA Ana Ruiz', phone: '520-555-0101' } });
    const theirs = await plan('DEA', { location: north(elPaso, 100), contact: { name: 'SA Ben Chen', phone: '520-555-0102' } });
    expect(theirs.data.planOperation.outcome).toBe('ACCEPTED_WITH_CONFLICT');
    const read = () => system.query(`query($id: UUID!) { plannedOperation(id: $id) { id conflicts { reasons party { agency } } } }`, { id: mine.data.planOperation.operation.id }, { agency: 'HSI' });
    const hits = async () => (await metrics.getSingleMetric('unity_gateway_response_cache_total')!.get()).values.filter((v) => v.labels.outcome === 'hit').reduce((n, v) => n + v.value, 0);
    // Until the gateway answers it from memory.
    let kept = false;
    for (let attempt = 0; attempt < 40 && !kept; attempt++) {
      const before = await hits();
      expect((await read()).data.plannedOperation.conflicts).toHaveLength(1);
      kept = (await hits()) > before;
      if (!kept) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(kept).toBe(true);
    const cancelled = await system.query(`mutation($input: OperationStatusInput!) { cancelOperation(input: $input) { operation { status } } }`,
      { input: { operationId: theirs.data.planOperation.operation.id, reason: 'Target moved' } }, { agency: 'DEA' });
    expect(cancelled.data.cancelOperation.operation.status).toBe('CANCELLED');
    expect((await read()).data.plannedOperation.conflicts).toEqual([]);
  });

  it('a RESTRICTED operation tells the other side only "contact <control official> at <agency>"', async () => {
    const phoenix = { latitude: 33.4484, longitude: -112.074 };
    const restricted = await plan('FBI', {
      type: 'SURVEILLANCE', location: phoenix, contact: { name: 'UC handler', phone: '602-555-0111' },
      handling: { sensitivity: 'RESTRICTED', releasableTo: ['FBI'], controlOfficial: 'SSA Dana Whitfield, Phoenix FO' },
    });
    expect(restricted.data.planOperation.outcome).toBe('ACCEPTED');
    const cbp = await plan('CBP', { location: north(phoenix, 100), contact: { name: 'Supervisor Ortiz', phone: '602-555-0122' } });
    expect(cbp.data.planOperation.outcome).toBe('ACCEPTED_WITH_CONFLICT');
    expect(cbp.data.planOperation.conflicts).toEqual([{
      reasons: null, distanceMeters: null,
      party: { agency: 'FBI', disclosure: 'CONTROL_OFFICIAL', controlOfficial: 'SSA Dana Whitfield, Phoenix FO', contact: null, kind: null, recordType: null, recordId: null, details: null },
    }]);

    const mine = cbp.data.planOperation.operation.id;
    const toCbp = await heardAbout('CBP', mine);
    expect(toCbp).toHaveLength(1);
    expect(toCbp[0]).toMatchObject({ reasons: null, persons: null, organizations: null, counterpart: { agency: 'FBI', disclosure: 'CONTROL_OFFICIAL', controlOfficial: 'SSA Dana Whitfield, Phoenix FO', contact: null, details: null, eventType: null } });
    expect(toCbp[0].summary).toBe('Your planned operation meets a record of another agency: contact SSA Dana Whitfield, Phoenix FO at FBI.');
    // The FBI sees CBP's open operation in full, with its contact.
    const toFbi = await heardAbout('FBI', mine);
    expect(toFbi).toHaveLength(1);
    expect(toFbi[0].counterpart).toMatchObject({ agency: 'CBP', disclosure: 'FULL', contact: { name: 'Supervisor Ortiz', phone: '+16025550122' } });
  });

  it('a RESTRICTED case yields a notice with the control official only; its owner learns of the interdiction in full', async () => {
    const person = persons[0];
    const opened = await system.query(OPEN_CASE, { input: {
      caseNumber: `FBI-PHX-2026-${Date.now() % 100000}`, title: 'Quiet case', subjects: [{ personId: person, role: 'TARGET' }],
      handling: { sensitivity: 'RESTRICTED', releasableTo: ['FBI'], controlOfficial: 'ASAC Morgan, Phoenix' },
    } }, { agency: 'FBI' });
    expect(opened.errors).toBeUndefined();
    const caseId = opened.data.openCase.case.id;
    // The case reaches deconfliction as the investigations subgraph's event; an interdiction after that is matched against it.
    expect(await indexed(system, caseId)).toBe(true);
    const recorded = { id: (await interdiction({ subjectIds: [person] })).data.recordInterdiction.interdiction.id as string };
    const toCbp = await heardAbout('CBP', recorded.id);
    expect(toCbp).toHaveLength(1);
    expect(toCbp[0]).toMatchObject({ reasons: null, persons: null, counterpart: { agency: 'FBI', disclosure: 'CONTROL_OFFICIAL', controlOfficial: 'ASAC Morgan, Phoenix', contact: null, recordId: null, kind: null } });
    expect(JSON.stringify(toCbp[0])).not.toContain(caseId);
    expect(JSON.stringify(toCbp[0])).not.toContain('Quiet case');

    const toFbi = await heardAbout('FBI', recorded.id);
    expect(toFbi).toHaveLength(1);
    expect(toFbi[0]).toMatchObject({
      reasons: ['SAME_TARGET'], persons: [{ id: person }], yours: { kind: 'CASE', recordId: caseId },
      counterpart: { agency: 'CBP', disclosure: 'FULL', kind: 'RECORD', recordType: 'Interdiction', recordId: recorded.id, eventType: 'interdiction.recorded', details: { type: 'SEIZURE', station: 'Nogales' } },
    });
  });

  it('an interdiction naming a person of an open HSI case, and an operation naming a phone HSI watches, notify both agencies', async () => {
    const person = persons[1];
    const opened = await system.query(OPEN_CASE, { input: { caseNumber: `HSI-TUC-2026-${Date.now() % 100000}`, title: 'Phones', subjects: [{ personId: person, role: 'TARGET' }] } }, { agency: 'HSI' });
    expect(opened.errors).toBeUndefined();
    const caseId = opened.data.openCase.case.id;
    const watched = await system.query(WATCH, { input: { selector: { kind: 'PHONE', value: '+52 631 555 0144' }, note: 'burner seen in HSI-TUC wire', contact: { name: 'SA Ruiz', phone: '520-555-0101' } } }, { agency: 'HSI' });
    expect(watched.errors).toBeUndefined();
    const watchId = watched.data.watch.watch.id;

    // The same phone, spelled another way, in an FBI operation.
    const operation = await plan('FBI', { type: 'SURVEILLANCE', location: { latitude: 31.3, longitude: -110.9 }, selectors: [{ kind: 'PHONE', value: '(631) 555-0144', region: 'MX' }], contact: { name: 'SA Lee', phone: '520-555-0109' } });
    expect(operation.errors).toBeUndefined();
    const operationId = operation.data.planOperation.operation.id;
    const hsi = await eventually(() => noticesOf(system, 'HSI'), (n) => n.some((x) => x.yours.recordId === watchId && x.counterpart.recordId === operationId), 30_000);
    expect(hsi.filter((n) => n.yours.recordId === watchId && n.counterpart.recordId === operationId)[0]).toMatchObject({
      reasons: ['SAME_SELECTOR'], selectors: [{ kind: 'PHONE', value: '+526315550144' }], counterpart: { agency: 'FBI', contact: { name: 'SA Lee' } },
    });
    const fbi = await eventually(() => noticesOf(system, 'FBI'), (n) => n.some((x) => x.yours.recordId === operationId && x.counterpart.agency === 'HSI'), 30_000);
    expect(fbi.filter((n) => n.yours.recordId === operationId && n.counterpart.agency === 'HSI')[0].counterpart).toMatchObject({ kind: 'WATCH', contact: { name: 'SA Ruiz', phone: '+15205550101' }, details: { note: 'burner seen in HSI-TUC wire' } });

    expect(await indexed(system, caseId)).toBe(true);
    const recorded = { id: (await interdiction({ subjectIds: [person] })).data.recordInterdiction.interdiction.id as string };
    const toHsi = await eventually(() => noticesOf(system, 'HSI'), (n) => about(n, recorded.id).length > 0, 30_000);
    expect(about(toHsi, recorded.id)).toEqual([expect.objectContaining({ yours: expect.objectContaining({ kind: 'CASE', recordId: caseId }), persons: [{ id: person }] })]);
    const cbp = await heardAbout('CBP', recorded.id);
    expect(cbp).toEqual([expect.objectContaining({ counterpart: expect.objectContaining({ agency: 'HSI', kind: 'CASE', disclosure: 'FULL' }) })]);
  });

  it('a CBP interdiction naming a phone a subject of an open HSI case uses notifies both, on the selector alone', async () => {
    const [person] = await newPersons(system, 1, 'Selector');
    const opened = await system.query(OPEN_CASE, {
      input: { caseNumber: `HSI-NOG-2026-${Date.now() % 100000}`, title: 'Burner line', subjects: [{ personId: person, role: 'TARGET', phones: ['+52 662 555 0199'] }] },
    }, { agency: 'HSI' });
    expect(opened.errors).toBeUndefined();
    const caseId = opened.data.openCase.case.id;
    expect(await indexed(system, caseId)).toBe(true);
    // No subject named: only the seized phone, spelled another way, ties the interdiction to the case.
    const seized = await interdiction({ phones: ['+52-662-555-01-99'] });
    expect(seized.errors).toBeUndefined();
    const recorded = seized.data.recordInterdiction.interdiction.id as string;
    const toHsi = await heardAbout('HSI', recorded);
    expect(toHsi).toEqual([expect.objectContaining({ reasons: ['SAME_SELECTOR'], yours: expect.objectContaining({ kind: 'CASE', recordId: caseId }), selectors: [{ kind: 'PHONE', value: '+526625550199' }] })]);
    const toCbp = await heardAbout('CBP', recorded);
    expect(toCbp).toEqual([expect.objectContaining({ reasons: ['SAME_SELECTOR'], counterpart: expect.objectContaining({ agency: 'HSI', kind: 'CASE' }) })]);
  });

  it('a watch set on an address spelled under the earlier rules hears of a raid on it spelled today, after the respelling migration', async () => {
    const watched = await system.query(WATCH, { input: { selector: { kind: 'ADDRESS', value: '77 Calle Pesqueira, Agua Prieta, Sonora' }, note: 'stash house', contact: { name: 'SA Ruiz', phone: '520-555-0101' } } }, { agency: 'HSI' });
    expect(watched.errors).toBeUndefined();
    const watchId = watched.data.watch.watch.id as string;
    // As a stop before the state rule stored it: the state's name in the value, and that value's id.
    const old = { kind: SelectorKind.ADDRESS, value: '77 C PESQUEIRA AGUA PRIETA SONORA' };
    const db = system.subgraphs.deconfliction.db;
    const [{ selector_id: today }] = await db.query(`SELECT selector_id::text FROM watch WHERE id = $1`, [watchId]);
    await db.query(`UPDATE watch SET selector_id = $2, selector_value = $3 WHERE id = $1`, [watchId, selectorId(old), old.value]);
    await db.query(`UPDATE deconfliction_interest_key SET key = $2 WHERE interest_id = $1`, [watchId, selectorId(old)]);

    await runMigrations(db, new AddressStateRespelling1732200000920());
    expect(await db.query(`SELECT key::text FROM deconfliction_interest_key WHERE interest_id = $1`, [watchId])).toEqual([{ key: today }]);
    const raided = await interdiction({ type: 'STASH_HOUSE_RAID', address: '77 Calle Pesqueira, Agua Prieta, Son., México' });
    expect(raided.errors).toBeUndefined();
    const recorded = raided.data.recordInterdiction.interdiction.id as string;
    const toHsi = await heardAbout('HSI', recorded);
    expect(toHsi).toEqual([expect.objectContaining({ reasons: ['SAME_SELECTOR'], yours: expect.objectContaining({ kind: 'WATCH', recordId: watchId }) })]);
  });

  it("an open case whose subject's address was stored under the earlier rules meets a raid spelled today, once the migrations moved and announced it", async () => {
    const [person] = await newPersons(system, 1, 'Respelled');
    const opened = await system.query(OPEN_CASE, {
      input: { caseNumber: `HSI-DOU-2026-${Date.now() % 100000}`, title: 'Douglas house', subjects: [{ personId: person, role: 'TARGET', addresses: ['88 Calle Elías, Agua Prieta, Sonora'] }] },
    }, { agency: 'HSI' });
    expect(opened.errors).toBeUndefined();
    const caseId = opened.data.openCase.case.id as string;
    expect(await indexed(system, caseId)).toBe(true);
    // As a stop before the state rule left it: the old value and id in the case, and in deconfliction's keys.
    const old = { kind: SelectorKind.ADDRESS, value: '88 C ELIAS AGUA PRIETA SONORA' };
    const investigations = system.subgraphs.investigations.db;
    const [{ selector_id: today }] = await investigations.query(`SELECT selector_id::text FROM case_subject_selector WHERE case_id = $1`, [caseId]);
    await investigations.query(`UPDATE case_subject_selector SET selector_id = $2, value = $3 WHERE case_id = $1`, [caseId, selectorId(old), old.value]);
    const deconfliction = system.subgraphs.deconfliction.db;
    await eventually(() => deconfliction.query(`SELECT 1 FROM deconfliction_interest_key WHERE interest_id = $1 AND key = $2`, [caseId, today]), (r) => r.length > 0, 30_000);
    await deconfliction.query(`UPDATE deconfliction_interest_key SET key = $3 WHERE interest_id = $1 AND key = $2`, [caseId, today, selectorId(old)]);

    await runMigrations(investigations, new AddressStateRespelling1732200000920(), new OpenCaseSelectorsAnnounced1732200000930());
    expect(await investigations.query(`SELECT selector_id::text FROM case_subject_selector WHERE case_id = $1`, [caseId])).toEqual([{ selector_id: today }]);
    const keyed = await eventually(() => deconfliction.query(`SELECT 1 FROM deconfliction_interest_key WHERE interest_id = $1 AND key = $2`, [caseId, today]), (r) => r.length > 0, 30_000);
    expect(keyed).toHaveLength(1);
    const raided = await interdiction({ type: 'STASH_HOUSE_RAID', address: '88 Calle Elias, Agua Prieta, Son.' });
    expect(raided.errors).toBeUndefined();
    const recorded = raided.data.recordInterdiction.interdiction.id as string;
    const toHsi = await heardAbout('HSI', recorded);
    expect(toHsi).toEqual([expect.objectContaining({ reasons: ['SAME_SELECTOR'], yours: expect.objectContaining({ kind: 'CASE', recordId: caseId }) })]);
  });

  it('a watch tells its agency of every new record on the subject, by any agency, and never twice', async () => {
    const person = persons[2];
    const watched = await system.query(WATCH, { input: { subjectId: person, note: 'courier' } }, { agency: 'DEA' });
    expect(watched.errors).toBeUndefined();
    const watchId = watched.data.watch.watch.id;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await interdiction({ subjectIds: [person] })).data.recordInterdiction.interdiction.id);
    const dea = await eventually(() => noticesOf(system, 'DEA'), (n) => ids.every((id) => about(n, id).length > 0), 30_000);
    for (const id of ids) expect(about(dea, id)).toEqual([expect.objectContaining({ yours: expect.objectContaining({ kind: 'WATCH', recordId: watchId }), counterpart: expect.objectContaining({ agency: 'CBP', recordId: id }) })]);
  });

  it('an interdiction inside an operation\'s area during its window notifies the operation\'s agency, and one outside does not', async () => {
    const elPaso = { latitude: 31.7619, longitude: -106.485 };
    const operation = await plan('DEA', { type: 'BUY_BUST', location: elPaso, radiusMeters: 500, ...hoursFromNow(-1, 3), contact: { name: 'GS Ortega', phone: '915-555-0133' } });
    expect(operation.errors).toBeUndefined();
    const operationId = operation.data.planOperation.operation.id;
    // Outside first: events of one outbox arrive in order, so once the second's notice exists the first was matched too.
    const outside = (await interdiction({ location: north(elPaso, 2000), sector: 'El Paso', station: 'Ysleta' })).data.recordInterdiction.interdiction.id;
    const inside = (await interdiction({ location: north(elPaso, 300), sector: 'El Paso', station: 'Ysleta' })).data.recordInterdiction.interdiction.id;
    const dea = await eventually(() => noticesOf(system, 'DEA'), (n) => about(n, inside).length > 0, 30_000);
    expect(about(dea, inside)).toEqual([expect.objectContaining({ reasons: ['SAME_PLACE_AND_TIME'], yours: expect.objectContaining({ recordId: operationId }), counterpart: expect.objectContaining({ agency: 'CBP', recordType: 'Interdiction' }) })]);
    const cbp = await eventually(() => noticesOf(system, 'CBP'), (n) => about(n, inside).length > 0, 30_000);
    expect(about(cbp, inside)[0].counterpart).toMatchObject({ agency: 'DEA', kind: 'OPERATION', contact: { name: 'GS Ortega', phone: '+19155550133' } });
    expect(about(dea, outside)).toHaveLength(0);
  });

  it('lists and acknowledges notices per agency; another agency cannot see or acknowledge them', async () => {
    const [notice] = await noticesOf(system, 'HSI');
    expect(notice).toBeDefined();
    const acknowledge = `mutation($input: AcknowledgeNoticeInput!) { acknowledgeNotice(input: $input) { notice { id acknowledgedAt } } }`;
    const other = await system.query(acknowledge, { input: { noticeId: notice.id } }, { agency: 'DEA' });
    expect(other.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await noticesOf(system, 'DEA')).map((n) => n.id)).not.toContain(notice.id);
    const done = await system.query(acknowledge, { input: { noticeId: notice.id } }, { agency: 'HSI' });
    expect(done.data.acknowledgeNotice.notice.acknowledgedAt).not.toBeNull();
    const { data } = await system.query(`{ deconflictionNotices(first: 100, unacknowledgedOnly: true) { edges { node { id } } } }`, {}, { agency: 'HSI' });
    expect(data.deconflictionNotices.edges.map((e: any) => e.node.id)).not.toContain(notice.id);
  });

  it('refuses bad operations with what to fix, and MEX has no deconfliction scope', async () => {
    const bad = async (input: Record<string, unknown>) => (await plan('HSI', { location: tucson, contact: { name: 'x', phone: '520-555-0101' }, ...input })).errors?.[0];
    expect(await bad({ radiusMeters: 0 })).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect((await bad(hoursFromNow(5, 1)))?.message).toContain('"end" must be after "start"');
    expect((await bad({ contact: { name: 'x', phone: '12' } }))?.message).toContain('contact.phone');
    expect((await bad({ targetIds: ['00000000-0000-4000-8000-000000000000'] }))?.message).toContain('targetIds[0]');
    expect((await bad({ handling: { sensitivity: 'RESTRICTED' } }))?.message).toContain('controlOfficial');
    const mex = await system.query(`{ deconflictionNotices(first: 1) { totalCount } }`, {}, { agency: 'MEX' });
    expect(mex.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
