import 'reflect-metadata';
import { parseArgs } from '../lib/cli-args';
import { provisionDatabaseServer } from '../lib/database/provision';
import { openSubgraphDatabase } from '../lib/subgraph/database';
import { dueRecords, purgeRecords, DueRecord } from '../lib/retention/purge';
import { recordTypesOf } from '../lib/retention/record-types';
import { reviewYears } from '../lib/retention/review';
import { AuditStore } from '../gateway/audit/store';
import { subgraphs } from '../subgraphs';

const USAGE = `Usage: npm run retention -- [--report] [--within <days>] [--format table|json|csv]
       npm run retention -- --purge [--yes] [--batch <n>]

  --report   list records due for review within --within days (default 90), overdue ones included
  --purge    delete records past review that were not validated, with what hangs on them, one audit
             record each; without --yes it is a dry run that only counts`;

/** `npm run retention`: 28 CFR 23.20(h) review: what is due, and the purge of what is past review. */
async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) return console.log(USAGE);
  const within = Number(args.within ?? 90);
  const batch = Number(args.batch ?? 500);
  const format = String(args.format ?? 'table');
  if (!Number.isInteger(within) || within < 0 || !Number.isInteger(batch) || batch < 1 || !['table', 'json', 'csv'].includes(format)) {
    console.error(USAGE);
    process.exit(2);
  }
  const database = await provisionDatabaseServer(() => {});
  const agencies = subgraphs.filter((definition) => recordTypesOf(definition.name).length > 0);
  try {
    if (args.purge) {
      const dryRun = args.yes !== true;
      const audit = dryRun ? null : await AuditStore.open(database.url);
      try {
        let total = 0;
        for (const definition of agencies) {
          const db = await openSubgraphDatabase(definition, database.url);
          try {
            const purged = await purgeRecords(db, definition.name, audit, { batch, dryRun });
            total += purged.length;
            const byType = new Map<string, number>();
            for (const record of purged) byType.set(record.recordType, (byType.get(record.recordType) ?? 0) + 1);
            for (const [type, count] of byType) console.log(`${definition.name}: ${dryRun ? 'would purge' : 'purged'} ${count} ${type}`);
          } finally {
            await db.destroy();
          }
        }
        console.log(dryRun ? `dry run: ${total} records are past review (${reviewYears()} years) and not validated; run with --yes to purge them`
          : `purged ${total} records; each has an audit record (npm run audit:verify checks the trail)`);
      } finally {
        await audit?.close();
      }
      return;
    }
    const until = new Date(Date.now() + within * 86_400_000);
    const due: (DueRecord & { subgraph: string })[] = [];
    for (const definition of agencies) {
      const db = await openSubgraphDatabase(definition, database.url);
      try {
        due.push(...(await dueRecords(db, definition.name, until)).map((record) => ({ ...record, subgraph: definition.name })));
      } finally {
        await db.destroy();
      }
    }
    print(due, format);
  } finally {
    await database.stop();
  }
}

function print(due: (DueRecord & { subgraph: string })[], format: string): void {
  const now = Date.now();
  const rows = due.map((r) => ({
    recordType: r.recordType, id: r.id, agency: r.agency, subgraph: r.subgraph, recordedAt: r.recordedAt.toISOString(),
    validatedAt: r.validatedAt?.toISOString() ?? '', reviewDueAt: r.reviewDueAt.toISOString(), overdue: r.reviewDueAt.getTime() < now,
  }));
  if (format === 'json') return console.log(JSON.stringify(rows, null, 2));
  const columns = ['recordType', 'id', 'agency', 'subgraph', 'recordedAt', 'validatedAt', 'reviewDueAt', 'overdue'] as const;
  if (format === 'csv') {
    console.log(columns.join(','));
    for (const row of rows) console.log(columns.map((c) => String(row[c])).join(','));
    return;
  }
  const overdue = rows.filter((r) => r.overdue).length;
  console.log(`${rows.length} records due for review (${overdue} overdue), review period ${reviewYears()} years`);
  for (const row of rows.slice(0, 50)) console.log(`${row.reviewDueAt.slice(0, 10)}  ${row.overdue ? 'OVERDUE' : 'due    '}  ${row.agency.padEnd(8)} ${row.recordType.padEnd(22)} ${row.id}`);
  if (rows.length > 50) console.log(`... and ${rows.length - 50} more (--format csv or json lists all)`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
