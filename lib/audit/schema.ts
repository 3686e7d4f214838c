/**
 * The dissemination audit trail: append-only (the database refuses UPDATE, DELETE and TRUNCATE),
 * and each row carries a SHA-256 over its content and the previous row's hash, computed by the
 * database under a lock so that rows from any number of gateways form one chain.
 */
export const AUDIT_SCHEMA = [
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
  // "Who has seen this record" is answered from audit_entity_seen, built from the trail in bulk when
  // asked (audit_index_seen below), not from an index on audit_event: maintaining a GIN index of
  // every disseminated id on each insert cost the gateway 15% of its dossier throughput.
  `DROP INDEX IF EXISTS audit_event_disseminated`,
  `CREATE TABLE IF NOT EXISTS audit_entity_seen (entity_id text NOT NULL, seq bigint NOT NULL, PRIMARY KEY (entity_id, seq))`,
  `CREATE TABLE IF NOT EXISTS audit_seen_progress (only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row), indexed_to bigint NOT NULL)`,
  `INSERT INTO audit_seen_progress (indexed_to) VALUES (0) ON CONFLICT DO NOTHING`,
  // Rows get their seq under the chain's lock and commit before the next row gets one, so every row
  // up to the highest committed seq is committed: index up to it, then remember it.
  // Readers of the trail (requests of the audit subgraph, under row security) bring the index up to
  // date through this function alone: it runs as the owner.
  `CREATE OR REPLACE FUNCTION audit_index_seen() RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
   DECLARE
     done bigint;
     upto bigint;
   BEGIN
     PERFORM pg_advisory_xact_lock(7323002);
     SELECT indexed_to INTO done FROM audit_seen_progress;
     SELECT coalesce(max(seq), 0) INTO upto FROM audit_event;
     IF upto <= done THEN RETURN; END IF;
     INSERT INTO audit_entity_seen (entity_id, seq)
       SELECT DISTINCT id, e.seq FROM audit_event e, jsonb_each(e.disseminated) AS d(type, ids), jsonb_array_elements_text(d.ids) AS id
        WHERE e.seq > done AND e.seq <= upto
       ON CONFLICT DO NOTHING;
     UPDATE audit_seen_progress SET indexed_to = upto;
   END $$`,
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
  // Notices to a submitting agency that another agency asked about a subject of its RESTRICTED records.
  `CREATE TABLE IF NOT EXISTS handling_notice (
     id bigserial PRIMARY KEY,
     at timestamptz NOT NULL DEFAULT now(),
     owner_agency text NOT NULL,
     requesting_agency text NOT NULL,
     requester text NOT NULL,
     request_id text NOT NULL,
     record_type text NOT NULL,
     subject_id uuid NOT NULL,
     records integer NOT NULL
   )`,
  `CREATE INDEX IF NOT EXISTS handling_notice_owner ON handling_notice (owner_agency, at DESC)`,
  `DROP TRIGGER IF EXISTS audit_event_chain ON audit_event`,
  `CREATE TRIGGER audit_event_chain BEFORE INSERT ON audit_event FOR EACH ROW EXECUTE FUNCTION audit_event_chain()`,
  `DROP TRIGGER IF EXISTS audit_event_no_update ON audit_event`,
  `CREATE TRIGGER audit_event_no_update BEFORE UPDATE OR DELETE ON audit_event FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change()`,
  `DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_event`,
  `CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change()`,
];

