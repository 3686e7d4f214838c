import { MigrationInterface, QueryRunner } from 'typeorm';

/** The response cache asks, after every change, when the next active restriction expires. */
export class ActiveExpiry1732200000502 implements MigrationInterface {
  name = 'ActiveExpiry1732200000502';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX travel_restriction_active_expiry ON travel_restriction (expires_at) WHERE status = 'ACTIVE' AND expires_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX travel_restriction_active_expiry`);
  }
}
