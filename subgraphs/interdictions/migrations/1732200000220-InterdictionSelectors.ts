import { recordSelectorsMigration } from '../../../lib/selectors/federated';

/** The selectors each interdiction involves; visible only while the interdiction is. */
export const InterdictionSelectors1732200000220 = recordSelectorsMigration('InterdictionSelectors1732200000220', {
  table: 'interdiction_selector',
  keys: ['interdiction_id uuid NOT NULL'],
  parent: { table: 'interdiction', column: 'interdiction_id' },
});
