import { Pool } from 'pg';
import { databaseName, ensureDatabase, urlForDatabase } from '../../lib/database/server';

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

/**
 * The dissemination audit trail: append-only (the database refuses UPDATE, DELETE and TRUNCATE),
 * and each row carries a SHA-256 over its content and the previous row's hash, computed by the
 * database under a lock so that rows from any number of gateways form one chain.
 */
const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS audit_event (
     seq bigserial PRIMARY KEY,
     at timestamptz NOT NULL DEFAULT clock_timestamp(),
     request_id text NOT NULL,
     sub text NOT NULL,
     agency text NOT NULL,
     operation_name text,
     document_hash text,
     variables jsonb NOT NULL DEFAULT '{}',
     outcome text NOT NULL,
     latency_ms integer NOT NULL,
     disseminated jsonb NOT NULL DEFAULT '{}',
     prev_hash text NOT NULL,
     hash text NOT NULL
   )`,
  `CREATE INDEX IF NOT EXISTS audit_event_disseminated ON audit_event USING gin (disseminated jsonb_path_ops)`,
  `CREATE INDEX IF NOT EXISTS audit_event_at ON audit_event (at)`,
  // The text that is hashed; the verifier recomputes it with the same function.
  `CREATE OR REPLACE FUNCTION audit_event_digest(e audit_event) RETURNS text LANGUAGE sql IMMUTABLE AS $$
     SELECT encode(sha256(convert_to(concat_ws('|', e.seq, to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), e.request_id, e.sub, e.agency,
       coalesce(e.operation_name, ''), coalesce(e.document_hash, ''), e.variables::text, e.outcome, e.latency_ms, e.disseminated::text, e.prev_hash), 'UTF8')), 'hex')
   $$`,
  `CREATE OR REPLACE FUNCTION audit_event_chain() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     PERFORM pg_advisory_xact_lock(7323001);
     SELECT coalesce((SELECT hash FROM audit_event ORDER BY seq DESC LIMIT 1), 'genesis') INTO NEW.prev_hash;
     NEW.seq := nextval(pg_get_serial_sequence('audit_event', 'seq'));
     NEW.at := clock_timestamp();
     NEW.hash := audit_event_digest(NEW);
     RETURN NEW;
   END $$`,
  `CREATE OR REPLACE FUNCTION audit_event_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     RAISE EXCEPTION 'the audit trail is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
   END $$`,
  `DROP TRIGGER IF EXISTS audit_event_chain ON audit_event`,
  `CREATE TRIGGER audit_event_chain BEFORE INSERT ON audit_event FOR EACH ROW EXECUTE FUNCTION audit_event_chain()`,
  `DROP TRIGGER IF EXISTS audit_event_no_update ON audit_event`,
  `CREATE TRIGGER audit_event_no_update BEFORE UPDATE OR DELETE ON audit_event FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change()`,
  `DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_event`,
  `CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change()`,
];

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
      for (const statement of SCHEMA) await client.query(statement);
      await client.query('SELECT pg_advisory_unlock(7323000)');
    } finally {
      client.release();
    }
    return new AuditStore(pool);
  }

  /** Resolves once the record is committed; the caller releases data only after that. */
  async append(record: AuditRecord): Promise<void> {
    await this.pool.query(
      `INSERT INTO audit_event (request_id, sub, agency, operation_name, document_hash, variables, outcome, latency_ms, disseminated, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, '', '')`,
      [record.requestId, record.sub, record.agency, record.operationName, record.documentHash, JSON.stringify(record.variables ?? {}),
        record.outcome, Math.round(record.latencyMs), JSON.stringify(record.disseminated)],
    );
  }

  /** Who has seen an entity, when, through which operation. */
  async trail(entityId: string, from: Date | null, to: Date | null, limit: number): Promise<AuditTrailEntry[]> {
    const { rows } = await this.pool.query(
      `SELECT seq, at, request_id, sub, agency, operation_name, document_hash, outcome
         FROM audit_event e
        WHERE EXISTS (SELECT 1 FROM jsonb_each(e.disseminated) AS d(type, ids) WHERE d.ids ? $1)
          AND ($2::timestamptz IS NULL OR at >= $2) AND ($3::timestamptz IS NULL OR at < $3)
        ORDER BY seq DESC LIMIT $4`,
      [entityId, from, to, limit],
    );
    return rows.map((r) => ({ seq: Number(r.seq), at: r.at, requestId: r.request_id, sub: r.sub, agency: r.agency, operationName: r.operation_name, documentHash: r.document_hash, outcome: r.outcome }));
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

export interface AuditTrailEntry {
  seq: number;
  at: Date;
  requestId: string;
  sub: string;
  agency: string;
  operationName: string | null;
  documentHash: string | null;
  outcome: string;
}
