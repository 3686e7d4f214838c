import { spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';
import { AddressInfo } from 'node:net';
import type { RunningSystem } from '../lib/runtime/system';
import { databaseName, dropDatabase } from '../lib/database/server';
import { signDevelopmentToken } from '../lib/identity/tokens';
import { generateRegistry } from '../lib/seed/registry';
import { projectRoot } from '../lib/config';
import { operationDocument } from '../operations';
import { subgraphs } from '../subgraphs';
import { queryGateway, serverUrl, uniquePrefix } from './support/harness';

/**
 * OpenTelemetry, as deployed: the compiled gateway and subgraphs run as separate processes with
 * OTEL_EXPORTER_OTLP_ENDPOINT pointing at a small OTLP/HTTP receiver in this test; one TargetDossier
 * query must come back as one trace from the gateway through the subgraphs down to SQL, carrying no
 * token and no variable value. Without an endpoint, no SDK module is even loaded.
 * (Runs dist/: `npm run build` first, as `npm test` does.)
 */

const SERVER = 2;
const CLIENT = 3;

interface ExportedSpan {
  service: string;
  scope: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
}

interface Receiver {
  url: string;
  bodies: string[];
  spans(): ExportedSpan[];
  close(): Promise<void>;
}

/** Accepts POST /v1/traces with OTLP/JSON bodies (the only encoding @opentelemetry/exporter-trace-otlp-http sends). */
async function startReceiver(): Promise<Receiver> {
  const bodies: string[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks);
      const body = request.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(raw) : raw;
      if (request.method === 'POST' && request.url === '/v1/traces') bodies.push(body.toString('utf8'));
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bodies,
    spans: () => bodies.flatMap(parseSpans),
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

function attributeValue(value: any): unknown {
  if (value == null) return undefined;
  if ('stringValue' in value) return value.stringValue;
  if ('intValue' in value) return Number(value.intValue);
  if ('doubleValue' in value) return value.doubleValue;
  if ('boolValue' in value) return value.boolValue;
  if ('arrayValue' in value) return (value.arrayValue.values ?? []).map(attributeValue);
  return value;
}

function attributesOf(list: { key: string; value: unknown }[] = []): Record<string, unknown> {
  return Object.fromEntries(list.map(({ key, value }) => [key, attributeValue(value)]));
}

function parseSpans(body: string): ExportedSpan[] {
  const request = JSON.parse(body);
  return (request.resourceSpans ?? []).flatMap((resourceSpans: any) => {
    const service = String(attributesOf(resourceSpans.resource?.attributes)['service.name']);
    return (resourceSpans.scopeSpans ?? []).flatMap((scopeSpans: any) => (scopeSpans.spans ?? []).map((span: any): ExportedSpan => ({
      service,
      scope: scopeSpans.scope?.name ?? '',
      traceId: span.traceId,
      spanId: span.spanId,
      parentSpanId: span.parentSpanId || undefined,
      name: span.name,
      kind: span.kind,
      attributes: attributesOf(span.attributes),
    })));
  });
}

async function freePortBlock(size: number): Promise<number> {
  const isFree = (port: number) => new Promise<boolean>((resolve) => {
    const server = net.createServer().once('error', () => resolve(false)).listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
  for (let base = 20000 + Math.floor(Math.random() * 20000); ; base += size + 1) {
    const ports = Array.from({ length: size }, (_, i) => base + i);
    if ((await Promise.all(ports.map(isFree))).every(Boolean)) return base;
  }
}

/** The span and its ancestors, nearest first (as far as the spans received go). */
function ancestry(span: ExportedSpan, byId: Map<string, ExportedSpan>): ExportedSpan[] {
  const chain = [span];
  for (let parent = span.parentSpanId && byId.get(span.parentSpanId); parent; parent = parent.parentSpanId && byId.get(parent.parentSpanId)) chain.push(parent);
  return chain;
}

const isPg = (span: ExportedSpan) => span.attributes['db.system.name'] === 'postgresql' || span.attributes['db.system'] === 'postgresql';

function printTree(spans: ExportedSpan[]): string {
  const children = new Map<string | undefined, ExportedSpan[]>();
  const ids = new Set(spans.map((s) => s.spanId));
  for (const span of spans) {
    const parent = span.parentSpanId && ids.has(span.parentSpanId) ? span.parentSpanId : undefined;
    children.set(parent, [...(children.get(parent) ?? []), span]);
  }
  const lines: string[] = [];
  const walk = (parent: string | undefined, depth: number) => {
    for (const span of children.get(parent) ?? []) {
      lines.push(`${'  '.repeat(depth)}${span.service}: ${span.name}`);
      walk(span.spanId, depth + 1);
    }
  };
  walk(undefined, 0);
  return lines.join('\n');
}

describe('OpenTelemetry traces over OTLP/HTTP', () => {
  let receiver: Receiver;
  let system: RunningSystem | undefined;
  let port: number;
  const prefix = uniquePrefix('tracing');
  const logs: string[] = [];
  const saved = { PORT: process.env.PORT, DATABASE_PREFIX: process.env.DATABASE_PREFIX };

  beforeAll(async () => {
    receiver = await startReceiver();
    port = await freePortBlock(subgraphs.length + 1);
    // startSystem finds the services' ports and the databases it seeds from this process's environment
    // (jest gives each test file its own copy of process.env).
    process.env.PORT = String(port);
    process.env.DATABASE_PREFIX = prefix;
    // The compiled startSystem, whose services are dist/ entry points, as `npm start` runs them.
    const { startSystem } = require(path.join(projectRoot, 'dist', 'lib', 'runtime', 'system.js')) as typeof import('../lib/runtime/system');
    const began = Date.now();
    try {
      system = await startSystem({
        serverUrl: serverUrl(),
        // A generous subgraph deadline: the first query of cold processes on a busy machine is slow, and this test is about traces.
        env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '200', SUBGRAPH_TIMEOUT_MS: '15000' },
        log: (source, line) => logs.push(`[${source}] ${line}`),
      });
    } catch (error) {
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n${logs.join('\n')}`);
    }
    if (process.env.TRACING_TEST_PRINT) console.log(`system up in ${Date.now() - began} ms`);
  }, 90_000); // seven processes starting at once: well under a minute, unless the machine is busy

  afterAll(async () => {
    await system?.stop();
    await Promise.all(subgraphs.map((definition) => dropDatabase(serverUrl(), databaseName(definition.name, prefix))));
    await receiver?.close();
    process.env.PORT = saved.PORT;
    process.env.DATABASE_PREFIX = saved.DATABASE_PREFIX;
    if (saved.PORT === undefined) delete process.env.PORT;
    if (saved.DATABASE_PREFIX === undefined) delete process.env.DATABASE_PREFIX;
  });

  it('follows one TargetDossier from the gateway through the subgraphs to SQL, without tokens or variable values', async () => {
    const organization = generateRegistry(1).organizations[0];
    const token = await signDevelopmentToken({ agency: 'HSI' });
    const answer = await queryGateway(`http://127.0.0.1:${port}/graphql`, operationDocument('TargetDossier'), { id: organization.id }, { token });
    expect(answer.errors).toBeUndefined();
    expect(answer.data.organization.name).toBe(organization.name);

    // Spans arrive from seven processes, each batching for 200 ms: wait for the whole trace.
    let trace: ExportedSpan[] = [];
    let root: ExportedSpan | undefined;
    const answeredBy = () => new Set(trace.filter((s) => s.kind === SERVER && s.service.startsWith('unity-subgraph-')).map((s) => s.service));
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const spans = receiver.spans();
      root = spans.find((s) => s.service === 'unity-gateway' && s.kind === SERVER && s.attributes['url.path'] === '/graphql');
      trace = root ? spans.filter((s) => s.traceId === root!.traceId) : [];
      const services = answeredBy();
      if (root && services.size >= 5 && [...services].every((service) => trace.some((s) => s.service === service && isPg(s)))) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    if (process.env.TRACING_TEST_PRINT) console.log(printTree(trace));
    if (!root) throw new Error(`no gateway server span received; service output:\n${logs.join('\n')}`);

    // The gateway: its server span, named by route, with Apollo's spans beneath it.
    expect(root.name).toBe('POST /graphql');
    expect(root.parentSpanId).toBeUndefined();
    const names = new Set(trace.filter((s) => s.service === 'unity-gateway').map((s) => s.name));
    for (const name of ['gateway.request', 'gateway.plan', 'gateway.execute', 'gateway.fetch']) expect(names).toContain(name);
    const request = trace.find((s) => s.name === 'gateway.request')!;
    expect(request.attributes['graphql.operation.name']).toBe('TargetDossier');
    expect(request.attributes['graphql.document']).toBeUndefined();

    // The subgraphs: each server span is the child of a gateway fetch (undici client span) of the same trace.
    const byId = new Map(trace.map((s) => [s.spanId, s]));
    const services = answeredBy();
    expect(services.size).toBeGreaterThanOrEqual(3);
    const subgraphServerSpans = trace.filter((s) => s.kind === SERVER && s.service.startsWith('unity-subgraph-'));
    for (const span of subgraphServerSpans) {
      expect(span.name).toBe('POST /graphql');
      expect(span.parentSpanId).toBeDefined();
      const parent = byId.get(span.parentSpanId!);
      expect(parent).toMatchObject({ service: 'unity-gateway', kind: CLIENT });
      const chain = ancestry(span, byId).map((s) => s.name);
      expect(chain).toContain('gateway.fetch');
      expect(chain[chain.length - 1]).toBe(root.name);
      expect(ancestry(span, byId).at(-1)).toBe(root);
    }

    // SQL: pg spans inside each subgraph that answered, under that subgraph's server span, statement text only.
    for (const service of services) {
      const statements = trace.filter((s) => s.service === service && isPg(s) && s.attributes['db.query.text']);
      expect({ service, statements: statements.length > 0 }).toEqual({ service, statements: true });
      for (const statement of statements) {
        const server = ancestry(statement, byId).find((s) => s.kind === SERVER);
        expect(server).toMatchObject({ service, kind: SERVER });
      }
    }
    const everything = receiver.spans();
    expect(everything.filter((s) => 'db.postgresql.values' in s.attributes)).toEqual([]);
    // Probes stay out of traces (startSystem polled /health on every service).
    expect(everything.filter((s) => ['/health', '/ready', '/metrics'].includes(String(s.attributes['url.path'])))).toEqual([]);

    // Nothing exported carries the caller's token, any JWT (the gateway's subgraph signatures), or the variable's value.
    const exported = receiver.bodies.join('\n');
    expect(exported).not.toContain(token);
    expect(exported).not.toContain('eyJ');
    expect(exported).not.toContain(organization.id);
    expect(exported.toLowerCase()).not.toContain('authorization');
  }, 40_000);

  /** Runs the preload and startTracing as an entry point would (loading what the services load), exports one span, and reports what was loaded. */
  function probe(env: NodeJS.ProcessEnv, loadServices = false): Promise<{ on: boolean; sdk: string[]; httpPatched: boolean }> {
    const script = `
      const path = require('node:path');
      const dist = path.join(process.cwd(), 'dist');
      require(path.join(dist, 'lib/observability/tracing-preload.js'));
      const tracing = require(path.join(dist, 'lib/observability/tracing.js'));
      if (${loadServices}) {
        require(path.join(dist, 'gateway/server.js'));
        require(path.join(dist, 'lib/subgraph/serve.js'));
      }
      const on = tracing.startTracing('unity-probe');
      require('@opentelemetry/api').trace.getTracer('probe').startSpan('probe span').end();
      tracing.stopTracing().then(() => {
        const ours = ['sdk-trace', 'context-async-hooks', 'exporter-trace-otlp-http', 'instrumentation', 'instrumentation-http', 'instrumentation-undici', 'instrumentation-pg', 'resources', 'core'];
        const loaded = Object.keys(require.cache);
        const sdk = ours.filter((name) => loaded.some((file) => file.startsWith(path.join(process.cwd(), 'node_modules', '@opentelemetry', name) + path.sep)));
        console.log(JSON.stringify({ on, sdk, httpPatched: Boolean(require('node:http').Server.prototype.emit.__wrapped) }));
      });`;
    const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('OTEL_')));
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['-e', script], { cwd: projectRoot, env: { ...clean, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (chunk) => (out += chunk));
      child.stderr.on('data', (chunk) => (err += chunk));
      child.on('exit', (code) => {
        try {
          resolve(JSON.parse(out.trim().split('\n').pop()!));
        } catch {
          reject(new Error(`probe exited ${code}: ${out}${err}`));
        }
      });
    });
  }

  it('is off without an endpoint (or with OTEL_SDK_DISABLED): no SDK module loaded, nothing patched, nothing sent', async () => {
    const probeSpans = () => receiver.spans().filter((s) => s.service === 'unity-probe').map((s) => s.name);
    expect(await probe({}, true)).toEqual({ on: false, sdk: [], httpPatched: false });
    expect(await probe({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SDK_DISABLED: 'true' })).toEqual({ on: false, sdk: [], httpPatched: false });
    expect(probeSpans()).toEqual([]);

    // The same probe with an endpoint: loaded, patched, and its span flushed by stopTracing.
    const on = await probe({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url });
    expect(on).toMatchObject({ on: true, httpPatched: true });
    expect(on.sdk).toEqual(expect.arrayContaining(['sdk-trace', 'exporter-trace-otlp-http', 'instrumentation-http', 'instrumentation-pg']));
    expect(probeSpans()).toEqual(['probe span']);
  }, 30_000);
});
