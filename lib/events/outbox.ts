import crypto from 'node:crypto';
import { DataSource, EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import type { Handling } from '../handling/labels';
import { guardTable } from '../database/row-security';
import { touch } from '../database/change-feed';
import { selectorId } from '../selectors/normalize';

/**
 * A domain event: something an agency recorded or changed, described for those who must learn of
 * it (deconfliction, watches). It carries what events are matched on (the registry's subjects, the
 * selectors involved, the place and time) and the record's handling labels, so that every notice
 * it causes obeys them. `details` holds the few facts a notice may show when the labels allow.
 */
export interface DomainEvent {
  /** `<record>.<what happened>`, e.g. `interdiction.recorded`, `case.subject_added`. */
  type: string;
  recordType: string;
  recordId: string;
  /** The agency that caused it (the caller's). */
  agency: string;
  subjects: { persons: string[]; organizations: string[] };
  /**
   * Other records whose lists this one appears in, beyond its subjects (the case of an arrest, the
   * parent of an organization): announced with the change, so cached answers listing them are dropped.
   */
  hangsOn?: (string | null | undefined)[];
  /** Normalised selectors the record involves (kind and normalised value; `id` is selectorId() of them, for consumers that key on it). */
  selectors?: { id?: string; kind: string; value: string }[];
  place?: { latitude: number; longitude: number } | null;
  /** When it happened in the world (an interdiction's occurredAt), if not when it was recorded. */
  occurredAt?: Date | null;
  handling: Handling;
  details?: Record<string, unknown>;
}

/**
 * Writes the event to the subgraph's outbox in the caller's transaction (call it inside the write's
 * `writeOnce` callback): the event exists if and only if the record does. The record's id, the
 * entities it hangs on and the selectors it involves are what the write's change announcement names. A relay publishes the
 * outbox afterwards (at least once); consumers tell events apart by `id`.
 */
export async function recordEvent(tx: EntityManager, event: DomainEvent): Promise<string> {
  const id = crypto.randomUUID();
  // What the write touched, for the caches that keep answers (lib/database/change-feed.ts).
  // Selectors too: the lists under a selector (usedBy, interdictions, cases...) hang on its id.
  touch(tx, [event.recordId, ...event.subjects.persons, ...event.subjects.organizations, ...(event.hangsOn ?? []), ...(event.selectors ?? []).map((s) => s.id ?? selectorId(s))]);
  // No RETURNING: requests may add to the outbox but never read it.
  await tx.query(
    `INSERT INTO outbox_event (id, type, record_type, record_id, agency, subjects, selectors, place, occurred_at, handling, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [id, event.type, event.recordType, event.recordId, event.agency, JSON.stringify(event.subjects), JSON.stringify(event.selectors ?? []),
      event.place ? JSON.stringify(event.place) : null, event.occurredAt ?? null, JSON.stringify(event.handling), JSON.stringify(event.details ?? {})],
  );
  return id;
}

/**
 * Events for records that were loaded in bulk rather than written through a mutation (the demo
 * seed): they reach consumers like any other, marked `backfill`, so deconfliction learns of the
 * open cases that exist without notifying anyone of records nobody just made.
 */
export async function backfillEvents(db: DataSource | EntityManager, events: DomainEvent[]): Promise<void> {
  const rows = events.map((event) => ({ ...event, details: { ...(event.details ?? {}), backfill: true } }));
  for (let start = 0; start < rows.length; start += 2000) {
    const chunk = rows.slice(start, start + 2000);
    await db.query(
      `INSERT INTO outbox_event (id, type, record_type, record_id, agency, subjects, selectors, place, occurred_at, handling, details)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::text[], $6::jsonb[], $7::jsonb[], $8::jsonb[], $9::timestamptz[], $10::jsonb[], $11::jsonb[])`,
      [chunk.map(() => crypto.randomUUID()), chunk.map((e) => e.type), chunk.map((e) => e.recordType), chunk.map((e) => e.recordId), chunk.map((e) => e.agency),
        chunk.map((e) => JSON.stringify(e.subjects)), chunk.map((e) => JSON.stringify(e.selectors ?? [])), chunk.map((e) => (e.place ? JSON.stringify(e.place) : null)),
        chunk.map((e) => e.occurredAt ?? null), chunk.map((e) => JSON.stringify(e.handling)), chunk.map((e) => JSON.stringify(e.details))],
    );
  }
}

/** The subjects of an event, from whatever ids a record names (nulls and repeats dropped). */
export function subjectsOf(persons: (string | null | undefined)[], organizations: (string | null | undefined)[] = []): DomainEvent['subjects'] {
  const present = (ids: (string | null | undefined)[]) => [...new Set(ids.filter((id): id is string => typeof id === 'string'))];
  return { persons: present(persons), organizations: present(organizations) };
}

/** Every subgraph database has an outbox; requests may only append to it, as their own agency. */
export class Outbox1732200000002 implements MigrationInterface {
  name = 'Outbox1732200000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outbox_event (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id uuid NOT NULL UNIQUE,
        recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        type text NOT NULL,
        record_type text NOT NULL,
        record_id uuid NOT NULL,
        agency text NOT NULL,
        subjects jsonb NOT NULL DEFAULT '{"persons": [], "organizations": []}',
        selectors jsonb NOT NULL DEFAULT '[]',
        place jsonb,
        occurred_at timestamptz,
        handling jsonb NOT NULL,
        details jsonb NOT NULL DEFAULT '{}',
        published_at timestamptz
      )`);
    await q.query(`CREATE INDEX outbox_event_unpublished ON outbox_event (seq) WHERE published_at IS NULL`);
    for (const statement of guardTable({ table: 'outbox_event', labelled: false, writeOnly: true, insert: 'agency = unity_agency()' })) await q.query(statement);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE outbox_event`);
  }
}

/** The channel on which a database says that its outbox has new events (the relay listens). */
export const OUTBOX_CHANNEL = 'unity_outbox';

/** The outbox announces new events when their transaction commits, so the relay need not poll often. */
export class OutboxAnnouncement1732200000003 implements MigrationInterface {
  name = 'OutboxAnnouncement1732200000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION unity_announce_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('${OUTBOX_CHANNEL}', '');
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER unity_announce_outbox AFTER INSERT ON outbox_event FOR EACH STATEMENT EXECUTE FUNCTION unity_announce_outbox()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER unity_announce_outbox ON outbox_event`);
    await q.query(`DROP FUNCTION unity_announce_outbox()`);
  }
}
