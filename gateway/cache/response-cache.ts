import crypto from 'node:crypto';
import type { GatewayExecutionResult, GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import { OperationTypeNode } from 'graphql';
import { LRUCache } from 'lru-cache';
import { Counter } from 'prom-client';
import { metrics } from '../../lib/observability/metrics';
import { boundedStore, ChangeEvent, ResponseCacheLimits } from '../../lib/subgraph/response-cache';
import type { Touched } from '../../lib/database/change-feed';
import { audienceOf } from '../../lib/identity/caller';
import type { WithheldRecord } from '../../lib/loaders/registry';
import type { GatewayContext } from '../context';
import { listsMembership } from './membership';

interface Entry {
  result: GatewayExecutionResult;
  /** What the audit record of every request answered from here names, and the notices it sends. */
  disseminated: Record<string, string[]>;
  withheld: WithheldRecord[];
  bytes: number;
  /** What it is dropped for: see `Tags`. */
  tags: Tags;
}

/**
 * What a kept answer depends on. It is dropped when a change touches one of its `ids` (every record
 * the answer carries, and every id the request names, so that an answer of null is dropped when the
 * record appears), when any change at all comes from one of its `lists` subgraphs (it has a root list,
 * search or aggregate, whose membership no id in it pins down), or when a change that names nothing
 * comes from a subgraph it was fetched `from`.
 */
interface Tags {
  ids: Set<string>;
  from: string[];
  lists: string[];
}

/** One change heard, kept a while so that an answer being built when it came is not kept. */
interface Change {
  at: number;
  subgraph: string | null;
  touched: Set<string> | null;
}

const lookups = new Counter({
  name: 'unity_gateway_response_cache_total',
  help: 'Gateway query executions by how the response cache answered: hit, miss, or bypass (no-cache, or a subgraph it needed was not announcing its changes)',
  labelNames: ['outcome'], registers: [metrics],
});

const dropped = new Counter({
  name: 'unity_gateway_response_cache_dropped_total',
  help: 'Answers the gateway response cache dropped because a change made them possibly stale',
  registers: [metrics],
});

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * Whole results of query operations, after need-to-know (the caller's agency and scopes are in the
 * key, as are the document and its variables), with the ids they disseminate and the notices they
 * cause, so that every request answered from here is audited and notifies exactly as if executed.
 *
 * A result is kept only if every subgraph it came from announces its changes (`/changes`, see
 * lib/subgraph/response-cache.ts). Each kept result is indexed by the ids of the records it carries
 * (the same ids the audit collects) and by the subgraphs it came from; a change drops only the
 * results it may have made stale (`Tags`; the rule is in docs/caching.md). A mutation through this
 * gateway drops what its writes touched, as the subgraphs report it in their responses, before its
 * own response leaves: whoever wrote reads what they wrote. A result being built when a change that
 * concerns it is heard is not kept. Results with errors other than the caller's own FORBIDDEN fields
 * are not kept; `Cache-Control: no-cache` executes the operation (and keeps nothing).
 */
export class GatewayResponseCache {
  private readonly entries: LRUCache<string, Entry>;
  private readonly byId = new Map<string, Set<string>>();
  private readonly bySubgraph = new Map<string, Set<string>>();
  private readonly listingFrom = new Map<string, Set<string>>();
  private readonly announcing = new Set<string>();
  /** Changes of the last while, oldest first; `forgottenBefore` says how far back they go. */
  private recent: Change[] = [];
  private forgottenBefore = 0;
  private generation = 0;
  /**
   * Several replicas behind one subgraph URL each hear a change on their own, within milliseconds; a
   * result whose execution began sooner after a change that concerns it than this margin may come
   * from a replica that had not heard yet, and is not kept.
   */
  private static readonly SETTLE_MS = 250;
  private static readonly REMEMBER_MS = 60_000;
  private static readonly REMEMBER_AT_MOST = 10_000;

  /**
   * `idsComplete`: the ids collected from an answer name every record it holds (need-to-know adds
   * each object's id to the document); without it every answer is dropped on any change from the
   * subgraphs it came from.
   */
  constructor(limits: ResponseCacheLimits, private readonly options: { idsComplete: boolean } = { idsComplete: true }) {
    this.entries = boundedStore<Entry>(limits, (entry) => entry.bytes, (entry, key) => this.unindex(key, entry.tags));
  }

  /** A subgraph's change stream said something (or failed: `down`). */
  heard(subgraph: string, event: ChangeEvent, touched: Touched = null): void {
    if (event === 'live') this.announcing.add(subgraph);
    else if (event === 'down') this.announcing.delete(subgraph);
    this.changed(subgraph, event === 'change' ? touched : null);
  }

  /** Forgets every answer, and answers being built. */
  invalidate(): void {
    this.remember(null, null);
    this.entries.clear();
    this.byId.clear();
    this.bySubgraph.clear();
    this.listingFrom.clear();
  }

  /** Drops what a change in `subgraph` may have made stale: answers holding a `touched` id or listing from it, or (touched null) every answer from it. */
  private changed(subgraph: string, touched: Touched): void {
    const ids = touched && new Set(touched.map((id) => id.toLowerCase()));
    this.remember(subgraph, ids);
    if (ids === null) {
      this.drop(this.bySubgraph.get(subgraph));
      return;
    }
    for (const id of ids) this.drop(this.byId.get(id));
    this.drop(this.listingFrom.get(subgraph));
  }

  private remember(subgraph: string | null, touched: Set<string> | null): void {
    this.generation++;
    const at = performance.now();
    this.recent.push({ at, subgraph, touched });
    const horizon = at - GatewayResponseCache.REMEMBER_MS;
    let forget = 0;
    while (forget < this.recent.length && (this.recent[forget].at < horizon || this.recent.length - forget > GatewayResponseCache.REMEMBER_AT_MOST)) forget++;
    if (forget) {
      this.forgottenBefore = this.recent[forget - 1].at;
      this.recent = this.recent.slice(forget);
    }
  }

  private drop(keys: Set<string> | undefined): void {
    if (!keys?.size) return;
    for (const key of [...keys]) if (this.entries.delete(key)) dropped.inc();
  }

  /** Answers from memory when it can, else runs `execute` and keeps what may be kept. */
  async answer(requestContext: GatewayGraphQLRequestContext, context: GatewayContext, execute: () => Promise<GatewayExecutionResult>): Promise<GatewayExecutionResult> {
    if (requestContext.operation.operation !== OperationTypeNode.QUERY) return this.write(context, execute);
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
    const began = performance.now();
    context.fetchedFrom = new Set();
    // Subgraph fetches of different generations never share one in flight (inflight-deduplication.ts):
    // one sent before a change must not answer, and be kept for, a request begun after it.
    context.cacheGeneration = this.generation;
    const result = await execute();
    // A no-cache request asked for an execution, not for its result to be kept: sizing and keeping
    // a large result would cost every such request without being asked for.
    if (context.fresh || !context.disseminated) return result;
    const from = [...context.fetchedFrom];
    const keepable = from.every((subgraph) => this.announcing.has(subgraph))
      && (result.errors ?? []).every((error) => error.extensions?.code === 'FORBIDDEN');
    if (!keepable) return result;
    const tags = this.tagsOf(requestContext, context.disseminated, from);
    if (this.changedSince(began - GatewayResponseCache.SETTLE_MS, tags)) return result;
    const entry = { result, disseminated: context.disseminated, withheld: [...(context.withheld ?? [])], tags };
    this.entries.set(key, { ...entry, bytes: approximateBytes(entry) });
    // The store refuses what is too large for it.
    if (this.entries.has(key)) this.index(key, tags);
    return result;
  }

  /**
   * A mutation: executed, then, before its response leaves, every answer its writes may have made
   * stale is dropped, from what each subgraph said its writes touched. A write whose subgraph said
   * nothing (it failed, or wrote without describing it, perhaps through another subgraph) drops all.
   */
  private async write(context: GatewayContext, execute: () => Promise<GatewayExecutionResult>): Promise<GatewayExecutionResult> {
    context.writes = [];
    let answered = false;
    try {
      const result = await execute();
      answered = true;
      return result;
    } finally {
      if (!answered || context.writes.some((write) => write.touched === null)) this.invalidate();
      else for (const write of context.writes) this.changed(write.subgraph, write.touched);
    }
  }

  private tagsOf(requestContext: GatewayGraphQLRequestContext, disseminated: Record<string, string[]>, from: string[]): Tags {
    const ids = new Set<string>();
    for (const list of Object.values(disseminated)) for (const id of list) ids.add(id);
    // Ids the request names: a record it asked for and did not get (null) may appear later.
    for (const text of [requestContext.source ?? '', JSON.stringify(requestContext.request.variables ?? null)]) {
      for (const id of text.match(UUID) ?? []) ids.add(id.toLowerCase());
    }
    const lists = !this.options.idsComplete || listsMembership(requestContext.schema, requestContext.document, requestContext.operationName) ? from : [];
    return { ids, from, lists };
  }

  /** Whether a change heard since `since` concerns an answer with these tags (or changes from then are forgotten). */
  private changedSince(since: number, tags: Tags): boolean {
    if (since <= this.forgottenBefore) return true;
    for (let i = this.recent.length - 1; i >= 0 && this.recent[i].at >= since; i--) {
      const { subgraph, touched } = this.recent[i];
      if (subgraph === null) return true;
      if (!tags.from.includes(subgraph) && touched === null) continue;
      if (touched === null || tags.lists.includes(subgraph)) return true;
      for (const id of touched) if (tags.ids.has(id)) return true;
    }
    return false;
  }

  private index(key: string, tags: Tags): void {
    const add = (map: Map<string, Set<string>>, tag: string) => (map.get(tag) ?? map.set(tag, new Set()).get(tag)!).add(key);
    for (const id of tags.ids) add(this.byId, id);
    for (const subgraph of tags.from) add(this.bySubgraph, subgraph);
    for (const subgraph of tags.lists) add(this.listingFrom, subgraph);
  }

  private unindex(key: string, tags: Tags): void {
    const remove = (map: Map<string, Set<string>>, tag: string) => {
      const keys = map.get(tag);
      if (keys?.delete(key) && keys.size === 0) map.delete(tag);
    };
    for (const id of tags.ids) remove(this.byId, id);
    for (const subgraph of tags.from) remove(this.bySubgraph, subgraph);
    for (const subgraph of tags.lists) remove(this.listingFrom, subgraph);
  }
}

/** Entries are sized by their JSON length (two bytes a character): close enough to bound memory. */
function approximateBytes(entry: Omit<Entry, 'bytes'>): number {
  return JSON.stringify({ ...entry, tags: [...entry.tags.ids] }).length * 2;
}
