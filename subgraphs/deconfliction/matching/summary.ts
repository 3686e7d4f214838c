import type { NoticeRecordRef } from '../notice/notice';

/** A notice in one sentence, written only from what the recipient may be shown. */
export function describeNotice(yours: Pick<NoticeRecordRef, 'kind' | 'recordType'>, counterpart: Record<string, any>, reasons: string[] | null): string {
  const mine = `Your ${label(yours.kind, yours.recordType)}`;
  if (counterpart.disclosure === 'CONTROL_OFFICIAL') {
    return `${mine} meets a record of another agency: contact ${counterpart.controlOfficial ?? 'the duty officer'} at ${counterpart.agency}.`;
  }
  const what = counterpart.disclosure === 'FULL' ? describeRecord(counterpart) : `a ${label(counterpart.kind, counterpart.recordType)} of ${counterpart.agency}`;
  return `${mine} ${reasons?.length ? reasons.map((r) => REASONS[r] ?? r).join(' and ') : 'meets'} ${what}; contact ${contactOf(counterpart)}.`;
}

const REASONS: Record<string, string> = {
  SAME_PLACE_AND_TIME: 'overlaps in place and time with',
  SAME_TARGET: 'names the same target as',
  SAME_SELECTOR: 'names the same selector as',
};

function label(kind: string | null | undefined, recordType: string | null | undefined): string {
  switch (kind) {
    case 'OPERATION': return 'planned operation';
    case 'CASE': return 'open case';
    case 'WATCH': return 'watch';
    default: return (recordType ?? 'record').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  }
}

function describeRecord(party: Record<string, any>): string {
  const details = party.details ?? {};
  switch (party.kind) {
    case 'OPERATION':
      return `${party.agency}'s ${String(details.type ?? 'planned').toLowerCase().replace(/_/g, '-')} operation from ${details.start} to ${details.end}, ${details.radiusMeters} m around ${party.location?.latitude}, ${party.location?.longitude}`;
    case 'CASE':
      return `${party.agency}'s open case${details.caseNumber ? ` ${details.caseNumber}` : ''}`;
    case 'WATCH':
      return `${party.agency}'s watch${details.note ? ` ("${details.note}")` : ''}`;
    default:
      return `${party.agency}'s ${label(party.kind, party.recordType)}${party.eventType ? ` (${party.eventType}${party.occurredAt ? `, ${party.occurredAt}` : ''})` : ''}`;
  }
}

function contactOf(party: Record<string, any>): string {
  const contact = party.contact?.name ? `${party.contact.name}${party.contact.phone ? ` (${party.contact.phone})` : ''}` : null;
  if (contact && party.controlOfficial) return `${contact} or ${party.controlOfficial} at ${party.agency}`;
  return `${contact ?? party.controlOfficial ?? 'the duty officer'} at ${party.agency}`;
}
