import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where the case placed a subject's address, when it did. The rows stay under the table's policies
 * (visible only while the case is), so a place is seen only by those who may see the case.
 */
export class CaseSubjectAddressPlaces1732200000395 implements MigrationInterface {
  name = 'CaseSubjectAddressPlaces1732200000395';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE case_subject_selector
      ADD COLUMN latitude double precision CHECK (latitude BETWEEN -90 AND 90),
      ADD COLUMN longitude double precision CHECK (longitude BETWEEN -180 AND 180),
      ADD CONSTRAINT case_subject_selector_place CHECK ((latitude IS NULL) = (longitude IS NULL) AND (latitude IS NULL OR kind = 'ADDRESS'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE case_subject_selector DROP CONSTRAINT case_subject_selector_place, DROP COLUMN latitude, DROP COLUMN longitude`);
  }
}
