import { Client } from 'pg';
import { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import type { Caller } from '../identity/caller';
import { releaseCodes, releasedToCallerSql, RELEASE_RULE_SQL } from '../handling/release';

/**
 * Need-to-know is enforced by PostgreSQL, not by each query remembering a filter. Every subgraph
 * request runs in a transaction switched to REQUEST_ROLE (owns nothing, not a superuser, so row-level
 * security applies to it), with the caller's agency and release codes in transaction-local settings;
 * the policies that every labelled table carries (written in its migration with `guardTable`) decide
 * which rows exist for it. Migrations and seeding keep the owner role.
 *
 * One narrow exception, which row security cannot express: a list tells the caller that other
 * agencies hold POINTER records there (and whom to contact), and tells owners of RESTRICTED records
 * that someone asked. Counting those takes seeing rows the caller may not see, so it runs through
 * `unity_withheld(sql)`, a function owned by LABELS_ROLE (read-only, no rights beyond reading the
 * guarded tables) that returns only counts per agency and control official
 * (lib/database/page-by-parent.ts builds its statement; nothing else may call it).
 */
export const REQUEST_ROLE = 'unity_request';
export const LABELS_ROLE = 'unity_labels';

/** Roles are server-wide: every subgraph database on a server shares them. Idempotent, safe to race. */
export async function ensureRequestRoles(client: Client): Promise<void> {
  for (const role of [REQUEST_ROLE, LABELS_ROLE]) {
    await client.query(`DO $$ BEGIN
        CREATE ROLE ${role} NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOBYPASSRLS;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END $$`);
    // A superuser may switch to any role; any other owner needs the membership (granted once).
    await client.query(`DO $$ BEGIN
        IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AND NOT pg_has_role(current_user, '${role}', 'MEMBER') THEN
          EXECUTE format('GRANT ${role} TO %I', current_user);
        END IF;
      EXCEPTION WHEN unique_violation THEN NULL;
      END $$`);
  }
}

/** A parent row whose visibility a child row inherits: the child exists for the caller only when its parent does. */
export interface ParentRow {
  table: string;
  /** The child's column holding the parent's id. */
  column: string;
  /** The column may be null (no parent): then only the child's own labels decide. */
  optional?: boolean;
}

export interface TableGuard {
  table: string;
  /** Rows carry their own handling labels (provenance_agency, handling_releasable_to). */
  labelled: boolean;
  /** Rows exist for the caller only if each of these parents does. */
  parents?: ParentRow[];
  /** A condition of its own, for rows whose visibility neither labels nor parents express (added to them). */
  read?: string;
  /** SQL condition a new row must meet (besides being visible); default: submitted by the caller's agency when labelled. false: no inserts. */
  insert?: string | false;
  /** SQL condition on rows the caller may change (besides being visible); default: its own agency's when labelled. false: no updates. */
  update?: string | false;
  /** Requests may add rows (meeting `insert`) but never read or change any (an outbox). */
  writeOnly?: boolean;
}

const OWN_AGENCY = 'provenance_agency = unity_agency()';

/** The condition under which a row of `guard.table` exists for the caller. */
export function visibility(guard: TableGuard): string {
  const own = guard.labelled ? [releasedToCallerSql()] : [];
  // Inside the EXISTS the parent's own policy applies too, so visibility is inherited down any depth.
  const parents = (guard.parents ?? []).map((p) => parentExists(guard.table, p));
  return [...own, ...parents, ...(guard.read ? [`(${guard.read})`] : [])].join(' AND ') || 'true';
}

/**
 * A child row's parent, probed by primary key for each child row the statement reads. OFFSET 0
 * keeps PostgreSQL from planning the EXISTS as a hash of every parent the caller may see, which it
 * prefers whenever it expects a few hundred children: that reads the whole parent table (and
 * evaluates its policy on every row) to answer for a handful of persons.
 */
function parentExists(table: string, p: ParentRow): string {
  const exists = `EXISTS (SELECT 1 FROM ${p.table} parent WHERE parent.id = ${table}.${p.column} OFFSET 0)`;
  return p.optional ? `(${table}.${p.column} IS NULL OR ${exists})` : exists;
}

/**
 * The statements that put a table under row-level security: who may read which rows, insert
 * and update. Run them in the migration that creates the table (or, for an existing table, the one
 * that guards it). Deleting is left to the owner (retention purge).
 */
export function guardTable(guard: TableGuard): string[] {
  const t = guard.table;
  if (guard.writeOnly) {
    return [
      `ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY`,
      `DROP POLICY IF EXISTS ${t}_insert ON ${t}`,
      `CREATE POLICY ${t}_insert ON ${t} FOR INSERT WITH CHECK (${guard.insert || 'false'})`,
    ];
  }
  const read = visibility(guard);
  const insert = guard.insert ?? (guard.labelled ? OWN_AGENCY : 'true');
  const update = guard.update ?? (guard.labelled ? OWN_AGENCY : false);
  return [
    `ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY`,
    `DROP POLICY IF EXISTS ${t}_read ON ${t}`,
    `CREATE POLICY ${t}_read ON ${t} FOR SELECT USING (${read})`,
    `DROP POLICY IF EXISTS ${t}_insert ON ${t}`,
    ...(insert === false ? [] : [`CREATE POLICY ${t}_insert ON ${t} FOR INSERT WITH CHECK ((${read}) AND (${insert}))`]),
    `DROP POLICY IF EXISTS ${t}_update ON ${t}`,
    ...(update === false ? [] : [`CREATE POLICY ${t}_update ON ${t} FOR UPDATE USING ((${read}) AND (${update})) WITH CHECK ((${read}) AND (${update}))`]),
  ];
}

/** A migration that guards existing tables (used where the tables predate row-level security). */
export function rowSecurityMigration(name: string, guards: TableGuard[], extra: string[] = []): new () => MigrationInterface {
  return class implements MigrationInterface {
    name = name;

    async up(q: QueryRunner): Promise<void> {
      for (const statement of [...guards.flatMap(guardTable), ...extra]) await q.query(statement);
    }

    async down(q: QueryRunner): Promise<void> {
      for (const { table } of guards) {
        await q.query(`DROP POLICY IF EXISTS ${table}_read ON ${table}`);
        await q.query(`DROP POLICY IF EXISTS ${table}_insert ON ${table}`);
        await q.query(`DROP POLICY IF EXISTS ${table}_update ON ${table}`);
        await q.query(`ALTER TABLE ${table} DISABLE ROW LEVEL SECURITY`);
      }
    }
  };
}

/**
 * What every subgraph database has before its own tables are guarded: the release rule, the
 * withheld-records function, and mutation receipts kept per agency.
 */
export class RowSecurity1732200000001 implements MigrationInterface {
  name = 'RowSecurity1732200000001';

  async up(q: QueryRunner): Promise<void> {
    for (const statement of RELEASE_RULE_SQL) await q.query(statement);
    await q.query(`
      CREATE OR REPLACE FUNCTION unity_withheld(statement text)
        RETURNS TABLE (parent text, agency text, control_official text, sensitivity text, records bigint)
        LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        IF statement !~* '^\\s*select\\s' THEN RAISE EXCEPTION 'unity_withheld runs one SELECT' USING ERRCODE = 'insufficient_privilege'; END IF;
        RETURN QUERY EXECUTE statement;
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION unity_withheld(text) FROM PUBLIC`);
    for (const statement of guardTable({ table: 'mutation_receipt', labelled: false, insert: 'agency = unity_agency()', update: 'agency = unity_agency()' })) {
      await q.query(statement);
    }
    // A receipt exists only for the agency that made it (the read policy above allows all; narrow it).
    await q.query(`DROP POLICY mutation_receipt_read ON mutation_receipt`);
    await q.query(`CREATE POLICY mutation_receipt_read ON mutation_receipt FOR SELECT USING (agency = unity_agency())`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE mutation_receipt DISABLE ROW LEVEL SECURITY`);
    await q.query(`DROP FUNCTION IF EXISTS unity_withheld(text), unity_released(text, text[]), unity_releases(text, text[], text, text[]), unity_release_codes(), unity_agency()`);
  }
}

/**
 * Policies written before visibility() read the caller's identity once per statement and probed
 * parents by key (see releasedToCallerSql and parentExists): rewritten in those forms, as each
 * database's last platform step. What a policy allows is unchanged; only its plan is.
 */
export class RowSecurityPlans1732200000900 implements MigrationInterface {
  name = 'RowSecurityPlans1732200000900';

  async up(q: QueryRunner): Promise<void> {
    const policies: { name: string; table: string; qual: string | null; check: string | null }[] = await q.query(`
      SELECT p.polname AS name, c.relname AS table, pg_get_expr(p.polqual, p.polrelid) AS qual, pg_get_expr(p.polwithcheck, p.polrelid) AS check
        FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
       WHERE c.relnamespace = current_schema()::regnamespace`);
    for (const policy of policies) {
      const qual = policy.qual && policyPlannedOnce(policy.qual);
      const check = policy.check && policyPlannedOnce(policy.check);
      if (qual === policy.qual && check === policy.check) continue;
      await q.query(`ALTER POLICY "${policy.name}" ON "${policy.table}"${qual ? ` USING (${qual})` : ''}${check ? ` WITH CHECK (${check})` : ''}`);
    }
  }

  async down(): Promise<void> {
    // The rewritten policies allow exactly what the earlier ones did.
  }
}

/** A policy expression as PostgreSQL prints it, in the forms visibility() writes now. */
export function policyPlannedOnce(expression: string): string {
  return expression
    .replace(/\bunity_released\((?:(\w+)\.)?provenance_agency, (?:\w+\.)?handling_releasable_to\)/g, (_match, alias?: string) => releasedToCallerSql(alias))
    .replace(/(\bFROM \w+ parent\s+WHERE \(parent\.id = [\w.]+\))\)/g, '$1 OFFSET 0)');
}

/**
 * After migrations, as the owner: REQUEST_ROLE may touch only tables under row-level security (a
 * table without it does not exist for requests), LABELS_ROLE may read them all for withheld counts,
 * and every table carrying handling labels must be guarded, or the subgraph refuses to start.
 */
export async function secureDatabase(db: DataSource): Promise<void> {
  const unguarded: { table: string }[] = await db.query(`
    SELECT c.relname AS table FROM pg_class c
     WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relrowsecurity
       AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'handling_releasable_to' AND NOT a.attisdropped)`);
  if (unguarded.length) {
    throw new Error(`tables ${unguarded.map((u) => u.table).join(', ')} carry handling labels but no row-level security: guard them in a migration (lib/database/row-security.ts guardTable)`);
  }
  await db.transaction(async (tx) => {
    // Replicas starting together take turns (GRANT and CREATE POLICY race on the catalog).
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('unity_secure_database'))`);
    const guarded: { name: string; labels_policy: boolean }[] = await tx.query(`
      SELECT c.relname AS name, EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid AND p.polname = c.relname || '_labels') AS labels_policy
        FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') AND c.relrowsecurity`);
    await tx.query(`GRANT USAGE ON SCHEMA ${await schemaName(tx)} TO ${REQUEST_ROLE}, ${LABELS_ROLE}`);
    await tx.query(`REVOKE ALL ON ALL TABLES IN SCHEMA ${await schemaName(tx)} FROM ${REQUEST_ROLE}, ${LABELS_ROLE}`);
    for (const { name, labels_policy } of guarded) {
      const table = `"${name.replace(/"/g, '""')}"`;
      await tx.query(`GRANT SELECT, INSERT, UPDATE ON ${table} TO ${REQUEST_ROLE}`);
      await tx.query(`GRANT SELECT ON ${table} TO ${LABELS_ROLE}`);
      if (!labels_policy) await tx.query(`CREATE POLICY "${name}_labels" ON ${table} FOR SELECT TO ${LABELS_ROLE} USING (true)`);
    }
    // Changing a function's owner needs the new owner to be able to create in its schema.
    await tx.query(`GRANT CREATE ON SCHEMA ${await schemaName(tx)} TO ${LABELS_ROLE}`);
    await tx.query(`ALTER FUNCTION unity_withheld(text) OWNER TO ${LABELS_ROLE}`);
    await tx.query(`REVOKE CREATE ON SCHEMA ${await schemaName(tx)} FROM ${LABELS_ROLE}`);
    await tx.query(`GRANT EXECUTE ON FUNCTION unity_withheld(text) TO ${REQUEST_ROLE}`);
    await tx.query(`GRANT USAGE ON ALL SEQUENCES IN SCHEMA ${await schemaName(tx)} TO ${REQUEST_ROLE}`);
  });
}

async function schemaName(tx: { query: (sql: string) => Promise<{ schema: string }[]> }): Promise<string> {
  const [{ schema }] = await tx.query('SELECT current_schema() AS schema');
  return `"${schema.replace(/"/g, '""')}"`;
}

export type Access = 'read' | 'write';

/**
 * The statements that open a request's transaction: one snapshot for a read (REPEATABLE READ, READ
 * ONLY), READ COMMITTED for a write (idempotent retries wait on each other's receipts), then the
 * switch to REQUEST_ROLE and the caller's settings, all transaction-local. Agency codes come from the
 * verified identity and the policy file; they are still quoted as literals, never spliced raw.
 */
export function beginRequestSql(caller: Pick<Caller, 'agency'>, access: Access, quote: (value: string) => string): string {
  const codes = `{${releaseCodes(caller).map((code) => `"${code.replace(/["\\]/g, '')}"`).join(',')}}`;
  return [
    access === 'read' ? 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' : 'BEGIN ISOLATION LEVEL READ COMMITTED READ WRITE',
    `SET LOCAL ROLE ${REQUEST_ROLE}`,
    `SELECT set_config('unity.agency', ${quote(caller.agency)}, true), set_config('unity.release_codes', ${quote(codes)}, true)`,
  ].join('; ');
}
