import path from 'node:path';
import { projectRoot } from '../config';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface Rows {
  kind: 'connection' | 'list';
  /** Where in the answer the rows are (`organization.members`). */
  path: string[];
  rows: Json[];
  totalCount?: number;
  pageInfo?: { hasNextPage: boolean; endCursor: string | null };
}

interface Tabular {
  rowsOf(data: Json): Rows | null;
  flatten(value: Json): Record<string, string>;
  toCsv(rows: Record<string, string>[]): string;
}

/**
 * The file the workspace's pages load for their CSV exports, required as it is: the CLI and the
 * pages flatten answers by one code path.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const tabular = require(path.join(projectRoot, 'gateway', 'workspace', 'shared', 'tabular.js')) as Tabular;

export const { rowsOf, flatten, toCsv } = tabular;
