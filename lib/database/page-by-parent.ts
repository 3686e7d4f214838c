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
 * window of ids and its total. The first row of each parent is always returned so that a parent
 * whose window is past the end still learns its total.
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
  const conditions = handled ? [...filters, handled] : filters;
  const pointers = handled ? withheldFromCaller(db, query, filters, handled, params.slice(0)) : Promise.resolve([]);
  const [rows, withheld] = await Promise.all([db.query(
    `SELECT parent, id, total, position FROM (
       SELECT ${query.parentColumn} AS parent, ${query.idColumn} AS id,
              count(*) OVER (PARTITION BY ${query.parentColumn}) AS total,
              row_number() OVER (PARTITION BY ${query.parentColumn} ORDER BY ${query.orderBy}) AS position
         FROM ${query.from}
        WHERE ${conditions.join(' AND ')}
     ) ranked
     WHERE (position > $2 AND position <= $2 + $3) OR position = 1
     ORDER BY parent, position`,
    params,
  ) as Promise<{ parent: string; id: string; total: string; position: string }[]>, pointers]);
  const pages = new Map<string, ParentPage>(parentIds.map((id) => [id, { ids: [], totalCount: 0, pointers: [], withheld: [] }]));
  for (const row of rows) {
    const page = pages.get(row.parent)!;
    page.totalCount = Number(row.total);
    const position = Number(row.position);
    if (position > window.offset && position <= window.offset + window.limit) page.ids.push(row.id);
  }
  for (const row of withheld) {
    const page = pages.get(row.parent)!;
    if (row.sensitivity === 'POINTER') page.pointers.push({ agency: row.agency, controlOfficial: row.control_official, records: Number(row.records) });
    else page.withheld.push({ agency: row.agency, records: Number(row.records) });
  }
  return pages;
}

/** One more statement for handled lists: what the caller was not shown, as pointers or for notices. */
function withheldFromCaller(db: DataSource | EntityManager, query: ListQuery, filters: string[], visible: string, params: unknown[]) {
  const h = query.handling!;
  return db.query(
    `SELECT ${query.parentColumn} AS parent, ${h}.provenance_agency AS agency, ${h}.handling_control_official AS control_official,
            ${h}.handling_sensitivity AS sensitivity, count(*) AS records
       FROM ${query.from}
      WHERE ${filters.join(' AND ')} AND NOT ${visible} AND ${h}.handling_sensitivity IN ('POINTER', 'RESTRICTED')
        AND $2::int >= 0 AND $3::int >= 0 -- the page window does not apply here, but its parameters are bound
      GROUP BY 1, 2, 3, 4 ORDER BY 2, 3`,
    params,
  ) as Promise<{ parent: string; agency: string; control_official: string | null; sensitivity: string; records: string }[]>;
}
