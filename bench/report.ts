import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../lib/config';
import type { LoadResult } from './load';

export interface Measurement extends LoadResult {
  scenario: string;
  /** Which gateway served it: ours with need-to-know on or off, Hive Gateway, or no gateway (the floor). */
  target: string;
  connections: number;
  gateway: { cpuPercent: number; peakMiB: number } | null;
  subgraphs: { cpuPercent: number; peakMiB: number };
  sqlPerOperation: number | null;
}

const COLUMNS: [string, number, (m: Measurement) => string][] = [
  ['scenario', 15, (m) => m.scenario],
  ['target', 18, (m) => m.target],
  ['clients', 7, (m) => String(m.connections)],
  ['req/s', 8, (m) => m.perSecond.toFixed(1)],
  ['p50 ms', 7, (m) => ms(m.latency.p50)],
  ['p95 ms', 7, (m) => ms(m.latency.p95)],
  ['p99 ms', 7, (m) => ms(m.latency.p99)],
  ['errors', 6, (m) => String(m.errors)],
  ['gw CPU%', 7, (m) => (m.gateway ? m.gateway.cpuPercent.toFixed(0) : '-')],
  ['gw MiB', 6, (m) => (m.gateway ? String(m.gateway.peakMiB) : '-')],
  ['sg CPU%', 7, (m) => m.subgraphs.cpuPercent.toFixed(0)],
  ['sg MiB', 6, (m) => String(m.subgraphs.peakMiB)],
  ['SQL/op', 6, (m) => (m.sqlPerOperation === null ? '-' : m.sqlPerOperation.toFixed(1))],
];

function ms(value: number): string {
  return Number.isNaN(value) ? '-' : value.toFixed(1);
}

export function table(measurements: Measurement[]): string {
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(COLUMNS[i][1]) : c.padStart(COLUMNS[i][1]))).join('  ');
  return [line(COLUMNS.map(([title]) => title)), ...measurements.map((m) => line(COLUMNS.map(([, , cell]) => cell(m))))].join('\n');
}

/** Writes bench/results/<timestamp>[-<scenario>]-scale<n>[-fresh].json and returns its path. */
export function writeResults(report: Record<string, unknown>, scale: number, scenario?: string): string {
  const folder = path.join(projectRoot, 'bench', 'results');
  fs.mkdirSync(folder, { recursive: true });
  const file = path.join(folder, `${new Date().toISOString().replace(/[:.]/g, '-')}${scenario ? `-${scenario}` : ''}-scale${scale}${report.fresh ? '-fresh' : ''}.json`);
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}
