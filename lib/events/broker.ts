import type { Handling } from '../handling/labels';

/**
 * An outbox event as it travels: the domain event (lib/events/outbox.ts) with its id, the subgraph
 * whose database recorded it and when. Consumers tell deliveries apart by `id` alone.
 */
export interface PublishedEvent {
  id: string;
  /** The subgraph whose outbox held it (interdictions, investigations, ...). */
  source: string;
  type: string;
  recordType: string;
  recordId: string;
  agency: string;
  subjects: { persons: string[]; organizations: string[] };
  selectors: { kind: string; value: string }[];
  place: { latitude: number; longitude: number } | null;
  occurredAt: string | null;
  recordedAt: string;
  handling: Handling;
  details: Record<string, unknown>;
}

/** A running delivery to one durable consumer. */
export interface Consumption {
  stop(): Promise<void>;
}

/**
 * Where the relay puts events and consumers take them from: NATS JetStream when NATS_URL is set
 * (lib/events/nats-broker.ts), else a log table in PostgreSQL with the same contract
 * (lib/events/postgres-broker.ts). The contract: `publish` resolves with the ids the broker has
 * stored durably (a repeated id is acknowledged and stored once); each durable consumer receives
 * every stored event at least once, the next after `handle` resolves, and an event whose `handle`
 * failed (or whose consumer died) again later.
 */
export interface EventBroker {
  readonly kind: 'nats' | 'postgres';
  publish(events: PublishedEvent[]): Promise<Set<string>>;
  consume(consumer: string, handle: (event: PublishedEvent) => Promise<void>): Consumption;
  close(): Promise<void>;
}

export interface BrokerOptions {
  /** DATABASE_URL: the PostgreSQL server (the fallback broker keeps its log in `<prefix>_events` there). */
  serverUrl: string;
  prefix?: string;
  /** NATS_URL; without it the PostgreSQL fallback is used. */
  natsUrl?: string;
  log?: (line: string) => void;
}

/**
 * Names of a deployment's event stream, derived from its database prefix, so that tests and
 * benchmarks sharing one NATS server (or one PostgreSQL server) never see each other's events.
 */
export function eventNamespace(prefix = process.env.DATABASE_PREFIX ?? 'unity'): { subjects: string; stream: string; database: string } {
  const safe = prefix.replace(/[^A-Za-z0-9_-]/g, '_');
  return { subjects: `${safe}.events`, stream: `${safe.toUpperCase()}_EVENTS`, database: `${prefix}_events` };
}

/** How long the broker keeps events (days): consumers that fall further behind lose them. */
export function eventRetentionDays(): number {
  const days = Number(process.env.EVENT_RETENTION_DAYS ?? 7);
  return Number.isFinite(days) && days > 0 ? days : 7;
}
