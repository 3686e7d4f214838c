import { GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ONWARD_TOKENS_HEADER, signSubgraphRequest, SubgraphRequestIdentity, SUBGRAPH_TOKEN_HEADER } from '../lib/identity/subgraph-trust';
import { signOnwardRequests } from '../lib/subgraph/onward-requests';
import { audienceOf } from '../lib/identity/caller';
import type { GatewayContext } from './context';
import { guardOptionsFromEnv, SLOT_OWNER_HEADER, SubgraphGuard } from './resilience/subgraph-guard';
import { answersHealth } from './resilience/readiness';
import { BufferedResponse, subgraphTransport } from './subgraph-transport';
import { AUDIENCE_HEADER, deduplicateInflight, isQueryDocument } from './resilience/inflight-deduplication';
import { WITHHELD_EXTENSION } from '../lib/subgraph/withheld-records';
import { CHANGED_EXTENSION } from '../lib/subgraph/response-cache';
import type { Touched } from '../lib/database/change-feed';
import type { WithheldRecord } from '../lib/loaders/registry';
import type { GatewayGraphQLResponse as GraphQLResponse } from '@apollo/server-gateway-interface';

type Fetch = (url: string, init: RequestInit) => Promise<Response>;

/** Each mutation fetch's write, found again when its response arrives (by its `http` part: the request object itself is copied on the way). */
const pendingWrites = new WeakMap<object, { subgraph: string; touched: Touched }>();

/**
 * Set by the data source: whom to sign the fetch for (JSON of the caller and request id). The
 * signature covers the exact body, which exists only once the fetch is made, so the fetcher signs;
 * this header is never sent on.
 */
export const SIGN_AS_HEADER = 'x-unity-sign-as';

/** Signs each fetch that is really sent (after in-flight deduplication) for its body, once. */
export function signingFetch(subgraph: string, fetch: Fetch): Fetch {
  return async (url, init) => {
    const { [SIGN_AS_HEADER]: signAs, ...headers } = (init.headers ?? {}) as Record<string, string>;
    if (signAs) {
      const identity = JSON.parse(signAs) as SubgraphRequestIdentity;
      headers[SUBGRAPH_TOKEN_HEADER] = await signSubgraphRequest(subgraph, identity, { endpoint: 'graphql', body: String(init.body ?? '') });
    }
    return fetch(url, { ...init, headers });
  };
}

/**
 * A subgraph refuses a request it cannot take (a variable its scalar rejects, such as a date before
 * 1900) with HTTP 400 and a GraphQL response whose errors say why, as GraphQL over HTTP has it.
 * Apollo's data source turns any 400 into a bare "400: " internal error and loses them; read as an
 * answer, the errors reach the caller with their codes and messages.
 */
export function requestErrorsAnswered(fetch: Fetch): Fetch {
  return async (url, init) => {
    const response = await fetch(url, init);
    if (response.status !== 400) return response;
    const text = await response.text();
    let errors: unknown;
    try {
      errors = (JSON.parse(text) as { errors?: unknown }).errors;
    } catch {
      // Not a GraphQL response: left as the 400 it is.
    }
    return BufferedResponse.of(Array.isArray(errors) && errors.length ? 200 : 400, response.statusText, response.headers, text);
  };
}

/**
 * How the gateway talks to a subgraph: undici's request on kept-alive connections (subgraph-transport.ts) behind a
 * deadline and a circuit breaker, identical query fetches in flight for the same audience sent
 * once, and a signature of the caller, request id and body, good once and for 30 seconds, without
 * which subgraphs answer 401.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly transport = subgraphTransport();
  readonly guard: SubgraphGuard;

  constructor(readonly name: string, url: string) {
    super({ url });
    this.guard = new SubgraphGuard(name, guardOptionsFromEnv(), this.transport.fetch, (timeoutMs) => answersHealth(name, url, timeoutMs));
    this.fetcher = deduplicateInflight(name, signingFetch(name, requestErrorsAnswered(this.guard.fetch))) as never;
  }

  /** Stops the circuit breaker's timers and closes the kept-alive connections. */
  async shutdown(): Promise<void> {
    this.guard.shutdown();
    await this.transport.close();
  }

  /** Subgraphs report RESTRICTED records they kept back; the audit plugin turns them into notices. */
  override async didReceiveResponse({ response, request, context }: { response: GraphQLResponse; request: { http?: object }; context: GatewayContext }): Promise<GraphQLResponse> {
    const withheld = response.extensions?.[WITHHELD_EXTENSION] as WithheldRecord[] | undefined;
    if (withheld?.length) {
      (context.withheld ??= []).push(...withheld);
      delete response.extensions![WITHHELD_EXTENSION];
    }
    // What a mutation touched: the response cache drops what it made stale before the mutation is answered.
    const changed = response.extensions?.[CHANGED_EXTENSION] as { touched?: unknown } | undefined;
    if (changed) {
      const write = request.http && pendingWrites.get(request.http);
      const touched = changed.touched;
      if (write && Array.isArray(touched) && touched.every((id) => typeof id === 'string')) write.touched = touched;
      delete response.extensions![CHANGED_EXTENSION];
    }
    return response;
  }

  override async willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const { context, request } = options;
    if (!context.caller) return; // health probes and composition never reach here with data
    context.fetchedFrom?.add(this.name);
    const identity: SubgraphRequestIdentity = { caller: context.caller, requestId: context.requestId };
    request.http!.headers.set(SIGN_AS_HEADER, JSON.stringify(identity));
    request.http!.headers.set('x-request-id', context.requestId);
    request.http!.headers.set(SLOT_OWNER_HEADER, `${context.caller.agency}:${context.caller.sub}`);
    // A write may need to ask another subgraph something as this caller (lib/subgraph/onward-requests.ts).
    const onward = isQueryDocument(request.query) ? undefined : await signOnwardRequests(this.name, identity);
    if (!isQueryDocument(request.query)) {
      const write = { subgraph: this.name, touched: null };
      (context.writes ??= []).push(write);
      pendingWrites.set(request.http!, write);
    }
    if (onward) request.http!.headers.set(ONWARD_TOKENS_HEADER, onward);
    // A fresh read must not join a fetch that may be answered from a subgraph's cache.
    if (context.fresh) request.http!.headers.set('cache-control', 'no-cache');
    // A fetch begun after a change announcement must not join one sent before it either.
    if (isQueryDocument(request.query)) {
      request.http!.headers.set(AUDIENCE_HEADER, `${audienceOf(context.caller)}${context.fresh ? ' fresh' : ''} g${context.cacheGeneration ?? ''}`);
    }
  }
}
