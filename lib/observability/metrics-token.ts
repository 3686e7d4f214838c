import crypto from 'node:crypto';

/**
 * Operators reach the operational endpoints (`/metrics`, `/ready`, and a subgraph's `/health`) with
 * `Authorization: Bearer <METRICS_TOKEN>`, the way Prometheus and probes are configured to. With no
 * METRICS_TOKEN set, no bearer opens them.
 */
export function hasMetricsToken(authorization: string | undefined): boolean {
  const expected = process.env.METRICS_TOKEN;
  if (!expected || !authorization) return false;
  const match = /^Bearer +(\S+) *$/i.exec(authorization);
  if (!match) return false;
  const given = crypto.createHash('sha256').update(match[1]).digest();
  return crypto.timingSafeEqual(given, crypto.createHash('sha256').update(expected).digest());
}

export const METRICS_TOKEN_HINT = 'Send "Authorization: Bearer <METRICS_TOKEN>" (the value set in the METRICS_TOKEN environment variable of this service).';
