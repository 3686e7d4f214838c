import { ClassType, Directive, Field, InputType, ObjectType } from 'type-graphql';
import { UUID } from '../graphql/scalars';
import './input'; // registers SelectorKind
import { badUserInput } from '../graphql/errors';
import { IdentityDocumentType, normalizeAddress, normalizeEmail, normalizeIdentityDocument, normalizePhone, normalizePlate, normalizeVin, selectorId, SelectorKind } from './normalize';
import type { IdentifiedSelector } from './input';
import { Column, Index, MigrationInterface, PrimaryColumn, QueryRunner } from 'typeorm';
import { guardTable } from '../database/row-security';

/**
 * The registry's `Selector` as an agency subgraph knows it: the key, and the kind, value and display
 * form, which every subgraph holding a record on the selector can tell (they follow from the value),
 * so a selector an agency alone has seen still reads whole. Each agency declares its own class of it
 * (`subgraphs/<name>/selector/selector.ts`, as with `Person`), since type-graphql gathers field
 * resolvers by class: a shared class would carry one agency's fields into another's schema.
 */
export interface SelectorReference {
  id: string;
  kind: SelectorKind;
  value: string;
  display: string;
}

/** A class of its own of the registry's `Selector`, for one agency subgraph to add its records to. */
export function agencySelectorType(): ClassType<SelectorReference> {
  @ObjectType('Selector', { description: 'A phone, e-mail address, vehicle, address, identity document or account that ties records together, normalised.' })
  @Directive('@key(fields: "id")')
  class Selector implements SelectorReference {
    @Field(() => UUID)
    id!: string;

    @Field(() => SelectorKind)
    @Directive('@shareable')
    kind!: SelectorKind;

    @Field()
    @Directive('@shareable')
    value!: string;

    @Field()
    @Directive('@shareable')
    display!: string;
  }
  return Selector;
}

export const asReference = (row: { selectorId: string; kind: string; value: string; display: string }): SelectorReference =>
  ({ id: row.selectorId, kind: row.kind as SelectorKind, value: row.value, display: row.display });

/**
 * A selector an agency is asked about by its key. The lists an agency hangs on a selector need its id
 * alone, so its kind, value and display are read from the agency's own records only when the query
 * asks for one of them (once, whichever is asked first): a lookup of what the agency holds costs no
 * statement for them. Found nowhere in its records, the agency tells none of them.
 */
export function selectorByKey<T extends SelectorReference>(type: ClassType<T>, id: string, find: () => Promise<SelectorReference | undefined>): T {
  let found: Promise<SelectorReference | undefined> | undefined;
  const part = (key: 'kind' | 'value' | 'display') => ({ enumerable: true, get: () => (found ??= find()).then((selector) => selector?.[key]) });
  // An instance of the agency's class already, so that type-graphql hands it to field resolvers as it
  // is rather than copying it (a copy would read every part, and so ask the database).
  return Object.defineProperties(Object.create(type.prototype), {
    id: { value: id, enumerable: true },
    kind: part('kind'),
    value: part('value'),
    display: part('display'),
  });
}

/**
 * A record's selector row as an entity: the selector and its kind, value and display form as the record
 * wrote them, and its role in the record. Each agency's entity adds the record's own key columns.
 */
export abstract class RecordSelectorRow {
  @Index()
  @PrimaryColumn('uuid')
  selectorId!: string;

  @Column('text')
  kind!: string;

  @Column('text')
  value!: string;

  @Column('text')
  display!: string;

  @Column('text', { comment: 'What the selector was in the record: VEHICLE, PHONE_SEIZED, STASH_HOUSE, PHONE, DOCUMENT, ...' })
  role!: string;
}

/** The columns of a record's selector rows (the record's own key columns come first). */
export const RECORD_SELECTOR_COLUMNS = `selector_id uuid NOT NULL, kind text NOT NULL, value text NOT NULL, display text NOT NULL, role text NOT NULL`;

@InputType({ description: 'A vehicle: its plate with the issuing state or country, its VIN, or both.' })
export class VehicleInput {
  @Field(() => String, { nullable: true, description: 'As written on the plate; separators and case do not matter.' })
  plate?: string;

  @Field(() => String, { nullable: true, description: 'Who issued the plate: a US or Mexican state (AZ, MX-SON) or a country (MEX).' })
  jurisdiction?: string;

  @Field(() => String, { nullable: true, description: '17 characters; the check digit of North American VINs is verified.' })
  vin?: string;
}

@InputType({ description: 'An identity document: its type, issuing country and number.' })
export class IdentityDocumentInput {
  @Field(() => IdentityDocumentType)
  type!: IdentityDocumentType;

  @Field({ description: 'ISO 3166-1 alpha-3 (MEX, USA).' })
  issuingCountry!: string;

  @Field()
  number!: string;
}

/** A selector with the part it plays in the record (PHONE_SEIZED, VEHICLE, STASH_HOUSE, ...). */
export interface RecordSelector extends IdentifiedSelector {
  role: string;
  /** An address's place, where the record gives one (its table then has latitude and longitude). */
  location?: { latitude: number; longitude: number };
}

const identified = (selector: ReturnType<typeof normalizePhone>, role: string): RecordSelector => ({ ...selector, id: selectorId(selector), role });

/** A vehicle's plate and VIN selectors (either or both). */
export function vehicleSelectors(input: VehicleInput | null | undefined, field: string, role = 'VEHICLE'): RecordSelector[] {
  if (!input) return [];
  if (!input.plate && !input.vin) throw badUserInput(`${field}: give the plate (with its jurisdiction), the VIN, or both.`, field);
  if (input.plate && !input.jurisdiction) throw badUserInput(`${field}.jurisdiction: a plate needs the state or country that issued it (AZ, MX-SON, MEX).`, `${field}.jurisdiction`);
  return [
    ...(input.plate ? [identified(normalizePlate(input.plate, input.jurisdiction!, `${field}.plate`, `${field}.jurisdiction`), role)] : []),
    ...(input.vin ? [identified(normalizeVin(input.vin, `${field}.vin`), role)] : []),
  ];
}

export function documentSelectors(input: IdentityDocumentInput | null | undefined, field: string, role = 'DOCUMENT'): RecordSelector[] {
  return input ? [identified(normalizeIdentityDocument(input.type, input.issuingCountry, input.number, field), role)] : [];
}

const listOf = (values: string[] | null | undefined, field: string, max: number): string[] => {
  if ((values?.length ?? 0) > max) throw badUserInput(`"${field}" names ${values!.length} values; at most ${max} are allowed.`, field);
  return values ?? [];
};
export const phoneSelectors = (values: string[] | null | undefined, field: string, role = 'PHONE', region?: string) =>
  listOf(values, field, 50).map((v, i) => identified(normalizePhone(v, `${field}[${i}]`, region), role));
export const emailSelectors = (values: string[] | null | undefined, field: string, role = 'EMAIL') =>
  listOf(values, field, 50).map((v, i) => identified(normalizeEmail(v, `${field}[${i}]`), role));
export const addressSelector = (value: string, field: string, role = 'ADDRESS') => identified(normalizeAddress(value, field), role);
export const addressSelectors = (values: string[] | null | undefined, field: string, role = 'ADDRESS') =>
  listOf(values, field, 20).map((v, i) => addressSelector(v, `${field}[${i}]`, role));

/** One row per selector (a selector named twice in a record keeps its first role). */
export function distinctSelectors(selectors: RecordSelector[]): RecordSelector[] {
  return [...new Map(selectors.reverse().map((s) => [s.id, s])).values()].reverse();
}

/** What an outbox event carries of a record's selectors (deconfliction matches on them). */
export const eventSelectors = (selectors: IdentifiedSelector[]) => selectors.map((s) => ({ id: s.id, kind: s.kind, value: s.value }));

/** Inserts a record's selector rows (`keys`: the record's own key columns and values). */
export async function insertRecordSelectors(tx: { query(sql: string, params?: unknown[]): Promise<unknown> }, table: string, keys: Record<string, string>, selectors: RecordSelector[]): Promise<void> {
  if (!selectors.length) return;
  const keyColumns = Object.keys(keys);
  const placed = selectors.some((s) => s.location);
  const columns = [...keyColumns, 'selector_id', 'kind', 'value', 'display', 'role', ...(placed ? ['latitude', 'longitude'] : [])];
  const params: unknown[] = [];
  const rows = selectors.map((s) => {
    const values = [...keyColumns.map((k) => keys[k]), s.id, s.kind, s.value, s.display, s.role, ...(placed ? [s.location?.latitude ?? null, s.location?.longitude ?? null] : [])];
    return `(${values.map((v) => { params.push(v); return `$${params.length}`; }).join(', ')})`;
  });
  await tx.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${rows.join(', ')} ON CONFLICT DO NOTHING`, params);
}

export interface RecordSelectorTable {
  /** `<record>_selector`. */
  table: string;
  /** The record's key columns, `interdiction_id uuid NOT NULL` (they come first in the primary key). */
  keys: string[];
  /** The record whose visibility the rows inherit: they exist for a caller only while it does. */
  parent: { table: string; column: string };
  /** Who may add rows (besides seeing the record): by default the agency that owns the record. */
  insert?: string;
}

/**
 * The table of a record's selectors: no labels of its own, it inherits its record's visibility
 * (row security's EXISTS on the parent), created and guarded in one migration; indexed by selector,
 * since `Selector`'s fields list records from it.
 */
export function recordSelectorsMigration(name: string, spec: RecordSelectorTable): new () => MigrationInterface {
  return class implements MigrationInterface {
    name = name;

    async up(q: QueryRunner): Promise<void> {
      const keyNames = spec.keys.map((k) => k.split(' ')[0]);
      await q.query(`CREATE TABLE ${spec.table} (${spec.keys.join(', ')}, ${RECORD_SELECTOR_COLUMNS}, PRIMARY KEY (${[...keyNames, 'selector_id'].join(', ')}))`);
      await q.query(`CREATE INDEX ${spec.table}_by_selector ON ${spec.table} (selector_id)`);
      const own = `EXISTS (SELECT 1 FROM ${spec.parent.table} r WHERE r.id = ${spec.table}.${spec.parent.column} AND r.provenance_agency = unity_agency())`;
      for (const statement of guardTable({ table: spec.table, labelled: false, parents: [spec.parent], insert: spec.insert ?? own })) await q.query(statement);
    }

    async down(q: QueryRunner): Promise<void> {
      await q.query(`DROP TABLE ${spec.table}`);
    }
  };
}
