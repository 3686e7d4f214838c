import DataLoader from 'dataloader';
import { ObjectLiteral } from 'typeorm';
import { ClassType } from 'type-graphql';
import { PageArgs, pageWindow, toConnection, ConnectionShape } from '../graphql/connection';
import { ListQuery, pageByParent, ParentPage } from '../database/page-by-parent';
import type { ScopedDatabase } from '../database/scoped-database';
import type { Caller } from '../identity/caller';

/** A RESTRICTED record kept from the caller: its agency is told that someone asked about the subject. */
export interface WithheldRecord {
  agency: string;
  recordType: string;
  subjectId: string;
  records: number;
}

/**
 * One registry per request: every entity lookup and every list field goes through a DataLoader
 * from here, so a query costs a fixed number of statements whatever the number of parents. Its
 * statements run on the request's scoped database: row security decides what they find.
 */
export class LoaderRegistry {
  private readonly loaders = new Map<string, DataLoader<any, any>>();
  /** What this request was not shown because it was RESTRICTED; reported to the gateway for notices. */
  readonly withheld: WithheldRecord[] = [];

  constructor(readonly db: ScopedDatabase, readonly caller: Caller) {}

  /** Whether rows of this entity carry handling labels (and so may be withheld from the caller). */
  private handled(entity: ClassType<any>): boolean {
    return this.db.metadata(entity).embeddeds.some((e) => e.propertyName === 'handling');
  }

  get<K, V>(key: string, create: () => DataLoader<K, V>): DataLoader<K, V> {
    let loader = this.loaders.get(key);
    if (!loader) {
      loader = create();
      this.loaders.set(key, loader);
    }
    return loader as DataLoader<K, V>;
  }

  /** Loads entities by id; missing ids resolve to null. */
  byId<T extends ObjectLiteral & { id: string }>(entity: ClassType<T>): DataLoader<string, T | null> {
    return this.get(`byId:${entity.name}`, () =>
      new DataLoader<string, T | null>(async (ids) => {
        const rows = await this.db.getRepository(entity).createQueryBuilder('r').where('r.id IN (:...ids)', { ids: [...ids] }).getMany();
        const found = new Map(rows.map((row) => [row.id, row]));
        return ids.map((id) => found.get(id) ?? null);
      }),
    );
  }

  /** Rows grouped by a column (e.g. seizures by interdiction id), in one statement per batch. */
  groupedBy<T extends ObjectLiteral>(entity: ClassType<T>, column: keyof T & string, order?: Record<string, 'ASC' | 'DESC'>): DataLoader<string, T[]> {
    return this.get(`groupedBy:${entity.name}.${column}`, () =>
      new DataLoader<string, T[]>(async (keys) => {
        const databaseColumn = this.db.metadata(entity).findColumnWithPropertyName(column)!.databaseName;
        const query = this.db.getRepository(entity).createQueryBuilder('r').where(`r.${databaseColumn} IN (:...keys)`, { keys: [...keys] });
        for (const [property, direction] of Object.entries(order ?? {})) query.addOrderBy(`r.${property}`, direction);
        const rows = await query.getMany();
        const groups = new Map<string, T[]>(keys.map((key) => [key, []]));
        for (const row of rows) groups.get(row[column])?.push(row);
        return keys.map((key) => groups.get(key)!);
      }),
    );
  }

  /**
   * A connection field on many parents: one statement pages the ids, then the entity loader
   * fetches the rows. Loaders are keyed by the list and its arguments, since those shape the SQL.
   */
  async connection<T extends ObjectLiteral & { id: string }, A>(
    list: ListDefinition<T, A>,
    parentId: string,
    args: PageArgs & A,
    gathering: readonly string[] = [],
  ): Promise<ConnectionShape<T>> {
    const window = pageWindow(args);
    const key = `connection:${list.name}:${JSON.stringify(args)}`;
    const pages = this.get<string, ParentPage>(key, () =>
      new DataLoader(async (keys) => {
        const query = list.query(args);
        const gathered = new Map(keys.map((k) => [k, k.split(GATHER)]));
        const byParent = await pageByParent(this.db, { ...query, handling: this.handled(list.entity) ? query.handling ?? query.idColumn.split('.')[0] : undefined }, keys, window, gathered);
        return keys.map((k) => byParent.get(k)!);
      }),
    );
    // A parent that gathers others' rows (a person others were merged into) is a batch key of its own.
    const others = gathering.filter((id) => id !== parentId);
    const page = await pages.load(others.length ? [parentId, ...[...others].sort()].join(GATHER) : parentId);
    // A notice tells the owner that someone asked about a subject; browsing a top-level list asks about none.
    if (parentId !== ROOT) for (const w of page.withheld) this.withheld.push({ agency: w.agency, recordType: list.entity.name, subjectId: parentId, records: w.records });
    const nodes = await this.byId(list.entity).loadMany(page.ids);
    return {
      ...toConnection({
        nodes: nodes.filter((node): node is T => node !== null && !(node instanceof Error)),
        totalCount: page.totalCount,
        offset: window.offset,
      }),
      pointers: page.pointers,
    };
  }

  /** A top-level list (no parent): the same machinery with a single constant parent. */
  root<T extends ObjectLiteral & { id: string }, A>(list: ListDefinition<T, A>, args: PageArgs & A): Promise<ConnectionShape<T>> {
    return this.connection(list, ROOT, args);
  }
}

/** Separates a parent's id from the ids it gathers, in a page loader's key (ids never contain it). */
const GATHER = '+';

/** Top-level lists use this as their parent column and parent id. */
export const ROOT = 'root';
export const ROOT_COLUMN = `'${ROOT}'::text`;

/** A list a subgraph serves: its name (for loader keys), its entity, and the SQL for given arguments. */
export interface ListDefinition<T extends object, A = Record<string, never>> {
  name: string;
  entity: ClassType<T>;
  query: (args: A) => ListQuery;
}
