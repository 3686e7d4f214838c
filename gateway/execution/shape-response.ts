import {
  FieldNode, FragmentDefinitionNode, GraphQLCompositeType, GraphQLError, GraphQLField, GraphQLObjectType, GraphQLOutputType, GraphQLSchema,
  isAbstractType, isCompositeType, isListType, isNonNullType, isObjectType, Kind, OperationDefinitionNode, SelectionSetNode, ValueNode,
} from 'graphql';
import type { RemovedField } from '../authorization/filter-document';
import { forbiddenError } from '../authorization/patch-response';
import { ID_ALIAS, PLACEHOLDER_PREFIX, TYPENAME_ALIAS } from '../reserved-aliases';
import type { ResultMap } from './execute-plan';

export interface ShapedResponse {
  data: ResultMap | null;
  /** One FORBIDDEN error per field need-to-know removed, with its path. */
  forbidden: GraphQLError[];
  /** Values the subgraphs left null where the schema says non-null (Apollo reports these as `valueCompletion`). */
  completion: GraphQLError[];
  /** The id of every record the response carries, by type. */
  disseminated: Record<string, string[]>;
}

/** Null with its error already recorded: bubbles up to the nearest nullable position. */
const BUBBLE = Symbol('null bubbling up');

interface CollectedField {
  key: string;
  name: string;
  field: GraphQLField<unknown, unknown> | undefined;
  /** The selection sets of every node answering under this key, merged. */
  children: SelectionSetNode[];
}

/**
 * Turns the tree the plan execution merged into the response, in one walk along the (filtered)
 * operation: fields in the order and under the names the caller asked for, nothing the plan fetched
 * for itself, `__typename` filled in, nulls bubbling up from non-null positions as GraphQL requires;
 * and, in the same walk, what need-to-know and the audit need: a null and a FORBIDDEN error where
 * each removed field was, the gateway's own aliases dropped, and every record's id collected for the
 * audit from the response keys the document says hold it (the gateway's reserved alias, or `id`
 * itself selected unaliased), never from keys the caller named.
 */
export function shapeResponse(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  removed: readonly RemovedField[],
  input: ResultMap,
): ShapedResponse {
  const forbidden: GraphQLError[] = [];
  const completion: GraphQLError[] = [];
  const found = new Map<string, Set<string>>();
  const path: (string | number)[] = [];
  const collected = new Map<SelectionSetNode, Map<string, CollectedField[]>>();

  const conditionValue = (value: ValueNode): boolean => {
    if (value.kind === Kind.BOOLEAN) return value.value;
    if (value.kind === Kind.VARIABLE) {
      const given = variables[value.name.value];
      if (typeof given === 'boolean') return given;
      const fallback = operation.variableDefinitions?.find((d) => d.variable.name.value === value.name.value)?.defaultValue;
      return fallback?.kind === Kind.BOOLEAN ? fallback.value : false;
    }
    return false;
  };
  const included = (node: { directives?: readonly { name: { value: string }; arguments?: readonly { name: { value: string }; value: ValueNode }[] }[] }): boolean => {
    if (!node.directives?.length) return true;
    for (const directive of node.directives) {
      const argument = directive.arguments?.find((a) => a.name.value === 'if');
      if (!argument) continue;
      if (directive.name.value === 'skip' && conditionValue(argument.value)) return false;
      if (directive.name.value === 'include' && !conditionValue(argument.value)) return false;
    }
    return true;
  };
  const applies = (condition: string | undefined, runtime: GraphQLObjectType): boolean => {
    if (!condition || condition === runtime.name) return true;
    const type = schema.getType(condition);
    return !!type && isAbstractType(type) && schema.isSubType(type, runtime);
  };

  /** The fields of `sets` for objects of type `runtime`, merged by response key, in document order (graphql-js's CollectFields). */
  const collect = (runtime: GraphQLObjectType, sets: SelectionSetNode[]): CollectedField[] => {
    const cacheable = sets.length === 1;
    if (cacheable) {
      const hit = collected.get(sets[0])?.get(runtime.name);
      if (hit) return hit;
    }
    const byKey = new Map<string, CollectedField>();
    const fields = runtime.getFields();
    const visited = new Set<string>();
    const visit = (set: SelectionSetNode) => {
      for (const selection of set.selections) {
        if (!included(selection)) continue;
        if (selection.kind === Kind.FIELD) {
          const key = selection.alias?.value ?? selection.name.value;
          let entry = byKey.get(key);
          if (!entry) byKey.set(key, (entry = { key, name: selection.name.value, field: fields[selection.name.value], children: [] }));
          if (selection.selectionSet) entry.children.push(selection.selectionSet);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          if (applies(selection.typeCondition?.name.value, runtime)) visit(selection.selectionSet);
        } else {
          const name = selection.name.value;
          const fragment = fragments.get(name);
          if (visited.has(name) || !fragment || !applies(fragment.typeCondition.name.value, runtime)) continue;
          visited.add(name);
          visit(fragment.selectionSet);
        }
      }
    };
    for (const set of sets) visit(set);
    const result = [...byKey.values()];
    if (cacheable) (collected.get(sets[0]) ?? collected.set(sets[0], new Map()).get(sets[0])!).set(runtime.name, result);
    return result;
  };

  const shapeObject = (type: GraphQLCompositeType, sets: SelectionSetNode[], value: ResultMap): ResultMap | typeof BUBBLE => {
    let runtime: GraphQLObjectType;
    const typename = value.__typename;
    if (typeof typename === 'string' && typename !== type.name) {
      const named = schema.getType(typename);
      if (!named || !isObjectType(named)) {
        completion.push(new GraphQLError(`Invalid __typename found for object at ${describe(type)}.`, { path: [...path], extensions: { code: 'INVALID_GRAPHQL' } }));
        return BUBBLE;
      }
      runtime = named;
    } else if (isObjectType(type)) {
      runtime = type;
    } else {
      return BUBBLE;
    }
    const forbiddenBefore = forbidden.length;
    const output: ResultMap = {};
    let id: unknown;
    for (const entry of collect(runtime, sets)) {
      const { key } = entry;
      if (entry.name === '__typename') {
        if (key.startsWith(PLACEHOLDER_PREFIX)) {
          const field = removed[Number(key.slice(PLACEHOLDER_PREFIX.length))];
          if (!field) continue;
          output[field.responseKey] = null;
          forbidden.push(forbiddenError(field, [...path, field.responseKey]));
        } else if (key !== TYPENAME_ALIAS) {
          output[key] = runtime.name;
        }
        continue;
      }
      if (entry.name === 'id' && key === ID_ALIAS) {
        id = value[ID_ALIAS];
        continue;
      }
      if (!entry.field) continue;
      let raw = value[key];
      if (raw === undefined || typeof raw === 'function') raw = null; // never a prototype's member
      if (entry.name === 'id' && key === 'id') id ??= raw;
      path.push(key);
      const completed = complete(entry.field.type, entry.children, raw, runtime);
      path.pop();
      if (completed === BUBBLE) {
        forbidden.length = forbiddenBefore;
        return BUBBLE;
      }
      output[key] = completed;
    }
    if (typeof id === 'string' && runtime.getFields().id) (found.get(runtime.name) ?? found.set(runtime.name, new Set()).get(runtime.name)!).add(id);
    return output;
  };

  const describe = (type: GraphQLOutputType | GraphQLCompositeType, parent?: GraphQLObjectType): string => {
    const last = path[path.length - 1];
    return typeof last === 'number' ? `array element of type ${String(type)} at index ${last}` : `field ${parent?.name ?? String(type)}.${String(last)}`;
  };

  /** The value for a position of `type`: BUBBLE from a non-null position whose value is null (its error recorded), else the value or null. */
  const complete = (type: GraphQLOutputType, sets: SelectionSetNode[], value: unknown, parent: GraphQLObjectType): unknown => {
    if (isNonNullType(type)) {
      const inner = completeNullable(type.ofType, sets, value, parent);
      if (inner === null) {
        completion.push(new GraphQLError(`Cannot return null for non-nullable ${describe(type.ofType, parent)}.`, { path: [...path], extensions: { code: 'INVALID_GRAPHQL' } }));
        return BUBBLE;
      }
      return inner;
    }
    const inner = completeNullable(type, sets, value, parent);
    return inner === BUBBLE ? null : inner;
  };

  /** Like `complete` for a type that is not non-null itself: BUBBLE means null with its error already recorded. */
  const completeNullable = (type: GraphQLOutputType, sets: SelectionSetNode[], value: unknown, parent: GraphQLObjectType): unknown => {
    if (value === null) return null;
    if (isListType(type)) {
      if (!Array.isArray(value)) return null;
      const list = new Array(value.length);
      let bubbled = false;
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        const element = complete(type.ofType, sets, value[i] ?? null, parent);
        path.pop();
        if (element === BUBBLE) bubbled = true;
        list[i] = element;
      }
      return bubbled ? BUBBLE : list;
    }
    if (isCompositeType(type)) return typeof value === 'object' ? shapeObject(type, sets, value as ResultMap) : null;
    return value;
  };

  const root = schema.getRootType(operation.operation)!;
  const shaped = shapeObject(root, [operation.selectionSet], input);
  // A nullable position keeps a null whose error is already recorded; only the root can end up BUBBLE.
  const data = shaped === BUBBLE ? null : shaped;
  return { data, forbidden, completion, disseminated: Object.fromEntries([...found].map(([type, ids]) => [type, [...ids]])) };
}
