import { defaultFieldResolver, GraphQLSchema, isObjectType, Kind } from 'graphql';
import { forbidden } from '../graphql/errors';
import type { SubgraphContext } from './context';

/**
 * Defence in depth: the gateway removes fields a caller's scopes do not allow before planning;
 * each subgraph refuses them again, from the same @requiresScopes in its own schema, in case a
 * request reaches it some other way.
 */
export function enforceRequiredScopes(schema: GraphQLSchema): GraphQLSchema {
  // A list of a hundred records asks once per record: the caller's scopes as a set, once per request.
  const heldBy = new WeakMap<SubgraphContext, ReadonlySet<string>>();
  const held = (context: SubgraphContext) => heldBy.get(context) ?? heldBy.set(context, new Set(context.caller.scopes)).get(context)!;
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const directive = field.astNode?.directives?.find((d) => d.name.value === 'requiresScopes');
      const argument = directive?.arguments?.find((a) => a.name.value === 'scopes');
      if (argument?.value.kind !== Kind.LIST) continue;
      const alternatives = argument.value.values.map((set) => (set.kind === Kind.LIST ? set.values.flatMap((v) => (v.kind === Kind.STRING ? [v.value] : [])) : []));
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context: SubgraphContext, info) => {
        const scopes = held(context);
        if (!alternatives.some((set) => set.every((scope) => scopes.has(scope)))) {
          throw forbidden(`Not authorized to read ${type.name}.${field.name}: it needs the scope ${alternatives.map((s) => s.join(' + ')).join(' or ')}.`, { requiredScopes: alternatives });
        }
        return resolve(source, args, context, info);
      };
    }
  }
  return schema;
}
