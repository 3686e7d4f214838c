import fs from 'node:fs';
import path from 'node:path';

/** The canonical operations, as shipped in this folder: for the explorer, the CLI, tests and the benchmark. */
export const CANONICAL_OPERATIONS = ['TargetDossier', 'PersonDossier', 'SearchTargets', 'Network', 'WeeklyBriefing'] as const;
export type CanonicalOperation = (typeof CANONICAL_OPERATIONS)[number];

const folder = path.resolve(__dirname, __dirname.includes(`${path.sep}dist${path.sep}`) ? '../../operations' : '.');

export function operationDocument(name: CanonicalOperation): string {
  return fs.readFileSync(path.join(folder, `${name}.graphql`), 'utf8');
}
