import { releasedToSql } from '../../lib/handling/release';

/**
 * The release oracle: what a separate superuser (owner) query says is released to an agency, to
 * hold against what row security and the gateway show it. It is written from the release rule
 * (`releasedToSql`, lib/handling/release.ts) and the tables' own foreign keys, never from the
 * policies it checks.
 */

interface Queryable {
  query(sql: string, params?: unknown[]): Promise<any[]>;
}

/** A table of a subgraph's database under row-level security, with the guarded parents it references. */
export interface GuardedTable {
  table: string;
  /** Carries its own handling labels. */
  labelled: boolean;
  /** Foreign keys to other guarded tables: the row is released only while each parent is. */
  parents: { column: string; nullable: boolean; parent: GuardedTable }[];
}

/** Every table of the database that carries handling labels, each with the guarded tables it references (at any depth). */
export async function labelledTables(db: Queryable): Promise<GuardedTable[]> {
  const rows: { table: string; labelled: boolean; parents: { column: string; table: string; nullable: boolean }[] | null }[] = await db.query(`
    SELECT c.relname AS table,
           EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'handling_releasable_to' AND NOT a.attisdropped) AS labelled,
           (SELECT json_agg(json_build_object('column', a.attname, 'table', p.relname, 'nullable', NOT a.attnotnull))
              FROM pg_constraint k JOIN pg_class p ON p.oid = k.confrelid
              JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.conkey[1]
             WHERE k.conrelid = c.oid AND k.contype = 'f' AND cardinality(k.conkey) = 1 AND p.relrowsecurity AND p.oid <> c.oid) AS parents
      FROM pg_class c
     WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') AND c.relrowsecurity
     ORDER BY c.relname`);
  const tables = new Map<string, GuardedTable>(rows.map((r) => [r.table, { table: r.table, labelled: r.labelled, parents: [] }]));
  for (const row of rows) {
    for (const p of row.parents ?? []) tables.get(row.table)!.parents.push({ column: p.column, nullable: p.nullable, parent: tables.get(p.table)! });
  }
  return [...tables.values()].filter((t) => t.labelled);
}

/**
 * SQL condition, as the owner: the row of `table` under `alias` is released to `agency`: its own
 * labels release it, and so do those of every parent it references (at any depth).
 */
export function releasedRowCondition(table: GuardedTable, agency: string, alias: string, depth = 0): string {
  const conditions = table.labelled ? [releasedToSql(agency, alias)] : [];
  for (const { column, nullable, parent } of table.parents) {
    const inner = `p${depth}_${column}`;
    const exists = `EXISTS (SELECT 1 FROM ${parent.table} ${inner} WHERE ${inner}.id = ${alias}.${column} AND ${releasedRowCondition(parent, agency, inner, depth + 1)})`;
    conditions.push(nullable ? `(${alias}.${column} IS NULL OR ${exists})` : exists);
  }
  return conditions.join(' AND ') || 'true';
}

/** SQL, as the owner: the ids of `table`'s rows released to `agency`. */
export function releasedRowsSql(table: GuardedTable, agency: string): string {
  return `SELECT t.id FROM ${table.table} t WHERE ${releasedRowCondition(table, agency, 't')}`;
}
