import CircuitBreaker from 'opossum';
import { GraphQLError } from 'graphql';
import { intFromEnv } from '../../lib/config';
import { subgraphFetchDuration } from '../../lib/observability/metrics';
import { timedOut } from '../../lib/runtime/timed-out';
import { FairSlots } from './fair-slots';

/**
 * Set by the data source: whose call this is (agency and subject), for the fair share of slots.
 * The guard takes it off; it is never sent to the subgraph.
 */
export const SLOT_OWNER_HEADER = 'x-unity-slot-owner';

/** Asks whether the subgraph itself answers (its /health, signed), to tell a slow document from a stuck subgraph. */
export type HealthProbe = (timeoutMs: number) => Promise<boolean>;

/** A call that ran out of time while its subgraph kept answering: the document is slow, not the subgraph. */
class SlowDocumentError extends Error {
  readonly slowDocument = true;
}

export interface GuardOptions {
  timeoutMs: number;
  /** Consecutive-window failure rate (percent) that opens the circuit. */
  errorThresholdPercentage: number;
  /** How long an open circuit fails fast before one probe request is let through. */
  resetTimeoutMs: number;
  /** Requests in the window before the rate is trusted. */
  volumeThreshold: number;
  /**
   * Failures in a row that open the circuit whatever the window holds: a frozen subgraph makes each
   * call wait the whole timeout, so a sequential caller never fills the window's volume.
   */
  consecutiveFailures: number;
  /** Calls in flight to one subgraph; more wait their turn at the gateway, outside the deadline. */
  maxConcurrency: number;
}

export function guardOptionsFromEnv(): GuardOptions {
  return {
    timeoutMs: intFromEnv('SUBGRAPH_TIMEOUT_MS', 2000),
    errorThresholdPercentage: intFromEnv('SUBGRAPH_BREAKER_ERROR_PERCENT', 50),
    resetTimeoutMs: intFromEnv('SUBGRAPH_BREAKER_RESET_MS', 5000),
    volumeThreshold: intFromEnv('SUBGRAPH_BREAKER_VOLUME', 5),
    consecutiveFailures: intFromEnv('SUBGRAPH_BREAKER_CONSECUTIVE_FAILURES', 2),
    maxConcurrency: intFromEnv('SUBGRAPH_MAX_CONCURRENCY', 16),
  };
}

export type SubgraphState = 'UP' | 'DOWN' | 'PROBING';

type Fetch = (url: string, init: RequestInit) => Promise<Response>;

/**
 * One agency down is not everyone down: each subgraph's calls get a deadline, and a circuit
 * breaker (opossum) that, once a subgraph keeps failing, answers for it at once without calling
 * it, then lets a probe through after a pause. Failures become a GraphQL error naming the
 * subgraph, so the gateway returns everything the other subgraphs could answer.
 */
export class SubgraphGuard {
  private readonly breaker: CircuitBreaker<[string, RequestInit], Response>;

  /**
   * `transport` sends the call (Node's fetch unless given; the gateway's data sources give gateway/subgraph-transport.ts).
   * `healthy`, when given, is asked after a timeout: if the subgraph answers it at once, the timeout is
   * put down to the request's own document and does not count towards opening the circuit, so one
   * caller's expensive documents cannot suspend the subgraph for every other caller.
   */
  constructor(readonly subgraph: string, readonly options: GuardOptions = guardOptionsFromEnv(), transport: Fetch = fetch, private readonly healthy?: HealthProbe) {
    this.slots = new FairSlots(options.maxConcurrency);
    this.breaker = new CircuitBreaker(
      async (url: string, init: RequestInit) => {
        let response: Response;
        try {
          response = await transport(url, { ...init, signal: AbortSignal.timeout(options.timeoutMs) });
        } catch (error) {
          if (timedOut(error) && await this.answersOthers()) throw new SlowDocumentError((error as Error).message);
          throw error;
        }
        // 5xx means the subgraph itself is failing; 4xx is about this request and passes through.
        if (response.status >= 500) {
          await response.body?.cancel();
          throw new Error(`answered HTTP ${response.status}`);
        }
        return response;
      },
      {
        timeout: false, // the fetch's own AbortSignal bounds the wait and frees the socket
        errorThresholdPercentage: options.errorThresholdPercentage,
        resetTimeout: options.resetTimeoutMs,
        volumeThreshold: options.volumeThreshold,
        rollingCountTimeout: 10_000,
        errorFilter: (error: unknown) => error instanceof SlowDocumentError,
      },
    );
    // A failed half-open probe reopens the circuit by itself; this counts failures while it is closed.
    let failuresInARow = 0;
    this.breaker.on('success', () => { failuresInARow = 0; });
    this.breaker.on('close', () => { failuresInARow = 0; });
    this.breaker.on('failure', () => {
      failuresInARow += 1;
      if (options.consecutiveFailures > 0 && failuresInARow >= options.consecutiveFailures && this.breaker.closed) this.breaker.open();
    });
  }

  get state(): SubgraphState {
    return this.breaker.opened ? 'DOWN' : this.breaker.halfOpen ? 'PROBING' : 'UP';
  }

  /**
   * Under load the gateway queues calls rather than piling them onto a busy subgraph: a subgraph
   * working on fewer requests at once answers each within the deadline, where one flooded with all
   * of them would time out on every one. The queue is fair between callers (fair-slots.ts).
   */
  private readonly slots: FairSlots;

  /** One health probe at a time, its answer shared by every call that timed out meanwhile. */
  private probe?: Promise<boolean>;

  private answersOthers(): Promise<boolean> {
    if (!this.healthy) return Promise.resolve(false);
    this.probe ??= this.healthy(Math.min(500, this.options.timeoutMs)).catch(() => false).finally(() => setTimeout(() => (this.probe = undefined), 250).unref());
    return this.probe;
  }

  readonly fetch: Fetch = async (url, init) => {
    const { [SLOT_OWNER_HEADER]: owner = 'gateway', ...headers } = (init.headers ?? {}) as Record<string, string>;
    init = { ...init, headers };
    const done = this.breaker.opened ? () => {} : await this.slots.acquire(owner);
    const began = performance.now();
    try {
      const response = await this.breaker.fire(url, init);
      subgraphFetchDuration.observe({ subgraph: this.subgraph, outcome: 'success' }, (performance.now() - began) / 1000);
      return response;
    } catch (error) {
      subgraphFetchDuration.observe({ subgraph: this.subgraph, outcome: 'unavailable' }, (performance.now() - began) / 1000);
      const body = typeof init.body === 'string' ? init.body : '';
      throw this.unavailable(error, isMutationBody(body) ? { retrySafe: carriesClientMutationId(body) } : null);
    } finally {
      done();
    }
  };

  private unavailable(error: unknown, write: { retrySafe: boolean } | null): GraphQLError {
    const e = error as { code?: string; message?: string };
    // Only a write never sent is known not to be recorded: the breaker held it back, or nobody listened.
    const notSent = e.code === 'EOPENBREAKER' || e.code === 'ECONNREFUSED';
    if (write && !notSent) {
      // The subgraph may still commit it: say so, and how to retry safely.
      const what = error instanceof SlowDocumentError || timedOut(error) ? `did not answer this write within ${this.options.timeoutMs / 1000}s` : `could not confirm this write (${e.message ?? 'unknown error'})`;
      return new GraphQLError(`The ${this.subgraph} subgraph ${what}; it may or may not have been recorded. ` +
        (write.retrySafe ? 'Retry with the same clientMutationId: a write already recorded is answered, not recorded twice.'
          : 'It carried no clientMutationId, so a retry may record it twice: check whether it was recorded first, and send a clientMutationId with writes to make retries safe.'), {
        extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: this.subgraph, reason: 'WRITE_OUTCOME_UNKNOWN' },
      });
    }
    if (error instanceof SlowDocumentError) {
      return new GraphQLError(`The ${this.subgraph} subgraph did not answer this request within ${this.options.timeoutMs / 1000}s while it kept answering others: ` +
        'the document asks for more than it can gather in time. Ask for less (smaller first, lower depth, fewer aliases). Fields the other agencies answer are still returned.', {
        extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: this.subgraph, reason: 'REQUEST_TOO_SLOW' },
      });
    }
    const reason = e.code === 'EOPENBREAKER' ? `it is failing and calls to it are suspended for up to ${this.options.resetTimeoutMs / 1000}s`
      : timedOut(error) ? `it did not answer within ${this.options.timeoutMs / 1000}s`
        : `it could not be reached (${e.message ?? 'unknown error'})`;
    // A write not sent (the breaker open, nobody listening) was not recorded; a read's other parts are still answered.
    const outcome = write ? `Nothing was recorded; try again${e.code === 'EOPENBREAKER' ? ` in ${this.options.resetTimeoutMs / 1000}s` : ' shortly'}.`
      : 'Fields the other agencies answer are still returned; those that need this one are null.';
    return new GraphQLError(`The ${this.subgraph} subgraph is unavailable: ${reason}. ${outcome}`, {
      extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: this.subgraph, ...(e.code === 'EOPENBREAKER' ? { reason: 'CIRCUIT_OPEN' } : {}) },
    });
  }

  shutdown(): void {
    this.breaker.shutdown();
  }
}

/** Whether a subgraph request's body is a mutation (its document begins with the keyword, as the query planner writes them). */
function isMutationBody(body: string): boolean {
  return /^\{"query":"\s*mutation\b/.test(body);
}

/** Whether a write names a clientMutationId (as an argument written inline, or anywhere in its variables), which makes its retry safe. */
function carriesClientMutationId(body: string): boolean {
  try {
    const { query, variables } = JSON.parse(body) as { query?: string; variables?: unknown };
    const inVariables = (value: unknown): boolean => !!value && typeof value === 'object'
      && Object.entries(value).some(([key, inner]) => (key === 'clientMutationId' && typeof inner === 'string' && inner !== '') || inVariables(inner));
    return /clientMutationId\s*:\s*"[^"]/.test(query ?? '') || inVariables(variables);
  } catch {
    return false;
  }
}
