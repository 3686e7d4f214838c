import { ALL_DOMESTIC, Handling, Sensitivity } from './labels';
import { agencyCodes, agencyPolicy } from '../identity/policy';

/**
 * The registry is the task force's shared table: its records are released to every domestic agency
 * and every foreign partner in the policy file, so any partner can name a target in a query.
 */
export function registryReleasableTo(): string[] {
  return [ALL_DOMESTIC, ...agencyCodes.filter((code) => !agencyPolicy(code)!.domestic)];
}

export function registryHandling(): Handling {
  return { sensitivity: Sensitivity.OPEN, releasableTo: registryReleasableTo(), controlOfficial: null, sourceReliability: null, contentValidity: null };
}
