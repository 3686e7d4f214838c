import { escapeLiteral } from 'pg';
import { PageWindow } from '../graphql/connection';
import type { RecordPointer } from '../handling/labels';
import { releasedToCallerSql } from '../handling/release';
import type { ScopedDatabase } from './scoped-database';

/** Adds a bound parameter and returns its placeholder, so SQL fragments never splice values. */
export type Bind = (value: unknown) => string;

export interface ListQuery {
  /** FROM clause, joins included. */
  from: string;
  /** The column that ties a row to its parent (organization, person, ...). */
  parentColumn: string;
  /** The id of the listed record. */
  idColumn: string;
  /** Filters, written with placeholders from `bind`. */
  where?: (bind: Bind) => string[];
  /** A total, stable order (end with the id). */
  orderBy: string;
  /** Alias of the table whose handling labels decide who may see a row (records of agencies). */
  handling?: string;
  /**
   * Joined records a row's visibility depends on (the case of an arrest). Row security already
   * hides rows whose parents are hidden; the count of withheld records, which sees past it, must
   * count only rows whose parents the caller may see, and says so through these aliases.
   */
  parents?: string[];
}

export interface ParentPage {
  ids: string[];
  totalCount: number;
  /** Records not released to the caller that it may know exist (POINTER): whom to ask. */
  pointers: RecordPointer[];
  /** RESTRICTED records the caller was not shown, by agency: their owners are told. */
  withheld: { agency: string; records: number }[];
}

/**
 * One statement pages a list for many parents at once (the DataLoader batch): each parent's window
 * of ids and its total, counting only what row security lets the caller see; and, for lists of
 * labelled records, what the caller was not shown, counted per agency (unity_withheld, see
 * lib/database/row-security.ts): POINTER records (whom to ask) and RESTRICTED ones (owners are told).
 */
export async function pageByParent(db: ScopedDatabase, query: ListQuery, parentIds: readonly string[], window: PageWindow, gathered?: Gathered): Promise<Map<string, ParentPage>> {
  const grouped = gathered && [...gathered.values()].some((ids) => ids.length > 1);
  const params: unknown[] = [grouped ? [...new Set([...gathered.values()].flat())] : parentIds, window.offset, window.limit];
  const bind: Bind = (value) => {
    params.push(value);
    return `$${params.length}`;
  };
  const filters = [`${query.parentColumn} = ANY($1)`, ...(query.where?.(bind) ?? [])];
  let sql = pageSql(grouped ? gatheredQuery(query, gathered, (v) => `${bind(v)}::text[]`) : query, filters);
  if (query.handling) {
    params.push(withheldSql(grouped ? gatheredQuery(query, gathered, (v) => `${sqlLiteral(v)}::text[]`) : query, grouped ? (params[0] as string[]) : parentIds));
    sql = `(${sql}) UNION ALL SELECT parent, NULL, NULL, NULL, agency, control_official, sensitivity, records FROM unity_withheld($${params.length})`;
  }
  const rows = (await db.query(sql, params)) as PageRow[];
  const pages = new Map<string, ParentPage>(parentIds.map((id) => [id, { ids: [], totalCount: 0, pointers: [], withheld: [] }]));
  for (const row of rows) {
    const page = pages.get(row.parent);
    if (!page) continue;
    if (row.id === null) {
      if (row.sensitivity === 'POINTER') page.pointers.push({ agency: row.agency!, controlOfficial: row.control_official, records: Number(row.records) });
      else page.withheld.push({ agency: row.agency!, records: Number(row.records) });
      continue;
    }
    page.totalCount = Number(row.total);
    const position = Number(row.position);
    if (position > window.offset && position <= window.offset + window.limit) page.ids.push(row.id);
  }
  for (const page of pages.values()) page.pointers.sort((a, b) => a.agency.localeCompare(b.agency) || (a.controlOfficial ?? '').localeCompare(b.controlOfficial ?? ''));
  return pages;
}

/**
 * Parents that gather the rows of other parents as their own: a registry person into whom others
 * were merged lists their records too. Key: the parent asked for; value: every id whose rows it
 * lists, itself included.
 */
export type Gathered = ReadonlyMap<string, readonly string[]>;

/**
 * The list with each row tied to the parent that gathers it: a join on (member, parent) pairs,
 * after the filter on the member ids (which keeps the parent column's index in use).
 */
function gatheredQuery(query: ListQuery, gathered: Gathered, array: (values: string[]) => string): ListQuery & { groupColumn: string } {
  return { ...query, from: `${query.from} ${gatheredJoin(gathered, query.parentColumn, array)}`, groupColumn: GATHERED_PARENT };
}

/** The gathering parent of a row joined by gatheredJoin: group by it. */
export const GATHERED_PARENT = 'gathered.parent';

/** The join that ties each row (by `column`, the member's id) to the parent gathering it, on (member, parent) pairs. */
export function gatheredJoin(gathered: Gathered, column: string, array: (values: string[]) => string): string {
  const pairs = [...gathered].flatMap(([parent, ids]) => ids.map((id) => [id, parent] as const));
  return `JOIN unnest(${array(pairs.map((p) => p[0]))}, ${array(pairs.map((p) => p[1]))}) AS gathered (member, parent) ON gathered.member = (${column})::text`;
}

/** A released row of a page (id set), or a group of records kept from the caller (id null). */
interface PageRow {
  parent: string;
  id: string | null;
  total: string | null;
  position: string | null;
  agency: string | null;
  control_official: string | null;
  sensitivity: string | null;
  records: string | null;
}

/** Each parent's window of ids and its total; the first row of each parent always, so that a parent whose window is past the end still learns its total. */
function pageSql(query: ListQuery & { groupColumn?: string }, filters: string[]): string {
  const parent = query.groupColumn ?? query.parentColumn;
  return `SELECT parent, id, total, position, NULL::text AS agency, NULL::text AS control_official, NULL::text AS sensitivity, NULL::bigint AS records FROM (
       SELECT (${parent})::text AS parent, ${query.idColumn} AS id,
              count(*) OVER (PARTITION BY ${parent}) AS total,
              row_number() OVER (PARTITION BY ${parent} ORDER BY ${query.orderBy}) AS position
         FROM ${query.from}
        WHERE ${filters.join(' AND ')}
     ) ranked
     WHERE (position > $2 AND position <= $2 + $3) OR position = 1`;
}

/**
 * The same list's rows the caller may not see but may know of, grouped by agency and control
 * official. It runs inside unity_withheld as a self-contained statement, so values are literals
 * (quoted by the driver's own escaping), and it sees past row security: it must repeat the
 * caller's view of the parents explicitly.
 */
function withheldSql(query: ListQuery & { groupColumn?: string }, parentIds: readonly string[]): string {
  const h = query.handling!;
  const literal: Bind = (value) => sqlLiteral(value);
  const filters = [
    `${query.parentColumn} = ANY(${literal(parentIds)})`,
    ...(query.where?.(literal) ?? []),
    ...(query.parents ?? []).map((alias) => `coalesce(${releasedToCallerSql(alias)}, false)`),
    `${h}.handling_sensitivity IN ('POINTER', 'RESTRICTED')`,
    `NOT coalesce(${releasedToCallerSql(h)}, false)`,
  ];
  return `SELECT (${query.groupColumn ?? query.parentColumn})::text, ${h}.provenance_agency, ${h}.handling_control_official, ${h}.handling_sensitivity, count(*)
            FROM ${query.from} WHERE ${filters.join(' AND ')} GROUP BY 1, 2, 3, 4`;
}

/** A value as an SQL literal of unknown type (PostgreSQL types it from where it is used, as it would a parameter). */
function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error('not a finite number');
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return escapeLiteral(value.toISOString());
  if (Array.isArray(value)) return escapeLiteral(`{${value.map((item) => `"${String(item).replace(/(["\\])/g, '\\$1')}"`).join(',')}}`);
  return escapeLiteral(String(value));
}
