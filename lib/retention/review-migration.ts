import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Adds the last-validation time to every table of the subgraph whose rows carry provenance, and an
 * index on when each is due for review (the retention report and purge scan by it).
 */
export function reviewMigration(name: string): new () => MigrationInterface {
  return class implements MigrationInterface {
    name = name;

    async up(q: QueryRunner): Promise<void> {
      const tables: { table: string }[] = await q.query(`
        SELECT c.table_name AS table FROM information_schema.columns c
         WHERE c.table_schema = current_schema() AND c.column_name = 'provenance_recorded_at'
           AND NOT EXISTS (SELECT 1 FROM information_schema.columns v WHERE v.table_schema = c.table_schema AND v.table_name = c.table_name AND v.column_name = 'provenance_validated_at')`);
      for (const { table } of tables) {
        await q.query(`ALTER TABLE "${table}" ADD COLUMN provenance_validated_at timestamptz`);
        await q.query(`CREATE INDEX "${table}_review" ON "${table}" ((coalesce(provenance_validated_at, provenance_recorded_at)))`);
      }
    }

    async down(q: QueryRunner): Promise<void> {
      const tables: { table: string }[] = await q.query(`
        SELECT table_name AS table FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'provenance_validated_at'`);
      for (const { table } of tables) await q.query(`ALTER TABLE "${table}" DROP COLUMN provenance_validated_at`);
    }
  };
}
