import { MigrationInterface, QueryRunner } from 'typeorm';
import { AUDIT_SCHEMA } from '../../../lib/audit/schema';

/** The trail the gateway appends to (the gateway applies the same idempotent statements when it starts). */
export class AuditTrail1732200000600 implements MigrationInterface {
  name = 'AuditTrail1732200000600';

  async up(q: QueryRunner): Promise<void> {
    for (const statement of AUDIT_SCHEMA) await q.query(statement);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_event`);
  }
}
