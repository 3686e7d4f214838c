import { SubgraphDefinition } from './definition';
import { serveSubgraph } from './serve';
import { subgraphPort } from './ports';
import { seedIfEmpty } from './database';
import { onShutdown } from '../runtime/lifecycle';
import { startTracing, stopTracing } from '../observability/tracing';

/** A subgraph as its own process: serve until SIGINT/SIGTERM, then drain and exit. */
export async function runSubgraphProcess(definition: SubgraphDefinition): Promise<void> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    console.error(`${definition.name}: DATABASE_URL is not set; start everything with "npm start", or set DATABASE_URL to a PostgreSQL server.`);
    process.exit(2);
  }
  startTracing(`unity-subgraph-${definition.name}`);
  try {
    const running = await serveSubgraph(definition, { port: subgraphPort(definition), serverUrl, host: process.env.HOST });
    // Standalone deployments (docker-compose) ask each subgraph to load the demo data itself.
    if (process.env.UNITY_SEED_DEMO === 'true' && (await seedIfEmpty(definition, running.db))) {
      console.log(JSON.stringify({ level: 'info', subgraph: definition.name, msg: 'seeded demo data' }));
    }
    console.log(JSON.stringify({ level: 'info', subgraph: definition.name, msg: 'ready', url: running.url }));
    onShutdown(async () => {
      await running.stop();
      await stopTracing();
    });
  } catch (error) {
    console.error(`${definition.name} could not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
