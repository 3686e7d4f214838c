import { MigrationInterface, QueryRunner } from 'typeorm';
import { RowSecurity1732200000001, RowSecurityPlans1732200000900 } from './row-security';
import { Outbox1732200000002, OutboxAnnouncement1732200000003 } from '../events/outbox';
import { AddressEmailRespelling1732200000940, AddressStateRespelling1732200000920, SelectorRespelling1732200000910 } from '../selectors/respelling';

/**
 * Tables every subgraph has: whether its demo data was seeded, and the receipts that make
 * mutations idempotent under a client-supplied clientMutationId.
 */
export class PlatformTables1732200000000 implements MigrationInterface {
  name = 'PlatformTables1732200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE seed_state (scale integer NOT NULL, seeded_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`
      CREATE TABLE mutation_receipt (
        agency text NOT NULL,
        client_mutation_id text NOT NULL,
        mutation text NOT NULL,
        record_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (agency, client_mutation_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE mutation_receipt, seed_state`);
  }
}

/** A receipt keeps a digest of its mutation's arguments: the same clientMutationId with other arguments is refused, not answered as a retry. */
export class ReceiptArguments1732200000960 implements MigrationInterface {
  name = 'ReceiptArguments1732200000960';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE mutation_receipt ADD COLUMN arguments_digest text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE mutation_receipt DROP COLUMN arguments_digest`);
  }
}

/**
 * What every subgraph database has: before its own migrations, in order; RowSecurityPlans (timestamp
 * 900) after them, since it rewrites the policies they wrote, and the selector respellings (910, 920),
 * which move selectors stored under earlier normalisation rules in whichever tables the database has.
 */
export const PLATFORM_MIGRATIONS = [PlatformTables1732200000000, RowSecurity1732200000001, Outbox1732200000002, OutboxAnnouncement1732200000003, RowSecurityPlans1732200000900, SelectorRespelling1732200000910, AddressStateRespelling1732200000920, AddressEmailRespelling1732200000940, ReceiptArguments1732200000960];
