import type { Pool, PoolClient } from 'pg';

/**
 * Runs `work` on a client checked out of `pool`. A pool listens for errors only on idle clients, so
 * a connection the server drops while one is checked out (a restart, pg_terminate_backend) would
 * be an unhandled 'error' that stops the process; here it fails `work`, and a client that failed
 * is discarded rather than handed to the next caller.
 */
export async function withPooledClient<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let failure: unknown;
  const lost = (error: Error) => (failure ??= error);
  client.on('error', lost);
  try {
    return await work(client);
  } catch (error) {
    failure ??= error;
    throw error;
  } finally {
    client.off('error', lost);
    client.release(failure ? true : undefined);
  }
}
