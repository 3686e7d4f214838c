import { DataSource } from 'typeorm';
import { SubgraphDefinition } from './definition';
import { createDataSource } from '../database/data-source';
import { databaseName, ensureDatabase, urlForDatabase } from '../database/server';

/** Opens a subgraph's own database, creating it if missing and running its migrations. */
export async function openSubgraphDatabase(definition: SubgraphDefinition, serverUrl: string, prefix?: string): Promise<DataSource> {
  const database = databaseName(definition.name, prefix);
  await ensureDatabase(serverUrl, database);
  const db = createDataSource({
    url: urlForDatabase(serverUrl, database),
    entities: definition.entities,
    migrations: definition.migrations,
  });
  await db.initialize();
  await db.runMigrations({ transaction: 'each' });
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
