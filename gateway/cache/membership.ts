import { DocumentNode, getNamedType, getNullableType, GraphQLSchema, isListType, isObjectType, Kind, OperationDefinitionNode, SelectionSetNode } from 'graphql';

const memo = new WeakMap<DocumentNode, Map<string, boolean>>();

/**
 * Whether an operation asks for something whose membership no record in its answer pins down: a
 * root field other than a lookup of one record by id (a root list, a connection, a search, a network,
 * an aggregate over everything). Such an answer can change when any record of the subgraphs it came
 * from is written, even one it does not hold, so the response cache drops it on every change from
 * them. Lists below a record (an organization's interdictions) hang on that record, whose id is in
 * the answer, and every write to them names it (docs/caching.md).
 */
export function listsMembership(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined): boolean {
  let byOperation = memo.get(document);
  if (!byOperation) memo.set(document, (byOperation = new Map()));
  const known = byOperation.get(operationName ?? '');
  if (known !== undefined) return known;
  const operation = document.definitions.find((d): d is OperationDefinitionNode =>
    d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName));
  const root = operation && schema.getRootType(operation.operation);
  const fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d.selectionSet] as const] : [])));
  const seen = new Set<SelectionSetNode>();
  const anyNotALookup = (set: SelectionSetNode): boolean => {
    if (seen.has(set)) return false;
    seen.add(set);
    return set.selections.some((selection) => {
      if (selection.kind === Kind.INLINE_FRAGMENT) return anyNotALookup(selection.selectionSet);
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        return fragment ? anyNotALookup(fragment) : true;
      }
      if (selection.name.value === '__typename') return false;
      const field = root!.getFields()[selection.name.value];
      if (!field) return true;
      const type = getNullableType(field.type);
      const named = getNamedType(field.type);
      const lookup = !isListType(type) && isObjectType(named) && 'id' in named.getFields()
        && field.args.length > 0 && field.args.every((arg) => getNamedType(arg.type).name === 'UUID');
      return !lookup;
    });
  };
  const lists = !root || anyNotALookup(operation.selectionSet);
  byOperation.set(operationName ?? '', lists);
  return lists;
}
