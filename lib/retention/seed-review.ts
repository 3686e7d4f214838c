import crypto from 'node:crypto';
import { SEED_PERIOD } from '../seed/registry';

const DAY_MS = 86_400_000;

/**
 * Synthetic records were submitted a day after they happened, and about one in three that had
 * reached four years by the end of the seed period was validated then: so the demo data has records
 * past review (to purge), records validated since (to keep), and records due soon. Derived from each
 * row's id and date alone, with no draw from the seed's random streams and no reading of the clock,
 * so the data set stays the same for the same seed.
 */
export function withSeededReview<T extends Record<string, unknown>>(rows: T[], happenedAt: keyof T & string): (T & { provenance_recorded_at: Date; provenance_validated_at: Date | null })[] {
  return rows.map((row) => {
    const value = row[happenedAt];
    const happened = value instanceof Date ? value : new Date(String(value));
    const recorded = new Date(happened.getTime() + DAY_MS);
    const validatedOn = new Date(recorded.getTime() + 4 * 365 * DAY_MS);
    const validated = validatedOn <= SEED_PERIOD.to && crypto.createHash('sha1').update(String(row.id)).digest()[0] % 3 === 0;
    return { ...row, provenance_recorded_at: recorded, provenance_validated_at: validated ? validatedOn : null };
  });
}
