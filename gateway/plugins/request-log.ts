import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from 'pino';
import type { GatewayContext } from '../context';

/** One log line per request: who, why (purpose), which operation, outcome, latency, the gateway's request id and the caller's. */
export function requestLog(logger: Logger): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response, operationName }) {
          const result = response.body.kind === 'single' ? response.body.singleResult : undefined;
          logger.info({
            requestId: contextValue.requestId, clientRequestId: contextValue.clientRequestId, purpose: contextValue.purpose, agency: contextValue.caller?.agency, sub: contextValue.caller?.sub, operation: operationName ?? null,
            status: response.http.status ?? 200, errors: result?.errors?.map((e) => e.extensions?.code) ?? [],
            ms: Math.round(performance.now() - contextValue.startedAt),
          }, 'request');
        },
      };
    },
  };
}
