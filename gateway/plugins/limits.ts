import { ApolloArmor } from '@escape.tech/graphql-armor';
import { intFromEnv } from '../../lib/config';
import { demandControl } from './demand-control';

export interface Limits {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxCost: number;
  maxDirectives: number;
}

/**
 * Defaults fit the canonical operations with room to spare. maxCost counts records (demand-control.ts):
 * TargetDossier at 100 members and a partner's page of 10 organizations x 25 members x 3 lists of 3
 * pass; 100 x 100 x 100 does not.
 */
export function limitsFromEnv(): Limits {
  return {
    maxDepth: intFromEnv('LIMIT_MAX_DEPTH', 16),
    maxAliases: intFromEnv('LIMIT_MAX_ALIASES', 30),
    maxTokens: intFromEnv('LIMIT_MAX_TOKENS', 4000),
    maxCost: intFromEnv('LIMIT_MAX_COST', 10_000),
    maxDirectives: intFromEnv('LIMIT_MAX_DIRECTIVES', 30),
  };
}

/**
 * Depth, alias and directive limits on every operation (graphql-armor), refused at validation
 * time, before any planning, with a message naming the limit; the token limit is graphql-js's own
 * (a parse option), so an oversized document is a 400 parse error. The cost limit counts the records
 * an operation can return, from the supergraph's @listSize and @cost (plugins/demand-control.ts),
 * after validation, because the page sizes are often variables. Suggestions ("Did you mean
 * ...?") are removed in production by gateway/format-error.ts, which catches every form of them.
 */
export function operationLimits(supergraphSdl: string, limits: Limits = limitsFromEnv()) {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, exposeLimits: true, flattenFragments: true },
    maxAliases: { n: limits.maxAliases, exposeLimits: true },
    maxTokens: { enabled: false },
    maxDirectives: { n: limits.maxDirectives, exposeLimits: true },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: false }, // gateway/format-error.ts
  }).protect();
  return { ...armor, plugins: [...armor.plugins, demandControl(supergraphSdl, limits.maxCost)], parseOptions: { maxTokens: limits.maxTokens } };
}
