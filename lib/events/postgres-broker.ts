import { withPooledClient } from '../database/pooled-client';
import { Pool } from 'pg';
import type { Consumption, EventBroker, PublishedEvent } from './broker';
import { eventRetentionDays } from './broker';
import { dropDatabase, ensureDatabase, urlForDatabase } from '../database/server';
import { listenForChanges } from '../database/change-feed';
import { Wakeup } from './wakeup';

/** The channel on which the log announces appended events. */
const EVENT_LOG_CHANNEL = 'unity_events';

/** Events a consumer takes per turn of its cursor lock. */
const BATCH = 100;

/**
 * The broker of a deployment without NATS: an append-only log table in its own database
 * (`<prefix>_events`), with the JetStream broker's contract. Appends take one lock, so sequence
 * numbers are assigned in commit order and a consumer reading past its cursor never skips an event
 * committed late; an event id already in the log is acknowledged and not stored again. Each consumer
 * is a cursor row: it is locked while its batch is handled (replicas take turns) and moved past
 * what was handled; a consumer that dies before moving it gets those events again.
 */
export class PostgresBroker implements EventBroker {
  readonly kind = 'postgres' as const;
  private readonly stops: (() => Promise<void>)[] = [];

  private constructor(private readonly pool: Pool, private readonly url: string, private readonly log: (line: string) => void) {}

  static async open(serverUrl: string, names: { database: string }, log: (line: string) => void = () => undefined): Promise<PostgresBroker> {
    await ensureDatabase(serverUrl, names.database);
    const url = urlForDatabase(serverUrl, names.database);
    const pool = new Pool({ connectionString: url, max: 4, application_name: 'unity-event-log' });
    pool.on('error', () => undefined); // a dropped idle connection is replaced on next use
    const client = await pool.connect();
    try {
      await client.query(`SELECT pg_advisory_lock(hashtext('unity_event_log_schema'))`);
      await client.query(`CREATE TABLE IF NOT EXISTS event_log (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id uuid NOT NULL UNIQUE,
        subject text NOT NULL,
        event jsonb NOT NULL,
        appended_at timestamptz NOT NULL DEFAULT clock_timestamp())`);
      await client.query(`CREATE INDEX IF NOT EXISTS event_log_appended_at ON event_log (appended_at)`);
      await client.query(`CREATE TABLE IF NOT EXISTS event_consumer (name text PRIMARY KEY, position bigint NOT NULL DEFAULT 0)`);
      await client.query(`SELECT pg_advisory_unlock(hashtext('unity_event_log_schema'))`);
    } finally {
      client.release();
    }
    return new PostgresBroker(pool, url, log);
  }

  async publish(events: PublishedEvent[]): Promise<Set<string>> {
    return withPooledClient(this.pool, async (client) => {
      try {
        await client.query('BEGIN');
        await client.query(`SELECT pg_advisory_xact_lock(hashtext('unity_event_log_append'))`);
        await client.query(
          `INSERT INTO event_log (id, subject, event)
           SELECT * FROM unnest($1::uuid[], $2::text[], $3::jsonb[]) ON CONFLICT (id) DO NOTHING`,
          [events.map((e) => e.id), events.map((e) => `${e.source}.${e.type}`), events.map((e) => JSON.stringify(e))],
        );
        await client.query(`SELECT pg_notify('${EVENT_LOG_CHANNEL}', '')`);
        // Old events go as new ones arrive (a few at a time, on the index); consumers that far behind lose them, as with JetStream's max age.
        await client.query(`DELETE FROM event_log WHERE seq IN (SELECT seq FROM event_log WHERE appended_at < now() - make_interval(days => $1) ORDER BY seq LIMIT 1000)`, [eventRetentionDays()]);
        await client.query('COMMIT');
        return new Set(events.map((e) => e.id));
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  consume(consumer: string, handle: (event: PublishedEvent) => Promise<void>): Consumption {
    let stopped = false;
    const wakeup = new Wakeup();
    const listener = listenForChanges(this.url, () => wakeup.wake(), (live) => live && wakeup.wake(), EVENT_LOG_CHANNEL);
    const run = async () => {
      let complained = false;
      while (!stopped) {
        let handled = 0;
        let failed = false;
        try {
          await withPooledClient(this.pool, async (client) => {
            try {
              await client.query('BEGIN');
              await client.query(`INSERT INTO event_consumer (name) VALUES ($1) ON CONFLICT DO NOTHING`, [consumer]);
              const [{ position }] = (await client.query(`SELECT position FROM event_consumer WHERE name = $1 FOR UPDATE`, [consumer])).rows;
              const { rows } = await client.query(`SELECT seq, event FROM event_log WHERE seq > $1 ORDER BY seq LIMIT ${BATCH}`, [position]);
              let reached = position;
              for (const row of rows) {
                if (stopped) break;
                try {
                  await handle(row.event as PublishedEvent);
                } catch (error) {
                  this.log(`event ${row.seq} not handled, retried in 2 s: ${error instanceof Error ? error.message : String(error)}`);
                  failed = true;
                  break;
                }
                reached = row.seq;
                handled++;
              }
              await client.query(`UPDATE event_consumer SET position = $2 WHERE name = $1`, [consumer, reached]);
              await client.query('COMMIT');
              if (rows.length === BATCH && !failed) wakeup.wake();
            } catch (error) {
              await client.query('ROLLBACK').catch(() => undefined);
              throw error;
            }
          });
          complained = false;
        } catch (error) {
          if (!complained) this.log(`cannot consume the event log (${error instanceof Error ? error.message : String(error)}); retrying`);
          complained = true;
          failed = true;
        }
        if (stopped) break;
        // A notification wakes it at once; the timeout covers notifications lost while not listening.
        await wakeup.wait(failed ? 2000 : handled ? 0 : 1000);
      }
    };
    const running = run();
    const stop = async () => {
      stopped = true;
      wakeup.wake();
      await running;
      await listener.stop();
    };
    this.stops.push(stop);
    return { stop };
  }

  async close(): Promise<void> {
    await Promise.all(this.stops.splice(0).map((stop) => stop()));
    await this.pool.end();
  }
}

export async function removePostgresLog(serverUrl: string, names: { database: string }): Promise<void> {
  await dropDatabase(serverUrl, names.database);
}
