import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import express from 'express';
import { ApolloServer } from '@apollo/server';
import { ApolloGateway } from '@apollo/gateway';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { intFromEnv, projectRoot, isProduction } from '../lib/config';
import { listen } from '../lib/runtime/listen';
import { createTokenVerifier } from '../lib/identity/tokens';
import { subgraphUrlFromSupergraph } from '../lib/subgraph/ports';
import { SubgraphDataSource } from './subgraph-fetch';
import { authenticate, identify } from './plugins/authenticate';
import { auditPlugin } from './plugins/audit';
import { AuditStore } from './audit/store';
import { RefusalTally } from './audit/refusals';
import { serveOperationalEndpoints } from './operational-endpoints';
import { gatewayErrorFormatter } from './format-error';
import { loadSubgraphTrust } from '../lib/identity/subgraph-trust';
import { operationLimits } from './plugins/limits';
import { clientErrorStatus } from './plugins/client-error-status';
import { perCallerRateLimit, rateLimitStore } from './plugins/rate-limit';
import { KnownOperationTypesRule, OperationNameLengthRule } from './plugins/operation-rules';
import { requestErrors } from './plugins/request-errors';
import { workspace } from './workspace';
import { securityHeaders } from './workspace/security-headers';
import { trustedDocumentManifest, trustedDocuments } from './plugins/trusted-documents';
import { boundedVariables } from './plugins/variable-depth';
import { requestMetrics } from './plugins/request-metrics';
import { requestLog } from './plugins/request-log';
import { createLogger } from '../lib/observability/logger';
import { poolGauges } from '../lib/observability/metrics';
import type { GatewayContext } from './context';
import { needToKnowGateway } from './need-to-know-gateway';
import { ReservedAliasesRule } from './reserved-aliases';
import { serializeOnce } from './execution/serialize-once';
import { GatewayResponseCache } from './cache/response-cache';
import { followSubgraphChanges } from './cache/change-streams';
import { notificationStreams } from './notifications/stream';

export interface GatewayOptions {
  port: number;
  host?: string;
  /** Defaults to the committed schema/supergraph.graphql. */
  supergraphSdl?: string;
  /** Where each subgraph listens; defaults to the supergraph's URLs moved by PORT and <NAME>_PORT/<NAME>_URL. */
  subgraphUrls?: Record<string, string>;
  /** The PostgreSQL server holding the audit trail (its own database), or false to run without one (benchmarks only). */
  audit: { serverUrl: string; prefix?: string } | false;
  /** false: the gateway does not apply @requiresScopes itself (benchmarks only; subgraphs still enforce scopes). */
  authorization?: boolean;
  /**
   * Who executes query plans: `lean`, the gateway's own executor (gateway/execution/), or `apollo`,
   * @apollo/gateway's (the reference the differential test compares with). Default: UNITY_EXECUTOR, else lean.
   */
  executor?: 'lean' | 'apollo';
}

export interface RunningGateway {
  url: string;
  stop(): Promise<void>;
}

export function readSupergraph(): string {
  return fs.readFileSync(path.join(projectRoot, 'schema', 'supergraph.graphql'), 'utf8');
}

// Apollo's gateway otherwise probes cloud metadata addresses and exports usage metrics to Apollo:
// a closed network allows neither, and a law-enforcement deployment wants neither.
process.env.APOLLO_TELEMETRY_DISABLED = 'true';

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const supergraphSdl = options.supergraphSdl ?? readSupergraph();
  const dataSources = new Map<string, SubgraphDataSource>();
  const cacheMiB = intFromEnv('GATEWAY_CACHE_MIB', 128);
  const cacheSeconds = intFromEnv('CACHE_MAX_AGE_SECONDS', 300);
  const cache = cacheMiB === 0 || cacheSeconds === 0 ? null : new GatewayResponseCache({ maxBytes: cacheMiB * 1024 * 1024, maxAgeMs: cacheSeconds * 1000 },
    // Without need-to-know the gateway adds no id to the objects of a document, so answers cannot be indexed by every record they hold.
    { idsComplete: options.authorization !== false });
  const gateway = needToKnowGateway((plannedSupergraph) => new ApolloGateway({
    supergraphSdl: plannedSupergraph,
    buildService: ({ name, url }) => {
      const dataSource = new SubgraphDataSource(name, options.subgraphUrls?.[name] ?? subgraphUrlFromSupergraph(name, url!));
      dataSources.set(name, dataSource);
      return dataSource;
    },
  }), supergraphSdl, { authorization: options.authorization !== false, audit: options.audit !== false }, cache,
  (options.executor ?? process.env.UNITY_EXECUTOR ?? 'lean') === 'apollo' ? undefined : () => Object.fromEntries(dataSources));

  const verify = await createTokenVerifier();
  await loadSubgraphTrust('gateway');
  const rateLimits = await rateLimitStore();
  const auditStore = options.audit ? await AuditStore.open(options.audit.serverUrl, options.audit.prefix).catch(async (error) => {
    await rateLimits.close();
    throw error;
  }) : null;
  if (auditStore) poolGauges('gateway_audit', () => auditStore.pool);
  const refusals = auditStore ? new RefusalTally(auditStore) : null;
  const app = express();
  // Express hashes every body it sends for an ETag: a dossier's 200 kB, for every answer, and GraphQL clients never revalidate.
  app.set('etag', false);
  // Behind a load balancer, TRUST_PROXY (express's "trust proxy": hops, addresses or subnets) makes the client's address the forwarded one.
  const trustProxy = process.env.TRUST_PROXY;
  if (trustProxy && trustProxy !== 'false') app.set('trust proxy', /^\d+$/.test(trustProxy) ? Number(trustProxy) : trustProxy === 'true' ? true : trustProxy.split(',').map((s) => s.trim()));
  app.disable('x-powered-by');
  // Every response, JSON included: the pages' Content-Security-Policy, nosniff, no framing, no referrer.
  app.use(securityHeaders());
  const httpServer = http.createServer(app);
  const limits = operationLimits(supergraphSdl);
  const logger = createLogger('gateway');
  const server = new ApolloServer<GatewayContext>({
    gateway: gateway as never, // @apollo/gateway still types against the v1 gateway interface
    introspection: !isProduction(),
    includeStacktraceInErrorResponses: false,
    formatError: gatewayErrorFormatter(),
    // A browser sends Authorization cross-site only after a CORS preflight, which this gateway never grants.
    csrfPrevention: { requestHeaders: ['authorization', 'x-apollo-operation-name', 'apollo-require-preflight'] },
    stopOnTerminationSignals: false, // the process decides when to stop (lib/runtime/lifecycle.ts)
    allowBatchedHttpRequests: false,
    // A result shared by many requests (cache hits, coalesced executions) is serialised once.
    stringifyResult: serializeOnce(),
    // The gateway's own aliases (the audit's ids, need-to-know's placeholders) are not the caller's to use.
    validationRules: [KnownOperationTypesRule, OperationNameLengthRule, ReservedAliasesRule, ...limits.validationRules],
    parseOptions: limits.parseOptions,
    // The request pipeline, in order. Authentication happens in the context function.
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      // Responses are kept until their data changes (gateway/cache), never for a hinted age: cache hints would be computed for nobody.
      ApolloServerPluginCacheControlDisabled(),
      requestMetrics(trustedDocumentManifest()),
      requestLog(logger),
      ...limits.plugins,
      clientErrorStatus(),
      ...(auditStore ? [auditPlugin(auditStore)] : []),
    ],
  });
  await server.start();
  const changeStreams = cache ? followSubgraphChanges([...dataSources.values()].map((d) => ({ name: d.name, url: d.url })), (subgraph, event, touched) => cache.heard(subgraph, event, touched)) : null;

  serveOperationalEndpoints(app, () => [...dataSources.values()]);
  // The workspace (explorer, search, dossiers, network, briefing): always in development, in production only when UNITY_EXPLORER=on.
  if (!isProduction() || process.env.UNITY_EXPLORER === 'on') app.use(workspace('/graphql'));
  // One identification and one rate-limit bucket per caller (or client address) for both endpoints.
  const identifyCaller = identify(verify);
  const limitRate = perCallerRateLimit(rateLimits.store);
  const notifications = notificationStreams({ audit: auditStore, recordRefusal: refusals?.record, subgraphUrl: () => dataSources.get('deconfliction')?.url });
  app.get('/notifications', identifyCaller, limitRate, notifications.handler);
  const bodyLimit = process.env.LIMIT_BODY_SIZE ?? '1mb';
  // The HTTP side of the pipeline, in order; GraphQL execution happens inside expressMiddleware.
  app.use(
    '/graphql',
    identifyCaller,
    limitRate,
    express.json({ limit: bodyLimit }),
    boundedVariables,
    trustedDocuments(),
    expressMiddleware(server, { context: authenticate(refusals?.record) }),
    requestErrors(bodyLimit),
  );

  const port = await listen(httpServer, options.port, options.host ?? '127.0.0.1', 'the gateway', 'PORT');
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    async stop() {
      changeStreams?.stop();
      notifications.close();
      await server.stop();
      await Promise.all([...dataSources.values()].map((dataSource) => dataSource.shutdown()));
      await refusals?.stop();
      await rateLimits.close();
      await auditStore?.close();
    },
  };
}
