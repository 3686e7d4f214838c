import { DataSource, EntityManager } from 'typeorm';
import { PageWindow } from '../graphql/connection';
import type { Caller } from '../identity/caller';
import type { RecordPointer } from '../graphql/handling';
import { visibleTo } from './handling';

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
  /** Other joined tables whose handling labels must also release the row (e.g. the case of an arrest). */
  alsoReleasedBy?: string[];
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
 * One statement pages a list for many parents at once (the DataLoader batch): each parent's
 * window of ids and its total, and for handled records what the caller was not shown.
 */
export async function pageByParent(
  db: DataSource | EntityManager,
  query: ListQuery,
  parentIds: readonly string[],
  window: PageWindow,
  caller?: Caller,
): Promise<Map<string, ParentPage>> {
  const params: unknown[] = [parentIds, window.offset, window.limit];
  const bind: Bind = (value) => {
    params.push(value);
    return `$${params.length}`;
  };
  const filters = [
    `${query.parentColumn} = ANY($1)`,
    ...(query.where?.(bind) ?? []),
    ...(caller ? (query.alsoReleasedBy ?? []).map((alias) => visibleTo(alias, caller, bind)) : []),
  ];
  const handled = query.handling && caller ? visibleTo(query.handling, caller, bind) : null;
  const rows = (await db.query(handled ? handledPageSql(query, filters, handled) : pageSql(query, filters), params)) as PageRow[];
  const pages = new Map<string, ParentPage>(parentIds.map((id) => [id, { ids: [], totalCount: 0, pointers: [], withheld: [] }]));
  for (const row of rows) {
    const page = pages.get(row.parent)!;
    if (row.id === null) {
      if (row.sensitivity === 'POINTER') page.pointers.push({ agency: row.agency!, controlOfficial: row.control_official, records: Number(row.records) });
      else page.withheld.push({ agency: row.agency!, records: Number(row.records) });
      continue;
    }
    page.totalCount = Number(row.total);
    const position = Number(row.position);
    if (position > window.offset && position <= window.offset + window.limit) page.ids.push(row.id);
  }
  return pages;
}

/** A released row of a page (id set), or for handled lists a group of records kept from the caller (id null). */
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
function pageSql(query: ListQuery, filters: string[]): string {
  return `SELECT parent, id, total, position FROM (
       SELECT ${query.parentColumn} AS parent, ${query.idColumn} AS id,
              count(*) OVER (PARTITION BY ${query.parentColumn}) AS total,
              row_number() OVER (PARTITION BY ${query.parentColumn} ORDER BY ${query.orderBy}) AS position
         FROM ${query.from}
        WHERE ${filters.join(' AND ')}
     ) ranked
     WHERE (position > $2 AND position <= $2 + $3) OR position = 1
     ORDER BY parent, position`;
}

/**
 * For lists of handled records, the same page and, from the same scan, what the caller was not
 * shown: POINTER records (whom to ask) and RESTRICTED ones (their owners are told), counted by
 * agency. Released rows sort first within a parent, so their positions are the page's positions.
 */
function handledPageSql(query: ListQuery, filters: string[], visibleToCaller: string): string {
  const h = query.handling!;
  const visible = `coalesce(${visibleToCaller}, false)`;
  return `WITH scanned AS MATERIALIZED (
       SELECT ${query.parentColumn} AS parent, ${query.idColumn} AS id, ${visible} AS released,
              ${h}.provenance_agency AS agency, ${h}.handling_control_official AS control_official, ${h}.handling_sensitivity AS sensitivity,
              count(*) FILTER (WHERE ${visible}) OVER (PARTITION BY ${query.parentColumn}) AS total,
              row_number() OVER (PARTITION BY ${query.parentColumn} ORDER BY ${visible} DESC, ${query.orderBy}) AS position
         FROM ${query.from}
        WHERE ${filters.join(' AND ')} AND (${visible} OR ${h}.handling_sensitivity IN ('POINTER', 'RESTRICTED'))
     )
     SELECT parent, id, total, position, NULL AS agency, NULL AS control_official, NULL AS sensitivity, NULL AS records
       FROM scanned WHERE released AND ((position > $2 AND position <= $2 + $3) OR position = 1)
     UNION ALL
     SELECT parent, NULL, NULL, NULL, agency, control_official, sensitivity, count(*)
       FROM scanned WHERE NOT released GROUP BY parent, agency, control_official, sensitivity
     ORDER BY parent, position, agency, control_official`;
}
