import type { Caller } from '../lib/identity/caller';
import { agencyPolicy } from '../lib/identity/policy';

/** The benchmark's caller at an agency, holding every scope the agency may be granted. */
export function benchCaller(agency: string): Caller {
  return { sub: `bench.${agency.toLowerCase()}`, agency, scopes: agencyPolicy(agency)?.grant ?? [] };
}
