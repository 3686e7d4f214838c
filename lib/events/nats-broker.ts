import { connect, NatsConnection } from '@nats-io/transport-node';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, JetStreamApiCodes, JetStreamApiError, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import type { Consumption, EventBroker, PublishedEvent } from './broker';
import { eventRetentionDays } from './broker';
import { intFromEnv } from '../config';

const NANOS_PER_MS = 1_000_000;

/** How long JetStream waits for a consumer's acknowledgement before delivering a message again. */
const ACK_WAIT_MS = 10_000;

/** How long a publish waits for JetStream's acknowledgement before the relay counts the event as not yet published. */
const PUBLISH_TIMEOUT_MS = 5_000;

/**
 * JetStream: one stream per deployment (`<PREFIX>_EVENTS`, subjects `<prefix>.events.<source>.<type>`),
 * file storage, kept EVENT_RETENTION_DAYS, NATS_REPLICAS copies in a cluster; the event id is the
 * message id, so a republished event inside the duplicate window is stored once. Each consumer is a
 * durable pull consumer with explicit acknowledgements, acknowledged after `handle` has committed.
 */
export class NatsBroker implements EventBroker {
  readonly kind = 'nats' as const;
  private connecting: Promise<NatsConnection> | null = null;
  private closed = false;

  constructor(private readonly url: string, private readonly names: { subjects: string; stream: string }, private readonly log: (line: string) => void = () => undefined) {}

  /** Connects on first use and for as long as the broker is open; the client reconnects by itself after that. */
  private connection(): Promise<NatsConnection> {
    this.connecting ??= (async () => {
      const nc = await connect({ servers: this.url, name: `unity-${this.names.stream.toLowerCase()}`, maxReconnectAttempts: -1, reconnectTimeWait: 500, timeout: 2000 });
      await ensureStream(nc, this.names, this.log);
      void nc.closed().then(() => (this.connecting = null));
      return nc;
    })().catch((error) => {
      this.connecting = null;
      throw error;
    });
    return this.connecting;
  }

  async publish(events: PublishedEvent[]): Promise<Set<string>> {
    const js = jetstream(await this.connection(), { timeout: PUBLISH_TIMEOUT_MS });
    const results = await Promise.allSettled(events.map((event) =>
      js.publish(`${this.names.subjects}.${event.source}.${event.type}`, JSON.stringify(event), { msgID: event.id, expect: { streamName: this.names.stream } })));
    const acknowledged = new Set(events.filter((_, i) => results[i].status === 'fulfilled').map((event) => event.id));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (acknowledged.size === 0 && failed) throw failed.reason;
    return acknowledged;
  }

  consume(consumer: string, handle: (event: PublishedEvent) => Promise<void>): Consumption {
    let stopped = false;
    let current: { stop(): void } | null = null;
    const run = async () => {
      let complained = false;
      while (!stopped) {
        try {
          const nc = await this.connection();
          const js = jetstream(nc);
          await ensureConsumer(nc, this.names, consumer);
          const messages = await (await js.consumers.get(this.names.stream, consumer)).consume({ max_messages: 64, abort_on_missing_resource: true });
          current = messages;
          if (complained) this.log(`consuming ${this.names.stream} as ${consumer} again`);
          complained = false;
          for await (const message of messages) {
            if (stopped) break;
            try {
              await handle(message.json<PublishedEvent>());
              await message.ackAck().catch(() => false); // unacknowledged: it comes again, and changes nothing
            } catch (error) {
              this.log(`event ${message.seq} not handled, retried in 2 s: ${error instanceof Error ? error.message : String(error)}`);
              message.nak(2000);
            }
          }
        } catch (error) {
          if (!complained) this.log(`cannot consume ${this.names.stream} at ${this.url} (${error instanceof Error ? error.message : String(error)}); retrying`);
          complained = true;
        }
        current = null;
        if (!stopped) await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    };
    const running = run();
    return {
      async stop() {
        stopped = true;
        current?.stop();
        await running;
      },
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const pending = this.connecting;
    this.connecting = null;
    const nc = await pending?.catch(() => null);
    await nc?.drain().catch(() => nc.close());
  }
}

function isNotFound(error: unknown): boolean {
  return error instanceof JetStreamApiError && (error.code === JetStreamApiCodes.StreamNotFound || error.code === JetStreamApiCodes.ConsumerNotFound);
}

/** Creates the stream, or brings an existing one to this configuration (retention and replicas can change). */
async function ensureStream(nc: NatsConnection, names: { subjects: string; stream: string }, log: (line: string) => void): Promise<void> {
  const jsm = await jetstreamManager(nc);
  const config = {
    name: names.stream,
    subjects: [`${names.subjects}.>`],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    max_age: eventRetentionDays() * 86_400_000 * NANOS_PER_MS,
    duplicate_window: 120_000 * NANOS_PER_MS,
    num_replicas: intFromEnv('NATS_REPLICAS', 1),
  };
  try {
    await jsm.streams.info(names.stream);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    await jsm.streams.add(config).catch(async (raced) => {
      // Another process created it meanwhile.
      await jsm.streams.info(names.stream).catch(() => Promise.reject(raced));
    });
    return;
  }
  // An existing stream follows a changed retention or replica count; what JetStream cannot change in place stays as it is.
  await jsm.streams.update(names.stream, { subjects: config.subjects, max_age: config.max_age, num_replicas: config.num_replicas, duplicate_window: config.duplicate_window })
    .catch((error) => log(`stream ${names.stream} kept its configuration: ${error instanceof Error ? error.message : String(error)}`));
}

async function ensureConsumer(nc: NatsConnection, names: { subjects: string; stream: string }, consumer: string): Promise<void> {
  const jsm = await jetstreamManager(nc);
  try {
    await jsm.consumers.info(names.stream, consumer);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    await jsm.consumers.add(names.stream, {
      durable_name: consumer,
      ack_policy: AckPolicy.Explicit,
      ack_wait: ACK_WAIT_MS * NANOS_PER_MS,
      deliver_policy: DeliverPolicy.All,
      max_deliver: -1,
      max_ack_pending: 1000,
      filter_subject: `${names.subjects}.>`,
    });
  }
}

export async function removeNatsStream(url: string, names: { stream: string }): Promise<void> {
  const nc = await connect({ servers: url, timeout: 2000 });
  try {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(names.stream).catch((error) => {
      if (!isNotFound(error)) throw error;
    });
  } finally {
    await nc.close();
  }
}
