import 'reflect-metadata';
import { parseArgs } from '../lib/cli-args';
import { provisionDatabaseServer } from '../lib/database/provision';
import { databaseName, dropDatabase } from '../lib/database/server';
import { openSubgraphDatabase, seedIfEmpty } from '../lib/subgraph/database';
import { subgraphs } from '../subgraphs';

const USAGE = 'Usage: npm run seed -- --scale <n> [--reset]   (n times the demo data set; --reset drops the existing data first)';

/** `npm run seed`: the deterministic synthetic data set at a chosen scale, into every subgraph's database. */
async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) return console.log(USAGE);
  const scale = Number(args.scale ?? 1);
  if (!Number.isInteger(scale) || scale < 1 || scale > 1000) {
    console.error(`--scale must be a whole number from 1 to 1000.\n${USAGE}`);
    process.exit(2);
  }
  const database = await provisionDatabaseServer(() => {});
  try {
    const began = Date.now();
    for (const definition of subgraphs) {
      if (args.reset) await dropDatabase(database.url, databaseName(definition.name));
      const db = await openSubgraphDatabase(definition, database.url);
      try {
        const startedAt = Date.now();
        const seeded = await seedIfEmpty(definition, db, scale);
        console.log(seeded
          ? `${definition.name}: seeded at scale ${scale} in ${((Date.now() - startedAt) / 1000).toFixed(1)}s`
          : `${definition.name}: already has data; nothing written (use --reset to replace it)`);
      } finally {
        await db.destroy();
      }
    }
    console.log(`done in ${((Date.now() - began) / 1000).toFixed(1)}s`);
  } finally {
    await database.stop();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
