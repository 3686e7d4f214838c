import { MigrationInterface, QueryRunner } from 'typeorm';
import { recordSelectorsMigration } from '../../../lib/selectors/federated';

const Crossings = recordSelectorsMigration('BorderCrossingSelectors', {
  table: 'border_crossing_selector', keys: ['crossing_id uuid NOT NULL'], parent: { table: 'border_crossing', column: 'crossing_id' },
});
const Restrictions = recordSelectorsMigration('TravelRestrictionSelectors', {
  table: 'travel_restriction_selector', keys: ['restriction_id uuid NOT NULL'], parent: { table: 'travel_restriction', column: 'restriction_id' },
});

/** The documents and plates of crossings and restrictions; each row visible only while its record is. */
export class TravelSelectors1732200000520 implements MigrationInterface {
  name = 'TravelSelectors1732200000520';

  async up(q: QueryRunner): Promise<void> {
    await new Crossings().up(q);
    await new Restrictions().up(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await new Restrictions().down(q);
    await new Crossings().down(q);
  }
}
