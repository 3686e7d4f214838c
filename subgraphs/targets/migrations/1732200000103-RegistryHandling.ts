import { MigrationInterface, QueryRunner } from 'typeorm';
import { handlingMigration } from '../../../lib/handling/columns-migration';
import { registryReleasableTo } from '../../../lib/handling/registry-labels';

const AddColumns = handlingMigration('RegistryHandlingColumns', ['organization', 'person']);

/** The registry's records carry handling labels too: shared with every partner of the task force. */
export class RegistryHandling1732200000103 implements MigrationInterface {
  name = 'RegistryHandling1732200000103';

  async up(q: QueryRunner): Promise<void> {
    await new AddColumns().up(q);
    const shared = `'{${registryReleasableTo().join(',')}}'`;
    for (const table of ['organization', 'person']) {
      await q.query(`ALTER TABLE ${table} ALTER COLUMN handling_releasable_to SET DEFAULT ${shared}`);
      await q.query(`UPDATE ${table} SET handling_releasable_to = ${shared}`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await new AddColumns().down(q);
  }
}
