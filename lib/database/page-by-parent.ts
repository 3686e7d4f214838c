import { DataSource, EntityManager } from 'typeorm';
import { PageWindow } from '../graphql/connection';

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
}

export interface ParentPage {
  ids: string[];
  totalCount: number;
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
): Promise<Map<string, ParentPage>> {
  const params: unknown[] = [parentIds, window.offset, window.limit];
  const bind: Bind = (value) => {
    params.push(value);
    return `$${params.length}`;
  };
  const conditions = [`${query.parentColumn} = ANY($1)`, ...(query.where?.(bind) ?? [])];
  const rows: { parent: string; id: string; total: string; position: string }[] = await db.query(
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
  );
  const pages = new Map<string, ParentPage>(parentIds.map((id) => [id, { ids: [], totalCount: 0 }]));
  for (const row of rows) {
    const page = pages.get(row.parent)!;
    page.totalCount = Number(row.total);
    const position = Number(row.position);
    if (position > window.offset && position <= window.offset + window.limit) page.ids.push(row.id);
  }
  return pages;
}
