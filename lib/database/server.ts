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
    if (found.rowCount) return false;
    try {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
    } catch (error) {
      // Another process may have created it between the check and the CREATE.
      if ((error as { code?: string }).code !== '42P04') throw error;
    }
    return true;
  });
}

export async function dropDatabase(serverUrl: string, database: string): Promise<void> {
  await withAdminClient(serverUrl, (client) =>
    client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(database)} WITH (FORCE)`),
  );
}
