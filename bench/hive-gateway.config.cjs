// Plain CommonJS on purpose: Hive Gateway's type definitions pull the DOM library into a TypeScript
// program and change the types of Node's fetch for the whole project. It loads the compiled modules.
const { signSubgraphRequest, SUBGRAPH_TOKEN_HEADER, ONWARD_TOKENS_HEADER } = require('../dist/lib/identity/subgraph-trust.js');
const { signOnwardRequests } = require('../dist/lib/subgraph/onward-requests.js');
const { benchCaller } = require('../dist/bench/caller.js');

/**
 * The reference peer: Hive Gateway with its defaults (in-flight deduplication of identical subgraph
 * requests included) over the same subgraphs. Our subgraphs answer only requests the gateway
 * signed, each signature bound to one body and good once, so this peer signs every subgraph fetch
 * it really sends (after its own deduplication), for the benchmark's caller, as our gateway does.
 */
const callers = new Map();

/**
 * The caller a request is signed for: the agency of its bearer token (read, not verified: the bench
 * signed it), so that the mixed scenario's writer writes as CBP as it does through ours; HSI otherwise.
 */
function callerOf(request) {
  let agency = 'HSI';
  try {
    const token = (request?.headers?.get('authorization') ?? '').replace(/^Bearer /, '');
    agency = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).agency ?? agency;
  } catch {
    // no token or not a JWT: the default caller
  }
  if (!callers.has(agency)) callers.set(agency, benchCaller(agency));
  return callers.get(agency);
}

/** @type {import('@graphql-hive/gateway').GatewayConfig} */
exports.gatewayConfig = {
  supergraph: process.env.BENCH_SUPERGRAPH,
  propagateHeaders: {
    // Cache-Control, so that `npm run bench -- --fresh` has every subgraph execute for this peer as for ours.
    fromClientToSubgraphs: ({ request }) => (request.headers.get('cache-control') ? { 'cache-control': request.headers.get('cache-control') } : {}),
  },
  plugins: () => [{
    async onFetch({ options, setOptions, executionRequest, context }) {
      const subgraph = executionRequest?.subgraphName;
      if (!subgraph || typeof options.body !== 'string') return;
      const caller = callerOf(context?.request ?? executionRequest?.context?.request);
      const identity = { caller, requestId: 'bench-hive' };
      const signature = await signSubgraphRequest(subgraph, identity, { endpoint: 'graphql', body: options.body });
      // A write asks other subgraphs as its caller (that the organization exists): as ours does, sign those onward requests too.
      const onward = /^\s*mutation\b/.test(JSON.parse(options.body).query ?? '') ? await signOnwardRequests(subgraph, identity) : undefined;
      setOptions({ ...options, headers: { ...Object.fromEntries(new Headers(options.headers ?? {})), [SUBGRAPH_TOKEN_HEADER]: signature, ...(onward ? { [ONWARD_TOKENS_HEADER]: onward } : {}) } });
    },
  }],
  logging: 'error',
  // BENCH_HIVE_COALESCE=on: Hive's own coalescing of identical incoming requests in flight (off by
  // default in Hive), the counterpart of ours (gateway/execution/coalesce-operations.ts), for a like-for-like run.
  inboundInflightRequestDeduplication: process.env.BENCH_HIVE_COALESCE === 'on',
};
