import { rowSecurityMigration } from '../../../lib/database/row-security';

/** Row-level security: restrictions and crossings by their labels; only the issuing agency changes a restriction. */
export const RowSecurity1732200000503 = rowSecurityMigration('RowSecurity1732200000503', [
  { table: 'travel_restriction', labelled: true, insert: 'provenance_agency = unity_agency() AND issuing_agency = unity_agency()', update: 'issuing_agency = unity_agency()' },
  { table: 'border_crossing', labelled: true },
]);
