import type { ApolloServerPlugin } from '@apollo/server';
import { requestDuration, requestsTotal } from '../../lib/observability/metrics';

/** Requests by operation and outcome, and their latency, for GET /metrics. */
export function requestMetrics(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const began = performance.now();
      return {
        async willSendResponse({ response, operationName }) {
          const result = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const outcome = !result?.data ? 'error' : result.errors?.length ? 'partial' : 'success';
          const labels = { operation: operationName ?? 'anonymous', outcome };
          requestsTotal.inc(labels);
          requestDuration.observe(labels, (performance.now() - began) / 1000);
        },
      };
    },
  };
}
