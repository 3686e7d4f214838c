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
  requestId: string;
  sub: string;
  agency: string;
  operationName: string | null;
  documentHash: string | null;
  variables: unknown;
  outcome: 'SUCCESS' | 'PARTIAL' | 'ERROR' | 'REFUSED';
  latencyMs: number;
  disseminated: Record<string, string[]>;
}

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

  /** Resolves once the record (and its notices) are committed; the caller releases data only after that. */
  async append(record: AuditRecord, notices: HandlingNotice[] = []): Promise<void> {
    if (notices.length) {
      await this.pool.query(
        `INSERT INTO handling_notice (owner_agency, requesting_agency, requester, request_id, record_type, subject_id, records)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::uuid[], $7::int[])`,
        [notices.map((n) => n.agency), notices.map(() => record.agency), notices.map(() => record.sub), notices.map(() => record.requestId),
          notices.map((n) => n.recordType), notices.map((n) => n.subjectId), notices.map((n) => n.records)],
      );
    }
    await this.pool.query(
      `INSERT INTO audit_event (request_id, sub, agency, operation_name, document_hash, variables, outcome, latency_ms, disseminated, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, '', '')`,
      [record.requestId, record.sub, record.agency, record.operationName, record.documentHash, JSON.stringify(record.variables ?? {}),
        record.outcome, Math.round(record.latencyMs), JSON.stringify(record.disseminated)],
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
