import { BrokerOptions, EventBroker, eventNamespace } from './broker';
import { NatsBroker, removeNatsStream } from './nats-broker';
import { PostgresBroker, removePostgresLog } from './postgres-broker';

/** Opens the deployment's broker: JetStream with NATS_URL, else the PostgreSQL fallback. */
export async function openBroker(options: BrokerOptions): Promise<EventBroker> {
  if (options.natsUrl) return new NatsBroker(options.natsUrl, eventNamespace(options.prefix), options.log);
  return PostgresBroker.open(options.serverUrl, eventNamespace(options.prefix), options.log);
}

/** Deletes a deployment's stream and everything in it (tests, after they stop). */
export async function removeEventStream(options: BrokerOptions): Promise<void> {
  if (options.natsUrl) await removeNatsStream(options.natsUrl, eventNamespace(options.prefix));
  await removePostgresLog(options.serverUrl, eventNamespace(options.prefix));
}
