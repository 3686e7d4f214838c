import crypto from 'node:crypto';
import { EntityManager } from 'typeorm';
import type { PublishedEvent } from '../../../lib/events/broker';
import type { EventConsumerDefinition } from '../../../lib/events/consumer';
import { releaseCodes } from '../../../lib/handling/release';
import { selectorId, SelectorKind } from '../../../lib/selectors/normalize';
import { describeNotice } from './summary';
import type { NoticeRecordRef, NoticeSubjects } from '../notice/notice';
import type { WebhookPolicy } from '../webhook/policy';

/** The channel on which a committed notice is announced (payload: the recipient agency). */
export const NOTICE_CHANNEL = 'deconfliction_notice';

/**
 * Deconfliction's consumer: every agency's events, once per id (lib/events/consumer.ts), as the
 * owner of its database. An event first keeps the matching structure current (cases come from the
 * investigations subgraph's events; operations and watches are indexed by triggers as they are
 * written), then is matched against every other agency's standing interests: open cases, planned
 * operations and watches naming one of its persons, organizations or selectors, and operations
 * whose ground and window it falls in. Each match gives both agencies a notice (a watch of the
 * recording agency itself, only the watcher), each showing the other side only as far as that
 * side's labels release it to the recipient (`deconfliction_disclosed`).
 */
export function deconflictionConsumer(webhooks: () => WebhookPolicy): EventConsumerDefinition {
  return { name: 'deconfliction', handle: (tx, event) => handleEvent(tx, event, webhooks()) };
}

/** What a match can show of one side: stored in the interest (`party`) or built from the event. */
type Party = Record<string, unknown> & { agency: string; recordType: string };

interface NoticeDraft {
  recipient: string;
  yours: NoticeRecordRef;
  counterpart: Party;
  counterpartId: string;
  reasons: string[];
  subjects: NoticeSubjects;
}

async function handleEvent(tx: EntityManager, event: PublishedEvent, webhooks: WebhookPolicy): Promise<void> {
  await indexCase(tx, event);
  if (!matchable(event)) return;
  const keys = keysOf(event);
  const ground = groundOf(event);
  if (keys.length === 0 && !ground) return;
  const candidates: { interest_id: string; reasons: string[]; matched: string[]; kind: string; agency: string; party: Party }[] = await tx.query(
    `SELECT c.interest_id, c.reasons, c.matched, i.kind, i.agency, i.party
       FROM deconfliction_candidates($1::uuid[], $2, $3, $4, $5::tstzrange, $6) c
       JOIN deconfliction_interest i ON i.id = c.interest_id`,
    [keys, ground?.latitude ?? null, ground?.longitude ?? null, ground?.radius ?? 0, ground?.window ?? null, event.recordId],
  );
  const owner = ownerOf(event);
  const eventParty = partyOf(event);
  const eventRef: NoticeRecordRef = { kind: kindOf(event.recordType) as NoticeRecordRef['kind'], recordType: event.recordType, recordId: event.recordId, eventType: event.type };
  const drafts: NoticeDraft[] = [];
  for (const candidate of candidates) {
    const subjects = subjectsMatched(event, new Set(candidate.matched));
    const interestRef: NoticeRecordRef = { kind: candidate.kind as NoticeRecordRef['kind'], recordType: candidate.party.recordType, recordId: candidate.interest_id, eventType: null };
    const toInterest = { recipient: candidate.agency, yours: interestRef, counterpart: eventParty, counterpartId: event.recordId, reasons: candidate.reasons, subjects };
    if (candidate.agency === owner) {
      // An agency is not told of its own work, except by its own watches.
      if (candidate.kind === 'WATCH') drafts.push(toInterest);
      continue;
    }
    drafts.push(toInterest, { recipient: owner, yours: eventRef, counterpart: candidate.party, counterpartId: candidate.interest_id, reasons: candidate.reasons, subjects });
  }
  // Counters are locked in one order, so two consumers writing notices for the same agencies never deadlock.
  drafts.sort((a, b) => a.recipient.localeCompare(b.recipient) || a.counterpartId.localeCompare(b.counterpartId));
  for (const draft of drafts) await writeNotice(tx, event, draft, webhooks);
}

/**
 * One notice, once per pair of records for each recipient (the match key), whichever of the two
 * records' events found the match; numbered in the recipient's sequence under the counter's row
 * lock, so numbers commit in order and a reader resuming after one never skips a notice.
 */
async function writeNotice(tx: EntityManager, event: PublishedEvent, draft: NoticeDraft, webhooks: WebhookPolicy): Promise<void> {
  const matchKey = crypto.createHash('sha256').update(`${draft.recipient}\n${draft.yours.recordId}\n${draft.counterpartId}`).digest('hex');
  const [exists] = await tx.query(`SELECT 1 FROM deconfliction_notice WHERE match_key = $1`, [matchKey]);
  if (exists) return;
  const [{ disclosed }] = await tx.query(`SELECT deconfliction_disclosed($1, $2::text[], $3::jsonb) AS disclosed`, [draft.recipient, releaseCodes({ agency: draft.recipient }), JSON.stringify(draft.counterpart)]);
  const withheld = disclosed.disclosure === 'CONTROL_OFFICIAL';
  const reasons = withheld ? null : draft.reasons;
  const inserted: { id: string }[] = await tx.query(
    `WITH next AS (
       INSERT INTO notice_counter (agency, last) VALUES ($2, 1) ON CONFLICT (agency) DO UPDATE SET last = notice_counter.last + 1 RETURNING last)
     INSERT INTO deconfliction_notice (id, recipient_agency, sequence, event_id, match_key, reasons, yours, counterpart, subjects, summary)
     SELECT $1, $2, next.last, $3, $4, $5, $6, $7, $8, $9 FROM next
     ON CONFLICT (match_key) DO NOTHING RETURNING id`,
    [crypto.randomUUID(), draft.recipient, event.id, matchKey, reasons, JSON.stringify(draft.yours), JSON.stringify(disclosed),
      withheld ? null : JSON.stringify(draft.subjects), describeNotice(draft.yours, disclosed, reasons)],
  );
  if (inserted.length === 0) return;
  if (webhooks.agencies[draft.recipient]) {
    await tx.query(`INSERT INTO webhook_delivery (notice_id, agency) VALUES ($1, $2)`, [inserted[0].id, draft.recipient]);
  }
  await tx.query(`SELECT pg_notify('${NOTICE_CHANNEL}', $1)`, [draft.recipient]);
}

/** Records someone just made or changed match; a watch coming or going, an operation ending, or bulk-loaded history do not. */
function matchable(event: PublishedEvent): boolean {
  if (event.details?.backfill) return false;
  if (event.recordType === 'Watch') return false;
  return !(event.type === 'operation.cancelled' || event.type === 'operation.completed');
}

/** Open cases enter the matching structure from the investigations subgraph's events; a case's status (when an event carries one) decides whether it counts. */
async function indexCase(tx: EntityManager, event: PublishedEvent): Promise<void> {
  if (event.recordType !== 'Case') return;
  const status = typeof event.details?.status === 'string' ? event.details.status : null;
  if (event.type === 'case.opened' || event.type === 'case.subject_added') {
    const party = { ...partyOf(event), kind: 'CASE', eventType: null, location: null, occurredAt: null, details: { caseNumber: event.details?.caseNumber ?? null } };
    await tx.query(
      `INSERT INTO deconfliction_interest (id, kind, agency, active, party) VALUES ($1, 'CASE', $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET party = EXCLUDED.party, updated_at = now()`,
      [event.recordId, ownerOf(event), (status ?? 'OPEN') === 'OPEN', JSON.stringify(party)],
    );
    const keys = keyRows(event);
    if (keys.length) {
      await tx.query(
        `INSERT INTO deconfliction_interest_key (key, interest_id, key_kind) SELECT k, $2, kind FROM unnest($1::uuid[], $3::text[]) AS t(k, kind) ON CONFLICT DO NOTHING`,
        [keys.map((k) => k.key), event.recordId, keys.map((k) => k.kind)],
      );
    }
  }
  if (status && event.type !== 'case.subject_added') {
    await tx.query(`UPDATE deconfliction_interest SET active = $2, updated_at = now() WHERE id = $1 AND kind = 'CASE'`, [event.recordId, status === 'OPEN']);
  }
}

/** The agency whose record the event is about: a case's lead, even when a partner added to it. */
function ownerOf(event: PublishedEvent): string {
  return event.recordType === 'Case' && typeof event.details?.leadAgency === 'string' ? event.details.leadAgency : event.agency;
}

function kindOf(recordType: string): string {
  return ({ PlannedOperation: 'OPERATION', Case: 'CASE', Watch: 'WATCH' } as Record<string, string>)[recordType] ?? 'RECORD';
}

/** What a notice to another agency may show of the event's record (cut to its labels by `deconfliction_disclosed`). */
function partyOf(event: PublishedEvent): Party {
  const { contact, backfill: _backfill, ...details } = event.details ?? {};
  return {
    kind: kindOf(event.recordType), recordType: event.recordType, recordId: event.recordId, eventType: event.type, agency: ownerOf(event),
    sensitivity: event.handling.sensitivity, releasableTo: event.handling.releasableTo, controlOfficial: event.handling.controlOfficial ?? null,
    contact: contact ?? null, location: event.place ?? null, occurredAt: event.occurredAt ?? null, details,
  };
}

function keyRows(event: PublishedEvent): { key: string; kind: string }[] {
  return [
    ...event.subjects.persons.map((key) => ({ key, kind: 'PERSON' })),
    ...event.subjects.organizations.map((key) => ({ key, kind: 'ORGANIZATION' })),
    ...(event.selectors ?? []).map((s) => ({ key: selectorId({ kind: s.kind as SelectorKind, value: s.value }), kind: 'SELECTOR' })),
  ];
}

function keysOf(event: PublishedEvent): string[] {
  return [...new Set(keyRows(event).map((k) => k.key))];
}

/** The ground an event holds: an operation's area for its window, or the place and moment of anything recorded with one. */
function groundOf(event: PublishedEvent): { latitude: number; longitude: number; radius: number; window: string } | null {
  if (!event.place) return null;
  const details = event.details ?? {};
  if (event.recordType === 'PlannedOperation' && typeof details.start === 'string' && typeof details.end === 'string') {
    return { ...event.place, radius: Number(details.radiusMeters ?? 0), window: `[${details.start},${details.end})` };
  }
  const at = event.occurredAt ?? event.recordedAt;
  return { ...event.place, radius: 0, window: `[${at},${at}]` };
}

function subjectsMatched(event: PublishedEvent, matched: Set<string>): NoticeSubjects {
  return {
    persons: event.subjects.persons.filter((id) => matched.has(id)),
    organizations: event.subjects.organizations.filter((id) => matched.has(id)),
    selectors: (event.selectors ?? [])
      .filter((s) => matched.has(selectorId({ kind: s.kind as SelectorKind, value: s.value })))
      .map((s) => ({ kind: s.kind, value: s.value, display: s.value })),
  };
}
