import crypto from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import { getOperationAST, OperationTypeNode, parse } from 'graphql';
import { LRUCache } from 'lru-cache';
import { Counter } from 'prom-client';
import { DataSource } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import { ChangeListener, listenForChanges, Touched, touchedIn } from '../database/change-feed';
import { audienceOf, Caller, wantsFreshAnswer } from '../identity/caller';
import { metrics } from '../observability/metrics';

/** How a subgraph's answers change, beyond the writes its database announces. */
export interface ResponseCachePolicy {
  /**
   * In how many milliseconds some answer will next change through the passing of time alone (a
   * restriction that expires), by the database's clock, or null if none will; asked after every change.
   */
  changesIn?: (db: DataSource) => Promise<number | null>;
}

export interface ResponseCacheLimits {
  maxBytes: number;
  /** A bound on any entry's life, whatever the change feed says. */
  maxAgeMs: number;
}

const lookups = new Counter({
  name: 'unity_subgraph_response_cache_total',
  help: 'Subgraph query requests by how the response cache answered: hit, miss, or bypass (no-cache, not a query, or the change feed down)',
  labelNames: ['subgraph', 'outcome'], registers: [metrics],
});

type Kind = OperationTypeNode | 'invalid';

/**
 * What a subgraph tells those who keep its answers (the gateway's cache): `live` (every change will
 * be announced), `down` (changes may now go unannounced), `change` (answers may differ from now on:
 * those that hold one of the touched entities, or any when `touched` is null).
 */
export type ChangeEvent = 'live' | 'down' | 'change';

/** A change stream's listener: `touched` comes with `change` events (lib/database/change-feed.ts). */
export type ChangeWatcher = (event: ChangeEvent, touched?: Touched) => void;

/**
 * The response extension through which a subgraph tells the gateway, on every mutation response,
 * what the mutation's writes touched (`{ touched: ids }`, or `{ touched: null }`: anything), so the
 * gateway that sent it can drop the answers it made stale before it answers the mutation.
 */
export const CHANGED_EXTENSION = 'unityChanged';

/** How often a change stream shows it is alive when nothing changes; its follower gives up after a few silent ones. */
export const CHANGE_STREAM_HEARTBEAT_MS = 5000;

/**
 * Whole subgraph responses to queries, kept in memory and keyed by everything that changes the
 * answer: the document, the operation, the variables (entity representations included) and the
 * caller's agency and scopes, since records are released by both. A response built for one
 * audience never reaches another.
 *
 * An answer is served from memory only while it is known to be current. Every write is announced
 * when it commits (lib/database/change-feed.ts), whoever makes it, and any announcement empties this
 * cache (the gateway's keeps what the announcement's touched entities leave current). A mutation through this replica empties it before its own response leaves, so
 * whoever wrote reads what they wrote; other replicas hear of it when the write commits. While the
 * listening connection is down nothing is served from memory or kept. A response being built when
 * a change arrives is not kept (its data may predate the change). Answers that change with time
 * alone are dropped when that time comes (`ResponseCachePolicy.changesIn`). Responses with errors
 * are never kept. Requests with `Cache-Control: no-cache` are always executed.
 */
export class SubgraphResponseCache {
  private readonly entries: LRUCache<string, Buffer>;
  // Keyed by whole documents (entity fetches run to kilobytes): bounded by their size too.
  private readonly kinds = new LRUCache<string, Kind>({ max: 2000, maxSize: 8 * 1024 * 1024, sizeCalculation: (_kind, document) => document.length + 1 });
  private generation = 0;
  private live = false;
  /** Live, and the time-driven horizon for this generation is known. */
  private ready = false;
  private clock?: NodeJS.Timeout;
  private listener?: ChangeListener;
  private readonly watchers = new Set<ChangeWatcher>();

  constructor(private readonly subgraph: string, private readonly db: DataSource, private readonly policy: ResponseCachePolicy, limits: ResponseCacheLimits) {
    this.entries = boundedStore(limits, (body) => body.byteLength);
  }

  /** Starts listening to the database's change announcements; nothing is cached before it listens. */
  start(): void {
    const url = (this.db.options as PostgresDataSourceOptions).url!;
    this.listener = listenForChanges(url, (payload) => this.invalidate(touchedIn(payload)), (live) => {
      this.live = live;
      this.invalidate();
      this.tell(live ? 'live' : 'down');
    });
  }

  /** Tells `watcher` the current state at once, then every change; returns how to stop. */
  watch(watcher: ChangeWatcher): () => void {
    watcher(this.live ? 'live' : 'down');
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  private tell(event: ChangeEvent, touched: Touched = null): void {
    for (const watcher of this.watchers) watcher(event, touched);
  }

  async stop(): Promise<void> {
    await this.listener?.stop();
    this.invalidate();
  }

  /**
   * Forgets every answer, and answers being built, and learns when time alone will next change one.
   * Those who keep answers are told what was `touched` (null: anything) unless `tell` is false.
   */
  invalidate(touched: Touched = null, tell = true): void {
    this.generation++;
    this.entries.clear();
    clearTimeout(this.clock);
    this.ready = false;
    if (tell) this.tell('change', touched);
    if (!this.live) return;
    const generation = this.generation;
    const horizon = this.policy.changesIn ? this.policy.changesIn(this.db) : Promise.resolve(null);
    horizon.then((ms) => {
      if (generation !== this.generation) return;
      // setTimeout takes at most 2^31-1 ms (a later change is met by a later re-arm); the floor
      // keeps a change due right now from re-arming in a tight loop.
      if (ms !== null) this.clock = setTimeout(() => this.invalidate(), Math.min(Math.max(20, ms), 2 ** 31 - 1)).unref();
      this.ready = true;
      // Whoever kept answers while the horizon was unknown (the gateway) drops them: one may predate an expiry.
      if (this.policy.changesIn) this.tell('change');
    }, () => {
      if (generation === this.generation) this.clock = setTimeout(() => this.invalidate(), 1000).unref();
    });
  }

  /** Express middleware for `/graphql`, after the gateway's signature has been verified (res.locals.identity). */
  middleware(): RequestHandler {
    return (req, res, next) => {
      const caller = (res.locals.identity as { caller?: Caller } | undefined)?.caller;
      const body = req.body as { query?: unknown; operationName?: unknown; variables?: unknown } | undefined;
      if (!caller || typeof body?.query !== 'string') return next();
      const operationName = typeof body.operationName === 'string' ? body.operationName : '';
      const kind = this.kindOf(body.query, operationName);
      if (kind === OperationTypeNode.MUTATION) {
        // The gateway that sent it learns what changed from the response itself (CHANGED_EXTENSION),
        // every other one from the database's announcement once the write commits.
        this.beforeResponse(res, () => this.invalidate(null, false));
        return next();
      }
      if (kind !== OperationTypeNode.QUERY || !this.ready || wantsFreshAnswer(req.header('cache-control'))) {
        lookups.inc({ subgraph: this.subgraph, outcome: 'bypass' });
        return next();
      }
      const key = crypto.createHash('sha256')
        .update(`${audienceOf(caller)}\n${operationName}\n${body.query}\n${JSON.stringify(body.variables ?? null)}`)
        .digest('base64');
      const cached = this.entries.get(key);
      if (cached) {
        lookups.inc({ subgraph: this.subgraph, outcome: 'hit' });
        res.status(200).set('content-type', 'application/json; charset=utf-8').end(cached);
        return;
      }
      lookups.inc({ subgraph: this.subgraph, outcome: 'miss' });
      const generation = this.generation;
      this.beforeResponse(res, (chunk) => {
        if (generation !== this.generation || res.statusCode !== 200) return;
        const answer = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.isBuffer(chunk) ? chunk : null;
        // Apollo Server writes `errors` first: a response that has any is not kept.
        if (answer && !answer.subarray(0, 10).toString().startsWith('{"errors"')) this.entries.set(key, ownCopy(answer));
      });
      next();
    };
  }

  private kindOf(query: string, operationName: string): Kind {
    const memo = `${operationName}\n${query}`;
    let kind = this.kinds.get(memo);
    if (kind === undefined) {
      try {
        kind = getOperationAST(parse(query), operationName || undefined)?.operation ?? 'invalid';
      } catch {
        kind = 'invalid';
      }
      this.kinds.set(memo, kind);
    }
    return kind;
  }

  /** Runs `hook` with the body just before the response is sent. */
  private beforeResponse(res: Response, hook: (chunk: unknown) => void): void {
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      hook(chunk);
      return end(chunk, ...rest);
    }) as Response['end'];
  }
}

/** A store of kept answers within `limits`: no entry above a quarter of it, none older than its age. */
export function boundedStore<V extends {}>(limits: ResponseCacheLimits, sizeOf: (value: V) => number, dispose?: (value: V, key: string) => void): LRUCache<string, V> {
  return new LRUCache<string, V>({
    maxSize: limits.maxBytes,
    maxEntrySize: Math.max(1, Math.floor(limits.maxBytes / 4)),
    sizeCalculation: sizeOf,
    ttl: Math.max(1, limits.maxAgeMs),
    ...(dispose ? { dispose } : {}),
  });
}

/** Small buffers are slices of a shared 8 KiB pool: a kept one gets memory of its own, so the size limit is real. */
function ownCopy(body: Buffer): Buffer {
  const copy = Buffer.allocUnsafeSlow(body.byteLength);
  body.copy(copy);
  return copy;
}
