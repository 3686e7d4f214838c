import { rowSecurityMigration } from '../../../lib/database/row-security';

/** Row-level security: designations, accounts and seizures by their labels; SARs only while their account is visible. */
export const RowSecurity1732200000403 = rowSecurityMigration('RowSecurity1732200000403', [
  { table: 'sanctions_designation', labelled: true },
  { table: 'financial_account', labelled: true },
  { table: 'asset_seizure', labelled: true },
  { table: 'suspicious_activity_report', labelled: false, parents: [{ table: 'financial_account', column: 'account_id' }], insert: false },
]);
