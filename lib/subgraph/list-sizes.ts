import { ConstDirectiveNode, DefinitionNode, FieldDefinitionNode, Kind, ObjectTypeDefinitionNode, parse, print, TypeNode, visit } from 'graphql';
import { DEFAULT_PAGE_SIZE } from '../graphql/connection';

/**
 * Demand control's facts, written into every subgraph's SDL so that they compose into the supergraph
 * and any gateway reading it (ours, Apollo Router) estimates the same number of records:
 * - a field with a `first` argument returns at most `first` items (`@listSize`), and when it returns a
 *   connection, those items are its `edges`; without `first`, the field's default page size;
 * - a connection, its edges and its page info are the shape of a page, not records (`@cost(weight: 0)`),
 *   so the estimate counts the records a page holds rather than the wrappers around them.
 * Derived here rather than written on each resolver because every list that can grow takes `first`
 * (DESIGN.md's connection convention): a new connection is sized without anyone remembering to.
 */
export function declareListSizes(sdl: string): string {
  const document = parse(sdl);
  const objects = new Map<string, ObjectTypeDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OBJECT_TYPE_DEFINITION || definition.kind === Kind.OBJECT_TYPE_EXTENSION) objects.set(definition.name.value, definition as ObjectTypeDefinitionNode);
  }
  const isConnection = (type: TypeNode) => {
    const object = objects.get(namedType(type));
    return !!object?.fields?.some((field) => field.name.value === 'edges') && object.fields.some((field) => field.name.value === 'pageInfo');
  };
  const isPageShape = (name: string) => name === 'PageInfo' || (/(Connection|Edge)$/.test(name) && !!objects.get(name)?.fields?.some((f) => ['edges', 'node'].includes(f.name.value)));
  const edited = visit(document, {
    FieldDefinition(field: FieldDefinitionNode) {
      const first = field.arguments?.find((argument) => argument.name.value === 'first');
      if (!first || hasDirective(field, 'listSize')) return undefined;
      const assumed = first.defaultValue?.kind === Kind.INT ? Number(first.defaultValue.value) : DEFAULT_PAGE_SIZE;
      const sized = isConnection(field.type) ? ', sizedFields: ["edges"]' : '';
      return { ...field, directives: [...(field.directives ?? []), directive(`@listSize(assumedSize: ${assumed}, slicingArguments: ["first"]${sized}, requireOneSlicingArgument: false)`)] };
    },
    ObjectTypeDefinition(object: ObjectTypeDefinitionNode) {
      if (!isPageShape(object.name.value) || hasDirective(object, 'cost')) return undefined;
      return { ...object, directives: [...(object.directives ?? []), directive('@cost(weight: 0)')] };
    },
  });
  return print(edited);
}

function namedType(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);
}

function hasDirective(node: { directives?: readonly ConstDirectiveNode[] }, name: string): boolean {
  return !!node.directives?.some((d) => d.name.value === name);
}

function directive(text: string): ConstDirectiveNode {
  const definition = parse(`type T ${text} { f: Int }`).definitions[0] as DefinitionNode & ObjectTypeDefinitionNode;
  return definition.directives![0];
}
