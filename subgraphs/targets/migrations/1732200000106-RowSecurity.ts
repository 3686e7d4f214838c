import { rowSecurityMigration } from '../../../lib/database/row-security';

/**
 * Row-level security on the registry: persons and organizations by their labels; a membership or an
 * association only while it is released and both its ends are visible (a tie to someone hidden is
 * not shown, so no non-null end is ever null); a name of the search index only while its target is.
 * target_name_form holds bare spellings (no ids, nothing to join but through target_name): readable.
 * The triggers that keep the search index run as the owner, so requests never write to it.
 */
export const RowSecurity1732200000106 = rowSecurityMigration('RowSecurity1732200000106', [
  // The registry is the task force's shared table: any agency it is released to may add what it knows (an alias).
  { table: 'organization', labelled: true, update: 'true' },
  { table: 'person', labelled: true, update: 'true' },
  { table: 'membership', labelled: true, parents: [{ table: 'person', column: 'person_id' }, { table: 'organization', column: 'organization_id' }] },
  { table: 'association', labelled: true, parents: [{ table: 'person', column: 'person_id' }, { table: 'person', column: 'associate_id' }] },
  {
    table: 'target_name', labelled: false, insert: false,
    read: 'EXISTS (SELECT 1 FROM person p WHERE p.id = target_name.target_id) OR EXISTS (SELECT 1 FROM organization o WHERE o.id = target_name.target_id)',
  },
  { table: 'target_name_form', labelled: false, insert: false },
], [
  `ALTER FUNCTION refresh_target_names() SECURITY DEFINER SET search_path FROM CURRENT`,
  `ALTER FUNCTION add_target_name_forms() SECURITY DEFINER SET search_path FROM CURRENT`,
]);
