// Plain CommonJS on purpose: Hive Gateway's type definitions pull the DOM library into a TypeScript
// program and change the types of Node's fetch for the whole project. It loads the compiled modules.
const { signSubgraphRequest, SUBGRAPH_TOKEN_HEADER } = require('../dist/lib/identity/subgraph-trust.js');
const { benchCaller } = require('../dist/bench/caller.js');

/**
 * The reference peer: Hive Gateway with its defaults (in-flight deduplication of identical subgraph
 * requests included) over the same subgraphs. Our subgraphs answer only signed requests, so each
 * subgraph request carries a signature for the benchmark's caller; it is renewed every 30 s, not per
 * request, so identical requests stay identical and Hive's deduplication works as it would.
 */
const signatures = new Map();

async function signature(subgraph) {
  const cached = signatures.get(subgraph);
  if (cached && Date.now() - cached.at < 30_000) return cached.token;
  const token = await signSubgraphRequest(subgraph, { caller: benchCaller('HSI'), requestId: 'bench-hive' });
  signatures.set(subgraph, { token, at: Date.now() });
  return token;
}

/** @type {import('@graphql-hive/gateway').GatewayConfig} */
exports.gatewayConfig = {
  supergraph: process.env.BENCH_SUPERGRAPH,
  propagateHeaders: {
    // Cache-Control too, so that `npm run bench -- --fresh` has every subgraph execute for this peer as for ours.
    fromClientToSubgraphs: async ({ request, subgraphName }) => ({
      [SUBGRAPH_TOKEN_HEADER]: await signature(subgraphName),
      ...(request.headers.get('cache-control') ? { 'cache-control': request.headers.get('cache-control') } : {}),
    }),
  },
  logging: 'error',
  // BENCH_HIVE_COALESCE=on: Hive's own coalescing of identical incoming requests in flight (off by
  // default in Hive), the counterpart of ours (gateway/execution/coalesce-operations.ts), for a like-for-like run.
  inboundInflightRequestDeduplication: process.env.BENCH_HIVE_COALESCE === 'on',
};
