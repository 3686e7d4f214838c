import fs from 'node:fs';
import path from 'node:path';

/** The canonical operations, as shipped in this folder: for partners, the explorer, the CLI, tests and the benchmark. */
export const CANONICAL_OPERATIONS = ['TargetDossier', 'PersonDossier', 'SearchTargets', 'Network', 'WeeklyBriefing'] as const;
/** What the workspace's pages ask besides the canonical operations (gateway/workspace). */
export const WORKSPACE_OPERATIONS = [
  'SearchHoldings', 'OrganizationHoldings', 'OrganizationMembers', 'ShortestPath', 'BriefingMovement', 'BriefingInterdictions', 'BriefingRecords',
  'CaseRecord', 'InterdictionRecord', 'FinancialAccountRecord', 'TravelRestrictionRecord', 'SanctionsDesignationRecord', 'AssetSeizureRecord',
] as const;
/** Lookups that start from a phone, plate, address, document or account rather than a target. */
export const SELECTOR_OPERATIONS = ['SelectorHoldings', 'SearchSelectors'] as const;
/** Every document of this folder: the trusted-document manifest, the generated types and the CLI know them all. */
export const REGISTERED_OPERATIONS = [...CANONICAL_OPERATIONS, ...WORKSPACE_OPERATIONS, ...SELECTOR_OPERATIONS] as const;
export type CanonicalOperation = (typeof CANONICAL_OPERATIONS)[number];
export type RegisteredOperation = (typeof REGISTERED_OPERATIONS)[number];

const folder = path.resolve(__dirname, __dirname.includes(`${path.sep}dist${path.sep}`) ? '../../operations' : '.');

export function operationDocument(name: RegisteredOperation): string {
  return fs.readFileSync(path.join(folder, `${name}.graphql`), 'utf8');
}
