import 'reflect-metadata';
import { subgraphs } from '../../subgraphs';
import { openSubgraphDatabase, seedIfEmpty } from '../subgraph/database';
import { subgraphPort } from '../subgraph/ports';
import { gatewayPort } from '../config';
import { GATEWAY_NODE_FLAGS, spawnService, stopService, waitForHealth, ServiceProcess, withMetricsToken } from './services';

export interface SystemOptions {
  serverUrl: string;
  seedScale?: number;
  env?: NodeJS.ProcessEnv;
  log: (source: string, line: string) => void;
}

export interface RunningSystem {
  gatewayUrl: string;
  services: ServiceProcess[];
  stop(): Promise<void>;
  /** Resolves when any service exits on its own. */
  crashed: Promise<string>;
}

/** Migrates every subgraph's database and seeds the ones still empty with the demo data at `scale`. */
export async function migrateAndSeed(serverUrl: string, scale: number, log: (source: string, line: string) => void): Promise<void> {
  await Promise.all(subgraphs.map(async (definition) => {
    const db = await openSubgraphDatabase(definition, serverUrl);
    try {
      const began = Date.now();
      if (await seedIfEmpty(definition, db, scale)) log(definition.name, `seeded demo data (scale ${scale}) in ${((Date.now() - began) / 1000).toFixed(1)}s`);
    } finally {
      await db.destroy();
    }
  }));
}

/** Migrates and seeds every subgraph's database, then starts the subgraphs and the gateway as separate processes. */
export async function startSystem(options: SystemOptions): Promise<RunningSystem> {
  const env = withMetricsToken({ ...process.env, ...options.env, DATABASE_URL: options.serverUrl });
  await migrateAndSeed(options.serverUrl, options.seedScale ?? 1, options.log);

  const services: ServiceProcess[] = [];
  let stopping = false;
  const stop = async () => {
    stopping = true;
    // The gateway first, so no request reaches a subgraph that is going away.
    for (const service of [...services].reverse()) await stopService(service);
  };
  try {
    const started = subgraphs.map((definition) => {
      const service = spawnService(definition.name, `subgraphs/${definition.name}/index.js`, env, options.log);
      services.push(service);
      return waitForHealth(service, `http://127.0.0.1:${subgraphPort(definition)}/health`);
    });
    await Promise.all(started);
    // The outbox relay: every subgraph's events to the broker (NATS_URL, else PostgreSQL), at least once.
    services.push(spawnService('relay', 'relay/index.js', env, options.log));
    const gateway = spawnService('gateway', 'gateway/index.js', env, options.log, [], GATEWAY_NODE_FLAGS);
    services.push(gateway);
    await waitForHealth(gateway, `http://127.0.0.1:${gatewayPort()}/health`);
  } catch (error) {
    await stop();
    throw error;
  }
  const crashed = Promise.race(services.map((service) => service.exited.then(() => service.name)))
    .then((name) => (stopping ? new Promise<string>(() => {}) : name));
  return { gatewayUrl: `http://localhost:${gatewayPort()}/graphql`, services, stop, crashed };
}
