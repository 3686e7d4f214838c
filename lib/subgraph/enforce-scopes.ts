import { defaultFieldResolver, GraphQLSchema, isObjectType } from 'graphql';
import { forbidden } from '../graphql/errors';
import { missingScopes, requiredScopes } from '../graphql/scope-rule';
import type { SubgraphContext } from './context';

/**
 * Defence in depth: the gateway removes fields a caller's scopes do not allow before planning;
 * each subgraph refuses them again, from the same @requiresScopes in its own schema (on the field or
 * its type, as the gateway reads them), by the same rule (lib/graphql/scope-rule.ts), in case a
 * request reaches it some other way.
 */
export function enforceRequiredScopes(schema: GraphQLSchema): GraphQLSchema {
  // A list of a hundred records asks once per record: the caller's scopes as a set, once per request.
  const heldBy = new WeakMap<SubgraphContext, ReadonlySet<string>>();
  const held = (context: SubgraphContext) => heldBy.get(context) ?? heldBy.set(context, new Set(context.caller.scopes)).get(context)!;
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const typeRequires = [type.astNode, ...type.extensionASTNodes].flatMap((node) => requiredScopes(node?.directives));
    for (const field of Object.values(type.getFields())) {
      const required = [...typeRequires, ...requiredScopes(field.astNode?.directives)];
      if (!required.length) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context: SubgraphContext, info) => {
        const missing = missingScopes(required, held(context));
        if (missing) {
          throw forbidden(`Not authorized to ${type.name === 'Mutation' ? 'run' : 'read'} ${type.name}.${field.name}: it needs the scope ${missing.map((s) => s.join(' + ')).join(' or ')}.`, { requiredScopes: missing });
        }
        return resolve(source, args, context, info);
      };
    }
  }
  return schema;
}
