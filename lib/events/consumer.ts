import { DataSource, EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import type { Consumption, EventBroker, PublishedEvent } from './broker';

/** A subgraph that acts on other agencies' events (deconfliction): its durable consumer's name and what it does with one event. */
export interface EventConsumerDefinition {
  /** The durable consumer's name at the broker; replicas of one subgraph share it. */
  name: string;
  /** Runs once per event id, in a transaction of the subgraph's own database, as its owner (never for a request). */
  handle(tx: EntityManager, event: PublishedEvent): Promise<void>;
}

/**
 * Delivers the broker's events to `definition.handle`, each event id at most once: the id is
 * recorded in `consumed_event` in the same transaction as what the handler writes, so a redelivered
 * event (the broker delivers at least once) finds its id taken and changes nothing, and a concurrent
 * second delivery waits on the first's row and then does the same.
 */
export function startConsumer(db: DataSource, broker: EventBroker, definition: EventConsumerDefinition): Consumption {
  return broker.consume(definition.name, (event) => db.transaction(async (tx) => {
    const first = await tx.query(`INSERT INTO consumed_event (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1`, [definition.name, event.id]);
    if (first.length === 0) return;
    await definition.handle(tx, event);
  }));
}

/** The ids a consuming subgraph has handled (owner only: no row security, so requests never see it). */
export class ConsumedEvents1732200000010 implements MigrationInterface {
  name = 'ConsumedEvents1732200000010';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE consumed_event (
      consumer text NOT NULL,
      event_id uuid NOT NULL,
      consumed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (consumer, event_id))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE consumed_event`);
  }
}
