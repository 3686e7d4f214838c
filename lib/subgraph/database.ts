import { DataSource } from 'typeorm';
import { SubgraphDefinition } from './definition';
import { createDataSource } from '../database/data-source';
import { databaseName, ensureDatabase, urlForDatabase, withAdminClient } from '../database/server';
import { PLATFORM_MIGRATIONS } from '../database/platform-migration';
import { ensureRequestRoles, secureDatabase } from '../database/row-security';

/**
 * Opens a subgraph's own database as its owner, creating it if missing, running the platform's and
 * the subgraph's migrations, and checking that requests can reach only what row security guards.
 */
export async function openSubgraphDatabase(definition: SubgraphDefinition, serverUrl: string, prefix?: string): Promise<DataSource> {
  const database = databaseName(definition.name, prefix);
  await ensureDatabase(serverUrl, database);
  await withAdminClient(serverUrl, ensureRequestRoles);
  const db = createDataSource({
    url: urlForDatabase(serverUrl, database),
    entities: definition.entities,
    migrations: [...PLATFORM_MIGRATIONS, ...definition.migrations],
  });
  await db.initialize();
  try {
    await db.runMigrations({ transaction: 'each' });
    await secureDatabase(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return db;
}

/** Seeds the demo data set into a database that has none yet. */
export async function seedIfEmpty(definition: SubgraphDefinition, db: DataSource, scale = 1): Promise<boolean> {
  const [{ seeded }] = await db.query(`SELECT EXISTS (SELECT 1 FROM seed_state) AS seeded`);
  if (seeded) return false;
  await definition.seed(db, scale);
  await db.query(`INSERT INTO seed_state (scale) VALUES ($1)`, [scale]);
  // Fresh bulk-loaded tables have no statistics (the planner guesses, and guesses seq scans) and no
  // hint bits (the first reads rewrite every page); autovacuum gets there eventually, this at once.
  await db.query('VACUUM (ANALYZE)');
  return true;
}
