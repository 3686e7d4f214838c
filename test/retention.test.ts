import { startTestSystem, TestSystem, serverUrl } from './support/harness';
import { AuditStore } from '../gateway/audit/store';
import { purgeRecords, dueRecords } from '../lib/retention/purge';
import { RecordType } from '../lib/retention/record-types';

/** 28 CFR 23.20(h) through the gateway: review dates, validation by the owning agency only, and the purge. */
describe('review and purge', () => {
  let system: TestSystem;
  const validate = `mutation Validate($type: RecordType!, $id: UUID!, $why: String!) {
    validateRecord(recordType: $type, id: $id, justification: $why) { recordType id validatedAt reviewDueAt } }`;
  const readInterdiction = `query($id: UUID!) { interdiction(id: $id) { id provenance { recordedAt validatedAt reviewDueAt } } }`;

  beforeAll(async () => {
    system = await startTestSystem({ seedScale: 1 });
  });
  afterAll(() => system?.stop());

  const overdueInterdiction = async (): Promise<string> => {
    const [row] = await system.subgraphs.interdictions.db.query(
      `SELECT id FROM interdiction WHERE provenance_agency = 'CBP' AND handling_sensitivity = 'OPEN' AND provenance_validated_at IS NULL
          AND provenance_recorded_at < now() - interval '5 years' ORDER BY id LIMIT 1`);
    return row.id;
  };

  it('shows when each record is due for review, five years after it was submitted', async () => {
    const id = await overdueInterdiction();
    const { data, errors } = await system.query(readInterdiction, { id }, { agency: 'CBP' });
    expect(errors).toBeUndefined();
    const { recordedAt, validatedAt, reviewDueAt } = data.interdiction.provenance;
    expect(validatedAt).toBeNull();
    const due = new Date(recordedAt);
    due.setUTCFullYear(due.getUTCFullYear() + 5);
    expect(reviewDueAt).toBe(due.toISOString());
    expect(new Date(reviewDueAt).getTime()).toBeLessThan(Date.now());
  });

  it('lets only the owning agency validate, with a justification, and records who did', async () => {
    const id = await overdueInterdiction();
    const why = 'Subject still active in the Tucson sector; record confirmed by the station.';
    const short = await system.query(validate, { type: 'INTERDICTION', id, why: 'ok' }, { agency: 'CBP' });
    expect(short.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'justification' });

    // STATE's visa revocation is released to CBP, which may still not validate it.
    const [visa] = await system.subgraphs.travel.db.query(`SELECT id FROM travel_restriction WHERE provenance_agency = 'STATE' AND handling_sensitivity = 'OPEN' LIMIT 1`);
    const foreign = await system.query(validate, { type: 'TRAVEL_RESTRICTION', id: visa.id, why }, { agency: 'CBP' });
    expect(foreign.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    // A case not released to CBP answers exactly like a case that does not exist.
    const [hidden] = await system.subgraphs.investigations.db.query(`SELECT id FROM investigation_case WHERE handling_sensitivity = 'RESTRICTED' AND lead_agency = 'HSI' LIMIT 1`);
    const missing = '00000000-0000-4000-8000-00000000beef';
    const [onHidden, onMissing] = await Promise.all([hidden.id, missing].map((target) => system.query(validate, { type: 'CASE', id: target, why }, { agency: 'FBI' })));
    expect(onHidden.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(onHidden.errors?.[0].message.replace(hidden.id, 'ID')).toBe(onMissing.errors?.[0].message.replace(missing, 'ID'));

    const done = await system.query(validate, { type: 'INTERDICTION', id, why }, { agency: 'CBP' });
    expect(done.errors).toBeUndefined();
    const dueAgain = new Date(done.data.validateRecord.validatedAt);
    dueAgain.setUTCFullYear(dueAgain.getUTCFullYear() + 5);
    expect(done.data.validateRecord.reviewDueAt).toBe(dueAgain.toISOString());
    const read = await system.query(readInterdiction, { id }, { agency: 'CBP' });
    expect(read.data.interdiction.provenance.reviewDueAt).toBe(done.data.validateRecord.reviewDueAt);
    const [kept] = await system.subgraphs.audit.db.query(`SELECT agency, validated_by, justification FROM record_validation WHERE record_id = $1`, [id]);
    expect(kept).toEqual({ agency: 'CBP', validated_by: 'cbp.analyst', justification: why });
    await system.query(readInterdiction, { id }, { agency: 'DOJ' }); // an auditor audits what it has been given
    const trail = await system.query(`query($id: UUID!) { auditTrail(entityId: $id) { operationName agency } }`, { id }, { agency: 'DOJ' });
    expect(trail.data.auditTrail).toEqual(expect.arrayContaining([{ operationName: 'Validate', agency: 'CBP' }]));
  });

  it('purges what is past review and not validated, with what hangs on it, one audit record each, and the trail stays whole', async () => {
    const kept = await overdueInterdiction();
    await system.query(validate, { type: 'INTERDICTION', id: kept, why: 'Still relevant: the vehicle was seen again last month.' }, { agency: 'CBP' });
    const db = system.subgraphs.investigations.db;
    const overdue = (await dueRecords(db, 'investigations', new Date())).filter((r) => r.recordType === RecordType.CASE);
    expect(overdue.length).toBeGreaterThan(0);
    const caseIds = overdue.map((r) => r.id);
    const before = await db.query(`SELECT count(*)::int AS n FROM case_subject WHERE case_id = ANY($1)`, [caseIds]);
    expect(before[0].n).toBeGreaterThan(0);

    const dryRun = await purgeRecords(db, 'investigations', null, { batch: 3, dryRun: true });
    expect(dryRun.map((r) => r.id)).toEqual(expect.arrayContaining(caseIds));
    expect((await db.query(`SELECT count(*)::int AS n FROM investigation_case WHERE id = ANY($1)`, [caseIds]))[0].n).toBe(caseIds.length);

    const audit = await AuditStore.open(serverUrl(), system.prefix);
    try {
      const purged = [
        ...(await purgeRecords(db, 'investigations', audit, { batch: 3, dryRun: false })),
        ...(await purgeRecords(system.subgraphs.interdictions.db, 'interdictions', audit, { batch: 50, dryRun: false })),
      ];
      expect(purged.map((r) => r.id)).toEqual(expect.arrayContaining(caseIds));
      expect(purged.map((r) => r.id)).not.toContain(kept);
      const [left] = await db.query(
        `SELECT (SELECT count(*)::int FROM investigation_case WHERE id = ANY($1)) AS cases, (SELECT count(*)::int FROM case_subject WHERE case_id = ANY($1)) AS subjects,
                (SELECT count(*)::int FROM arrest WHERE case_id = ANY($1)) AS arrests, (SELECT count(*)::int FROM indictment WHERE case_id = ANY($1)) AS indictments`, [caseIds]);
      expect(left).toEqual({ cases: 0, subjects: 0, arrests: 0, indictments: 0 });
      const [dangling] = await system.subgraphs.interdictions.db.query(
        `SELECT (SELECT count(*)::int FROM seizure s WHERE NOT EXISTS (SELECT 1 FROM interdiction i WHERE i.id = s.interdiction_id)) AS seizures,
                (SELECT count(*)::int FROM interdiction_subject s WHERE NOT EXISTS (SELECT 1 FROM interdiction i WHERE i.id = s.interdiction_id)) AS subjects,
                (SELECT count(*)::int FROM interdiction WHERE id = $1) AS validated`, [kept]);
      expect(dangling).toEqual({ seizures: 0, subjects: 0, validated: 1 });
      const { rows } = await audit.pool.query(`SELECT variables FROM audit_event WHERE outcome = 'PURGED'`);
      expect(rows.map((r) => r.variables.id).sort()).toEqual(purged.map((r) => r.id).sort());
      expect((await audit.verify()).problem).toBeNull();
      const gone = await system.query(readInterdiction, { id: purged.find((r) => r.recordType === RecordType.INTERDICTION)!.id }, { agency: 'CBP' });
      expect(gone.data.interdiction).toBeNull();
    } finally {
      await audit.close();
    }
  });
});
