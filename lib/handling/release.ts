import type { Caller } from '../identity/caller';
import { agencyCodes, agencyPolicy } from '../identity/policy';
import { ALL_DOMESTIC } from './labels';

/**
 * Who a record is released to: the agency that submitted it, and every agency matching one of its
 * `releasable_to` codes. This file is the rule's one home: the database evaluates it (the SQL
 * functions below, used by every row-level security policy), and callers' codes come from here.
 */

/** The release codes a caller matches: its own agency, and ALL_DOMESTIC for domestic agencies. */
export function releaseCodes(caller: Pick<Caller, 'agency'>): string[] {
  return agencyPolicy(caller.agency)?.domestic ? [caller.agency, ALL_DOMESTIC] : [caller.agency];
}

/** Who submitted a record and the codes it is released to: what the rule reads. */
export interface ReleaseLabels {
  owner: string;
  releasableTo: readonly string[];
}

/** The same rule, for code that holds a record's labels rather than its row (a write checking what it names). */
export function isReleasedTo(agency: string, labels: ReleaseLabels): boolean {
  const codes = releaseCodes({ agency });
  return labels.owner === agency || labels.releasableTo.some((code) => codes.includes(code));
}

/** The agencies of the policy file that may see a record (released under every one of `record`, as a child is only with its parent) and not `named`. */
export function seenWithout(record: ReleaseLabels[], named: ReleaseLabels): string[] {
  return agencyCodes.filter((agency) => record.every((labels) => isReleasedTo(agency, labels)) && !isReleasedTo(agency, named));
}

/** The labels a caller's new record will carry. */
export function labelsOfNew(agency: string, handling: { releasableTo: readonly string[] }): ReleaseLabels {
  return { owner: agency, releasableTo: handling.releasableTo };
}

/** The labels of a stored record. */
export function labelsOf(record: { provenance: { agency: string }; handling: { releasableTo: readonly string[] } }): ReleaseLabels {
  return { owner: record.provenance.agency, releasableTo: record.handling.releasableTo };
}

/**
 * The rule in SQL. `unity_releases` takes the agency and its codes explicitly (tests and reports ask
 * about any agency); `unity_released` asks about the agency of the current request, whose identity
 * the request's transaction carries in transaction-local settings (lib/database/row-security.ts).
 * Plain SQL functions, so the planner inlines them into each policy.
 */
export const RELEASE_RULE_SQL = [
  `CREATE OR REPLACE FUNCTION unity_agency() RETURNS text LANGUAGE sql STABLE PARALLEL SAFE
     AS $$ SELECT nullif(current_setting('unity.agency', true), '') $$`,
  `CREATE OR REPLACE FUNCTION unity_release_codes() RETURNS text[] LANGUAGE sql STABLE PARALLEL SAFE
     AS $$ SELECT coalesce(nullif(current_setting('unity.release_codes', true), ''), '{}')::text[] $$`,
  `CREATE OR REPLACE FUNCTION unity_releases(agency text, codes text[], owner text, releasable text[]) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE
     AS $$ SELECT owner = agency OR releasable && codes $$`,
  `CREATE OR REPLACE FUNCTION unity_released(owner text, releasable text[]) RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE
     AS $$ SELECT unity_releases(unity_agency(), unity_release_codes(), owner, releasable) $$`,
];

/**
 * SQL: the labelled row (under `alias`, if given) is released to the caller of the current request,
 * for policies and statements evaluated on many rows. The caller's agency and codes are read once per
 * statement (each sub-select is an InitPlan): `unity_released` reads and parses the settings again on
 * every row, which made a policy check on a table of 12,000 interdictions cost more than the query.
 */
export function releasedToCallerSql(alias?: string): string {
  return releasesSql('(SELECT unity_agency())', '(SELECT unity_release_codes())', alias);
}

/** SQL: the labelled row (under `alias`, if given) is released to `agency` (for reports and tests run by the owner). */
export function releasedToSql(agency: string, alias?: string): string {
  const codes = releaseCodes({ agency }).map((code) => code.replace(/[^A-Z_]/g, ''));
  return releasesSql(`'${agency.replace(/[^A-Z_]/g, '')}'`, `'{${codes.join(',')}}'::text[]`, alias);
}

function releasesSql(agency: string, codes: string, alias?: string): string {
  const column = (name: string) => (alias ? `${alias}.${name}` : name);
  return `unity_releases(${agency}, ${codes}, ${column('provenance_agency')}, ${column('handling_releasable_to')})`;
}
