import type { TestSystem } from './harness';

/** Documents the deconfliction tests send through the gateway. */
export const PLAN = `mutation($input: PlanOperationInput!) {
  planOperation(input: $input) {
    outcome
    operation { id status }
    conflicts { reasons distanceMeters party { agency disclosure controlOfficial contact { name phone } kind recordType recordId details } }
  }
}`;

export const NOTICES = `query($first: Int, $after: String, $unacknowledgedOnly: Boolean) {
  deconflictionNotices(first: $first, after: $after, unacknowledgedOnly: $unacknowledgedOnly) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      id sequence reasons summary acknowledgedAt
      yours { kind recordType recordId eventType }
      counterpart { agency disclosure controlOfficial contact { name phone } kind recordType recordId eventType details sensitivity }
      persons { id } organizations { id } selectors { kind value }
    } }
  }
}`;

export const RECORD_INTERDICTION = `mutation($input: RecordInterdictionInput!) { recordInterdiction(input: $input) { interdiction { id } } }`;
export const OPEN_CASE = `mutation($input: OpenCaseInput!) { openCase(input: $input) { case { id caseNumber } } }`;
export const WATCH = `mutation($input: WatchInput!) { watch(input: $input) { watch { id } } }`;

/** A window from `fromHours` to `toHours` hours from now. */
export function hoursFromNow(fromHours: number, toHours: number): { start: string; end: string } {
  const now = Date.now();
  return { start: new Date(now + fromHours * 3_600_000).toISOString(), end: new Date(now + toHours * 3_600_000).toISOString() };
}

/** A point `meters` north of another. */
export function north(point: { latitude: number; longitude: number }, meters: number): { latitude: number; longitude: number } {
  return { latitude: point.latitude + meters / 111_195, longitude: point.longitude };
}

export interface NoticeNode {
  id: string;
  sequence: number;
  reasons: string[] | null;
  summary: string;
  acknowledgedAt: string | null;
  yours: { kind: string; recordType: string; recordId: string; eventType: string | null };
  counterpart: { agency: string; disclosure: string; controlOfficial: string | null; contact: { name: string; phone: string | null } | null; kind: string | null; recordType: string | null; recordId: string | null; eventType: string | null; details: Record<string, any> | null; sensitivity: string | null };
  persons: { id: string }[] | null;
  organizations: { id: string }[] | null;
  selectors: { kind: string; value: string }[] | null;
}

/** Every notice an agency has, through the gateway, newest first. */
export async function noticesOf(system: TestSystem, agency: string): Promise<NoticeNode[]> {
  const all: NoticeNode[] = [];
  let after: string | null = null;
  for (;;) {
    const { data, errors }: { data?: any; errors?: unknown } = await system.query(NOTICES, { first: 100, after }, { agency });
    if (errors) throw new Error(`deconflictionNotices as ${agency}: ${JSON.stringify(errors)}`);
    all.push(...data.deconflictionNotices.edges.map((e: { node: NoticeNode }) => e.node));
    if (!data.deconflictionNotices.pageInfo.hasNextPage) return all;
    after = data.deconflictionNotices.pageInfo.endCursor;
  }
}

/**
 * Polls until `done` holds for what `read` returns, and returns the last reading either way (the
 * test then asserts on it, so a notice that never comes fails with what was there instead).
 */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, limitMs = 20_000): Promise<T> {
  const deadline = Date.now() + limitMs;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}

/** New persons in the registry, named by no seeded record, so the notices about them are the test's alone. */
export async function newPersons(system: TestSystem, count: number, label: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const { data, errors } = await system.query(`mutation($input: CreatePersonInput!) { createPerson(input: $input) { person { id } } }`, { input: { name: `${label} Testperson ${i}` } }, { agency: 'HSI' });
    if (errors) throw new Error(`createPerson: ${JSON.stringify(errors)}`);
    ids.push(data.createPerson.person.id);
  }
  return ids;
}

/** Until the deconfliction consumer has taken the record (a case from another subgraph's event) into its matching structure. */
export async function indexed(system: TestSystem, recordId: string): Promise<boolean> {
  const rows = await eventually(() => system.subgraphs.deconfliction.db.query(`SELECT 1 FROM deconfliction_interest WHERE id = $1`, [recordId]), (r) => r.length > 0, 30_000);
  return rows.length > 0;
}
