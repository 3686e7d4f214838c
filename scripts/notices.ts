import { Client } from 'pg';
import { provisionDatabaseServer } from '../lib/database/provision';
import { databaseName, urlForDatabase } from '../lib/database/server';
import { parseArgs } from '../lib/cli-args';

const USAGE = `npm run notices -- [--dead] [--redeliver] [--agency CODE]
  (no option)  webhook deliveries per agency: pending, delivered, dead letters
  --dead       list the dead letters (notice, agency, attempts, last error)
  --redeliver  queue the dead letters again (all, or one agency's with --agency); the running
               deconfliction service delivers them with a fresh set of attempts`;

/** `npm run notices`: the webhook deliveries of deconfliction notices, and sending dead letters again. */
async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    console.log(USAGE);
    return;
  }
  const agency = typeof args.agency === 'string' ? args.agency.toUpperCase() : null;
  const database = await provisionDatabaseServer(() => {});
  const client = new Client({ connectionString: urlForDatabase(database.url, databaseName('deconfliction')) });
  try {
    await client.connect();
    if (args.redeliver) {
      const { rowCount } = await client.query(
        `UPDATE webhook_delivery SET dead_at = NULL, attempts = 0, next_attempt_at = now(), last_error = NULL
          WHERE dead_at IS NOT NULL AND ($1::text IS NULL OR agency = $1)`, [agency]);
      await client.query(`SELECT pg_notify('deconfliction_notice', '')`);
      console.log(`${rowCount} dead letter${rowCount === 1 ? '' : 's'} queued for delivery again${agency ? ` (${agency})` : ''}`);
    } else if (args.dead) {
      const { rows } = await client.query(
        `SELECT notice_id, agency, attempts, last_error, dead_at FROM webhook_delivery WHERE dead_at IS NOT NULL AND ($1::text IS NULL OR agency = $1) ORDER BY dead_at`, [agency]);
      for (const row of rows) console.log(`${row.dead_at.toISOString()}  ${row.agency}  ${row.notice_id}  ${row.attempts} attempts  ${row.last_error ?? ''}`);
      console.log(`${rows.length} dead letter${rows.length === 1 ? '' : 's'}`);
    } else {
      const { rows } = await client.query(
        `SELECT agency, count(*) FILTER (WHERE delivered_at IS NULL AND dead_at IS NULL)::int AS pending,
                count(*) FILTER (WHERE delivered_at IS NOT NULL)::int AS delivered, count(*) FILTER (WHERE dead_at IS NOT NULL)::int AS dead
           FROM webhook_delivery WHERE ($1::text IS NULL OR agency = $1) GROUP BY agency ORDER BY agency`, [agency]);
      if (rows.length === 0) console.log('no webhook deliveries (agencies configure webhooks in lib/identity/webhooks.json)');
      for (const row of rows) console.log(`${row.agency.padEnd(9)} pending ${row.pending}  delivered ${row.delivered}  dead ${row.dead}`);
    }
  } finally {
    await client.end().catch(() => undefined);
    await database.stop();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
