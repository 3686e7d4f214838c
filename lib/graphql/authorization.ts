import { Directive } from 'type-graphql';

/**
 * The need-to-know policy, written in the schema: Federation's @requiresScopes, composed into the
 * supergraph, enforced by the gateway before planning (gateway/authorization), by each subgraph
 * again (lib/subgraph/enforce-scopes.ts), and identically by Apollo Router, all by the one rule in
 * ./scope-rule.ts. Fields carrying it are nullable, so a refused field is null and the rest stays.
 * Several scopes in one call must all be held.
 */
export function RequiresScopes(...scopes: string[]): MethodDecorator & PropertyDecorator {
  return Directive(`@requiresScopes(scopes: [[${scopes.map((s) => JSON.stringify(s)).join(', ')}]])`) as MethodDecorator & PropertyDecorator;
}
