import { isProduction } from '../config';

/**
 * Purpose of use (28 CFR 23.20(d), need and right to know): why a request is made, recorded with it
 * in the audit trail. Either a case number or one of these.
 */
export const PURPOSES = ['INVESTIGATION', 'INTERDICTION', 'BRIEFING', 'DECONFLICTION', 'AUDIT', 'TRAINING'] as const;

export const PURPOSE_HEADER = 'unity-purpose';

/** A case number as agencies write them (DEA-MCA-2024-00016, 2024-HSI-0042, CR 24-117): letters, digits and separators, with a digit. */
const CASE_NUMBER = /^(?=.*\d)[A-Z0-9][A-Z0-9 ._:/-]{2,62}[A-Z0-9]$/;

export const HOW_TO_STATE_PURPOSE = `Send the header "Unity-Purpose: <purpose>" (or a token with a "purpose" claim), where <purpose> is a case number such as DEA-MCA-2024-00016 or one of ${PURPOSES.join(', ')}.`;

export class InvalidPurposeError extends Error {}

/** The purpose as recorded: a keyword in upper case, or the case number as given (upper case); null when none was given. */
export function parsePurpose(raw: unknown): string | null {
  if (raw === undefined || raw === null || raw === '') return null;
  if (typeof raw !== 'string') throw new InvalidPurposeError(`The purpose of use must be text. ${HOW_TO_STATE_PURPOSE}`);
  const value = raw.trim().toUpperCase();
  if ((PURPOSES as readonly string[]).includes(value) || CASE_NUMBER.test(value)) return value;
  throw new InvalidPurposeError(`"${raw.slice(0, 80)}" is not a purpose of use. ${HOW_TO_STATE_PURPOSE}`);
}

/** UNITY_REQUIRE_PURPOSE: on by default in production, off in development. */
export function purposeRequired(): boolean {
  const setting = process.env.UNITY_REQUIRE_PURPOSE;
  if (setting === 'on' || setting === 'true') return true;
  if (setting === 'off' || setting === 'false') return false;
  if (setting) throw new Error(`UNITY_REQUIRE_PURPOSE must be on or off, got "${setting}"`);
  return isProduction();
}
