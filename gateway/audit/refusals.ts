import crypto from 'node:crypto';
import { ipKeyGenerator } from 'express-rate-limit';
import type { AuditStore } from './store';
import { createLogger } from '../../lib/observability/logger';

const MINUTE_MS = 60_000;
/** Distinct addresses kept per minute; beyond, refusals are counted under "other" (a flood from many addresses still costs one row each minute). */
const MAX_ADDRESSES = 10_000;
/** Distinct reasons kept per address and minute. */
const MAX_REASONS = 8;

interface Tally {
  refusals: number;
  reasons: Map<string, number>;
}

/**
 * Requests refused for lack of valid credentials are on the audit trail, but in aggregate: one
 * REFUSED record per client address (an IPv6 /56, as the rate limit counts them) and minute, with
 * how many there were and why. Each junk token no longer appends a row of its own. A minute's
 * records are written once it is over (and whatever is counted when the gateway stops); a refusal
 * releases nothing, so none waits for its record.
 */
export class RefusalTally {
  private readonly minutes = new Map<number, Map<string, Tally>>();
  private readonly timer: NodeJS.Timeout;
  private readonly logger = createLogger('gateway');
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly store: AuditStore) {
    this.timer = setInterval(() => void this.flush(false), MINUTE_MS / 4).unref();
  }

  readonly record = ({ address, reason }: { address: string; reason: string }): void => {
    const minute = Math.floor(Date.now() / MINUTE_MS);
    const tallies = this.minutes.get(minute) ?? this.minutes.set(minute, new Map()).get(minute)!;
    let key = ipKeyGenerator(address);
    if (!tallies.has(key) && tallies.size >= MAX_ADDRESSES) key = 'other';
    const tally = tallies.get(key) ?? tallies.set(key, { refusals: 0, reasons: new Map() }).get(key)!;
    tally.refusals += 1;
    const why = tally.reasons.has(reason) || tally.reasons.size < MAX_REASONS ? reason : 'other reasons';
    tally.reasons.set(why, (tally.reasons.get(why) ?? 0) + 1);
  };

  /** Writes the minutes that are over (all of them with `everything`), one record per address. */
  flush(everything: boolean): Promise<void> {
    this.writing = this.writing.then(async () => {
      const now = Math.floor(Date.now() / MINUTE_MS);
      for (const [minute, tallies] of [...this.minutes]) {
        if (!everything && minute >= now) continue;
        this.minutes.delete(minute);
        const at = new Date(minute * MINUTE_MS).toISOString();
        try {
          await Promise.all([...tallies].map(([address, tally]) => this.store.append({
            requestId: crypto.randomUUID(), sub: 'unauthenticated', agency: 'NONE', operationName: null, documentHash: null,
            variables: { minute: at, reasons: Object.fromEntries(tally.reasons) }, outcome: 'REFUSED', latencyMs: 0, disseminated: {},
            clientAddress: address, refusals: tally.refusals,
          })));
        } catch (error) {
          this.logger.error({ err: error instanceof Error ? error.message : String(error), minute: at }, 'could not record refused requests');
        }
      }
    });
    return this.writing;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flush(true);
  }
}
