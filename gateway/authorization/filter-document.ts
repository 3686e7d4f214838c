import crypto from 'node:crypto';
import { DocumentNode, FieldNode, GraphQLCompositeType, GraphQLSchema, InlineFragmentNode, Kind, SelectionNode, SelectionSetNode, TypeInfo, visit, visitWithTypeInfo, getNamedType, isNonNullType, isObjectType } from 'graphql';
import { ID_ALIAS, PLACEHOLDER_PREFIX, TYPENAME_ALIAS } from '../reserved-aliases';
import { AuthorizationPolicy, missingScopes, ScopeAlternatives } from './policy';

export interface RemovedField {
  responseKey: string;
  coordinate: string;
  missing: ScopeAlternatives;
}

export interface FilteredDocument {
  document: DocumentNode;
  removed: RemovedField[];
  /** Distinguishes the plan of this document from plans of the same document for other scopes. */
  fingerprint: string;
  /** Whether the response carries anything to patch (placeholders or the audit's aliases); most documents' do not. */
  decorated: boolean;
}

const typenameField: FieldNode = { kind: Kind.FIELD, alias: { kind: Kind.NAME, value: TYPENAME_ALIAS }, name: { kind: Kind.NAME, value: '__typename' } };
const idField: FieldNode = { kind: Kind.FIELD, alias: { kind: Kind.NAME, value: ID_ALIAS }, name: { kind: Kind.NAME, value: 'id' } };

/**
 * What the audit needs in every selection of a record: its type when abstract, and its id, unless
 * the selection already carries the id under its own name, unconditionally (no @skip/@include).
 */
function auditSelections(schema: GraphQLSchema, parent: GraphQLCompositeType, selections: readonly SelectionNode[]): SelectionNode[] {
  if (isObjectType(parent)) return parent.getFields().id && !selectsId(selections) ? [idField] : [];
  const withIds = schema.getPossibleTypes(parent).filter((type) => type.getFields().id);
  return [
    typenameField,
    ...withIds.map((type): InlineFragmentNode => ({
      kind: Kind.INLINE_FRAGMENT,
      typeCondition: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: type.name } },
      selectionSet: { kind: Kind.SELECTION_SET, selections: [idField] },
    })),
  ];
}

function selectsId(selections: readonly SelectionNode[]): boolean {
  return selections.some((s) => s.kind === Kind.FIELD && s.name.value === 'id' && (!s.alias || s.alias.value === 'id') && !s.directives?.length);
}

/**
 * Removes, before planning, every field the caller's scopes do not allow, so no subgraph is
 * asked for it. Each removed field is replaced by `__typename` under a placeholder alias, which
 * keeps selection sets valid and marks in the response exactly where a null and an error belong.
 * Every selection of a record also gets its `id` (and, on unions and interfaces, `__typename`)
 * under aliases, so that the audit knows every record the response carries; the response patcher
 * strips them again.
 */
export function filterDocument(schema: GraphQLSchema, document: DocumentNode, policy: AuthorizationPolicy, scopes: ReadonlySet<string>): FilteredDocument {
  const removed: RemovedField[] = [];
  let aliased = false;
  const typeInfo = new TypeInfo(schema);
  const filtered = visit(document, visitWithTypeInfo(typeInfo, {
    SelectionSet: {
      leave(node: SelectionSetNode) {
        const parent = typeInfo.getParentType();
        const extra = parent ? auditSelections(schema, parent, node.selections) : [];
        if (!extra.length) return undefined;
        aliased = true;
        return { ...node, selections: [...node.selections, ...extra] };
      },
    },
    Field(node: FieldNode) {
      const parent = typeInfo.getParentType();
      if (!parent || node.name.value.startsWith('__')) return undefined;
      const coordinate = `${parent.name}.${node.name.value}`;
      const rule = policy.get(coordinate);
      const missing = rule && missingScopes(rule, scopes);
      if (!missing) return undefined;
      const fieldType = typeInfo.getType();
      if (fieldType && isNonNullType(fieldType)) {
        // The schema keeps every scoped field nullable (a test checks it); refuse loudly if not.
        throw new Error(`${coordinate} (${getNamedType(fieldType).name}!) carries @requiresScopes but is non-null`);
      }
      removed.push({ responseKey: node.alias?.value ?? node.name.value, coordinate, missing });
      return {
        kind: Kind.FIELD,
        alias: { kind: Kind.NAME, value: `${PLACEHOLDER_PREFIX}${removed.length - 1}` },
        name: { kind: Kind.NAME, value: '__typename' },
      } satisfies FieldNode;
    },
  }));
  const fingerprint = crypto.createHash('sha256').update(removed.map((r) => r.coordinate).sort().join(',')).digest('hex').slice(0, 16);
  return { document: filtered, removed, fingerprint, decorated: aliased || removed.length > 0 };
}
