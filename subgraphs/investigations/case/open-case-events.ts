import type { DomainEvent } from '../../../lib/events/outbox';
import { CaseStatus } from './case';

/**
 * What deconfliction is told of open cases that were not opened through a mutation (the demo seed,
 * a migration that moved their selectors): a `case.opened` event per open case, from its rows as
 * stored, with its subjects, the selectors they use and the case's own labels.
 */
export function openCaseEvents(cases: Record<string, any>[], subjects: Record<string, any>[], subjectSelectors: { case_id: string; selector_id: string; kind: string; value: string }[]): DomainEvent[] {
  const named = new Map<string, string[]>();
  for (const s of subjects) named.set(s.case_id, [...(named.get(s.case_id) ?? []), s.person_id]);
  const selectorsOf = new Map<string, { id: string; kind: string; value: string }[]>();
  for (const s of subjectSelectors) selectorsOf.set(s.case_id, [...(selectorsOf.get(s.case_id) ?? []), { id: s.selector_id, kind: s.kind, value: s.value }]);
  return cases.filter((c) => c.status === CaseStatus.OPEN).map((c) => ({
    type: 'case.opened', recordType: 'Case', recordId: c.id, agency: c.lead_agency,
    subjects: { persons: named.get(c.id) ?? [], organizations: c.organization_id ? [c.organization_id] : [] },
    selectors: selectorsOf.get(c.id) ?? [],
    handling: {
      sensitivity: c.handling_sensitivity ?? 'OPEN', releasableTo: c.handling_releasable_to ?? ['ALL_DOMESTIC'], controlOfficial: c.handling_control_official ?? null,
      sourceReliability: c.handling_source_reliability ?? null, contentValidity: c.handling_content_validity ?? null,
    },
    details: { caseNumber: c.case_number, leadAgency: c.lead_agency, partnerAgencies: c.partner_agencies, status: CaseStatus.OPEN },
  }));
}
