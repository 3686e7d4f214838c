import { DocumentNode, Kind, parse, ObjectTypeDefinitionNode, ObjectTypeExtensionNode, ConstDirectiveNode } from 'graphql';
import { missingScopes as unmet, requiredScopes, ScopeAlternatives } from '../../lib/graphql/scope-rule';

export type { ScopeAlternatives };

export interface FieldPolicy {
  authenticated: boolean;
  requiresScopes: ScopeAlternatives[];
}

/** `Type.field` to what reading it takes, as written with @authenticated and @requiresScopes in the subgraphs. */
export type AuthorizationPolicy = Map<string, FieldPolicy>;

/**
 * Reads the authorization directives that composition carried into the supergraph. Directives on an
 * object type apply to each of its fields, as Apollo Router applies them.
 */
export function policyFromSupergraph(supergraphSdl: string | DocumentNode): AuthorizationPolicy {
  const document = typeof supergraphSdl === 'string' ? parse(supergraphSdl) : supergraphSdl;
  const policy: AuthorizationPolicy = new Map();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    const type = definition as ObjectTypeDefinitionNode | ObjectTypeExtensionNode;
    const typeRule = ruleOf(type.directives);
    for (const field of type.fields ?? []) {
      const fieldRule = ruleOf(field.directives);
      const rule = { authenticated: typeRule.authenticated || fieldRule.authenticated, requiresScopes: [...typeRule.requiresScopes, ...fieldRule.requiresScopes] };
      if (rule.authenticated || rule.requiresScopes.length) policy.set(`${type.name.value}.${field.name.value}`, rule);
    }
  }
  return policy;
}

function ruleOf(directives: readonly ConstDirectiveNode[] | undefined): FieldPolicy {
  return { authenticated: (directives ?? []).some((d) => d.name.value === 'authenticated'), requiresScopes: requiredScopes(directives) };
}

/** The scope sets the caller is missing for a field, or null when it may read it (the rule: lib/graphql/scope-rule.ts). */
export function missingScopes(rule: FieldPolicy, scopes: ReadonlySet<string>): ScopeAlternatives | null {
  return unmet(rule.requiresScopes, scopes);
}
