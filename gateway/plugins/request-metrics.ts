import type { ApolloServerPlugin } from '@apollo/server';
import { requestDuration, requestsTotal } from '../../lib/observability/metrics';

/**
 * Requests by operation and outcome, and their latency, for GET /metrics. Only registered documents
 * (operations/manifest.json) are labelled by name; every other document is `other`: a caller's own
 * operation names would tell a scraper what agencies work on, and each new name adds series without bound.
 */
export function requestMetrics(registered: ReadonlyMap<string, { name: string }>): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const began = performance.now();
      return {
        async willSendResponse({ response, queryHash }) {
          const result = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const outcome = !result?.data ? 'error' : result.errors?.length ? 'partial' : 'success';
          const labels = { operation: (queryHash && registered.get(queryHash)?.name) || 'other', outcome };
          requestsTotal.inc(labels);
          requestDuration.observe(labels, (performance.now() - began) / 1000);
        },
      };
    },
  };
}
