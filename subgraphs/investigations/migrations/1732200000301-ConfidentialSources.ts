import { MigrationInterface, QueryRunner } from 'typeorm';

export class ConfidentialSources1732200000301 implements MigrationInterface {
  name = 'ConfidentialSources1732200000301';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE confidential_source (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES investigation_case (id),
        code_name text NOT NULL,
        reliability text NOT NULL CHECK (reliability IN ('A', 'B', 'C', 'D', 'E', 'F')),
        handler_agency text NOT NULL
      )`);
    await q.query(`CREATE INDEX confidential_source_case ON confidential_source (case_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE confidential_source`);
  }
}
