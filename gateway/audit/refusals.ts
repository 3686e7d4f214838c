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
  address: string;
  /** The verified caller, for a refusal after authentication (no purpose of use); absent for missing or bad credentials. */
  caller?: { sub: string; agency: string };
  refusals: number;
  reasons: Map<string, number>;
}

/**
 * Refused requests are on the audit trail, but in aggregate: one REFUSED record per client address
 * (an IPv6 /56, as the rate limit counts them), caller and minute, with how many there were and why.
 * A request without valid credentials is counted as "unauthenticated"; a verified caller refused
 * for want of a purpose of use (28 CFR 23.20(d)) is counted under its own subject and agency, so
 * the trail shows who tried to read without saying why. Each junk token no longer appends a row of its own. A minute's
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

  readonly record = ({ address, reason, caller }: { address: string; reason: string; caller?: { sub: string; agency: string } }): void => {
    const minute = Math.floor(Date.now() / MINUTE_MS);
    const tallies = this.minutes.get(minute) ?? this.minutes.set(minute, new Map()).get(minute)!;
    let from = ipKeyGenerator(address);
    let key = caller ? JSON.stringify([from, caller.agency, caller.sub]) : from;
    if (!tallies.has(key) && tallies.size >= MAX_ADDRESSES) {
      key = 'other';
      from = 'other';
      caller = undefined;
    }
    const tally = tallies.get(key) ?? tallies.set(key, { address: from, caller: caller && { sub: caller.sub, agency: caller.agency }, refusals: 0, reasons: new Map() }).get(key)!;
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
          await Promise.all([...tallies.values()].map((tally) => this.store.append({
            requestId: crypto.randomUUID(), sub: tally.caller?.sub ?? 'unauthenticated', agency: tally.caller?.agency ?? 'NONE', operationName: null, documentHash: null,
            variables: { minute: at, reasons: Object.fromEntries(tally.reasons) }, outcome: 'REFUSED', latencyMs: 0, disseminated: {},
            clientAddress: tally.address, refusals: tally.refusals,
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
