import { rowSecurityMigration } from '../../../lib/database/row-security';

/** The lead agency and the partner agencies of a visible case may add to it. */
const caseWritable = (table: string) =>
  `EXISTS (SELECT 1 FROM investigation_case c WHERE c.id = ${table}.case_id AND (c.lead_agency = unity_agency() OR unity_agency() = ANY (c.partner_agencies)))`;
const ownIndictment = (table: string) =>
  `EXISTS (SELECT 1 FROM indictment i WHERE i.id = ${table}.indictment_id AND i.provenance_agency = unity_agency())`;

/**
 * Row-level security on every investigations table: a case by its labels; its subjects, sources,
 * indictments (and their charges and defendants) and arrests only while the case is visible too.
 */
export const RowSecurity1732200000303 = rowSecurityMigration('RowSecurity1732200000303', [
  { table: 'investigation_case', labelled: true, insert: 'provenance_agency = unity_agency() AND lead_agency = unity_agency()', update: 'lead_agency = unity_agency()' },
  { table: 'case_subject', labelled: false, parents: [{ table: 'investigation_case', column: 'case_id' }], insert: caseWritable('case_subject') },
  { table: 'confidential_source', labelled: false, parents: [{ table: 'investigation_case', column: 'case_id' }], insert: false },
  { table: 'indictment', labelled: true, parents: [{ table: 'investigation_case', column: 'case_id' }], insert: `provenance_agency = unity_agency() AND ${caseWritable('indictment')}` },
  { table: 'indictment_defendant', labelled: false, parents: [{ table: 'indictment', column: 'indictment_id' }], insert: ownIndictment('indictment_defendant') },
  { table: 'charge', labelled: false, parents: [{ table: 'indictment', column: 'indictment_id' }], insert: ownIndictment('charge') },
  { table: 'arrest', labelled: true, parents: [{ table: 'investigation_case', column: 'case_id' }], insert: `provenance_agency = unity_agency() AND ${caseWritable('arrest')}` },
]);
