import crypto from 'node:crypto';
import { DocumentNode, FieldNode, GraphQLSchema, Kind, SelectionSetNode, TypeInfo, visit, visitWithTypeInfo, getNamedType, isAbstractType, isNonNullType } from 'graphql';
import { TYPENAME_ALIAS } from '../audit/disseminated';
import { AuthorizationPolicy, missingScopes, ScopeAlternatives } from './policy';

/** Response keys that stand in for removed fields; the response patcher turns them back into nulls. */
export const PLACEHOLDER_PREFIX = 'unityForbidden_';

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
}

const typenameField: FieldNode = { kind: Kind.FIELD, alias: { kind: Kind.NAME, value: TYPENAME_ALIAS }, name: { kind: Kind.NAME, value: '__typename' } };

/**
 * Removes, before planning, every field the caller's scopes do not allow, so no subgraph is
 * asked for it. Each removed field is replaced by `__typename` under a placeholder alias, which
 * keeps selection sets valid and marks in the response exactly where a null and an error belong.
 * Selections on unions and interfaces also get a `__typename` under an alias, so that the audit
 * knows the type of every record it lists; the response patcher strips it again.
 */
export function filterDocument(schema: GraphQLSchema, document: DocumentNode, policy: AuthorizationPolicy, scopes: ReadonlySet<string>): FilteredDocument {
  const removed: RemovedField[] = [];
  const typeInfo = new TypeInfo(schema);
  const filtered = visit(document, visitWithTypeInfo(typeInfo, {
    SelectionSet(node: SelectionSetNode) {
      const parent = typeInfo.getParentType();
      return parent && isAbstractType(parent) ? { ...node, selections: [...node.selections, typenameField] } : undefined;
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
  return { document: filtered, removed, fingerprint };
}
