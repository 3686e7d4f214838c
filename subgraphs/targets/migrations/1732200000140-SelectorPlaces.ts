import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where an agency saw an address: the coordinates live on its link (labelled, under the link's
 * policies), never on the selector, whose rows anyone may read: an address's place would otherwise
 * tell others that some agency recorded it.
 */
export class SelectorPlaces1732200000140 implements MigrationInterface {
  name = 'SelectorPlaces1732200000140';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE selector_link
        ADD COLUMN latitude double precision CHECK (latitude BETWEEN -90 AND 90),
        ADD COLUMN longitude double precision CHECK (longitude BETWEEN -180 AND 180),
        ADD CONSTRAINT selector_link_place CHECK ((latitude IS NULL) = (longitude IS NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE selector_link DROP CONSTRAINT selector_link_place, DROP COLUMN latitude, DROP COLUMN longitude`);
  }
}
