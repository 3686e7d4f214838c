import path from 'node:path';
import { dataDir, intFromEnv } from '../config';
import { startEmbeddedPostgres } from './embedded';

export interface DatabaseServer {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/** Where an embedded server keeps its data and listens. */
export interface EmbeddedPlace {
  directory: string;
  port: number;
}

/** `npm start`'s embedded server: .data/pg on EMBEDDED_PG_PORT (54329). */
export function systemDatabasePlace(): EmbeddedPlace {
  return { directory: path.join(dataDir(), 'pg'), port: intFromEnv('EMBEDDED_PG_PORT', 54329) };
}

/**
 * A benchmark's own embedded server: .data/bench/pg, on `port` (the bench's --pg-port), else
 * EMBEDDED_PG_PORT, else 90 above the bench's port base. Starting an embedded server stops whatever
 * server still holds its directory (a crashed run's), so sharing npm start's would stop the running
 * system's database.
 */
export function benchDatabasePlace(portBase: number, port?: number): EmbeddedPlace {
  return { directory: path.join(dataDir(), 'bench', 'pg'), port: port ?? intFromEnv('EMBEDDED_PG_PORT', portBase + 90) };
}

/** DATABASE_URL when set; otherwise a real PostgreSQL from npm, with its data in `place` (.data/pg unless given). */
export async function provisionDatabaseServer(log: (line: string) => void, place: EmbeddedPlace = systemDatabasePlace()): Promise<DatabaseServer> {
  if (process.env.DATABASE_URL) {
    return { url: process.env.DATABASE_URL, embedded: false, stop: async () => {} };
  }
  const server = await startEmbeddedPostgres(place.directory, place.port, log);
  return { url: server.url, embedded: true, stop: server.stop };
}
