import policy from './agencies.json';

export interface AgencyPolicy {
  name: string;
  domestic: boolean;
  grant: string[];
}

const agencies: Record<string, AgencyPolicy> = policy.agencies;

export const agencyCodes = Object.keys(agencies);

export function agencyPolicy(code: string): AgencyPolicy | undefined {
  return Object.prototype.hasOwnProperty.call(agencies, code) ? agencies[code] : undefined;
}

/** The scopes a caller really holds: what its token claims, cut down to its agency's grant. */
export function effectiveScopes(agency: string, claimed: readonly string[]): string[] {
  const grant = new Set(agencyPolicy(agency)?.grant ?? []);
  return [...new Set(claimed)].filter((scope) => grant.has(scope));
}
