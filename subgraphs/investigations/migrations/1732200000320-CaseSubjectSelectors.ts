import { recordSelectorsMigration } from '../../../lib/selectors/federated';

const caseWritable = `EXISTS (SELECT 1 FROM investigation_case c WHERE c.id = case_subject_selector.case_id AND (c.lead_agency = unity_agency() OR unity_agency() = ANY (c.partner_agencies)))`;

/** The phones, addresses and e-mail addresses of case subjects; visible only while the case is; added by whoever may add subjects. */
export const CaseSubjectSelectors1732200000320 = recordSelectorsMigration('CaseSubjectSelectors1732200000320', {
  table: 'case_subject_selector',
  keys: ['case_id uuid NOT NULL', 'person_id uuid NOT NULL'],
  parent: { table: 'investigation_case', column: 'case_id' },
  insert: caseWritable,
});
