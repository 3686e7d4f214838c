import { rowSecurityMigration } from '../../../lib/database/row-security';

/**
 * Row-level security on what the audit subgraph serves: the trail itself (its reader needs
 * audit:read, checked on the field) and the who-saw-what index; handling notices only to the agency
 * they are owed to. Only the gateway writes here, as the owner.
 */
export const RowSecurity1732200000601 = rowSecurityMigration('RowSecurity1732200000601', [
  { table: 'audit_event', labelled: false, insert: false },
  { table: 'audit_entity_seen', labelled: false, insert: false },
  { table: 'handling_notice', labelled: false, insert: false, read: 'owner_agency = unity_agency()' },
]);
