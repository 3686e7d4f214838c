import type { MigrationInterface, QueryRunner } from 'typeorm';
import { normalizeAddress, normalizeEmail, normalizePlate, searchForm, selectorId, SelectorKind } from './normalize';

/** A stored selector: its id and the canonical value and display it was stored with. */
interface StoredSelector {
  id: string;
  kind: string;
  value: string;
  display: string;
}

/**
 * The same selector under today's rules, or null when they spell it as it is stored. It is read back
 * from the stored value, which is the same in every database that holds the selector (a display is
 * each record's own text), so every database moves it to the same id: plates from PLATE:<issuer>:<plate>,
 * addresses and e-mail addresses from their canonical text, which today's rules read as its own
 * spelling. Phones, VINs, documents and accounts kept their rules.
 */
export function respelled(stored: StoredSelector): { id: string; value: string; display: string } | null {
  let now: { value: string; display: string };
  try {
    if (stored.kind === SelectorKind.VEHICLE && stored.value.startsWith('PLATE:')) {
      const [, issuer, plate] = stored.value.split(':');
      now = normalizePlate(plate, issuer, 'plate');
    } else if (stored.kind === SelectorKind.ADDRESS) {
      now = normalizeAddress(stored.value, 'address');
    } else if (stored.kind === SelectorKind.EMAIL) {
      now = normalizeEmail(stored.value, 'email');
    } else {
      return null;
    }
  } catch {
    return null; // a value today's rules refuse keeps its old form
  }
  if (now.value === stored.value) return null;
  // A plate's display follows from its value; an address or e-mail address keeps the text it was given.
  return { id: selectorId({ kind: stored.kind as SelectorKind, value: now.value }), value: now.value, display: stored.kind === SelectorKind.VEHICLE ? now.display : stored.display };
}

/** The kinds whose rules changed since values were first stored. */
const RESPELLED_KINDS = `'VEHICLE', 'ADDRESS', 'EMAIL'`;

/** Agency tables naming selectors: one row per record and selector, keyed by the record's columns. */
const RECORD_SELECTOR_TABLES: { table: string; record: string[] }[] = [
  { table: 'interdiction_selector', record: ['interdiction_id'] },
  { table: 'case_subject_selector', record: ['case_id', 'person_id'] },
  { table: 'border_crossing_selector', record: ['crossing_id'] },
  { table: 'travel_restriction_selector', record: ['restriction_id'] },
];

/**
 * Selector ids derive from the canonical value, so when the normalisation rules change, values stored
 * under the old rules must move to the ids a lookup computes now: otherwise "ABC1234 (US-AZ)" written
 * last week is not found as US-AZ today. In each database, the tables it has:
 * - agency records' selector rows (a record that named both spellings keeps one row);
 * - the registry's selector and its links (two links of one subject and agency become one, its window
 *   the union of both);
 * - deconfliction's watches and planned operations, with their keys in the matching structure, so
 *   that a watch set on the old spelling still hears of records on the new one.
 * Running it again finds nothing to move: each rule change adds a migration that calls it.
 */
export async function respellStoredSelectors(q: QueryRunner): Promise<void> {
  const present = new Set((await q.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()`) as { table_name: string }[]).map((t) => t.table_name));
  for (const { table, record } of RECORD_SELECTOR_TABLES.filter((t) => present.has(t.table))) {
    const stored: StoredSelector[] = await q.query(`SELECT DISTINCT ON (selector_id) selector_id::text AS id, kind, value, display FROM ${table} WHERE kind IN (${RESPELLED_KINDS})`);
    for (const selector of stored) {
      const now = respelled(selector);
      if (!now) continue;
      const sameRecord = record.map((column) => `n.${column} = o.${column}`).join(' AND ');
      await q.query(`DELETE FROM ${table} o WHERE o.selector_id = $1 AND EXISTS (SELECT 1 FROM ${table} n WHERE n.selector_id = $2 AND ${sameRecord})`, [selector.id, now.id]);
      // An address's row keeps its own display, the text its record gave; a plate's follows its value.
      await q.query(`UPDATE ${table} SET selector_id = $2, value = $3, display = CASE WHEN kind = 'VEHICLE' THEN $4 ELSE display END WHERE selector_id = $1`, [selector.id, now.id, now.value, now.display]);
    }
  }
  if (present.has('selector') && present.has('selector_link')) await respellRegistry(q);
  if (present.has('watch') && present.has('planned_operation') && present.has('deconfliction_interest_key')) await respellDeconfliction(q);
}

async function respellRegistry(q: QueryRunner): Promise<void> {
  const stored: StoredSelector[] = await q.query(`SELECT id::text, kind, value, display FROM selector WHERE kind IN (${RESPELLED_KINDS})`);
  for (const selector of stored) {
    const now = respelled(selector);
    if (!now) continue;
    await q.query(`INSERT INTO selector (id, kind, value, display, search) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [now.id, selector.kind, now.value, now.display, searchForm(now.value)]);
    const sameSubject = `n.provenance_agency = o.provenance_agency AND n.person_id IS NOT DISTINCT FROM o.person_id AND n.organization_id IS NOT DISTINCT FROM o.organization_id`;
    await q.query(`UPDATE selector_link n SET first_seen = least(n.first_seen, o.first_seen), last_seen = greatest(n.last_seen, o.last_seen),
                          latitude = coalesce(n.latitude, o.latitude), longitude = coalesce(n.longitude, o.longitude)
                     FROM selector_link o WHERE o.selector_id = $1 AND n.selector_id = $2 AND ${sameSubject}`, [selector.id, now.id]);
    await q.query(`DELETE FROM selector_link o WHERE o.selector_id = $1 AND EXISTS (SELECT 1 FROM selector_link n WHERE n.selector_id = $2 AND ${sameSubject})`, [selector.id, now.id]);
    await q.query(`UPDATE selector_link SET selector_id = $2 WHERE selector_id = $1`, [selector.id, now.id]);
    await q.query(`DELETE FROM selector WHERE id = $1`, [selector.id]);
  }
}

/** An interest's key moves with its selector; one that holds both spellings keeps one key. */
async function moveInterestKey(q: QueryRunner, interestId: string, from: string, to: string): Promise<void> {
  await q.query(`DELETE FROM deconfliction_interest_key WHERE interest_id = $1 AND key = $2 AND EXISTS (SELECT 1 FROM deconfliction_interest_key WHERE interest_id = $1 AND key = $3)`, [interestId, from, to]);
  await q.query(`UPDATE deconfliction_interest_key SET key = $3 WHERE interest_id = $1 AND key = $2 AND key_kind = 'SELECTOR'`, [interestId, from, to]);
}

async function respellDeconfliction(q: QueryRunner): Promise<void> {
  const watches: (StoredSelector & { watch: string })[] = await q.query(
    `SELECT id::text AS watch, selector_id::text AS id, selector_kind AS kind, selector_value AS value, selector_display AS display
       FROM watch WHERE selector_kind IN (${RESPELLED_KINDS})`);
  for (const watch of watches) {
    const now = respelled(watch);
    if (!now) continue;
    await q.query(`UPDATE watch SET selector_id = $2, selector_value = $3, selector_display = $4 WHERE id = $1`, [watch.watch, now.id, now.value, now.display]);
    await moveInterestKey(q, watch.watch, watch.id, now.id);
  }
  const operations: { id: string; selectors: StoredSelector[] }[] = await q.query(
    `SELECT id::text, selectors FROM planned_operation WHERE EXISTS (SELECT 1 FROM jsonb_array_elements(selectors) s WHERE s->>'kind' IN (${RESPELLED_KINDS}))`);
  for (const operation of operations) {
    const moves = operation.selectors.map((selector) => ({ selector, now: respelled(selector) }));
    if (!moves.some((m) => m.now)) continue;
    const selectors = [...new Map(moves.map(({ selector, now }) => now ? { ...selector, ...now } : selector).map((s) => [s.id, s])).values()];
    await q.query(`UPDATE planned_operation SET selectors = $2 WHERE id = $1`, [operation.id, JSON.stringify(selectors)]);
    for (const { selector, now } of moves) if (now) await moveInterestKey(q, operation.id, selector.id, now.id);
  }
}

/** A migration that moves stored selectors to today's rules: one per rule change, each named for it. */
export function respellingMigration(name: string): new () => MigrationInterface {
  return class implements MigrationInterface {
    name = name;

    async up(q: QueryRunner): Promise<void> {
      await respellStoredSelectors(q);
    }

    async down(): Promise<void> {
      // The old spellings are not kept: a respelled selector is the same thing under its one id now.
    }
  };
}

/** The first rule changes: plate jurisdictions in one form, address unit designators and number words. */
export const SelectorRespelling1732200000910 = respellingMigration('SelectorRespelling1732200000910');

/**
 * State names closing an address as their codes ("Nogales, Sonora" is "Nogales, SON"), a country after
 * them dropped, plate countries by ISO code (GT is GTM); the watches and operations the first left, too.
 */
export const AddressStateRespelling1732200000920 = respellingMigration('AddressStateRespelling1732200000920');

/**
 * Post office boxes as PO BOX, "Av." as AVE in either language, a ZIP+4 written with a space and a
 * country between state and ZIP dropped; e-mail addresses pasted with a name, brackets, mailto: or
 * a final dot.
 */
export const AddressEmailRespelling1732200000940 = respellingMigration('AddressEmailRespelling1732200000940');
