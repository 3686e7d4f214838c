import { ASTVisitor, GraphQLError, ValidationContext } from 'graphql';

/**
 * The response keys the gateway adds to a caller's document before planning, for its own use: the
 * audit reads each record's id and type from them, the response patcher turns placeholders back into
 * nulls with FORBIDDEN errors, and all of them are removed before the response leaves. A caller who
 * could use one of these names could steer what the audit records, or break the patcher; so every
 * name that begins with `unity` and a capital letter, a digit or an underscore is the gateway's, and
 * a document that uses one is refused.
 */
export const ID_ALIAS = 'unityId';
/** On abstract selections (unions, interfaces), so the audit knows each record's type. */
export const TYPENAME_ALIAS = 'unityTypename';
/** `unityForbidden_<n>` stands in for the n-th field removed for lack of scopes. */
export const PLACEHOLDER_PREFIX = 'unityForbidden_';

const RESERVED = /^unity[A-Z0-9_]/;

export function isReservedAlias(responseKey: string): boolean {
  return RESERVED.test(responseKey);
}

/**
 * A validation rule: refuses (HTTP 400) any field whose response key is one of the gateway's, and any
 * alias beginning with "__" (GraphQL reserves such names for introspection; as response keys they
 * would name JavaScript's own members, `__proto__` among them).
 */
export function ReservedAliasesRule(context: ValidationContext): ASTVisitor {
  return {
    Field(node) {
      const key = node.alias?.value ?? node.name.value;
      if (node.alias?.value.startsWith('__')) {
        context.reportError(new GraphQLError(`The alias "${key}" is reserved: names beginning with "__" belong to GraphQL introspection. Choose another alias.`, { nodes: [node], extensions: { reason: 'RESERVED_ALIAS' } }));
        return;
      }
      if (!isReservedAlias(key)) return;
      context.reportError(new GraphQLError(
        `The alias "${key}" is reserved: names beginning with "unity" followed by a capital letter, a digit or "_" belong to the gateway. Choose another alias.`,
        { nodes: [node], extensions: { reason: 'RESERVED_ALIAS' } },
      ));
    },
  };
}
