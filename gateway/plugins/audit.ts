import type { ApolloServerPlugin } from '@apollo/server';
import type { AuditStore, AuditRecord } from '../audit/store';
import type { GatewayContext } from '../context';
import { auditWriteDuration } from '../../lib/observability/metrics';

const SECRET_NAMES = /token|password|secret|passphrase|ssn|account.?number|credential/i;

/** Variables as recorded: anything whose name suggests a secret is replaced, at any depth. */
export function redactVariables(value: unknown, name = ''): unknown {
  if (SECRET_NAMES.test(name)) return '[REDACTED]';
  if (Array.isArray(value)) return value.map((item) => redactVariables(item));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, redactVariables(child, key)]));
  }
  if (typeof value === 'string') {
    // PostgreSQL's jsonb cannot hold NUL; the record keeps a visible marker instead.
    const text = value.replace(/\u0000/g, '\\u0000');
    return text.length > 1000 ? `${text.slice(0, 1000)}…[${text.length} characters]` : text;
  }
  return value;
}

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

/** Requests refused for lack of valid credentials are recorded as REFUSED, with nothing disseminated. */
export function recordRefusal(store: AuditStore) {
  return async ({ requestId, reason, latencyMs }: { requestId: string; reason: string; latencyMs: number }) => {
    await store.append({
      requestId, sub: 'unauthenticated', agency: 'NONE', operationName: null, documentHash: null,
      variables: { reason }, outcome: 'REFUSED', latencyMs, disseminated: {},
    }).catch(() => undefined); // the caller gets its 401 either way; nothing is released
  };
}
