import { rowSecurityMigration } from '../../../lib/database/row-security';

const ownInterdiction = (table: string) =>
  `EXISTS (SELECT 1 FROM interdiction i WHERE i.id = ${table}.interdiction_id AND i.provenance_agency = unity_agency())`;

/** Row-level security: an interdiction by its labels; its seizures and subjects only while it is visible. */
export const RowSecurity1732200000202 = rowSecurityMigration('RowSecurity1732200000202', [
  { table: 'interdiction', labelled: true },
  { table: 'seizure', labelled: false, parents: [{ table: 'interdiction', column: 'interdiction_id' }], insert: ownInterdiction('seizure') },
  { table: 'interdiction_subject', labelled: false, parents: [{ table: 'interdiction', column: 'interdiction_id' }], insert: ownInterdiction('interdiction_subject') },
]);
