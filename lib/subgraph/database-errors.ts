import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';

// Connection refused or reset, server shutting down, too many clients, cannot connect now.
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '53300', '08000', '08003', '08006', '08001', '08004']);

/**
 * When a subgraph's database goes away, its resolvers fail with driver errors. Callers get a
 * clear, stable error instead of driver text; the pool reconnects on its own when the database
 * is back, so nothing needs restarting. Other internal errors are not described to callers.
 */
export function describeDatabaseFailure(subgraph: string, formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error) as { code?: string; message?: string } | undefined;
  const code = original?.code;
  if ((code && UNAVAILABLE_CODES.has(code)) || /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|not currently accepting connections|terminating connection/i.test(original?.message ?? '')) {
    return { ...formatted, message: `The ${subgraph} database is unavailable; try again shortly.`, extensions: { ...formatted.extensions, code: 'DATABASE_UNAVAILABLE', serviceName: subgraph } };
  }
  if (formatted.extensions?.code === 'INTERNAL_SERVER_ERROR') {
    return { ...formatted, message: `The ${subgraph} subgraph failed to answer this field; the failure is logged with the request id.` };
  }
  return formatted;
}
