import type { IncomingMessage } from 'node:http';
import type { DiagLogger, ProxyTracerProvider, Span } from '@opentelemetry/api';
import type { Sampler } from '@opentelemetry/sdk-trace';

/**
 * OpenTelemetry traces, from the gateway through the subgraphs down to each SQL statement, exported
 * over OTLP/HTTP (JSON) when OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or OTEL_EXPORTER_OTLP_ENDPOINT is set.
 * Without an endpoint nothing here loads a single OpenTelemetry SDK module: the only cost is this file.
 *
 * Two steps, because of when each thing is known:
 * - `instrumentForTracing()` patches http, pg and (through diagnostics channels) Node's fetch, and registers
 *   a global tracer provider that records nothing yet. It must run before those modules are loaded, and
 *   before @apollo/gateway takes its tracer (it has its own copy of @opentelemetry/api, which binds to
 *   the provider registered when it loads), so every service entry point imports `./tracing-preload` first.
 * - `startTracing(name)` gives that provider its SDK once the process knows which service it is
 *   (service.name `unity-gateway`, `unity-subgraph-<name>`); spans begin then.
 * `stopTracing()` flushes what is buffered; the entry points call it when they shut down.
 *
 * What is never recorded: bound SQL parameters (pg's enhancedDatabaseReporting stays off), request
 * headers (so no bearer token, no gateway signature), GraphQL documents and variables (the gateway's
 * spans carry the operation name and type only; a GET's query string is redacted).
 */

/** The paths that only probes and scrapers ask for: kept out of traces. */
const UNTRACED_PATHS = new Set(['/health', '/ready', '/metrics']);
/** GET /graphql?query=...&variables=... would otherwise put the document and variables into url.query. */
const REDACTED_QUERY_PARAMS = ['query', 'variables', 'extensions', 'operationName', 'token', 'access_token', 'sig', 'Signature', 'AWSAccessKeyId', 'X-Goog-Signature'];

/** The global provider, registered early; its delegate, the SDK's TracerProvider, is set by startTracing. */
let deferred: ProxyTracerProvider | undefined;
let provider: { forceFlush(): Promise<void>; shutdown(): Promise<void> } | undefined;

/** The OTLP endpoint traces go to, or undefined when tracing is off. */
export function tracingEndpoint(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.OTEL_SDK_DISABLED === 'true' || env.OTEL_TRACES_EXPORTER === 'none') return undefined;
  return env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT || undefined;
}

/** Step one: context, propagation and the instrumentations. A no-op when no endpoint is set, or when done already. */
export function instrumentForTracing(): boolean {
  if (deferred) return true;
  if (!tracingEndpoint()) return false;
  const api = require('@opentelemetry/api') as typeof import('@opentelemetry/api');
  const { AsyncLocalStorageContextManager } = require('@opentelemetry/context-async-hooks') as typeof import('@opentelemetry/context-async-hooks');
  const { W3CTraceContextPropagator, diagLogLevelFromString } = require('@opentelemetry/core') as typeof import('@opentelemetry/core');
  const { registerInstrumentations } = require('@opentelemetry/instrumentation') as typeof import('@opentelemetry/instrumentation');
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { UndiciInstrumentation } = require('@opentelemetry/instrumentation-undici') as typeof import('@opentelemetry/instrumentation-undici');
  const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');

  // SDK complaints (an unreachable collector, a module loaded too early) as one JSON line each on stderr.
  api.diag.setLogger(diagLogger(), { logLevel: diagLogLevelFromString(process.env.OTEL_LOG_LEVEL) ?? api.DiagLogLevel.WARN, suppressOverrideMessage: true });
  api.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  // W3C traceparent only: no baggage, which would carry whatever a caller put in it to every subgraph.
  api.propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  deferred = new api.ProxyTracerProvider();
  api.trace.setGlobalTracerProvider(deferred);

  const instrumentations = [
    new HttpInstrumentation({
      ignoreIncomingRequestHook: (request) => UNTRACED_PATHS.has(pathOf(request.url)),
      // Client spans only inside a trace (JWKS fetches during a request, not background timers).
      requireParentforOutgoingSpans: true,
      redactedQueryParamsServer: REDACTED_QUERY_PARAMS,
      redactedQueryParams: REDACTED_QUERY_PARAMS,
      requestHook: (span: Span, request) => {
        // Server spans of the GraphQL endpoint are named by their route, like an instrumented router would.
        if ('url' in request && pathOf((request as IncomingMessage).url) === '/graphql') {
          span.setAttribute('http.route', '/graphql');
          span.updateName(`${request.method ?? 'POST'} /graphql`);
        }
      },
    }),
    // The gateway's calls to subgraphs (Node's fetch): a client span each, and the traceparent header.
    new UndiciInstrumentation({ requireParentforSpans: true }),
    // Statement text only; enhancedDatabaseReporting (bound values) stays off: parameters may identify persons.
    // Statements outside a request (migrations, seeding, pool probes) are not traced.
    new PgInstrumentation({ enhancedDatabaseReporting: false, requireParentSpan: true }),
  ];
  registerInstrumentations({ instrumentations: instrumentations as never });
  return true;
}

/**
 * Step two: traces of this service start being exported (batched). Returns false, having loaded
 * nothing, when no endpoint is configured.
 */
export function startTracing(serviceName: string): boolean {
  if (provider) return true;
  if (!instrumentForTracing()) return false; // late (the preload did not run): pg-pool and Apollo's spans may be missed
  const api = require('@opentelemetry/api') as typeof import('@opentelemetry/api');
  const { getNumberFromEnv } = require('@opentelemetry/core') as typeof import('@opentelemetry/core');
  const { TracerProvider, BatchSpanProcessor } = require('@opentelemetry/sdk-trace') as typeof import('@opentelemetry/sdk-trace');
  const { defaultResource, detectResources, resourceAttributesEnvDetector, resourceFromAttributes } = require('@opentelemetry/resources') as typeof import('@opentelemetry/resources');
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
  const { ATTR_SERVICE_NAME } = require('@opentelemetry/semantic-conventions') as typeof import('@opentelemetry/semantic-conventions');

  const protocol = process.env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? process.env.OTEL_EXPORTER_OTLP_PROTOCOL;
  if (protocol && protocol !== 'http/json') api.diag.warn(`OTEL_EXPORTER_OTLP_PROTOCOL=${protocol} is not supported: traces are sent as OTLP/HTTP with JSON bodies`);

  // OTEL_RESOURCE_ATTRIBUTES adds attributes (deployment.environment.name, ...); service.name is the process's own.
  const resource = defaultResource()
    .merge(detectResources({ detectors: [resourceAttributesEnvDetector] }))
    .merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: serviceName, 'service.namespace': 'unity-table' }));
  // The exporter reads its URL, headers, timeout and compression from the standard OTEL_EXPORTER_OTLP_* variables.
  const exporter = new OTLPTraceExporter();
  const tracerProvider = new TracerProvider({
    resource,
    sampler: samplerFromEnv(),
    spanProcessors: [new BatchSpanProcessor({
      exporter,
      scheduledDelayMillis: getNumberFromEnv('OTEL_BSP_SCHEDULE_DELAY'),
      exportTimeoutMillis: getNumberFromEnv('OTEL_BSP_EXPORT_TIMEOUT'),
      maxQueueSize: getNumberFromEnv('OTEL_BSP_MAX_QUEUE_SIZE'),
      maxExportBatchSize: getNumberFromEnv('OTEL_BSP_MAX_EXPORT_BATCH_SIZE'),
    })],
  });
  deferred!.setDelegate(tracerProvider);
  provider = tracerProvider;
  return true;
}

/** Exports what is still buffered and stops; at most `timeoutMs`, so a dead collector never holds up an exit. */
export async function stopTracing(timeoutMs = 5000): Promise<void> {
  const stopping = provider;
  provider = undefined;
  if (!stopping) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    stopping.shutdown().catch(() => {}),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs).unref())),
  ]);
  clearTimeout(timer);
}

/** OTEL_TRACES_SAMPLER / OTEL_TRACES_SAMPLER_ARG; by default every trace the gateway starts, and whatever the caller of a subgraph decided. */
function samplerFromEnv(): Sampler {
  const { AlwaysOffSampler, AlwaysOnSampler, ParentBasedSampler, TraceIdRatioBasedSampler } = require('@opentelemetry/sdk-trace') as typeof import('@opentelemetry/sdk-trace');
  const ratio = Number(process.env.OTEL_TRACES_SAMPLER_ARG ?? '1');
  const ratioSampler = () => new TraceIdRatioBasedSampler(Number.isFinite(ratio) ? Math.min(1, Math.max(0, ratio)) : 1);
  switch (process.env.OTEL_TRACES_SAMPLER) {
    case 'always_on': return new AlwaysOnSampler();
    case 'always_off': return new AlwaysOffSampler();
    case 'traceidratio': return ratioSampler();
    case 'parentbased_always_off': return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio': return new ParentBasedSampler({ root: ratioSampler() });
    default: return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}

function pathOf(url: string | undefined): string {
  const path = (url ?? '/').split('?', 1)[0];
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

function diagLogger(): DiagLogger {
  const line = (level: string) => (message: string, ...args: unknown[]) => {
    const detail = args.map((a) => (a instanceof Error ? a.message : typeof a === 'string' ? a : safeJson(a))).join(' ');
    process.stderr.write(`${JSON.stringify({ level, msg: `opentelemetry: ${message}${detail ? ` ${detail}` : ''}` })}\n`);
  };
  return { error: line('error'), warn: line('warn'), info: line('info'), debug: line('debug'), verbose: line('trace') };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
