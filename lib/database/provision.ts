import path from 'node:path';
import { dataDir, intFromEnv } from '../config';
import { startEmbeddedPostgres } from './embedded';

export interface DatabaseServer {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/** DATABASE_URL when set; otherwise a real PostgreSQL from npm, with its data in .data/pg. */
export async function provisionDatabaseServer(log: (line: string) => void): Promise<DatabaseServer> {
  if (process.env.DATABASE_URL) {
    return { url: process.env.DATABASE_URL, embedded: false, stop: async () => {} };
  }
  const port = intFromEnv('EMBEDDED_PG_PORT', 54329);
  const server = await startEmbeddedPostgres(path.join(dataDir(), 'pg'), port, log);
  return { url: server.url, embedded: true, stop: server.stop };
}
