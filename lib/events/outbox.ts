import crypto from 'node:crypto';
import { EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import type { Handling } from '../handling/labels';
import { guardTable } from '../database/row-security';

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
  /** Normalised selectors the record involves (kind and normalised value). */
  selectors?: { kind: string; value: string }[];
  place?: { latitude: number; longitude: number } | null;
  /** When it happened in the world (an interdiction's occurredAt), if not when it was recorded. */
  occurredAt?: Date | null;
  handling: Handling;
  details?: Record<string, unknown>;
}

/**
 * Writes the event to the subgraph's outbox in the caller's transaction (call it inside the write's
 * `writeOnce` callback): the event exists if and only if the record does. A relay publishes the
 * outbox afterwards (at least once); consumers tell events apart by `id`.
 */
export async function recordEvent(tx: EntityManager, event: DomainEvent): Promise<string> {
  const id = crypto.randomUUID();
  // No RETURNING: requests may add to the outbox but never read it.
  await tx.query(
    `INSERT INTO outbox_event (id, type, record_type, record_id, agency, subjects, selectors, place, occurred_at, handling, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [id, event.type, event.recordType, event.recordId, event.agency, JSON.stringify(event.subjects), JSON.stringify(event.selectors ?? []),
      event.place ? JSON.stringify(event.place) : null, event.occurredAt ?? null, JSON.stringify(event.handling), JSON.stringify(event.details ?? {})],
  );
  return id;
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
