import { Client } from 'pg';
import { DataSource } from 'typeorm';

/** The channel on which a subgraph's database announces that any of its tables changed. */
export const CHANGE_CHANNEL = 'unity_data_changed';

/**
 * Puts a statement-level trigger on every table of the database, so that any write, whoever makes
 * it (a mutation through any replica, a seed, an agency's own loader writing straight into the
 * tables), announces itself on CHANGE_CHANNEL when its transaction commits. Run after migrations,
 * it also covers tables that later migrations add. Replicas starting together take turns.
 */
export async function announceChanges(db: DataSource): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('${CHANGE_CHANNEL}'))`);
    await tx.query(`
      CREATE OR REPLACE FUNCTION unity_announce_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('${CHANGE_CHANNEL}', TG_TABLE_NAME);
        RETURN NULL;
      END $$`);
    const tables: { name: string }[] = await tx.query(`
      SELECT c.relname AS name FROM pg_class c
       WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
         AND NOT EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND t.tgname = 'unity_announce_change')`);
    for (const { name } of tables) {
      await tx.query(`CREATE TRIGGER unity_announce_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "${name.replace(/"/g, '""')}"
                      FOR EACH STATEMENT EXECUTE FUNCTION unity_announce_change()`);
    }
  });
}

export interface ChangeListener {
  stop(): Promise<void>;
}

/**
 * Listens on CHANGE_CHANNEL (or another `channel`) over a connection of its own. `onChange` runs for
 * every announcement, with its payload;
 * `onLive(false)` runs as soon as the connection is lost (changes may now go unheard) and
 * `onLive(true)` once it listens again, after which it reconnects with backoff for as long as it runs.
 */
export function listenForChanges(url: string, onChange: (payload?: string) => void, onLive: (live: boolean) => void, channel = CHANGE_CHANNEL): ChangeListener {
  let client: Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  let probe: NodeJS.Timeout | undefined;
  let delay = 250;
  const connect = async () => {
    // A connection that dies silently (a NAT or failover dropping it) raises no event: TCP keepalive
    // and a periodic round trip notice it, so the cache never trusts a deaf listener for long.
    const attempt = new Client({ connectionString: url, application_name: channel === CHANGE_CHANNEL ? 'unity-change-listener' : `unity-listener-${channel}`, keepAlive: true, query_timeout: 5000 });
    client = attempt;
    const lost = () => {
      if (client !== attempt) return;
      client = null;
      clearInterval(probe);
      onLive(false);
      attempt.end().catch(() => undefined);
      if (!stopped) retry = setTimeout(() => void connect(), delay);
      delay = Math.min(delay * 2, 30_000);
    };
    attempt.on('error', lost);
    attempt.on('end', lost);
    attempt.on('notification', (message) => onChange(message.payload));
    try {
      await attempt.connect();
      await attempt.query(`LISTEN ${channel}`);
      if (stopped || client !== attempt) return;
      delay = 250;
      probe = setInterval(() => attempt.query('SELECT 1').catch(lost), 5000).unref();
      onLive(true);
    } catch {
      lost();
    }
  };
  void connect();
  return {
    async stop() {
      stopped = true;
      clearTimeout(retry);
      const current = client;
      client = null;
      clearInterval(probe);
      onLive(false);
      await current?.end().catch(() => undefined);
    },
  };
}
