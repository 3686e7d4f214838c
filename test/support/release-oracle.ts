import { buildASTSchema, FieldNode, getNamedType, GraphQLSchema, isObjectType, Kind, parse, print, SelectionSetNode, TypeInfo, visit, visitWithTypeInfo } from 'graphql';
import fs from 'node:fs';
import path from 'node:path';
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

/** Where the records of each GraphQL type live: the subgraph and table whose rows the type shows. */
export const RECORD_TABLES: Record<string, { subgraph: string; table: string }> = {
  Organization: { subgraph: 'targets', table: 'organization' },
  Person: { subgraph: 'targets', table: 'person' },
  Membership: { subgraph: 'targets', table: 'membership' },
  Association: { subgraph: 'targets', table: 'association' },
  Interdiction: { subgraph: 'interdictions', table: 'interdiction' },
  Case: { subgraph: 'investigations', table: 'investigation_case' },
  Arrest: { subgraph: 'investigations', table: 'arrest' },
  Indictment: { subgraph: 'investigations', table: 'indictment' },
  SanctionsDesignation: { subgraph: 'finance', table: 'sanctions_designation' },
  FinancialAccount: { subgraph: 'finance', table: 'financial_account' },
  AssetSeizure: { subgraph: 'finance', table: 'asset_seizure' },
  TravelRestriction: { subgraph: 'travel', table: 'travel_restriction' },
  BorderCrossing: { subgraph: 'travel', table: 'border_crossing' },
  SelectorLink: { subgraph: 'targets', table: 'selector_link' },
  PlannedOperation: { subgraph: 'deconfliction', table: 'planned_operation' },
  Watch: { subgraph: 'deconfliction', table: 'watch' },
};

/**
 * A list field of a person or an organization, as the owner reads it: the table of the listed
 * records (alias `r`), the joins that tie them to the parent (`parent` is the column holding the
 * parent's id), and the joined records whose release the list depends on (the case of an arrest).
 */
interface ListShape {
  type: string;
  from: string;
  parent: string;
  /** Joined records (alias: table) that must be released for a row to be listed or counted. */
  joined?: Record<string, string>;
}

const LISTS: Record<string, ListShape> = {
  'Organization.affiliates': { type: 'Organization', from: 'organization r', parent: 'r.parent_id' },
  'Organization.members': { type: 'Membership', from: 'membership r', parent: 'r.organization_id' },
  'Person.memberships': { type: 'Membership', from: 'membership r', parent: 'r.person_id' },
  'Person.associates': { type: 'Association', from: '(SELECT *, person_id AS party FROM association UNION ALL SELECT *, associate_id FROM association) r', parent: 'r.party' },
  'Organization.interdictions': { type: 'Interdiction', from: 'interdiction r', parent: 'r.organization_id' },
  'Person.interdictions': { type: 'Interdiction', from: 'interdiction r JOIN interdiction_subject s ON s.interdiction_id = r.id', parent: 's.person_id' },
  'Organization.cases': { type: 'Case', from: 'investigation_case r', parent: 'r.organization_id' },
  'Person.cases': { type: 'Case', from: 'investigation_case r JOIN case_subject s ON s.case_id = r.id', parent: 's.person_id' },
  'Organization.arrests': { type: 'Arrest', from: 'arrest r JOIN investigation_case c ON c.id = r.case_id', parent: 'c.organization_id', joined: { c: 'investigation_case' } },
  'Person.arrests': { type: 'Arrest', from: 'arrest r JOIN investigation_case c ON c.id = r.case_id', parent: 'r.person_id', joined: { c: 'investigation_case' } },
  'Person.indictments': { type: 'Indictment', from: 'indictment r JOIN indictment_defendant d ON d.indictment_id = r.id JOIN investigation_case c ON c.id = r.case_id', parent: 'd.person_id', joined: { c: 'investigation_case' } },
  'Organization.sanctions': { type: 'SanctionsDesignation', from: 'sanctions_designation r', parent: 'r.organization_id' },
  'Person.sanctions': { type: 'SanctionsDesignation', from: 'sanctions_designation r', parent: 'r.person_id' },
  'Organization.accounts': { type: 'FinancialAccount', from: 'financial_account r', parent: 'r.organization_id' },
  'Person.accounts': { type: 'FinancialAccount', from: 'financial_account r', parent: 'r.holder_id' },
  'Organization.assetSeizures': { type: 'AssetSeizure', from: 'asset_seizure r', parent: 'r.organization_id' },
  'Person.assetSeizures': { type: 'AssetSeizure', from: 'asset_seizure r', parent: 'r.person_id' },
  'Organization.travelRestrictions': { type: 'TravelRestriction', from: 'travel_restriction r', parent: 'r.organization_id' },
  'Person.travelRestrictions': { type: 'TravelRestriction', from: 'travel_restriction r', parent: 'r.person_id' },
  'Person.crossings': { type: 'BorderCrossing', from: 'border_crossing r', parent: 'r.person_id' },
};

/** What a list of a parent should show an agency: the released records, and who holds POINTER records it may not see. */
export interface ExpectedList {
  ids: Set<string>;
  /** POINTER records not released to the agency, by holding agency. */
  pointers: Map<string, number>;
}

/** A record the gateway showed: its type and id (and for a network node, which kind). */
export interface ShownRecord {
  type: string;
  id: string;
  path: string;
}

/** The oracle over a running system's databases, read as their owner. */
export class ReleaseOracle {
  /** How much `differences` has compared: records shown, lists, lists shown whole, lists naming POINTER holders. */
  readonly checked = { records: 0, lists: 0, completeLists: 0, pointerHolders: 0 };

  private constructor(private readonly databases: Record<string, Queryable>, private readonly tables: Record<string, Map<string, GuardedTable>>) {}

  static async open(databases: Record<string, Queryable>): Promise<ReleaseOracle> {
    const tables: Record<string, Map<string, GuardedTable>> = {};
    for (const [name, db] of Object.entries(databases)) tables[name] = new Map((await labelledTables(db)).map((t) => [t.table, t]));
    return new ReleaseOracle(databases, tables);
  }

  private home(type: string): { db: Queryable; table: GuardedTable } {
    const where = RECORD_TABLES[type];
    if (!where) throw new Error(`the oracle does not know where ${type} records live: add it to RECORD_TABLES`);
    const table = this.tables[where.subgraph].get(where.table);
    if (!table) throw new Error(`${where.subgraph}.${where.table} is not a labelled table`);
    return { db: this.databases[where.subgraph], table };
  }

  /** Of these ids of `type`, the ones released to `agency`. */
  async released(type: string, ids: string[], agency: string): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const { db, table } = this.home(type);
    const rows = await db.query(`SELECT t.id FROM ${table.table} t WHERE t.id = ANY($1::uuid[]) AND ${releasedRowCondition(table, agency, 't')}`, [ids]);
    return new Set(rows.map((r: { id: string }) => r.id));
  }

  /** Ids of `type` to try: every POINTER and RESTRICTED record, and every `openEvery`-th OPEN one (a stable sample). */
  async sample(type: string, openEvery: number, extra: string[] = []): Promise<{ id: string; sensitivity: string }[]> {
    const { db, table } = this.home(type);
    return db.query(`
      SELECT id::text, handling_sensitivity AS sensitivity FROM (
        SELECT id, handling_sensitivity, row_number() OVER (PARTITION BY handling_sensitivity ORDER BY md5(id::text)) AS n FROM ${table.table}) s
       WHERE handling_sensitivity <> 'OPEN' OR n % ${openEvery} = 1 ${extra.length ? `OR id = ANY(ARRAY[${extra.map((e) => `'${e.replace(/[^0-9a-f-]/g, '')}'`).join(',')}]::uuid[])` : ''}
       ORDER BY id`);
  }

  /** Runs SQL as the owner of a subgraph's database. */
  query(subgraph: string, sql: string, params?: unknown[]): Promise<any[]> {
    return this.databases[subgraph].query(sql, params);
  }

  /** Whether the oracle knows what this list field should hold. */
  knowsList(field: string): boolean {
    return field in LISTS;
  }

  /** What `Parent.field` of `parentId` should show `agency`. */
  async expectedList(field: string, parentId: string, agency: string): Promise<ExpectedList> {
    const shape = LISTS[field];
    const { db, table } = this.home(shape.type);
    const joined = Object.entries(shape.joined ?? {}).map(([alias, name]) => releasedRowCondition(this.tables[RECORD_TABLES[shape.type].subgraph].get(name)!, agency, alias, 10));
    const rows: { id: string; released: boolean; own: boolean; sensitivity: string; agency: string }[] = await db.query(`
      SELECT DISTINCT r.id::text, (${releasedRowCondition(table, agency, 'r')}) AS released, (${releasedToSql(agency, 'r')}) AS own,
             r.handling_sensitivity AS sensitivity, r.provenance_agency AS agency
        FROM ${shape.from} WHERE ${shape.parent} = $1 AND ${joined.join(' AND ') || 'true'}`, [parentId]);
    const expected: ExpectedList = { ids: new Set(), pointers: new Map() };
    for (const row of rows) {
      if (row.released) expected.ids.add(row.id);
      // A POINTER record whose own labels keep it from the agency: its holder is named (its other ends may be hidden too).
      else if (row.sensitivity === 'POINTER' && !row.own) expected.pointers.set(row.agency, (expected.pointers.get(row.agency) ?? 0) + 1);
    }
    return expected;
  }

  /**
   * Every difference between what the gateway showed `agency` and what is released to it: each
   * record shown must be released; each list of a person or organization must hold exactly the
   * released records (all of them when the page holds the total) and name exactly the holders of
   * POINTER records it may not see.
   */
  async differences(data: unknown, agency: string): Promise<string[]> {
    const found: string[] = [];
    const shown = recordsIn(data);
    const byType = new Map<string, ShownRecord[]>();
    for (const record of shown) byType.set(record.type, [...(byType.get(record.type) ?? []), record]);
    for (const [type, records] of byType) {
      const released = await this.released(type, [...new Set(records.map((r) => r.id))], agency);
      this.checked.records += records.length;
      for (const record of records) if (!released.has(record.id)) found.push(`${record.path}: ${type} ${record.id} is shown to ${agency} but not released to it`);
    }
    for (const list of listsIn(data)) {
      if (!this.knowsList(list.field)) continue;
      const expected = await this.expectedList(list.field, list.parentId, agency);
      this.checked.lists++;
      this.checked.pointerHolders += expected.pointers.size;
      if (list.totalCount !== undefined && list.totalCount !== expected.ids.size) found.push(`${list.path}: totalCount ${list.totalCount}, but ${expected.ids.size} records are released to ${agency}`);
      if (list.ids) {
        // Whole when the page holds the total the answer claims (a wrong total is reported above): then it must hold every released record.
        const complete = list.ids.length >= (list.totalCount ?? expected.ids.size);
        for (const id of list.ids) if (!expected.ids.has(id)) found.push(`${list.path}: lists ${id}, not released to ${agency}`);
        if (complete) this.checked.completeLists++;
        if (complete) for (const id of expected.ids) if (!list.ids.includes(id)) found.push(`${list.path}: hides ${id}, released to ${agency}`);
      }
      if (list.pointers) {
        const got = new Map<string, number>();
        for (const p of list.pointers) got.set(p.agency, (got.get(p.agency) ?? 0) + p.records);
        const show = (m: Map<string, number>) => JSON.stringify([...m].sort());
        if (show(got) !== show(expected.pointers)) found.push(`${list.path}: pointers ${show(got)} for ${agency}, expected ${show(expected.pointers)}`);
      }
    }
    return found;
  }
}

/** Every record in a response: each object with an id and a __typename the oracle maps to a table (a network node by its kind). */
export function recordsIn(data: unknown, path = ''): ShownRecord[] {
  if (Array.isArray(data)) return data.flatMap((item, i) => recordsIn(item, `${path}[${i}]`));
  if (!data || typeof data !== 'object') return [];
  const object = data as Record<string, unknown>;
  const own: ShownRecord[] = [];
  const type = object.__typename === 'NetworkNode' ? (object.kind === 'PERSON' ? 'Person' : object.kind === 'ORGANIZATION' ? 'Organization' : undefined) : object.__typename;
  if (typeof type === 'string' && typeof object.id === 'string' && RECORD_TABLES[type]) own.push({ type, id: object.id, path: path || '.' });
  return own.concat(Object.entries(object).flatMap(([key, value]) => recordsIn(value, `${path}.${key}`)));
}

interface ShownList {
  field: string;
  parentId: string;
  path: string;
  totalCount?: number;
  ids?: string[];
  pointers?: { agency: string; records: number }[];
}

/** Every connection of a person or an organization in a response, with the ids it listed. */
export function listsIn(data: unknown, path = ''): ShownList[] {
  if (Array.isArray(data)) return data.flatMap((item, i) => listsIn(item, `${path}[${i}]`));
  if (!data || typeof data !== 'object') return [];
  const object = data as Record<string, any>;
  const lists: ShownList[] = [];
  if ((object.__typename === 'Person' || object.__typename === 'Organization') && typeof object.id === 'string') {
    for (const [field, value] of Object.entries(object)) {
      if (!value || typeof value !== 'object' || !('edges' in value || 'totalCount' in value || 'pointers' in value)) continue;
      lists.push({
        field: `${object.__typename}.${field}`, parentId: object.id, path: `${path}.${field}`,
        totalCount: typeof value.totalCount === 'number' ? value.totalCount : undefined,
        ids: Array.isArray(value.edges) && value.edges.every((e: any) => typeof e?.node?.id === 'string') ? value.edges.map((e: any) => e.node.id) : undefined,
        pointers: Array.isArray(value.pointers) ? value.pointers : undefined,
      });
    }
  }
  return lists.concat(Object.entries(object).flatMap(([key, value]) => listsIn(value, `${path}.${key}`)));
}

/** The composed schema, as clients see its types (schema/supergraph.graphql). */
export function composedSchema(): GraphQLSchema {
  return buildASTSchema(parse(fs.readFileSync(path.resolve(__dirname, '../../schema/supergraph.graphql'), 'utf8')), { assumeValidSDL: true });
}

const field = (name: string): FieldNode => ({ kind: Kind.FIELD, name: { kind: Kind.NAME, value: name } });

/**
 * The document as the oracle asks it: every selection also asks `__typename`, and `id` where its
 * type has one, so that every record in the answer can be named and checked.
 */
export function withRecordIdentity(document: string, schema: GraphQLSchema): string {
  const typeInfo = new TypeInfo(schema);
  const edited = visit(parse(document), visitWithTypeInfo(typeInfo, {
    SelectionSet: {
      leave(node: SelectionSetNode) {
        const type = typeInfo.getParentType();
        const has = (name: string) => node.selections.some((s) => s.kind === Kind.FIELD && !s.alias && s.name.value === name);
        const extra: FieldNode[] = [];
        if (!has('__typename')) extra.push(field('__typename'));
        if (type && isObjectType(type) && type.getFields().id && !has('id')) extra.push(field('id'));
        return extra.length ? { ...node, selections: [...node.selections, ...extra] } : undefined;
      },
    },
  }));
  return print(edited);
}

/**
 * Query fields that take an id or a business key: an argument of type UUID or ID, or named for an
 * id or number (caseNumber, rootId, organizationId...).
 */
export function keyedQueryFields(schema: GraphQLSchema): string[] {
  return Object.values(schema.getQueryType()!.getFields())
    .filter((f) => f.args.some((a) => ['UUID', 'ID'].includes(getNamedType(a.type).name) || /(Id|Ids|Number|Key)$/.test(a.name)))
    .map((f) => f.name).sort();
}
