import type { ConstDirectiveNode } from 'graphql';
import { Kind } from 'graphql';

/**
 * The @requiresScopes rule, stated once: the gateway (gateway/authorization/policy.ts) and every
 * subgraph (lib/subgraph/enforce-scopes.ts) read the directive and decide with these two functions.
 */

/** What one @requiresScopes asks: any one of the alternatives, each a set of scopes that must all be held. */
export type ScopeAlternatives = string[][];

/**
 * The @requiresScopes requirements among `directives` (a field's, or its type's): each must be met.
 * A scope that is not a string literal reads as '', which nobody holds: a malformed directive
 * refuses rather than grants.
 */
export function requiredScopes(directives: readonly ConstDirectiveNode[] | undefined): ScopeAlternatives[] {
  const required: ScopeAlternatives[] = [];
  for (const directive of directives ?? []) {
    if (directive.name.value !== 'requiresScopes') continue;
    const argument = directive.arguments?.find((a) => a.name.value === 'scopes');
    if (argument?.value.kind !== Kind.LIST) continue;
    required.push(argument.value.values.map((set) => (set.kind === Kind.LIST ? set.values.map((v) => (v.kind === Kind.STRING ? v.value : '')) : [''])));
  }
  return required;
}

/** The first requirement the held scopes do not meet, or null when they meet them all. */
export function missingScopes(required: readonly ScopeAlternatives[], held: ReadonlySet<string>): ScopeAlternatives | null {
  for (const alternatives of required) {
    if (!alternatives.some((set) => set.every((scope) => held.has(scope)))) return alternatives;
  }
  return null;
}
