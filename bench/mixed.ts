import { Agent, request } from 'undici';
import { operationDocument } from '../operations';
import type { Registry } from '../lib/seed/registry';
import { summarize, LatencySummary } from './latency';

/** The writer's mutation: an interdiction on one organization, occurring just now (so it is first in the dossier's list). */
const RECORD_INTERDICTION = `mutation BenchMixedWrite($input: RecordInterdictionInput!) {
  recordInterdiction(input: $input) { interdiction { id } }
}`;

export interface MixedOptions {
  url: string;
  readerToken: string;
  writerToken: string;
  organizations: string[];
  readers: number;
  writesPerSecond: number;
  seconds: number;
  warmupSeconds: number;
  /** Reads the gateway's response-cache counters (hit, miss), if it has them. */
  cacheCounters?: () => Promise<{ hit: number; miss: number } | null>;
}

export interface MixedResult {
  target: string;
  readers: number;
  seconds: number;
  reads: number;
  readsPerSecond: number;
  latency: LatencySummary;
  writes: number;
  writesPerSecond: number;
  failedWrites: number;
  /** Reads that began after a write on their organization was acknowledged and did not show it. */
  staleReads: number;
  firstStale?: string;
  errors: number;
  firstError?: string;
  /** The gateway's response-cache hits over hits and misses during the run; null for a gateway without one. */
  hitRatio: number | null;
}

/** The `count` organizations with the most members: the heaviest dossiers. */
export function largestOrganizations(registry: Registry, count: number): string[] {
  const members = new Map<string, number>();
  for (const m of registry.memberships) members.set(m.organizationId, (members.get(m.organizationId) ?? 0) + 1);
  return [...members.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, count).map(([id]) => id);
}

/**
 * The organization's own interdiction total from a TargetDossier answer, read without parsing the
 * whole answer (the bench shares the machine with what it measures): the members' lists come first,
 * the organization's own after its interdictionSummary.
 */
function interdictionTotal(body: string): number | null {
  const after = body.indexOf('"interdictionSummary"');
  if (after < 0) return null;
  const match = /"interdictions":\{"totalCount":(\d+)/.exec(body.slice(after));
  return match ? Number(match[1]) : null;
}

/**
 * The `mixed` scenario: `readers` clients cycle over the dossiers of `organizations` while one writer
 * records `writesPerSecond` interdictions on random ones of them. Every read checks that it shows
 * every write on its organization acknowledged before the read began: the organization's
 * interdiction total must be at least its total before the run plus those writes (the total only
 * grows here). A read that shows fewer is stale.
 */
export async function driveMixed(target: string, options: MixedOptions): Promise<MixedResult> {
  const dispatcher = new Agent({ connections: options.readers + 2, keepAliveTimeout: 30_000 });
  const dossier = operationDocument('TargetDossier');
  const post = async (token: string, body: string, headers: Record<string, string> = {}) => {
    const response = await request(options.url, {
      method: 'POST', body, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers }, dispatcher,
    });
    return { status: response.statusCode, body: await response.body.text() };
  };
  const read = (organization: string, headers?: Record<string, string>) =>
    post(options.readerToken, JSON.stringify({ query: dossier, operationName: 'TargetDossier', variables: { id: organization } }), headers);

  const readLoop = async (reader: number, until: number, onRead?: (organization: string, began: number, response: { status: number; body: string }, ms: number) => void) => {
    for (let i = reader; Date.now() < until; i += options.readers) {
      const organization = options.organizations[i % options.organizations.length];
      const began = performance.now();
      const response = await read(organization);
      onRead?.(organization, began, response, performance.now() - began);
    }
  };

  // Warm-up: readers only, so the run starts from the state a busy system is in.
  const warmUntil = Date.now() + options.warmupSeconds * 1000;
  await Promise.all(Array.from({ length: options.readers }, (_, r) => readLoop(r, warmUntil)));

  // Each organization's total before any write, as the subgraphs hold it.
  const baseline = new Map<string, number>();
  for (const organization of options.organizations) {
    const total = interdictionTotal((await read(organization, { 'cache-control': 'no-cache' })).body);
    if (total === null) throw new Error(`mixed: the dossier of ${organization} has no interdiction total`);
    baseline.set(organization, total);
  }

  /** Writes acknowledged so far on each organization, and when (performance.now()) each was. */
  const acknowledged = new Map<string, number[]>();
  let writes = 0;
  let failedWrites = 0;
  let reads = 0;
  let errors = 0;
  let staleReads = 0;
  let firstError: string | undefined;
  let firstStale: string | undefined;
  const latencies: number[] = [];
  const countersBefore = await options.cacheCounters?.() ?? null;
  const started = Date.now();
  const until = started + options.seconds * 1000;

  const writer = async () => {
    const interval = 1000 / options.writesPerSecond;
    for (let n = 0; ; n++) {
      const due = started + n * interval;
      if (due >= until) return;
      if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
      const organization = options.organizations[Math.floor(Math.random() * options.organizations.length)];
      const body = JSON.stringify({ query: RECORD_INTERDICTION, operationName: 'BenchMixedWrite', variables: { input: {
        occurredAt: new Date(Date.now() - 1000).toISOString(), type: 'SEIZURE', sector: 'Yuma', station: 'Wellton', location: { latitude: 32.7, longitude: -114.1 },
        organizationId: organization, seizures: [{ category: 'CURRENCY', quantity: 1000, unit: 'USD', estimatedValueUsd: 1000 }],
      } } });
      const response = await post(options.writerToken, body);
      if (response.status === 200 && !response.body.includes('"errors"')) {
        writes++;
        // Acknowledged: from now on every read of this organization that begins must show it.
        (acknowledged.get(organization) ?? acknowledged.set(organization, []).get(organization)!).push(performance.now());
      } else {
        failedWrites++;
        firstError ??= `write: HTTP ${response.status}: ${response.body.slice(0, 300)}`;
      }
    }
  };

  const check = (organization: string, began: number, response: { status: number; body: string }, ms: number) => {
    reads++;
    latencies.push(ms);
    if (response.status !== 200 || response.body.includes('"errors"')) {
      errors++;
      firstError ??= `read: HTTP ${response.status}: ${response.body.slice(0, 300)}`;
      return;
    }
    const seen = interdictionTotal(response.body);
    const due = (acknowledged.get(organization) ?? []).filter((at) => at < began).length;
    const expected = baseline.get(organization)! + due;
    if (seen === null || seen < expected) {
      staleReads++;
      firstStale ??= `${organization}: total ${seen}, expected at least ${expected} (${due} writes acknowledged before the read began)`;
    }
  };

  await Promise.all([writer(), ...Array.from({ length: options.readers }, (_, r) => readLoop(r, until, check))]);
  const elapsed = (Date.now() - started) / 1000;
  const countersAfter = await options.cacheCounters?.() ?? null;
  await dispatcher.close();
  const lookups = countersBefore && countersAfter ? (countersAfter.hit - countersBefore.hit) + (countersAfter.miss - countersBefore.miss) : 0;
  return {
    target, readers: options.readers, seconds: Math.round(elapsed * 10) / 10,
    reads, readsPerSecond: Math.round((reads / elapsed) * 10) / 10, latency: summarize(latencies),
    writes, writesPerSecond: Math.round((writes / elapsed) * 10) / 10, failedWrites,
    staleReads, ...(firstStale ? { firstStale } : {}),
    errors, ...(firstError ? { firstError } : {}),
    hitRatio: countersBefore && countersAfter && lookups > 0 ? Math.round(((countersAfter.hit - countersBefore.hit) / lookups) * 1000) / 1000 : null,
  };
}
