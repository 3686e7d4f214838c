import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A GiST trigram index beside the GIN one: it can hand back the nearest names first (KNN ordering by
 * <-> and <<->), so a search for a common surname reads a few dozen candidates instead of scoring
 * every name that shares trigrams with it.
 */
export class TargetSearchNearest1732200000102 implements MigrationInterface {
  name = 'TargetSearchNearest1732200000102';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX target_name_folded_nearest ON target_name USING gist (folded gist_trgm_ops)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX target_name_folded_nearest`);
  }
}
