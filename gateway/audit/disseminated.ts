import { DocumentNode, FragmentDefinitionNode, GraphQLNamedType, GraphQLObjectType, GraphQLSchema, isAbstractType, isObjectType, Kind, OperationDefinitionNode, SelectionSetNode, getNamedType, GraphQLCompositeType, isCompositeType } from 'graphql';

import { ID_ALIAS, TYPENAME_ALIAS } from '../reserved-aliases';

/**
 * Which records a response disseminated: the id of every entity (a type with an `id` field) in the
 * data, grouped by type. Walks the data along the operation, so aliases and fragments are followed.
 */
export function collectDisseminated(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, data: unknown): Record<string, string[]> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  let operation: OperationDefinitionNode | undefined;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    if (definition.kind === Kind.OPERATION_DEFINITION && (!operationName || definition.name?.value === operationName)) operation ??= definition;
  }
  const found = new Map<string, Set<string>>();
  if (!operation || !data) return {};
  const root = schema.getRootType(operation.operation);
  if (!root) return {};

  const visitObject = (type: GraphQLCompositeType, selectionSet: SelectionSetNode, value: unknown) => {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const item of value) visitObject(type, selectionSet, item);
      return;
    }
    const object = value as Record<string, unknown>;
    const runtime = isObjectType(type) ? type : (schema.getType(String(object[TYPENAME_ALIAS] ?? object.__typename ?? '')) as GraphQLObjectType | undefined);
    if (!runtime || !isObjectType(runtime)) return;
    const fields = runtime.getFields();
    // The id comes from a response key that the document, not the data, says holds it: the gateway's
    // own alias (reserved: callers cannot use it), or `id` where the document selects the id field
    // unaliased and unconditionally (validation lets no other field answer under that key).
    let id: unknown;
    const visitSelections = (set: SelectionSetNode) => {
      for (const selection of set.selections) {
        if (selection.kind === Kind.FIELD) {
          if (selection.name.value === 'id' && fields.id) {
            if (selection.alias?.value === ID_ALIAS) id = object[ID_ALIAS];
            else if (!selection.alias && !selection.directives?.length) id ??= object.id;
            continue;
          }
          const field = fields[selection.name.value];
          const childType = field && getNamedType(field.type);
          const key = selection.alias?.value ?? selection.name.value;
          if (field && childType && isCompositeType(childType) && selection.selectionSet) visitObject(childType, selection.selectionSet, object[key]);
        } else {
          const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value);
          if (!fragment) continue;
          const condition: GraphQLNamedType | undefined | null = fragment.typeCondition ? schema.getType(fragment.typeCondition.name.value) : runtime;
          const applies = !condition || condition === runtime || (isAbstractType(condition) && schema.isSubType(condition, runtime));
          if (applies) visitSelections(fragment.selectionSet);
        }
      }
    };
    visitSelections(selectionSet);
    if (typeof id === 'string') (found.get(runtime.name) ?? found.set(runtime.name, new Set()).get(runtime.name)!).add(id);
  };
  visitObject(root, operation.selectionSet, data);
  return Object.fromEntries([...found].map(([type, ids]) => [type, [...ids]]));
}
