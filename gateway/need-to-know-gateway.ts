import type { ApolloGateway, GraphQLDataSource } from '@apollo/gateway';
import type { GatewayExecutionResult, GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import { DocumentNode, GraphQLError, GraphQLSchema, Kind, OperationDefinitionNode } from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import { SCALAR_INPUT_RULES } from '../lib/graphql/scalars';
import { AuthorizationPolicy, policyFromSupergraph } from './authorization/policy';
import { filterDocument, FilteredDocument } from './authorization/filter-document';
import { patchResponse } from './authorization/patch-response';
import { collectDisseminated } from './audit/disseminated';
import type { GatewayContext } from './context';
import type { GatewayResponseCache } from './cache/response-cache';
import { LeanExecutor } from './execution/lean-executor';
import { coalesceOperations } from './execution/coalesce-operations';
import { Counter } from 'prom-client';
import { metrics } from '../lib/observability/metrics';

const FILTER_CACHE_SIZE = 2000;

export const planExecutions = new Counter({
  name: 'unity_gateway_plan_executions_total',
  help: 'Query plans executed, by executor: lean (the gateway\'s own) or apollo (@apollo/gateway\'s, for what the lean one leaves to it)',
  labelNames: ['executor'], registers: [metrics],
});

/**
 * Wraps the gateway's executor with need-to-know: the supergraph's @requiresScopes policy is
 * enforced before planning (what the caller may not read is never planned, never fetched, and comes
 * back null with a FORBIDDEN error, the rest intact), and the ids of every record the response
 * disseminates are collected for the audit trail before the response is released. Given the
 * subgraphs' data sources, plans run on the lean executor (execution/), which does the patching and
 * the collecting in the walk that shapes the response; operations it leaves alone, and every
 * operation without them, run on @apollo/gateway's executor.
 */
export function needToKnowGateway(
  createGateway: (supergraphSdl: string) => ApolloGateway,
  supergraphSdl: string,
  switches: { authorization: boolean; audit: boolean } = { authorization: true, audit: true },
  cache: GatewayResponseCache | null = null,
  /** The subgraphs' data sources, once the gateway has loaded; with them, plans run on the lean executor (execution/). */
  services?: () => Record<string, GraphQLDataSource>,
): GatewayInterface {
  const plannedSupergraph = withoutEnforcedSecurityFeatures(supergraphSdl);
  const inner = createGateway(plannedSupergraph);
  const lean = services ? new LeanExecutor(plannedSupergraph, services) : null;
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
  let innerExecutor: GatewayExecutor | undefined;
  const coalesce = coalesceOperations();
  return {
    async load(options) {
      const { schema, executor } = await inner.load(options);
      innerExecutor = executor;
      strictScalars(schema as GraphQLSchema);
      return {
        schema,
        executor: async (requestContext) => {
          // The gateway forwards variables as sent; check them here so a bad value is the caller's error, named.
          const variableErrors = invalidVariables(schema as GraphQLSchema, requestContext.document, requestContext.request.operationName, requestContext.request.variables);
          if (variableErrors) return { errors: variableErrors };
          const context = requestContext.context as unknown as GatewayContext;
          const execute = () => coalesce(requestContext, context, () => executeWithNeedToKnow(requestContext, context));
          return cache ? cache.answer(requestContext, context, execute) : execute();
        },
      };
    },
    onSchemaLoadOrUpdate: (callback) => inner.onSchemaLoadOrUpdate(callback),
    stop: () => inner.stop(),
  };

  /** Need-to-know around the planner's executor: filter the document by scopes, execute, patch what was removed, collect what is disseminated. */
  async function executeWithNeedToKnow(requestContext: Parameters<GatewayExecutor>[0], context: GatewayContext): Promise<GatewayExecutionResult> {
    const schema = requestContext.schema;
    const executor = innerExecutor!;
    if (lean) {
      const filter = switches.authorization ? filtered(schema, requestContext.queryHash, requestContext.document, context.caller.scopes) : null;
      const outcome = await lean.execute(requestContext, filter?.document ?? requestContext.document, `${requestContext.queryHash}:${filter?.fingerprint ?? ''}`, filter?.removed ?? []);
      if (outcome) {
        planExecutions.inc({ executor: 'lean' });
        // The response cache indexes kept answers by the same ids.
        if (switches.audit || cache) context.disseminated = outcome.disseminated;
        return outcome.result;
      }
    }
    planExecutions.inc({ executor: 'apollo' });
    if (!switches.authorization) {
      // Benchmarks only: the subgraphs still refuse fields outside the caller's scopes.
      const result = await executor(requestContext);
      if (switches.audit || cache) context.disseminated = collectDisseminated(schema, requestContext.document, requestContext.request.operationName, result.data);
      return result;
    }
    const filter = filtered(schema, requestContext.queryHash, requestContext.document, context.caller.scopes);
    const result = await executor({
      ...requestContext,
      document: filter.document,
      // A filtered document plans differently: keep its plan apart in the plan cache.
      queryHash: `${requestContext.queryHash}:${filter.fingerprint}`,
    });
    // Nobody reads the dissemination list when the audit trail is off: do not compute it.
    if (switches.audit || cache) context.disseminated = collectDisseminated(schema, filter.document, requestContext.request.operationName, result.data);
    const forbidden = filter.decorated ? patchResponse(result.data, filter.removed) : [];
    return forbidden.length ? { ...result, errors: [...(result.errors ?? []), ...forbidden] } : result;
  }
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

function invalidVariables(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> | undefined): GraphQLError[] | null {
  const operation = document.definitions.find((d): d is OperationDefinitionNode =>
    d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName));
  if (!operation?.variableDefinitions?.length) return null;
  const coerced = getVariableValues(schema, operation.variableDefinitions, variables ?? {}, { maxErrors: 10 });
  return coerced.errors ? coerced.errors.map((e) => new GraphQLError(e.message, { nodes: e.nodes, extensions: { code: 'BAD_USER_INPUT' } })) : null;
}

/**
 * The supergraph names its custom scalars but not their rules, so the gateway would pass any value
 * through. Give the gateway's copies the same input rules the subgraphs use (lib/graphql/scalars.ts),
 * so a malformed id or an implausible date is refused up front as the caller's error.
 */
function strictScalars(schema: GraphQLSchema): void {
  for (const rule of SCALAR_INPUT_RULES) {
    const scalar = schema.getType(rule.name);
    if (scalar && 'parseValue' in scalar) Object.assign(scalar, { parseValue: rule.parseValue, parseLiteral: rule.parseLiteral });
  }
}
