import { Pool } from 'pg';
import { databaseName, ensureDatabase, urlForDatabase } from '../../lib/database/server';
import { AUDIT_SCHEMA } from '../../lib/audit/schema';

export interface HandlingNotice {
  agency: string;
  recordType: string;
  subjectId: string;
  records: number;
}

export interface AuditRecord {
  /** The gateway's own id of the request. */
  requestId: string;
  /** The caller's x-request-id, if it sent a usable one. */
  clientRequestId?: string | null;
  clientAddress?: string | null;
  /** The purpose of use stated with the request. */
  purpose?: string | null;
  /** A REFUSED record may stand for many refused requests (gateway/audit/refusals.ts). */
  refusals?: number | null;
  sub: string;
  agency: string;
  operationName: string | null;
  documentHash: string | null;
  variables: unknown;
  outcome: 'SUCCESS' | 'PARTIAL' | 'ERROR' | 'REFUSED' | 'PURGED';
  latencyMs: number;
  disseminated: Record<string, string[]>;
}

interface PendingRecord {
  record: AuditRecord;
  notices: HandlingNotice[];
  done: (error?: unknown) => void;
}

/** Records per statement at most: a few hundred kB of parameters under the heaviest load. */
const MAX_BATCH = 200;

export class AuditStore {
  private constructor(readonly pool: Pool) {}

  static async open(serverUrl: string, prefix?: string): Promise<AuditStore> {
    const database = databaseName('audit', prefix);
    await ensureDatabase(serverUrl, database);
    const pool = new Pool({ connectionString: urlForDatabase(serverUrl, database), max: 10 });
    pool.on('error', () => {}); // a dropped idle connection is replaced on next use
    const client = await pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock(7323000)'); // one gateway migrates at a time
      for (const statement of AUDIT_SCHEMA) await client.query(statement);
      await client.query('SELECT pg_advisory_unlock(7323000)');
    } finally {
      client.release();
    }
    return new AuditStore(pool);
  }

  /**
   * Resolves once the record (and its notices) are committed; the caller releases data only after
   * that. Group commit: while one write is in flight, records that arrive wait and then go together
   * in one statement (one transaction, one WAL flush, one turn of the chain's lock). Under light
   * load every record is written at once, alone; under load they share commits instead of queueing
   * for the chain's lock one by one.
   */
  append(record: AuditRecord, notices: HandlingNotice[] = []): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ record, notices, done: (error) => (error === undefined ? resolve() : reject(error)) });
      if (!this.writing) void this.drain();
    });
  }

  private readonly pending: PendingRecord[] = [];
  private writing = false;

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.pending.length) {
        const batch = this.pending.splice(0, MAX_BATCH);
        try {
          await this.write(batch);
          for (const entry of batch) entry.done();
        } catch (error) {
          if (batch.length === 1) {
            batch[0].done(error);
            continue;
          }
          // One record the database refuses must not withhold the others' data: retry them one by one.
          for (const entry of batch) {
            try {
              await this.write([entry]);
              entry.done();
            } catch (single) {
              entry.done(single);
            }
          }
        }
      }
    } finally {
      this.writing = false;
    }
  }

  /** One statement: the notices and the records, atomically, the records in arrival order (the chain follows it). */
  private async write(batch: PendingRecord[]): Promise<void> {
    const records = batch.map((entry) => entry.record);
    const notices = batch.flatMap(({ record, notices }) => notices.map((notice) => ({ record, notice })));
    await this.pool.query(
      `WITH notices AS (
         INSERT INTO handling_notice (owner_agency, requesting_agency, requester, request_id, record_type, subject_id, records)
         SELECT * FROM unnest($10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::uuid[], $16::int[])
       )
       INSERT INTO audit_event (request_id, sub, agency, operation_name, document_hash, variables, outcome, latency_ms, disseminated,
                                client_request_id, purpose, client_address, refusals, prev_hash, hash)
       SELECT request_id, sub, agency, operation_name, document_hash, variables::jsonb, outcome, latency_ms, disseminated,
              client_request_id, purpose, client_address, refusals, '', ''
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[],
                     (SELECT array_agg(d ORDER BY i) FROM jsonb_array_elements($9::jsonb) WITH ORDINALITY AS e(d, i)),
                     $17::text[], $18::text[], $19::text[], $20::int[])
              WITH ORDINALITY AS r(request_id, sub, agency, operation_name, document_hash, variables, outcome, latency_ms, disseminated,
                                   client_request_id, purpose, client_address, refusals, n)
        ORDER BY n`,
      [
        records.map((r) => r.requestId), records.map((r) => r.sub), records.map((r) => r.agency), records.map((r) => r.operationName),
        records.map((r) => r.documentHash), records.map((r) => JSON.stringify(r.variables ?? {})), records.map((r) => r.outcome),
        // The ids each record disseminated, as one JSON array: a dossier's are some 20 kB, which as elements of a
        // text[] the driver escaped quote by quote on every request.
        records.map((r) => Math.round(r.latencyMs)), `[${records.map((r) => JSON.stringify(r.disseminated)).join(',')}]`,
        notices.map((n) => n.notice.agency), notices.map((n) => n.record.agency), notices.map((n) => n.record.sub), notices.map((n) => n.record.requestId),
        notices.map((n) => n.notice.recordType), notices.map((n) => n.notice.subjectId), notices.map((n) => n.notice.records),
        records.map((r) => r.clientRequestId ?? null), records.map((r) => r.purpose ?? null), records.map((r) => r.clientAddress ?? null), records.map((r) => r.refusals ?? null),
      ],
    );
  }

  /** Recomputes every hash and link; returns the first break, or null when the chain is whole. */
  async verify(): Promise<{ rows: number; head: string | null; problem: string | null }> {
    const { rows } = await this.pool.query(
      `SELECT seq, hash, prev_hash, audit_event_digest(e) AS recomputed, lag(hash) OVER (ORDER BY seq) AS previous, lag(seq) OVER (ORDER BY seq) AS previous_seq
         FROM audit_event e ORDER BY seq`,
    );
    let problem: string | null = null;
    for (const row of rows) {
      if (row.recomputed !== row.hash) { problem = `row ${row.seq} was altered: its content no longer matches its hash`; break; }
      if ((row.previous ?? 'genesis') !== row.prev_hash) { problem = `the chain breaks before row ${row.seq}: a row was removed or reordered`; break; }
    }
    return { rows: rows.length, head: rows.at(-1)?.hash ?? null, problem };
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
