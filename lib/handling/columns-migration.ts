import { MigrationInterface, QueryRunner } from 'typeorm';
import { ALL_DOMESTIC } from './labels';

const HANDLING_COLUMN_DEFINITIONS = [
  `handling_sensitivity text NOT NULL DEFAULT 'OPEN' CHECK (handling_sensitivity IN ('OPEN', 'POINTER', 'RESTRICTED'))`,
  `handling_releasable_to text[] NOT NULL DEFAULT '{${ALL_DOMESTIC}}'`,
  `handling_control_official text`,
  `handling_source_reliability text CHECK (handling_source_reliability IN ('A', 'B', 'C', 'D', 'E', 'F'))`,
  `handling_content_validity integer CHECK (handling_content_validity BETWEEN 1 AND 6)`,
];

/** The handling label columns, for a table created with them (`CREATE TABLE t (..., ${HANDLING_COLUMNS})`). */
export const HANDLING_COLUMNS = HANDLING_COLUMN_DEFINITIONS.join(',\n  ');

/** Adds the handling labels to record tables that predate them; existing rows stay releasable to ALL_DOMESTIC. */
export function handlingMigration(name: string, tables: string[]): new () => MigrationInterface {
  return class implements MigrationInterface {
    name = name;

    async up(q: QueryRunner): Promise<void> {
      for (const table of tables) {
        await q.query(`ALTER TABLE ${table} ${HANDLING_COLUMN_DEFINITIONS.map((column) => `ADD COLUMN ${column}`).join(', ')}`);
        await q.query(`CREATE INDEX ${table}_releasable_to ON ${table} USING gin (handling_releasable_to)`);
      }
    }

    async down(q: QueryRunner): Promise<void> {
      for (const table of tables) {
        await q.query(`ALTER TABLE ${table} DROP COLUMN handling_sensitivity, DROP COLUMN handling_releasable_to, DROP COLUMN handling_control_official,
          DROP COLUMN handling_source_reliability, DROP COLUMN handling_content_validity`);
      }
    }
  };
}
