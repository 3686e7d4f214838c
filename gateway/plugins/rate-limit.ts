import crypto from 'node:crypto';
import type { Request } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { intFromEnv } from '../../lib/config';

/**
 * A per-caller rate limit (express-rate-limit): each bearer token is one caller; requests without
 * one are counted by address. Over the limit, 429 with Retry-After and what to do.
 */
export function perCallerRateLimit() {
  const perMinute = intFromEnv('RATE_LIMIT_PER_MINUTE', 1200);
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: (req: Request) => {
      const token = req.header('authorization');
      return token ? crypto.createHash('sha256').update(token).digest('base64url') : `ip:${ipKeyGenerator(req.ip ?? '')}`;
    },
    handler: (_req, res, _next, options) => {
      const retryAfter = Math.ceil(options.windowMs / 1000);
      res.setHeader('Retry-After', String(retryAfter));
      res.status(429).json({
        errors: [{ message: `Rate limit exceeded: at most ${perMinute} requests a minute per caller. Retry after ${retryAfter} seconds.`, extensions: { code: 'RATE_LIMITED', retryAfterSeconds: retryAfter } }],
      });
    },
  });
}
