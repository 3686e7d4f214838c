import crypto from 'node:crypto';
import type { GatewayExecutionResult, GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import { OperationTypeNode } from 'graphql';
import { LRUCache } from 'lru-cache';
import { Counter } from 'prom-client';
import { metrics } from '../../lib/observability/metrics';
import { boundedStore, ChangeEvent, ResponseCacheLimits } from '../../lib/subgraph/response-cache';
import { audienceOf } from '../../lib/identity/caller';
import type { WithheldRecord } from '../../lib/loaders/registry';
import type { GatewayContext } from '../context';

interface Entry {
  result: GatewayExecutionResult;
  /** What the audit record of every request answered from here names, and the notices it sends. */
  disseminated: Record<string, string[]>;
  withheld: WithheldRecord[];
  bytes: number;
}

const lookups = new Counter({
  name: 'unity_gateway_response_cache_total',
  help: 'Gateway query executions by how the response cache answered: hit, miss, or bypass (no-cache, or a subgraph it needed was not announcing its changes)',
  labelNames: ['outcome'], registers: [metrics],
});

/**
 * Whole results of query operations, after need-to-know (the caller's agency and scopes are in the
 * key, as are the document and its variables), with the ids they disseminate and the notices they
 * cause, so that every request answered from here is audited and notifies exactly as if executed.
 *
 * A result is kept only if every subgraph it came from announces its changes (`/changes`, see
 * lib/subgraph/response-cache.ts), and everything is forgotten when any subgraph announces one, stops
 * announcing, or a mutation passes through this gateway (before its response leaves). A result being
 * built when that happens is not kept. Results with errors other than the caller's own FORBIDDEN
 * fields are not kept; `Cache-Control: no-cache` executes the operation (and keeps nothing).
 */
export class GatewayResponseCache {
  private readonly entries: LRUCache<string, Entry>;
  private readonly announcing = new Set<string>();
  private generation = 0;
  /**
   * When the last change was heard. Several replicas behind one subgraph URL each hear a change on
   * their own, within milliseconds; a result whose execution began sooner after the change than this
   * margin may come from a replica that had not heard yet, and is not kept.
   */
  private lastChange = 0;
  private static readonly SETTLE_MS = 250;

  constructor(limits: ResponseCacheLimits) {
    this.entries = boundedStore<Entry>(limits, (entry) => entry.bytes);
  }

  /** A subgraph's change stream said something (or failed: `down`). */
  heard(subgraph: string, event: ChangeEvent): void {
    if (event === 'live') this.announcing.add(subgraph);
    else if (event === 'down') this.announcing.delete(subgraph);
    this.invalidate();
  }

  invalidate(): void {
    this.generation++;
    this.lastChange = performance.now();
    this.entries.clear();
  }

  /** Answers from memory when it can, else runs `execute` and keeps what may be kept. */
  async answer(requestContext: GatewayGraphQLRequestContext, context: GatewayContext, execute: () => Promise<GatewayExecutionResult>): Promise<GatewayExecutionResult> {
    if (requestContext.operation.operation !== OperationTypeNode.QUERY) {
      try {
        return await execute();
      } finally {
        this.invalidate();
      }
    }
    const key = crypto.createHash('sha256')
      .update(`${audienceOf(context.caller)}\n${requestContext.queryHash}\n${requestContext.operationName ?? ''}\n${JSON.stringify(requestContext.request.variables ?? null)}`)
      .digest('base64');
    const kept = context.fresh ? undefined : this.entries.get(key);
    if (kept) {
      lookups.inc({ outcome: 'hit' });
      context.disseminated = kept.disseminated;
      context.withheld = [...(context.withheld ?? []), ...kept.withheld];
      return kept.result;
    }
    lookups.inc({ outcome: context.fresh ? 'bypass' : 'miss' });
    const generation = this.generation;
    const settled = performance.now() - this.lastChange >= GatewayResponseCache.SETTLE_MS;
    context.fetchedFrom = new Set();
    // Subgraph fetches of different generations never share one in flight (inflight-deduplication.ts):
    // one sent before a change must not answer, and be kept for, a request begun after it.
    context.cacheGeneration = generation;
    const result = await execute();
    // A no-cache request asked for an execution, not for its result to be kept: sizing and keeping
    // a large result would cost every such request without being asked for.
    const keepable = !context.fresh && settled && generation === this.generation
      && [...context.fetchedFrom].every((subgraph) => this.announcing.has(subgraph))
      && (result.errors ?? []).every((error) => error.extensions?.code === 'FORBIDDEN');
    if (keepable) {
      const entry = { result, disseminated: context.disseminated ?? {}, withheld: [...(context.withheld ?? [])] };
      this.entries.set(key, { ...entry, bytes: approximateBytes(entry) });
    }
    return result;
  }
}

/** Entries are sized by their JSON length (two bytes a character): close enough to bound memory. */
function approximateBytes(entry: Omit<Entry, 'bytes'>): number {
  return JSON.stringify(entry).length * 2;
}
