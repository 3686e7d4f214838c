import type { ApolloServerPlugin } from '@apollo/server';
import type { AuditStore, AuditRecord } from '../audit/store';
import type { GatewayContext } from '../context';
import { auditWriteDuration } from '../../lib/observability/metrics';
import { redactVariables } from '../audit/redact';

/**
 * Every request that reaches GraphQL execution writes one audit record before its response is
 * released; if the record cannot be written, the caller gets an error instead of the data.
 */
export function auditPlugin(store: AuditStore): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, request, response, queryHash, operationName }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          const outcome: AuditRecord['outcome'] = result.data === undefined || result.data === null ? 'ERROR' : result.errors?.length ? 'PARTIAL' : 'SUCCESS';
          const began = performance.now();
          try {
            await store.append({
              requestId: contextValue.requestId,
              clientRequestId: contextValue.clientRequestId ?? null,
              clientAddress: contextValue.clientAddress ?? null,
              purpose: contextValue.purpose ?? null,
              sub: contextValue.caller.sub,
              agency: contextValue.caller.agency,
              operationName: operationName ?? null,
              documentHash: queryHash ?? null,
              variables: redactVariables(request.variables ?? {}),
              outcome,
              latencyMs: performance.now() - contextValue.startedAt,
              disseminated: contextValue.disseminated ?? {},
            }, (contextValue.withheld ?? []).filter((w) => w.agency !== contextValue.caller.agency));
            auditWriteDuration.observe((performance.now() - began) / 1000);
          } catch {
            response.body = {
              kind: 'single',
              singleResult: {
                errors: [{ message: 'The audit trail could not record this request, so its data is withheld. Retry shortly; if this persists, the audit database is unavailable.', extensions: { code: 'AUDIT_UNAVAILABLE' } }],
              },
            };
            response.http.status = 503;
          }
        },
      };
    },
  };
}
