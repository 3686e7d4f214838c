import http from 'node:http';
import express from 'express';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { DataSource } from 'typeorm';
import { SubgraphDefinition } from './definition';
import type { SubgraphContext } from './context';
import { buildFederatedSchema } from './build-schema';
import { openSubgraphDatabase } from './database';
import { LoaderRegistry } from '../loaders/registry';
import { ScopedDatabase } from '../database/scoped-database';
import { requestTransactions } from './request-transactions';
import { loadSubgraphTrust } from '../identity/subgraph-trust';
import { signedByGateway, signedGraphQL } from './signed-by-gateway';
import { serveOperationalEndpoints } from './operational-endpoints';
import { isProduction } from '../config';
import { listen } from '../runtime/listen';
import { describeDatabaseFailure } from './database-errors';
import { reportWithheldRecords } from './withheld-records';
import { CHANGE_STREAM_HEARTBEAT_MS, ChangeEvent, SubgraphResponseCache } from './response-cache';
import { announceChanges, Touched } from '../database/change-feed';
import { intFromEnv } from '../config';
import { poolGauges } from '../observability/metrics';
import { createLogger } from '../observability/logger';
import { openBroker } from '../events/open-broker';
import { startConsumer } from '../events/consumer';
import { createDataSource } from '../database/data-source';

export interface RunningSubgraph {
  name: string;
  url: string;
  db: DataSource;
  stop(): Promise<void>;
}

export interface ServeOptions {
  port: number;
  /** Server URL (DATABASE_URL); the subgraph's own database on it is created if missing. */
  serverUrl: string;
  databasePrefix?: string;
  host?: string;
}

/** Starts one subgraph: its database (migrated), its schema, and an HTTP server that answers only the gateway. */
export async function serveSubgraph(definition: SubgraphDefinition, options: ServeOptions): Promise<RunningSubgraph> {
  await loadSubgraphTrust('subgraph');
  const db = await openSubgraphDatabase(definition, options.serverUrl, options.databasePrefix);
  const schema = await buildFederatedSchema(definition);
  poolGauges(`subgraph_${definition.name}`, () => (db.driver as unknown as { master?: { totalCount: number; idleCount: number; waitingCount: number } }).master);
  const logger = createLogger(definition.name);
  const cacheMiB = intFromEnv('SUBGRAPH_CACHE_MIB', 64);
  const cacheSeconds = intFromEnv('CACHE_MAX_AGE_SECONDS', 300);
  const cache = definition.responseCache === false || cacheMiB === 0 || cacheSeconds === 0 ? null
    : new SubgraphResponseCache(definition.name, db, definition.responseCache ?? {}, { maxBytes: cacheMiB * 1024 * 1024, maxAgeMs: cacheSeconds * 1000 });
  // Only a database whose readers cache announces its writes (NOTIFY takes a server-wide lock at commit).
  if (cache) await announceChanges(db);
  const app = express();
  app.set('etag', false); // the gateway never revalidates; hashing every response is wasted
  const httpServer = http.createServer(app);
  const server = new ApolloServer<SubgraphContext>({
    schema,
    introspection: !isProduction(),
    includeStacktraceInErrorResponses: false,
    stopOnTerminationSignals: false, // the process decides when to stop (lib/runtime/lifecycle.ts)
    formatError: (formatted, error) => describeDatabaseFailure(definition.name, formatted, error),
    // Cache hints are computed per field and read by nobody (the response cache keeps answers until the data changes, not for a hinted age): off.
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), ApolloServerPluginInlineTraceDisabled(), ApolloServerPluginCacheControlDisabled(), requestTransactions(definition), reportWithheldRecords(), {
      // Errors are logged with the request id the gateway passed, so a request can be followed across services.
      async requestDidStart() {
        return {
          async didEncounterErrors({ contextValue, errors }) {
            logger.warn({ requestId: contextValue.requestId, agency: contextValue.caller?.agency, errors: errors.map((e) => ({ message: e.message, path: e.path, code: e.extensions?.code })) }, 'request errors');
          },
        };
      },
    }],
  });
  await server.start();
  cache?.start();

  serveOperationalEndpoints(app, definition.name, db);
  const routes = express.Router();
  app.use(routes);
  // Work of its own (events, streams, deliveries) has a pool of its own: it never waits behind requests,
  // and its statements are not counted as the requests' (lib/database/statement-counter.ts).
  const background = definition.consumes || definition.alongside
    ? createDataSource({ url: (db.options as { url: string }).url, entities: definition.entities, migrations: [], poolSize: 5 })
    : null;
  await background?.initialize();
  const alongside = background ? await definition.alongside?.({ db: background, routes, signedByGateway: signedByGateway(definition.name, 'notifications'), logger }) : undefined;
  // Other agencies' events, at least once from the broker, once per id into this database.
  const broker = definition.consumes
    ? await openBroker({ serverUrl: options.serverUrl, prefix: options.databasePrefix, natsUrl: process.env.NATS_URL, log: (line) => logger.warn(line) })
    : null;
  const consumption = broker && background ? startConsumer(background, broker, definition.consumes!) : null;
  const stopExtras = async () => {
    await consumption?.stop();
    await broker?.close();
    await alongside?.stop();
    await background?.destroy();
  };
  // The gateway keeps answers too; this stream tells it when they may have changed (lib/subgraph/response-cache.ts).
  const changeStreams = new Set<express.Response>();
  app.get('/changes', signedByGateway(definition.name, 'changes'), (req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
    const send = (event: ChangeEvent, touched?: Touched) => res.write(`event: ${event}\ndata:${event === 'change' ? ` ${JSON.stringify({ touched: touched ?? null })}` : ''}\n\n`);
    const unwatch = cache ? cache.watch(send) : (send('down'), () => undefined);
    const heartbeat = setInterval(() => res.write(': still here\n\n'), CHANGE_STREAM_HEARTBEAT_MS).unref();
    changeStreams.add(res);
    req.on('close', () => {
      unwatch();
      clearInterval(heartbeat);
      changeStreams.delete(res);
    });
  });
  app.use(
    '/graphql',
    ...signedGraphQL(definition.name),
    ...(cache ? [cache.middleware()] : []),
    expressMiddleware(server, {
      context: async ({ res }) => {
        const scoped = new ScopedDatabase(db, res.locals.identity.caller);
        return { caller: res.locals.identity.caller, requestId: res.locals.identity.requestId, onwardSignatures: res.locals.onwardSignatures ?? [], db: scoped, loaders: new LoaderRegistry(scoped, res.locals.identity.caller) };
      },
    }),
  );

  let port: number;
  try {
    port = await listen(httpServer, options.port, options.host ?? '127.0.0.1', `the ${definition.name} subgraph`, `${definition.name.toUpperCase()}_PORT`);
  } catch (error) {
    await server.stop();
    await stopExtras();
    await cache?.stop();
    await db.destroy();
    throw error;
  }
  return {
    name: definition.name,
    url: `http://127.0.0.1:${port}/graphql`,
    db,
    async stop() {
      for (const stream of changeStreams) stream.end(); // or the drain would wait for them
      await stopExtras(); // its streams end, so the drain below need not wait for them
      await server.stop();
      await cache?.stop();
      await db.destroy();
    },
  };
}
