import { MigrationInterface, QueryRunner } from 'typeorm';
import { guardTable } from '../../../lib/database/row-security';

/** Validations of records under review: who validated what, when and why; each agency sees its own. */
export class RecordValidation1732200000602 implements MigrationInterface {
  name = 'RecordValidation1732200000602';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE record_validation (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        validated_at timestamptz NOT NULL,
        agency text NOT NULL,
        validated_by text NOT NULL,
        request_id text NOT NULL,
        record_type text NOT NULL,
        record_id uuid NOT NULL,
        justification text NOT NULL
      )`);
    await q.query(`CREATE INDEX record_validation_record ON record_validation (record_id, validated_at DESC)`);
    for (const statement of guardTable({ table: 'record_validation', labelled: false, read: 'agency = unity_agency()', insert: 'agency = unity_agency()', update: false })) {
      await q.query(statement);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE record_validation`);
  }
}
