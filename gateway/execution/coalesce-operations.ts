import type { GatewayExecutionResult, GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import { OperationTypeNode } from 'graphql';
import { Counter } from 'prom-client';
import { audienceOf } from '../../lib/identity/caller';
import { metrics } from '../../lib/observability/metrics';
import type { GatewayContext } from '../context';

const coalesced = new Counter({
  name: 'unity_gateway_operations_coalesced_total',
  help: 'Query executions answered by an identical execution already in flight for the same audience',
  registers: [metrics],
});

interface Shared {
  result: GatewayExecutionResult;
  disseminated?: Record<string, string[]>;
  withheld: NonNullable<GatewayContext['withheld']>;
  fetchedFrom?: Set<string>;
}

/**
 * Many analysts opening the same dossier at once ask the same question: while one execution of a
 * query is in flight, an identical request (same document, operation, variables and audience, the
 * same freshness, and the same cache generation, so nothing begun before a change announcement
 * answers a request begun after it) waits for its result instead of executing again. Each request
 * still gets its own audit record: the waiter's context receives the ids the result disseminates and
 * the withheld-record notices it causes, exactly as if it had executed. This is the in-flight
 * deduplication of subgraph fetches (resilience/inflight-deduplication.ts) one level up: it spares
 * the gateway's own work too, and keeps concurrent identical requests together through the plan.
 * Mutations always execute. GATEWAY_COALESCE=off turns it off.
 */
export function coalesceOperations(enabled = process.env.GATEWAY_COALESCE !== 'off') {
  const inflight = new Map<string, Promise<Shared>>();
  return async (requestContext: GatewayGraphQLRequestContext, context: GatewayContext, execute: () => Promise<GatewayExecutionResult>): Promise<GatewayExecutionResult> => {
    if (!enabled || requestContext.operation?.operation !== OperationTypeNode.QUERY || !context.caller) return execute();
    const key = `${audienceOf(context.caller)}\n${context.fresh ? 'fresh' : ''} g${context.cacheGeneration ?? ''}\n${requestContext.queryHash}\n${requestContext.operationName ?? ''}\n${JSON.stringify(requestContext.request.variables ?? null)}`;
    const running = inflight.get(key);
    if (running) {
      coalesced.inc();
      const shared = await running;
      if (shared.disseminated) context.disseminated = shared.disseminated;
      if (shared.withheld.length) context.withheld = [...(context.withheld ?? []), ...shared.withheld];
      if (shared.fetchedFrom && context.fetchedFrom) for (const subgraph of shared.fetchedFrom) context.fetchedFrom.add(subgraph);
      return shared.result;
    }
    const withheldBefore = context.withheld?.length ?? 0;
    const execution = execute().then((result): Shared => ({
      result, disseminated: context.disseminated, withheld: (context.withheld ?? []).slice(withheldBefore), fetchedFrom: context.fetchedFrom,
    }));
    inflight.set(key, execution);
    const forget = () => inflight.delete(key);
    execution.then(forget, forget);
    return (await execution).result;
  };
}
