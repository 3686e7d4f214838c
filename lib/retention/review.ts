import { intFromEnv } from '../config';

/**
 * 28 CFR 23.20(h): criminal intelligence is reviewed, and validated or purged, within five years of
 * its submission or last validation. The period is configurable (UNITY_REVIEW_YEARS).
 */
export function reviewYears(): number {
  const years = intFromEnv('UNITY_REVIEW_YEARS', 5);
  if (years < 1) throw new Error('UNITY_REVIEW_YEARS must be at least 1');
  return years;
}

/** When a record must next be reviewed: the retention period after its submission or last validation. */
export function reviewDueAt(provenance: { recordedAt: Date; validatedAt?: Date | null }): Date {
  const due = new Date(provenance.validatedAt ?? provenance.recordedAt);
  due.setUTCFullYear(due.getUTCFullYear() + reviewYears());
  return due;
}

/** The same in SQL, for the labelled row under `alias` (the period is an integer, never user input). */
export function reviewDueSql(alias: string, years = reviewYears()): string {
  return `(coalesce(${alias}.provenance_validated_at, ${alias}.provenance_recorded_at) + make_interval(years => ${Math.trunc(years)}))`;
}
