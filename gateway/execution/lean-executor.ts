import type { GraphQLDataSource } from '@apollo/gateway';
import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { QueryPlan, QueryPlanner } from '@apollo/query-planner';
import type { GatewayExecutionResult, GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import { DocumentNode, FragmentDefinitionNode, GraphQLError, GraphQLSchema, Kind, OperationDefinitionNode, SelectionSetNode } from 'graphql';
import { LRUCache } from 'lru-cache';
import type { RemovedField } from '../authorization/filter-document';
import { executePlan, leanExecutable } from './execute-plan';
import { shapeResponse } from './shape-response';
import { gatewayTracer, SPAN } from './spans';

interface PlannedOperation {
  plan: QueryPlan;
  /** false: the plan needs what only Apollo's executor runs (see leanExecutable), or the operation introspects the schema. */
  lean: boolean;
}

export interface LeanOutcome {
  result: GatewayExecutionResult;
  disseminated: Record<string, string[]>;
}

/**
 * Apollo's query planner, the same plans from the same supergraph as @apollo/gateway makes, executed
 * by a lean executor of our own: subgraph answers merged into one tree in place (execute-plan.ts),
 * then shaped once, with need-to-know's nulls and errors and the audit's ids in the same walk
 * (shape-response.ts). Apollo Server serialises the result once. `execute` returns null for an
 * operation it leaves to Apollo's executor.
 */
export class LeanExecutor {
  private readonly supergraph: Supergraph;
  private readonly planner: QueryPlanner;
  private readonly supergraphSchema: GraphQLSchema;
  private readonly plans = new LRUCache<string, PlannedOperation>({ max: 2000 });

  constructor(plannedSupergraphSdl: string, private readonly services: () => Record<string, GraphQLDataSource>) {
    this.supergraph = Supergraph.build(plannedSupergraphSdl);
    this.planner = new QueryPlanner(this.supergraph);
    this.supergraphSchema = this.supergraph.schema.toGraphQLJSSchema();
  }

  async execute(requestContext: GatewayGraphQLRequestContext, document: DocumentNode, planKey: string, removed: readonly RemovedField[]): Promise<LeanOutcome | null> {
    const operationName = requestContext.request.operationName ?? undefined;
    return gatewayTracer.startActiveSpan(SPAN.REQUEST, { attributes: requestContext.operationName ? { 'graphql.operation.name': requestContext.operationName } : {} }, async (span) => {
      try {
        const { operation, fragments } = operationOf(document, operationName);
        const planned = this.planned(`${planKey}\n${operationName ?? ''}`, document, operationName, operation, fragments);
        if (!planned.lean) return null;
        return await gatewayTracer.startActiveSpan(SPAN.EXECUTE, async (executeSpan) => {
          try {
            const variables = requestContext.request.variables ?? {};
            const { data, errors } = await executePlan(planned.plan, {
              supergraphSchema: this.supergraphSchema, services: this.services(), requestContext, operation, variables,
            });
            const shaped = gatewayTracer.startActiveSpan(SPAN.POST_PROCESSING, (shapeSpan) => {
              try {
                return shapeResponse(requestContext.schema, operation, fragments, variables, removed, data);
              } finally {
                shapeSpan.end();
              }
            });
            // As Apollo's executor: errors of non-null values the subgraphs left null are reported only when
            // no fetch failed (a failed fetch explains them), and then as the `valueCompletion` extension.
            const base: GatewayExecutionResult = errors.length ? { data: shaped.data, errors }
              : shaped.completion.length ? { data: shaped.data, extensions: { valueCompletion: shaped.completion } } : { data: shaped.data };
            const result = shaped.forbidden.length ? { ...base, errors: [...(base.errors ?? []), ...shaped.forbidden] } : base;
            return { result, disseminated: shaped.disseminated };
          } finally {
            executeSpan.end();
          }
        });
      } finally {
        span.end();
      }
    });
  }

  private planned(key: string, document: DocumentNode, operationName: string | undefined, operation: OperationDefinitionNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>): PlannedOperation {
    let planned = this.plans.get(key);
    if (!planned) {
      planned = gatewayTracer.startActiveSpan(SPAN.PLAN, (span) => {
        try {
          const plan = this.planner.buildQueryPlan(operationFromDocument(this.supergraph.apiSchema(), document, { operationName }));
          return { plan, lean: leanExecutable(plan) && !introspects(operation.selectionSet, fragments) };
        } finally {
          span.end();
        }
      });
      this.plans.set(key, planned);
    }
    return planned;
  }
}

function operationOf(document: DocumentNode, operationName: string | undefined): { operation: OperationDefinitionNode; fragments: Map<string, FragmentDefinitionNode> } {
  const fragments = new Map<string, FragmentDefinitionNode>();
  const operations: OperationDefinitionNode[] = [];
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    if (definition.kind === Kind.OPERATION_DEFINITION) operations.push(definition);
  }
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation) {
    throw new GraphQLError(operationName ? `Unknown operation named "${operationName}".` : 'Must provide operation name if query contains multiple operations.', { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return { operation, fragments };
}

/** Whether the root selection asks for __schema or __type, which Apollo's executor answers from the schema itself. */
function introspects(set: SelectionSetNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>, seen = new Set<string>()): boolean {
  return set.selections.some((selection) => {
    if (selection.kind === Kind.FIELD) return selection.name.value === '__schema' || selection.name.value === '__type';
    if (selection.kind === Kind.INLINE_FRAGMENT) return introspects(selection.selectionSet, fragments, seen);
    if (seen.has(selection.name.value)) return false;
    seen.add(selection.name.value);
    const fragment = fragments.get(selection.name.value);
    return !!fragment && introspects(fragment.selectionSet, fragments, seen);
  });
}
