import type { GraphQLDataSource } from '@apollo/gateway';
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import type { FetchNode, PlanNode, QueryPlan, QueryPlanSelectionNode, ResponsePath } from '@apollo/query-planner';
import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import { GraphQLError, GraphQLFormattedError, GraphQLSchema, isAbstractType, isInterfaceType, isObjectType, Kind, OperationDefinitionNode, ValueNode } from 'graphql';
import { gatewayTracer, SPAN } from './spans';

export type ResultMap = Record<string, unknown>;

/**
 * What the lean executor cannot run itself. A plan that needs any of these is executed by Apollo's
 * own executor instead (need-to-know-gateway.ts), so no document is refused for it: @defer and
 * subscriptions, and fetches whose data must be rewritten on the way in or out (@interfaceObject,
 * @context, or fields the planner had to alias apart).
 */
export function leanExecutable(plan: QueryPlan): boolean {
  const node = plan.node;
  if (!node) return true;
  const check = (n: PlanNode): boolean => {
    switch (n.kind) {
      case 'Sequence':
      case 'Parallel':
        return n.nodes.every(check);
      case 'Flatten':
        return check(n.node);
      case 'Condition':
        return (!n.ifClause || check(n.ifClause)) && (!n.elseClause || check(n.elseClause));
      case 'Fetch':
        return !n.inputRewrites?.length && !n.outputRewrites?.length && !n.contextRewrites?.length && !n.hasDefers;
      default:
        return false;
    }
  };
  return node.kind !== 'Subscription' && check(node);
}

interface Execution {
  supergraphSchema: GraphQLSchema;
  services: Record<string, GraphQLDataSource>;
  requestContext: GatewayGraphQLRequestContext;
  operation: OperationDefinitionNode;
  variables: Record<string, unknown>;
  errors: GraphQLError[];
}

/**
 * Runs a query plan and merges every fetch's answer in place into one tree, keyed by the response
 * names the planner asked for: the root fetches' data, and each entity's fields into the object the
 * entity came from. Identical entity representations in one fetch are sent once. The tree is shaped
 * into the response afterwards, once (shape-response.ts). Subgraph calls go through the same data
 * sources as Apollo's executor (signed, deadline, breaker, in-flight deduplication, withheld records),
 * and a failed fetch leaves its part of the tree empty with its error recorded, as Apollo's does.
 */
export async function executePlan(plan: QueryPlan, execution: Omit<Execution, 'errors'>): Promise<{ data: ResultMap; errors: GraphQLError[] }> {
  const data: ResultMap = {};
  const context: Execution = { ...execution, errors: [] };
  if (plan.node && plan.node.kind !== 'Subscription') await executeNode(context, plan.node, [], data, data);
  return { data, errors: context.errors };
}

async function executeNode(context: Execution, node: PlanNode, path: ResponsePath, at: ResultMap | ResultMap[], root: ResultMap): Promise<void> {
  switch (node.kind) {
    case 'Sequence':
      for (const child of node.nodes) await executeNode(context, child, path, at, root);
      return;
    case 'Parallel':
      await Promise.all(node.nodes.map((child) => executeNode(context, child, path, at, root)));
      return;
    case 'Flatten': {
      const inner = flatten(at, node.path);
      if (inner !== undefined && inner !== null) await executeNode(context, node.node, [...path, ...node.path], inner, root);
      return;
    }
    case 'Condition': {
      const branch = conditionHolds(context, node.condition) ? node.ifClause : node.elseClause;
      if (branch) await executeNode(context, branch, path, at, root);
      return;
    }
    case 'Fetch':
      try {
        await gatewayTracer.startActiveSpan(SPAN.FETCH, { attributes: { service: node.serviceName } }, async (span) => {
          try {
            await executeFetch(context, node, path, at, root);
          } finally {
            span.end();
          }
        });
      } catch (error) {
        context.errors.push(error instanceof GraphQLError ? error : new GraphQLError(error instanceof Error ? error.message : String(error), { originalError: error as Error }));
      }
      return;
    default:
      throw new Error(`the lean executor cannot run a ${node.kind} node`);
  }
}

function conditionHolds(context: Execution, variable: string): boolean {
  const value = context.variables[variable];
  if (typeof value === 'boolean') return value;
  const fallback: ValueNode | undefined = context.operation.variableDefinitions?.find((d) => d.variable.name.value === variable)?.defaultValue;
  if (fallback?.kind === Kind.BOOLEAN) return fallback.value;
  throw new Error(`Missing boolean value for variable $${variable}`);
}

/** Every object at `path` below `value` (`@` steps into each element of a list), as one flat list, or the one object. */
function flatten(value: unknown, path: ResponsePath): ResultMap | ResultMap[] | undefined | null {
  if (path.length === 0) return value as ResultMap | ResultMap[];
  if (value === undefined || value === null) return value;
  const [head, ...rest] = path;
  if (head === '@') return (value as unknown[]).flatMap((element) => flatten(element, rest) ?? []) as ResultMap[];
  if (Array.isArray(value)) throw new Error(`Unexpected array in result for path element ${head}`);
  return flatten(Object.hasOwn(value as object, head) ? (value as ResultMap)[head as string] : undefined, rest);
}

async function executeFetch(context: Execution, fetch: FetchNode, path: ResponsePath, at: ResultMap | ResultMap[], root: ResultMap): Promise<void> {
  const service = context.services[fetch.serviceName];
  if (!service) throw new Error(`Couldn't find service with name "${fetch.serviceName}"`);
  const entities = Array.isArray(at) ? at.filter((e) => e !== null && e !== undefined) : [at];
  if (entities.length === 0) return;
  const variables: Record<string, unknown> = {};
  for (const name of fetch.variableUsages ?? []) {
    if (Object.hasOwn(context.variables, name) && context.variables[name] !== undefined) variables[name] = context.variables[name];
  }

  if (!fetch.requires) {
    const response = await send(context, service, fetch, variables, path, root, null);
    if (response) for (const entity of entities) merge(entity, response);
    return;
  }

  // One representation per distinct entity: the same person reached through two memberships is asked for once.
  const representations: ResultMap[] = [];
  const receivers: ResultMap[][] = [];
  const seen = new Map<string, number>();
  const flat = fetch.requires.every((s) => s.kind === Kind.FIELD && !s.selections);
  for (const entity of entities) {
    const representation = select(context.supergraphSchema, entity, fetch.requires);
    if (!representation || !representation.__typename) continue;
    // Keys of scalar fields (`__typename id`, the usual case) need no serialising to compare.
    const key = flat ? representationKey(representation) : JSON.stringify(representation);
    const index = seen.get(key);
    if (index === undefined) {
      seen.set(key, representations.length);
      representations.push(representation);
      receivers.push([entity]);
    } else {
      receivers[index].push(entity);
    }
  }
  if (representations.length === 0) return;
  if ('representations' in variables) throw new Error('Variables cannot contain key "representations"');
  const response = await send(context, service, fetch, { ...variables, representations }, path, root, receivers);
  if (!response) return;
  const received = response._entities;
  if (!Array.isArray(received)) throw new Error('Expected "data._entities" in response to be an array');
  if (received.length !== representations.length) throw new Error(`Expected "data._entities" to contain ${representations.length} elements`);
  for (let i = 0; i < received.length; i++) {
    const entity = received[i] as ResultMap | null;
    const targets = receivers[i];
    for (let t = 0; t < targets.length; t++) {
      if (entity && entity.__typename === undefined) entity.__typename = targets[t].__typename;
      // Each receiver gets the same fields; the first takes the received objects themselves, later ones copies,
      // so that a later fetch merging into one of them cannot reach into another.
      merge(targets[t], t === 0 ? entity : structuredClone(entity));
    }
  }
}

function representationKey(representation: ResultMap): string {
  let key = '';
  for (const name in representation) key += `${name}\u0000${typeof representation[name] === 'string' ? representation[name] : JSON.stringify(representation[name])}\u0000`;
  return key;
}

async function send(context: Execution, service: GraphQLDataSource, fetch: FetchNode, variables: Record<string, unknown>, path: ResponsePath, root: ResultMap, receivers: ResultMap[][] | null): Promise<ResultMap | null | undefined> {
  const response = await service.process({
    kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION,
    request: { query: fetch.operation, variables, operationName: fetch.operationName },
    incomingRequestContext: context.requestContext,
    context: context.requestContext.context,
    document: fetch.operationDocumentNode,
    pathInIncomingRequest: path,
  });
  if (response.errors) {
    for (const error of response.errors) context.errors.push(downstreamError(error, fetch.serviceName, errorPath(error.path, path, root, receivers)));
  }
  return response.data as ResultMap | null | undefined;
}

/**
 * Where a subgraph's error belongs in the response: an entity's error (`_entities.<i>....`) under the
 * path of the (first) object that representation came from, a root fetch's under the fetch's path.
 */
function errorPath(subgraphPath: readonly (string | number)[] | undefined, path: ResponsePath, root: ResultMap, receivers: ResultMap[][] | null): (string | number)[] | undefined {
  if (receivers && typeof subgraphPath?.[1] === 'number') {
    const target = receivers[subgraphPath[1]]?.[0];
    const found = target ? pathOf(root, path, target) : undefined;
    return [...(found ?? []), ...subgraphPath.slice(2)];
  }
  return subgraphPath ? [...path, ...subgraphPath] : undefined;
}

/** The concrete path (list indexes in place of `@`) from the root to `target`, found by walking `path`. */
function pathOf(root: unknown, path: ResponsePath, target: ResultMap): (string | number)[] | undefined {
  const walk = (value: unknown, rest: ResponsePath, trail: (string | number)[]): (string | number)[] | undefined => {
    if (value === null || value === undefined) return undefined;
    if (rest.length === 0) return value === target ? trail : undefined;
    const [head, ...tail] = rest;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const found = walk(value[i], head === '@' ? tail : rest, [...trail, i]);
        if (found) return found;
      }
      return undefined;
    }
    return Object.hasOwn(value as object, head) ? walk((value as ResultMap)[head as string], tail, [...trail, head]) : undefined;
  };
  return walk(root, path, []);
}

function downstreamError(error: GraphQLFormattedError, serviceName: string, path: (string | number)[] | undefined): GraphQLError {
  const extensions = { ...error.extensions, code: error.extensions?.code ?? 'DOWNSTREAM_SERVICE_ERROR', serviceName };
  return new GraphQLError(error.message || `Error while fetching subquery from service "${serviceName}"`, { path, extensions, originalError: error as Error });
}

/** The representation of an entity: the fields the fetch requires, read from what is already in the tree. */
function select(schema: GraphQLSchema, source: ResultMap | null, selections: QueryPlanSelectionNode[]): ResultMap | null {
  if (source === null) return null;
  const result: ResultMap = {};
  for (const selection of selections) {
    if (selection.kind === Kind.FIELD) {
      const key = selection.alias ?? selection.name;
      const value = Object.hasOwn(source, key) ? source[key] : undefined;
      // A missing input means the entity could not be completed upstream: it is not asked for.
      if (value === undefined) return null;
      const sub = selection.selections;
      result[key] = Array.isArray(value) ? value.map((v) => (sub ? select(schema, v as ResultMap, sub) : v)) : sub ? select(schema, value as ResultMap, sub) : value;
    } else if (selection.typeCondition && isOfType(schema, source, selection.typeCondition)) {
      merge(result, select(schema, source, selection.selections));
    }
  }
  return result;
}

function isOfType(schema: GraphQLSchema, object: ResultMap, condition: string): boolean {
  const typename = object.__typename as string | undefined;
  if (!typename) return false;
  if (typename === condition) return true;
  const type = schema.getType(typename);
  const conditional = schema.getType(condition);
  return !!type && !!conditional && isAbstractType(conditional) && (isObjectType(type) || isInterfaceType(type)) && schema.isSubType(conditional, type);
}

/** Merges `source` into `target` in place: objects field by field, lists of the same length element by element. */
export function merge(target: ResultMap, source: unknown): void {
  if (source === null || source === undefined) return;
  for (const key in source as ResultMap) {
    const value = (source as ResultMap)[key];
    if (value === undefined) continue;
    const existing = target[key];
    if (existing && typeof existing === 'object' && value && typeof value === 'object' && !Array.isArray(value) && !Array.isArray(existing)) {
      merge(existing as ResultMap, value);
    } else if (Array.isArray(value) && Array.isArray(existing) && value.length === existing.length) {
      for (let i = 0; i < value.length; i++) {
        const a = existing[i];
        const b = value[i];
        if (a && typeof a === 'object' && !Array.isArray(a) && b && typeof b === 'object' && !Array.isArray(b)) merge(a, b);
        else existing[i] = b;
      }
    } else {
      target[key] = value;
    }
  }
}
