import { DocumentNode, FragmentDefinitionNode, GraphQLNamedType, GraphQLObjectType, GraphQLSchema, isAbstractType, isObjectType, Kind, OperationDefinitionNode, SelectionSetNode, getNamedType, GraphQLCompositeType, isCompositeType } from 'graphql';

/** The __typename alias the gateway adds on abstract selections so the audit knows each record's type. */
export const TYPENAME_ALIAS = 'unityTypename';
/** The id alias the gateway adds on every record selection so the audit knows each record's id, asked for or not. */
export const ID_ALIAS = 'unityId';

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
    const id = object[ID_ALIAS] ?? object.id;
    if (fields.id && typeof id === 'string') {
      (found.get(runtime.name) ?? found.set(runtime.name, new Set()).get(runtime.name)!).add(id);
    }
    const visitSelections = (set: SelectionSetNode) => {
      for (const selection of set.selections) {
        if (selection.kind === Kind.FIELD) {
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
  };
  visitObject(root, operation.selectionSet, data);
  return Object.fromEntries([...found].map(([type, ids]) => [type, [...ids]]));
}
