import { MigrationInterface, QueryRunner } from 'typeorm';
import { AUDIT_SCHEMA } from '../../../lib/audit/schema';

/**
 * The purpose of use, the caller's own request id, the client address and aggregated refusals
 * (lib/audit/schema.ts): the same idempotent statements again, so that a trail made before them has
 * the columns this subgraph reads even before a gateway has started on it.
 */
export class AuditPurpose1732200000603 implements MigrationInterface {
  name = 'AuditPurpose1732200000603';

  async up(q: QueryRunner): Promise<void> {
    for (const statement of AUDIT_SCHEMA) await q.query(statement);
  }

  async down(): Promise<void> {
    // The columns stay: the hash chain covers them.
  }
}
