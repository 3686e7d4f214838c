import type { Request, Response } from 'express';
import { ipKeyGenerator, rateLimit, Store } from 'express-rate-limit';
import { RedisStore } from 'rate-limit-redis';
import { createClient } from '@redis/client';
import { intFromEnv } from '../../lib/config';
import { createLogger } from '../../lib/observability/logger';
import { identityOf } from './authenticate';

/** Where the counters live: Redis when REDIS_URL is set (one limit across every gateway replica), else this process. */
export interface RateLimitStore {
  store?: Store;
  close(): Promise<void>;
}

export async function rateLimitStore(redisUrl = process.env.REDIS_URL): Promise<RateLimitStore> {
  if (!redisUrl) return { close: async () => {} };
  const logger = createLogger('gateway');
  let connected = false;
  // At start a Redis that does not answer is a configuration error (stop trying); once connected, a lost connection is retried.
  // Commands fail at once while disconnected (no offline queue), so that requests pass unlimited instead of waiting for Redis.
  const client = createClient({ url: redisUrl, disableOfflineQueue: true, socket: { connectTimeout: 5000, reconnectStrategy: (retries: number) => (connected ? Math.min(100 * 2 ** retries, 5000) : false) } });
  client.on('error', (error: Error) => {
    if (connected) logger.warn({ err: error.message }, 'Redis (rate limits) unavailable; requests are not limited until it is back');
  });
  try {
    await client.connect();
    connected = true;
  } catch (error) {
    await client.destroy();
    throw new Error(`REDIS_URL is set, but Redis at ${redisUrl.replace(/\/\/[^@/]*@/, '//***@')} did not answer (${error instanceof Error ? error.message : String(error)}); start it, or unset REDIS_URL to keep rate limits in this process`);
  }
  return {
    store: new RedisStore({ prefix: 'unity:rate:', sendCommand: (...command: string[]) => client.sendCommand(command) as never }),
    close: async () => {
      if (client.isOpen) await client.close();
    },
  };
}

/**
 * Rate limits after identification (plugins/authenticate.ts `identify`): a verified caller is one
 * bucket (its agency and subject), whatever the spelling of its Authorization header or how many
 * tokens it holds; a request without a valid token counts against its client address, under a far
 * lower limit. Over the limit, 429 with Retry-After and what to do. If the store fails (Redis down),
 * requests pass unlimited rather than fail, and the gateway logs it.
 */
export function perCallerRateLimit(store?: Store) {
  const perMinute = intFromEnv('RATE_LIMIT_PER_MINUTE', 1200);
  const unauthenticatedPerMinute = intFromEnv('RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE', 60);
  return rateLimit({
    windowMs: 60_000,
    limit: (_req: Request, res: Response) => (identityOf(res).caller ? perMinute : unauthenticatedPerMinute),
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    ...(store ? { store, passOnStoreError: true } : {}),
    keyGenerator: (req: Request, res: Response) => {
      const { caller } = identityOf(res);
      return caller ? `caller:${caller.agency}:${caller.sub}` : `address:${ipKeyGenerator(req.ip ?? '')}`;
    },
    handler: (_req, res, _next, options) => {
      const retryAfter = Math.ceil(options.windowMs / 1000);
      const authenticated = Boolean(identityOf(res).caller);
      res.setHeader('Retry-After', String(retryAfter));
      res.status(429).json({
        errors: [{
          message: authenticated
            ? `Rate limit exceeded: at most ${perMinute} requests a minute per caller. Retry after ${retryAfter} seconds.`
            : `Rate limit exceeded: at most ${unauthenticatedPerMinute} requests a minute from one address without a valid token. Retry after ${retryAfter} seconds with a valid bearer token.`,
          extensions: { code: 'RATE_LIMITED', retryAfterSeconds: retryAfter },
        }],
      });
    },
  });
}
