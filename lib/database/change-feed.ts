import { Client } from 'pg';
import { DataSource, EntityManager } from 'typeorm';

/** The channel on which a subgraph's database announces that any of its tables changed. */
export const CHANGE_CHANNEL = 'unity_data_changed';

/**
 * Set (transaction-locally) while a write whose touched entities are known is running: the table
 * triggers stay silent, and the write announces what it touched itself when it ends (`describedWrite`).
 */
const DESCRIBED_SETTING = 'unity.change_described';

/**
 * NOTIFY payloads are limited to 8000 bytes: a write that touches more entities than fit is
 * announced as touching anything.
 */
const MAX_PAYLOAD = 7900;

/** Tables of bookkeeping that no answer reads: writes to them announce nothing. */
const UNREAD_TABLES = ['outbox_event', 'mutation_receipt', 'consumed_event', 'event_log', 'event_consumer', 'seed_state', 'schema_migrations'];

/**
 * What one change announcement says: the ids of the entities a write touched (the record itself and
 * the registry records and cases it hangs on), or `null` when anything may have changed (a write
 * nobody described: a seed, a consumer, a table trigger, a bulk load).
 */
export type Touched = string[] | null;

/** An announcement's payload: `{"touched":[...]}` for a described write, anything else (a table's name) for an undescribed one. */
export function touchedIn(payload: string | undefined): Touched {
  if (!payload?.startsWith('{')) return null;
  try {
    const touched = (JSON.parse(payload) as { touched?: unknown }).touched;
    return Array.isArray(touched) && touched.every((id) => typeof id === 'string') ? touched : null;
  } catch {
    return null;
  }
}

const touchedByWrite = new WeakMap<EntityManager, Set<string>>();

/** Notes, inside a described write (`describedWrite`), ids of entities it touches; the outbox calls it for every event. */
export function touch(tx: EntityManager, ids: (string | null | undefined)[]): void {
  let touched = touchedByWrite.get(tx);
  if (!touched) touchedByWrite.set(tx, (touched = new Set()));
  for (const id of ids) if (typeof id === 'string') touched.add(id);
}

const touchingAnything = new WeakSet<EntityManager>();

/**
 * Notes, inside a described write, that it changes answers naming none of the entities it touches
 * (another agency's operation, whose conflicts a cancellation ends): it is announced as touching anything.
 */
export function touchAnything(tx: EntityManager): void {
  touchingAnything.add(tx);
}

/**
 * Runs `write` (inside the request's transaction) with the table triggers silenced, then announces
 * the ids it touched (`touch`) on CHANGE_CHANNEL, delivered when the transaction commits. A write
 * that touched nothing it named is announced as touching anything, so that a mutation that forgets
 * to record its event is still heard. Returns what it announced, for the response's own report.
 */
export async function describedWrite<T>(tx: EntityManager, write: (tx: EntityManager) => Promise<T>): Promise<{ result: T; touched: Touched }> {
  await tx.query(`SELECT set_config('${DESCRIBED_SETTING}', 'on', true)`);
  const result = await write(tx);
  const ids = touchedByWrite.get(tx);
  touchedByWrite.delete(tx);
  const anything = touchingAnything.delete(tx);
  let payload = ids?.size && !anything ? JSON.stringify({ touched: [...ids] }) : 'undescribed write';
  if (payload.length > MAX_PAYLOAD) payload = 'large write';
  await tx.query(`SELECT set_config('${DESCRIBED_SETTING}', '', true), pg_notify($1, $2)`, [CHANGE_CHANNEL, payload]);
  return { result, touched: touchedIn(payload) };
}

/**
 * Puts a statement-level trigger on every table of the database, so that any write, whoever makes
 * it (a seed, a consumer, an agency's own loader writing straight into the tables), announces itself
 * on CHANGE_CHANNEL when its transaction commits, as touching anything. Mutations describe their
 * writes instead (`describedWrite`): they announce the entities they touched, and the triggers stay
 * silent for them. Run after migrations,
 * it also covers tables that later migrations add. Replicas starting together take turns.
 */
export async function announceChanges(db: DataSource): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('${CHANGE_CHANNEL}'))`);
    await tx.query(`
      CREATE OR REPLACE FUNCTION unity_announce_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- A described write announces the entities it touched itself (describedWrite).
        IF coalesce(current_setting('${DESCRIBED_SETTING}', true), '') = 'on' THEN RETURN NULL; END IF;
        PERFORM pg_notify('${CHANGE_CHANNEL}', TG_TABLE_NAME);
        RETURN NULL;
      END $$`);
    // Bookkeeping no answer reads (the relay marking events published, receipts, consumers' positions)
    // changes no answer, and would otherwise be heard as a change to anything after every write.
    const silenced: { name: string }[] = await tx.query(`
      SELECT c.relname AS name FROM pg_class c JOIN pg_trigger t ON t.tgrelid = c.oid AND t.tgname = 'unity_announce_change'
       WHERE c.relnamespace = current_schema()::regnamespace AND c.relname = ANY($1::text[])`, [UNREAD_TABLES]);
    for (const { name } of silenced) await tx.query(`DROP TRIGGER unity_announce_change ON "${name.replace(/"/g, '""')}"`);
    const tables: { name: string }[] = await tx.query(`
      SELECT c.relname AS name FROM pg_class c
       WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
         AND c.relname <> ALL($1::text[])
         AND NOT EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND t.tgname = 'unity_announce_change')`, [UNREAD_TABLES]);
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
