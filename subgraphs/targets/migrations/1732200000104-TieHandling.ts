import { MigrationInterface, QueryRunner } from 'typeorm';
import { handlingMigration } from '../../../lib/handling/columns-migration';
import { registryReleasableTo } from '../../../lib/handling/registry-labels';

const AddColumns = handlingMigration('TieHandlingColumns', ['membership', 'association']);

/** Memberships and associations are registry records too, labelled like the rest of the registry. */
export class TieHandling1732200000104 implements MigrationInterface {
  name = 'TieHandling1732200000104';

  async up(q: QueryRunner): Promise<void> {
    await new AddColumns().up(q);
    const shared = `'{${registryReleasableTo().join(',')}}'`;
    for (const table of ['membership', 'association']) {
      await q.query(`ALTER TABLE ${table} ALTER COLUMN handling_releasable_to SET DEFAULT ${shared}`);
      await q.query(`UPDATE ${table} SET handling_releasable_to = ${shared}`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await new AddColumns().down(q);
  }
}
