import type { NoticeSubjects } from './notice';

/** A notice row as the database returns it (snake_case). */
export interface NoticeRow {
  id: string;
  recipient_agency: string;
  sequence: string | number;
  created_at: Date | string;
  reasons: string[] | null;
  yours: Record<string, unknown>;
  counterpart: Record<string, unknown>;
  subjects: NoticeSubjects | null;
  summary: string;
}

/** The columns a NoticeRow needs. */
export const NOTICE_COLUMNS = 'id, recipient_agency, sequence, created_at, reasons, yours, counterpart, subjects, summary';

/**
 * A notice as it leaves the system outside GraphQL: the data of a server-sent event of
 * GET /notifications and the body of a webhook delivery. Field names follow the GraphQL type.
 */
export function noticeMessage(row: NoticeRow): Record<string, unknown> {
  return {
    id: row.id,
    agency: row.recipient_agency,
    sequence: Number(row.sequence),
    createdAt: new Date(row.created_at).toISOString(),
    reasons: row.reasons,
    yours: row.yours,
    counterpart: row.counterpart,
    persons: row.subjects?.persons ?? null,
    organizations: row.subjects?.organizations ?? null,
    selectors: row.subjects?.selectors ?? null,
    summary: row.summary,
  };
}
