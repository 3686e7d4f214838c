import type { ApolloGateway } from '@apollo/gateway';
import type { GatewayInterface } from '@apollo/server-gateway-interface';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import { AuthorizationPolicy, policyFromSupergraph } from './authorization/policy';
import { filterDocument, FilteredDocument } from './authorization/filter-document';
import { patchResponse } from './authorization/patch-response';
import { collectDisseminated } from './audit/disseminated';
import type { GatewayContext } from './context';

const FILTER_CACHE_SIZE = 2000;

/**
 * Wraps the Apollo gateway's executor with need-to-know: the supergraph's @requiresScopes policy is
 * enforced before planning (what the caller may not read is never planned, never fetched, and comes
 * back null with a FORBIDDEN error, the rest intact), and the ids of every record the response
 * disseminates are collected for the audit trail before the response is released.
 */
export function needToKnowGateway(createGateway: (supergraphSdl: string) => ApolloGateway, supergraphSdl: string): GatewayInterface {
  const inner = createGateway(withoutEnforcedSecurityFeatures(supergraphSdl));
  const policy: AuthorizationPolicy = policyFromSupergraph(supergraphSdl);
  // The same document with the same scopes always filters the same way.
  const filterCache = new Map<string, FilteredDocument>();
  const filtered = (schema: GraphQLSchema, queryHash: string, document: DocumentNode, scopes: string[]): FilteredDocument => {
    const key = `${queryHash}|${[...scopes].sort().join(' ')}`;
    let result = filterCache.get(key);
    if (!result) {
      result = filterDocument(schema, document, policy, new Set(scopes));
      if (filterCache.size >= FILTER_CACHE_SIZE) filterCache.delete(filterCache.keys().next().value!);
      filterCache.set(key, result);
    }
    return result;
  };
  return {
    async load(options) {
      const { schema, executor } = await inner.load(options);
      return {
        schema,
        executor: async (requestContext) => {
          const context = requestContext.context as unknown as GatewayContext;
          const filter = filtered(schema as GraphQLSchema, requestContext.queryHash, requestContext.document, context.caller.scopes);
          const result = await executor({
            ...requestContext,
            document: filter.document,
            // A filtered document plans differently: keep its plan apart in the plan cache.
            queryHash: `${requestContext.queryHash}:${filter.fingerprint}`,
          });
          context.disseminated = collectDisseminated(schema as GraphQLSchema, filter.document, requestContext.request.operationName, result.data);
          const forbidden = patchResponse(result.data, filter.removed);
          return forbidden.length ? { ...result, errors: [...(result.errors ?? []), ...forbidden] } : result;
        },
      };
    },
    onSchemaLoadOrUpdate: (callback) => inner.onSchemaLoadOrUpdate(callback),
    stop: () => inner.stop(),
  };
}

/**
 * Apollo's JavaScript gateway refuses a supergraph whose SECURITY features it cannot enforce. This
 * gateway enforces @authenticated and @requiresScopes itself (above), so it hands the planner the
 * same supergraph with those two links marked as plain features. The committed supergraph keeps
 * them as SECURITY, so Apollo Router enforces them identically. (@policy is not enforced here and
 * stays a SECURITY feature: a supergraph using it is refused.)
 */
export function withoutEnforcedSecurityFeatures(supergraphSdl: string): string {
  return supergraphSdl.replace(/(@link\(url: "https:\/\/specs\.apollo\.dev\/(?:requiresScopes|authenticated)\/v[\d.]+"), for: SECURITY\)/g, '$1)');
}
