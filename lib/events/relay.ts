import { withPooledClient } from '../database/pooled-client';
import { Pool } from 'pg';
import type { EventBroker, PublishedEvent } from './broker';
import { eventRetentionDays } from './broker';
import { OUTBOX_CHANNEL } from './outbox';
import { ChangeListener, listenForChanges } from '../database/change-feed';
import { Wakeup } from './wakeup';

/** One database whose outbox the relay publishes: a subgraph's. */
export interface RelaySource {
  /** The subgraph's name, which becomes the events' `source`. */
  name: string;
  url: string;
}

export interface Relay {
  stop(): Promise<void>;
}

/** Events taken per turn; a turn is one transaction in the source database. */
const BATCH = 200;

/**
 * Publishes every subgraph's outbox to the broker, at least once. Each turn takes the oldest
 * unpublished events (rows locked with SKIP LOCKED, so relay replicas share the work), publishes
 * them, and marks as published exactly those the broker acknowledged, in the same transaction. A
 * crash before that commit leaves them unpublished: they are published again (the broker keeps
 * one copy of an id, and consumers ignore ids they have handled). While the broker is away, events
 * wait in the outbox and writes go on. A NOTIFY on commit (lib/events/outbox.ts) wakes the relay;
 * it looks every second anyway.
 */
export function startRelay(options: { sources: RelaySource[]; broker: EventBroker; log: (line: string) => void }): Relay {
  const relays = options.sources.map((source) => relaySource(source, options.broker, options.log));
  return {
    async stop() {
      await Promise.all(relays.map((relay) => relay.stop()));
    },
  };
}

function relaySource(source: RelaySource, broker: EventBroker, log: (line: string) => void): Relay {
  const pool = new Pool({ connectionString: source.url, max: 1, application_name: 'unity-relay' });
  pool.on('error', () => undefined);
  const wakeup = new Wakeup();
  let listener: ChangeListener | null = null;
  let stopped = false;
  let lastHousekeeping = 0;
  const run = async () => {
    let trouble: string | null = null;
    while (!stopped) {
      let published = 0;
      try {
        listener ??= listenForChanges(source.url, () => wakeup.wake(), (live) => live && wakeup.wake(), OUTBOX_CHANNEL);
        published = await relayBatch(pool, source.name, broker);
        if (trouble) log(`${source.name}: publishing again`);
        trouble = null;
        if (Date.now() - lastHousekeeping > 600_000) {
          lastHousekeeping = Date.now();
          // Published events are kept a while for inspection, then removed (the broker keeps its own copy).
          await pool.query(`DELETE FROM outbox_event WHERE published_at < now() - make_interval(days => $1)`, [eventRetentionDays()]);
        }
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (trouble !== message) log(`${source.name}: events wait in the outbox (${message}); retrying`);
        trouble = message;
      }
      if (stopped) break;
      if (published < BATCH) await wakeup.wait(1000);
    }
  };
  const running = run();
  return {
    async stop() {
      stopped = true;
      wakeup.wake();
      await running;
      await listener?.stop();
      await pool.end();
    },
  };
}

/** One turn: publishes up to BATCH unpublished events and marks what the broker acknowledged. */
async function relayBatch(pool: Pool, source: string, broker: EventBroker): Promise<number> {
  return withPooledClient(pool, async (client) => {
    try {
      await client.query('BEGIN');
      const { rows } = await client.query(
        `SELECT id, type, record_type, record_id, agency, subjects, selectors, place, occurred_at, recorded_at, handling, details
           FROM outbox_event WHERE published_at IS NULL ORDER BY seq LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
      );
      if (rows.length === 0) {
        await client.query('COMMIT');
        return 0;
      }
      const events: PublishedEvent[] = rows.map((row) => ({
        id: row.id, source, type: row.type, recordType: row.record_type, recordId: row.record_id, agency: row.agency,
        subjects: row.subjects, selectors: row.selectors, place: row.place,
        occurredAt: row.occurred_at ? new Date(row.occurred_at).toISOString() : null, recordedAt: new Date(row.recorded_at).toISOString(),
        handling: row.handling, details: row.details,
      }));
      const acknowledged = await broker.publish(events);
      await client.query(`UPDATE outbox_event SET published_at = clock_timestamp() WHERE id = ANY($1::uuid[])`, [[...acknowledged]]);
      await client.query('COMMIT');
      return acknowledged.size === events.length ? events.length : 0;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  });
}
