import { GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { signSubgraphRequest, SUBGRAPH_TOKEN_HEADER } from '../lib/identity/subgraph-trust';
import { audienceOf } from '../lib/identity/caller';
import type { GatewayContext } from './context';
import { guardOptionsFromEnv, SubgraphGuard } from './resilience/subgraph-guard';
import { subgraphTransport } from './subgraph-transport';
import { AUDIENCE_HEADER, deduplicateInflight, isQueryDocument } from './resilience/inflight-deduplication';
import { WITHHELD_EXTENSION } from '../lib/subgraph/withheld-records';
import type { WithheldRecord } from '../lib/loaders/registry';
import type { GatewayGraphQLResponse as GraphQLResponse } from '@apollo/server-gateway-interface';

/**
 * How the gateway talks to a subgraph: undici's request on kept-alive connections (subgraph-transport.ts) behind a
 * deadline and a circuit breaker, identical query fetches in flight for the same audience sent
 * once, and a short-lived signature carrying the caller and request id, without which subgraphs
 * answer 401.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly transport = subgraphTransport();
  readonly guard: SubgraphGuard;

  constructor(readonly name: string, url: string) {
    super({ url });
    this.guard = new SubgraphGuard(name, guardOptionsFromEnv(), this.transport.fetch);
    this.fetcher = deduplicateInflight(name, this.guard.fetch) as never;
  }

  /** Stops the circuit breaker's timers and closes the kept-alive connections. */
  async shutdown(): Promise<void> {
    this.guard.shutdown();
    await this.transport.close();
  }

  /** Subgraphs report RESTRICTED records they kept back; the audit plugin turns them into notices. */
  override async didReceiveResponse({ response, context }: { response: GraphQLResponse; context: GatewayContext }): Promise<GraphQLResponse> {
    const withheld = response.extensions?.[WITHHELD_EXTENSION] as WithheldRecord[] | undefined;
    if (withheld?.length) {
      (context.withheld ??= []).push(...withheld);
      delete response.extensions![WITHHELD_EXTENSION];
    }
    return response;
  }

  override async willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const { context, request } = options;
    if (!context.caller) return; // health probes and composition never reach here with data
    context.fetchedFrom?.add(this.name);
    request.http!.headers.set(SUBGRAPH_TOKEN_HEADER, await signSubgraphRequest(this.name, { caller: context.caller, requestId: context.requestId }));
    request.http!.headers.set('x-request-id', context.requestId);
    // A fresh read must not join a fetch that may be answered from a subgraph's cache.
    if (context.fresh) request.http!.headers.set('cache-control', 'no-cache');
    // A fetch begun after a change announcement must not join one sent before it either.
    if (isQueryDocument(request.query)) {
      request.http!.headers.set(AUDIENCE_HEADER, `${audienceOf(context.caller)}${context.fresh ? ' fresh' : ''} g${context.cacheGeneration ?? ''}`);
    }
  }
}
