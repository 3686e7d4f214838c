import crypto from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { listenForChanges } from '../../../lib/database/change-feed';
import { Wakeup } from '../../../lib/events/wakeup';
import { NOTICE_CHANNEL } from '../matching/consume';
import { NOTICE_COLUMNS, noticeMessage, NoticeRow } from '../notice/message';
import type { WebhookPolicy } from './policy';

/** The header carrying the body's signature. */
export const SIGNATURE_HEADER = 'unity-signature';

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`: the receiver recomputes it with its secret and refuses stale times. */
export function signWebhook(secret: string, body: string, at = Math.floor(Date.now() / 1000)): string {
  return `t=${at},v1=${crypto.createHmac('sha256', secret).update(`${at}.${body}`).digest('hex')}`;
}

/** The wait before attempt n+1: exponential from the policy's base, at most 10 minutes, with ±20% jitter so failures do not retry in step. */
export function backoffMs(policy: WebhookPolicy, attempts: number): number {
  const base = Math.min(policy.backoffMs * 2 ** Math.max(0, attempts - 1), 600_000);
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

const DELIVERY_TIMEOUT_MS = 5000;

/**
 * POSTs each notice to its agency's webhook, at least once: a row in `webhook_delivery` is written
 * with the notice, locked while it is attempted (replicas share the work), and marked delivered on
 * a 2xx answer; otherwise it is tried again after a backoff, and after the policy's last attempt it
 * stays as a dead letter until `npm run notices -- --redeliver`.
 */
export function startWebhookDeliveries(db: DataSource, databaseUrl: string, policy: () => WebhookPolicy, logger: Logger): { stop(): Promise<void> } {
  const wakeup = new Wakeup();
  const listener = listenForChanges(databaseUrl, () => wakeup.wake(), () => undefined, NOTICE_CHANNEL);
  let stopped = false;
  const run = async () => {
    while (!stopped) {
      let attempted = 0;
      try {
        attempted = await deliverDue(db, policy(), logger);
      } catch (error) {
        logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'webhook deliveries paused');
      }
      if (!stopped && attempted === 0) await wakeup.wait(1000);
    }
  };
  const running = run();
  return {
    async stop() {
      stopped = true;
      wakeup.wake();
      await running;
      await listener.stop();
    },
  };
}

async function deliverDue(db: DataSource, policy: WebhookPolicy, logger: Logger): Promise<number> {
  return db.transaction(async (tx) => {
    const due: (NoticeRow & { attempts: number })[] = await tx.query(
      `SELECT d.attempts, ${NOTICE_COLUMNS.split(', ').map((c) => `n.${c}`).join(', ')}
         FROM webhook_delivery d JOIN deconfliction_notice n ON n.id = d.notice_id
        WHERE d.delivered_at IS NULL AND d.dead_at IS NULL AND d.next_attempt_at <= now()
        ORDER BY d.next_attempt_at LIMIT 20 FOR UPDATE OF d SKIP LOCKED`,
    );
    // The calls go out together; the rows are updated one by one on the transaction's connection.
    const outcomes = await Promise.all(due.map(async (row) => ({ row, attempts: row.attempts + 1, failure: await attempt(policy, row, row.attempts + 1) })));
    for (const { row, attempts, failure } of outcomes) {
      if (failure === null) {
        await tx.query(`UPDATE webhook_delivery SET attempts = $2, delivered_at = now(), last_error = NULL WHERE notice_id = $1`, [row.id, attempts]);
      } else if (attempts >= policy.maxAttempts) {
        await tx.query(`UPDATE webhook_delivery SET attempts = $2, dead_at = now(), last_error = $3 WHERE notice_id = $1`, [row.id, attempts, failure]);
        logger.warn({ notice: row.id, agency: row.recipient_agency, attempts, error: failure }, 'webhook delivery dead-lettered');
      } else {
        await tx.query(`UPDATE webhook_delivery SET attempts = $2, next_attempt_at = now() + make_interval(secs => $3), last_error = $4 WHERE notice_id = $1`,
          [row.id, attempts, backoffMs(policy, attempts) / 1000, failure]);
      }
    }
    return due.length;
  });
}

/** One POST; null when the receiver answered 2xx, else what went wrong. */
async function attempt(policy: WebhookPolicy, row: NoticeRow, attempts: number): Promise<string | null> {
  const target = policy.agencies[row.recipient_agency];
  if (!target) return 'no webhook is configured for this agency any more';
  const body = JSON.stringify(noticeMessage(row));
  try {
    const response = await fetch(target.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signWebhook(target.secret, body), 'unity-delivery': row.id, 'unity-attempt': String(attempts) },
      body,
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
    });
    await response.body?.cancel();
    return response.ok ? null : `HTTP ${response.status}`;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
