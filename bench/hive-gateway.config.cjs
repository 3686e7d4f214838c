// Plain CommonJS on purpose: Hive Gateway's type definitions pull the DOM library into a TypeScript
// program and change the types of Node's fetch for the whole project. It loads the compiled modules.
const { signSubgraphRequest, SUBGRAPH_TOKEN_HEADER } = require('../dist/lib/identity/subgraph-trust.js');
const { benchCaller } = require('../dist/bench/caller.js');

/**
 * The reference peer: Hive Gateway with its defaults (in-flight deduplication of identical subgraph
 * requests included) over the same subgraphs. Our subgraphs answer only requests the gateway
 * signed, each signature bound to one body and good once, so this peer signs every subgraph fetch
 * it really sends (after its own deduplication), for the benchmark's caller, as our gateway does.
 */
const caller = benchCaller('HSI');

/** @type {import('@graphql-hive/gateway').GatewayConfig} */
exports.gatewayConfig = {
  supergraph: process.env.BENCH_SUPERGRAPH,
  propagateHeaders: {
    // Cache-Control, so that `npm run bench -- --fresh` has every subgraph execute for this peer as for ours.
    fromClientToSubgraphs: ({ request }) => (request.headers.get('cache-control') ? { 'cache-control': request.headers.get('cache-control') } : {}),
  },
  plugins: () => [{
    async onFetch({ options, setOptions, executionRequest }) {
      const subgraph = executionRequest?.subgraphName;
      if (!subgraph || typeof options.body !== 'string') return;
      const signature = await signSubgraphRequest(subgraph, { caller, requestId: 'bench-hive' }, { endpoint: 'graphql', body: options.body });
      setOptions({ ...options, headers: { ...Object.fromEntries(new Headers(options.headers ?? {})), [SUBGRAPH_TOKEN_HEADER]: signature } });
    },
  }],
  logging: 'error',
  // BENCH_HIVE_COALESCE=on: Hive's own coalescing of identical incoming requests in flight (off by
  // default in Hive), the counterpart of ours (gateway/execution/coalesce-operations.ts), for a like-for-like run.
  inboundInflightRequestDeduplication: process.env.BENCH_HIVE_COALESCE === 'on',
};
