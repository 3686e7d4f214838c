import '../lib/observability/tracing-preload'; // first: instruments pg before it loads
import { subgraphs } from '../subgraphs';
import { openBroker } from '../lib/events/open-broker';
import { startRelay } from '../lib/events/relay';
import { databaseName, urlForDatabase } from '../lib/database/server';
import { onShutdown } from '../lib/runtime/lifecycle';
import { startTracing, stopTracing } from '../lib/observability/tracing';

const log = (msg: string, level = 'info') => console.log(JSON.stringify({ level, service: 'relay', msg }));

/** The outbox relay as its own process: publishes every subgraph's outbox until SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('DATABASE_URL is not set: the relay reads each subgraph\'s outbox there');
  startTracing('unity-relay');
  const broker = await openBroker({ serverUrl, natsUrl: process.env.NATS_URL, log: (line) => log(line, 'warn') });
  const relay = startRelay({
    sources: subgraphs.map((s) => ({ name: s.name, url: urlForDatabase(serverUrl, databaseName(s.name)) })),
    broker,
    log: (line) => log(line, 'warn'),
  });
  log(`ready: publishing ${subgraphs.length} outboxes to ${broker.kind === 'nats' ? `NATS JetStream at ${process.env.NATS_URL}` : 'the PostgreSQL event log'}`);
  onShutdown(async () => {
    await relay.stop();
    await broker.close();
    await stopTracing();
  });
}

main().catch((error) => {
  console.error(`relay could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
