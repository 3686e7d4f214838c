import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { serverUrl } from './support/harness';
import { createDataSource } from '../lib/database/data-source';
import { dropDatabase, ensureDatabase, urlForDatabase, withAdminClient } from '../lib/database/server';

/**
 * A subgraph's database connection cut from the server side (a restart, pg_terminate_backend) while
 * its client is checked out and nobody listens to it must not end the process with an unhandled
 * 'error' (jest fails the file if it does), and the next statement works on a new connection.
 */
describe('a dropped database connection', () => {
  const database = `unity_dropped_connection_${process.pid}`;
  let source: DataSource;

  beforeAll(async () => {
    await ensureDatabase(serverUrl(), database);
    source = createDataSource({ url: urlForDatabase(serverUrl(), database), entities: [], migrations: [] });
    await source.initialize();
  });
  afterAll(async () => {
    await source?.destroy();
    await dropDatabase(serverUrl(), database);
  });

  it('is discarded without ending the process, and the next statement gets a new connection', async () => {
    const pool = (source.driver as unknown as { master: Pool }).master;
    const held = await pool.connect();
    const [{ pid }] = (await held.query('SELECT pg_backend_pid() AS pid')).rows;
    await withAdminClient(serverUrl(), (admin) => admin.query('SELECT pg_terminate_backend($1)', [pid]));
    // Let the server's goodbye reach the client, which has no statement running to receive it.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await expect(held.query('SELECT 1')).rejects.toThrow();
    held.release(true);
    const [{ ok }] = await source.query('SELECT 1 AS ok');
    expect(ok).toBe(1);
  });
});
