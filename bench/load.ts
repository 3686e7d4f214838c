import autocannon from 'autocannon';
import { summarize, LatencySummary } from './latency';

export interface LoadRequest {
  body: string;
  headers: Record<string, string>;
}

export interface LoadResult {
  requests: number;
  perSecond: number;
  latency: LatencySummary;
  /** Responses that were not HTTP 200 or carried GraphQL errors, and transport errors. */
  errors: number;
  /** The first error seen, so a failing run says why. */
  firstError?: string;
  /** Every response time (ms), for merging runs; not written to the results file. */
  samples?: number[];
}

/**
 * Drives a GraphQL endpoint with autocannon at a fixed concurrency for a fixed time. Each
 * connection cycles through the requests; a response counts as an error when it is not 200 or
 * carries a GraphQL `errors` member.
 */
export async function drive(url: string, requests: LoadRequest[], options: { connections: number; seconds: number }): Promise<LoadResult> {
  let graphqlErrors = 0;
  let firstError: string | undefined;
  const latencies: number[] = [];
  const instance = autocannon({
    url,
    connections: options.connections,
    duration: options.seconds,
    method: 'POST',
    requests: requests.map((r) => ({
      method: 'POST',
      body: r.body,
      headers: { 'content-type': 'application/json', ...r.headers },
      onResponse: (status: number, body: string) => {
        if (status === 200 && !body.includes('"errors"')) return;
        if (status === 200) graphqlErrors += 1;
        firstError ??= `HTTP ${status}: ${body.slice(0, 300)}`;
      },
    })),
  });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => latencies.push(ms));
  const result = await instance;
  const failed = result.non2xx + result.errors + result.timeouts + graphqlErrors;
  return {
    requests: latencies.length,
    perSecond: Math.round((latencies.length / options.seconds) * 10) / 10,
    latency: summarize(latencies),
    samples: latencies,
    errors: failed,
    ...(firstError ? { firstError } : result.errors + result.timeouts ? { firstError: `${result.errors} connection errors, ${result.timeouts} timeouts` } : {}),
  };
}
