import 'reflect-metadata';
import crypto from 'node:crypto';
import net from 'node:net';
import { DataSource, MigrationInterface } from 'typeorm';
import { SubgraphDefinition } from '../../lib/subgraph/definition';
import { serveSubgraph, RunningSubgraph } from '../../lib/subgraph/serve';
import { seedIfEmpty } from '../../lib/subgraph/database';
import { dropDatabase, databaseName } from '../../lib/database/server';
import { ONWARD_TOKENS_HEADER, signSubgraphRequest, SUBGRAPH_TOKEN_HEADER } from '../../lib/identity/subgraph-trust';
import { signOnwardRequests } from '../../lib/subgraph/onward-requests';
import { signDevelopmentToken } from '../../lib/identity/tokens';
import { agencyPolicy } from '../../lib/identity/policy';
import { releasedToSql } from '../../lib/handling/release';
import { Caller } from '../../lib/identity/caller';
import { startGateway, RunningGateway } from '../../gateway/server';
import { subgraphs } from '../../subgraphs';
import { openBroker, removeEventStream } from '../../lib/events/open-broker';
import { Relay, startRelay } from '../../lib/events/relay';
import { urlForDatabase } from '../../lib/database/server';

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
  extensions?: Record<string, any>;
}

export function serverUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: run the tests with jest (globalSetup provides a database)');
  return url;
}

/** A database prefix no other test file uses, so test files run in parallel on one server. */
export function uniquePrefix(label: string): string {
  return `t_${label.replace(/\W/g, '').slice(0, 12)}_${crypto.randomBytes(4).toString('hex')}`;
}

export function callerOf(agency: string, overrides: Partial<Caller> = {}): Caller {
  return { sub: `${agency.toLowerCase()}.tester`, agency, scopes: agencyPolicy(agency)?.grant ?? [], ...overrides };
}

/**
 * Headers of a request to a subgraph as the gateway signs it for `caller`: bound to this exact body,
 * good once; a write also carries the onward request signatures the gateway sends with it.
 */
export async function signedHeaders(subgraph: string, caller: Caller, body: string, requestId: string = crypto.randomUUID()): Promise<Record<string, string>> {
  const identity = { caller, requestId };
  const headers: Record<string, string> = { 'content-type': 'application/json', [SUBGRAPH_TOKEN_HEADER]: await signSubgraphRequest(subgraph, identity, { endpoint: 'graphql', body }) };
  const onward = /^\s*mutation\b/.test(String(JSON.parse(body).query ?? '')) ? await signOnwardRequests(subgraph, identity) : undefined;
  if (onward) headers[ONWARD_TOKENS_HEADER] = onward;
  return headers;
}

/** What operators send to /metrics and /ready (and to a subgraph's /health): the METRICS_TOKEN globalSetup chose. */
export function operatorHeaders(): Record<string, string> {
  return { authorization: `Bearer ${process.env.METRICS_TOKEN}` };
}

async function post(url: string, headers: Record<string, string>, body: unknown): Promise<GraphQLResponse> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await response.text();
  try {
    return { status: response.status, ...JSON.parse(text) };
  } catch {
    return { status: response.status, errors: [{ message: text }] };
  }
}

export interface TestSubgraph {
  running: RunningSubgraph;
  db: DataSource;
  /** Sends a document straight to the subgraph, signed as the gateway would sign it for `caller`. */
  query<T = any>(document: string, variables?: Record<string, unknown>, caller?: Caller): Promise<GraphQLResponse<T>>;
  stop(): Promise<void>;
}

/** One subgraph served over HTTP on a free port, in fresh databases that stop() drops. */
export async function startTestSubgraph(definition: SubgraphDefinition, options: { prefix?: string; seedScale?: number } = {}): Promise<TestSubgraph> {
  const prefix = options.prefix ?? uniquePrefix(definition.name);
  const running = await serveSubgraph(definition, { port: 0, serverUrl: serverUrl(), databasePrefix: prefix });
  if (options.seedScale) await seedIfEmpty(definition, running.db, options.seedScale);
  let stopped = false;
  return {
    running,
    db: running.db,
    async query(document, variables, caller = callerOf('HSI')) {
      const body = JSON.stringify({ query: document, variables });
      return post(running.url, await signedHeaders(definition.name, caller, body), body);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await running.stop();
      await dropDatabase(serverUrl(), databaseName(definition.name, prefix));
    },
  };
}

/** A TCP port nothing listens on now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Waits until GET <url> answers 2xx (a spawned service became healthy). */
export async function waitForUrl(url: string, limitMs = 60_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url, { headers: operatorHeaders(), signal: AbortSignal.timeout(1000) })).ok) return;
    } catch {
      // not yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer within ${limitMs / 1000} s`);
}

/** Who sends a request to the gateway: a development token of `agency` (with `purpose` as its claim), or the given token (null for none), and any other headers. */
export interface GatewayAuth {
  agency?: string;
  scopes?: string[];
  purpose?: string;
  token?: string | null;
  headers?: Record<string, string>;
}

/** Sends a document to a gateway URL with a development token of `agency` (or the given token; null for none). */
export async function queryGateway<T = any>(url: string, document: string, variables?: Record<string, unknown>, auth: GatewayAuth = {}): Promise<GraphQLResponse<T>> {
  const token = auth.token === undefined ? await signDevelopmentToken({ agency: auth.agency ?? 'HSI', scopes: auth.scopes, purpose: auth.purpose }) : auth.token;
  return post(url, { ...(token ? { authorization: `Bearer ${token}` } : {}), ...auth.headers }, { query: document, variables });
}

export interface TestSystem {
  gateway: RunningGateway;
  subgraphs: Record<string, TestSubgraph>;
  /** Sends a document to the gateway with a development token of `agency` (or the given token; null for none). */
  query<T = any>(document: string, variables?: Record<string, unknown>, auth?: GatewayAuth): Promise<GraphQLResponse<T>>;
  stop(): Promise<void>;
  /** The database prefix of this system's databases (the audit trail is <prefix>_audit). */
  prefix: string;
  subgraphUrls: Record<string, string>;
  /** The outbox relay of this system, in this process (stop it to simulate its loss; `startRelay` brings it back). */
  relay: { stop(): Promise<void>; start(): Promise<void> };
}

/**
 * The outbox relay over a system's databases, in this process, publishing to the broker the
 * environment names (NATS_URL, else the PostgreSQL event log under `prefix`).
 */
export async function startTestRelay(prefix: string, natsUrl = process.env.NATS_URL): Promise<Relay & { brokerKind: string }> {
  const broker = await openBroker({ serverUrl: serverUrl(), prefix, natsUrl });
  const relay = startRelay({
    sources: subgraphs.map((s) => ({ name: s.name, url: urlForDatabase(serverUrl(), databaseName(s.name, prefix)) })),
    broker,
    log: () => undefined,
  });
  return {
    brokerKind: broker.kind,
    async stop() {
      await relay.stop();
      await broker.close();
    },
  };
}

/** Every subgraph and the gateway in this process, on free ports, in fresh databases. */
export interface TestSystemOptions {
  seedScale?: number;
  /** Database prefix (default: a fresh one). */
  prefix?: string;
  /** Subgraphs the test runs itself (as processes, to kill them): not started here, found at these URLs. */
  external?: Record<string, string>;
  /** Start the outbox relay in this process (default true). */
  relay?: boolean;
  /**
   * The gateway's subgraph timeout (default SUBGRAPH_TIMEOUT_MS, else 2 s): files that check what is
   * shown rather than how fast raise it, so a machine busy with the rest of the suite does not turn
   * a slow subgraph into a partial answer.
   */
  subgraphTimeoutMs?: number;
}

export async function startTestSystem(options: TestSystemOptions = {}): Promise<TestSystem> {
  if (options.subgraphTimeoutMs === undefined) return startSystem(options);
  // The gateway reads it when it builds its subgraph clients, at start.
  const saved = process.env.SUBGRAPH_TIMEOUT_MS;
  process.env.SUBGRAPH_TIMEOUT_MS = String(options.subgraphTimeoutMs);
  try {
    return await startSystem(options);
  } finally {
    if (saved === undefined) delete process.env.SUBGRAPH_TIMEOUT_MS;
    else process.env.SUBGRAPH_TIMEOUT_MS = saved;
  }
}

async function startSystem(options: TestSystemOptions): Promise<TestSystem> {
  const prefix = options.prefix ?? uniquePrefix('system');
  const external = options.external ?? {};
  const started: Record<string, TestSubgraph> = {};
  try {
    // The registry first: agency subgraphs ask it whether the targets a write names exist.
    const [first, ...rest] = subgraphs.filter((s) => !external[s.name]);
    started[first.name] = await startTestSubgraph(first, { prefix, seedScale: options.seedScale });
    process.env.TARGETS_URL = started.targets?.running.url ?? process.env.TARGETS_URL;
    await Promise.all(rest.map(async (definition) => {
      started[definition.name] = await startTestSubgraph(definition, { prefix, seedScale: options.seedScale });
    }));
    // Subgraphs that ask one another (registry checks, forwarded validations) find each other here.
    for (const [name, subgraph] of Object.entries(started)) process.env[`${name.toUpperCase()}_URL`] = subgraph.running.url;
  } catch (error) {
    await Promise.all(Object.values(started).map((s) => s.stop()));
    throw error;
  }
  let gateway: RunningGateway;
  try {
    gateway = await startGateway({
      port: 0,
      audit: { serverUrl: serverUrl(), prefix },
      subgraphUrls: { ...Object.fromEntries(Object.entries(started).map(([name, s]) => [name, s.running.url])), ...external },
    });
  } catch (error) {
    await Promise.all(Object.values(started).map((s) => s.stop()));
    throw error;
  }
  let relay: Relay | null = options.relay === false ? null : await startTestRelay(prefix);
  return {
    gateway,
    subgraphs: started,
    query: (document, variables, auth) => queryGateway(gateway.url, document, variables, auth),
    subgraphUrls: { ...Object.fromEntries(Object.entries(started).map(([name, s]) => [name, s.running.url])), ...external },
    relay: {
      async stop() {
        await relay?.stop();
        relay = null;
      },
      async start() {
        relay ??= await startTestRelay(prefix);
      },
    },
    async stop() {
      await relay?.stop();
      await gateway.stop();
      await Promise.all(Object.values(started).map((s) => s.stop()));
      await Promise.all(Object.keys(external).map((name) => dropDatabase(serverUrl(), databaseName(name, prefix))));
      await removeEventStream({ serverUrl: serverUrl(), prefix, natsUrl: process.env.NATS_URL });
    },
    prefix,
  };
}

/** SQL: the row (columns qualified by `alias`) is released to `agency`, by the database's own rule (lib/handling/release.ts); for checking totals. */
export function releasedTo(agency: string, alias?: string): string {
  return releasedToSql(agency, alias);
}

/** Runs migrations' `up` on a database as its owner, in order, as a start-up would for one not yet migrated. */
export async function runMigrations(db: DataSource, ...migrations: MigrationInterface[]): Promise<void> {
  const runner = db.createQueryRunner();
  try {
    for (const migration of migrations) await migration.up(runner);
  } finally {
    await runner.release();
  }
}
