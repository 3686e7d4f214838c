import { Client } from 'pg';

/**
 * Each subgraph owns one database on a shared server. The server is named by DATABASE_URL;
 * the database a subgraph uses is derived from its name and a prefix, so tests and benchmarks
 * can run side by side with a developer's data on the same server.
 */
export function databaseName(subgraph: string, prefix = process.env.DATABASE_PREFIX ?? 'unity'): string {
  return `${prefix}_${subgraph}`;
}

export function urlForDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withAdminClient<T>(serverUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function ensureDatabase(serverUrl: string, database: string): Promise<boolean> {
  return withAdminClient(serverUrl, async (client) => {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    let created = false;
    if (!found.rowCount) {
      try {
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
        created = true;
      } catch (error) {
        // Another process may have created it between the check and the CREATE.
        if ((error as { code?: string }).code !== '42P04') throw error;
      }
    }
    await tunePlanner(client, database);
    return created;
  });
}

/**
 * PostgreSQL's default random_page_cost (4) models spinning disks; with it the planner prefers a
 * sequential scan of a 100,000-row table to a few hundred index lookups, which made one dossier
 * several times slower at the benchmark's large scale. Our data sets are small enough to stay
 * cached (or sit on SSDs), so each database says so. Needs ownership of the database; a server
 * that refuses keeps its own setting (docs/deploy.md).
 */
async function tunePlanner(client: Client, database: string): Promise<void> {
  try {
    await client.query(`ALTER DATABASE ${client.escapeIdentifier(database)} SET random_page_cost = 1.1`);
  } catch (error) {
    if ((error as { code?: string }).code !== '42501') throw error; // insufficient_privilege: leave it
  }
}

export async function dropDatabase(serverUrl: string, database: string): Promise<void> {
  await withAdminClient(serverUrl, (client) =>
    client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(database)} WITH (FORCE)`),
  );
}
