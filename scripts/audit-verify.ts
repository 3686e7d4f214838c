import { provisionDatabaseServer } from '../lib/database/provision';
import { AuditStore } from '../gateway/audit/store';

/** `npm run audit:verify`: recomputes the audit trail's hash chain; exits 1 if any record was altered or removed. */
async function main(): Promise<void> {
  const database = await provisionDatabaseServer(() => {});
  const store = await AuditStore.open(database.url);
  try {
    const { rows, head, problem } = await store.verify();
    if (problem) {
      console.error(`AUDIT TRAIL BROKEN: ${problem} (${rows} records checked)`);
      process.exitCode = 1;
    } else {
      console.log(`audit trail intact: ${rows} records, head hash ${head ?? '(empty)'}`);
    }
  } finally {
    await store.close();
    await database.stop();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
