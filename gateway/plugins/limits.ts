import { ApolloArmor } from '@escape.tech/graphql-armor';
import { intFromEnv } from '../../lib/config';

export interface Limits {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxCost: number;
  maxDirectives: number;
}

/** Defaults fit the canonical operations with room to spare (TargetDossier, the heaviest, costs about a third of maxCost). */
export function limitsFromEnv(): Limits {
  return {
    maxDepth: intFromEnv('LIMIT_MAX_DEPTH', 12),
    maxAliases: intFromEnv('LIMIT_MAX_ALIASES', 30),
    maxTokens: intFromEnv('LIMIT_MAX_TOKENS', 4000),
    maxCost: intFromEnv('LIMIT_MAX_COST', 30000),
    maxDirectives: intFromEnv('LIMIT_MAX_DIRECTIVES', 30),
  };
}

/**
 * Depth, alias, directive and cost limits on every operation (graphql-armor), refused at validation
 * time, before any planning, with a message naming the limit; the token limit is graphql-js's own
 * (a parse option), so an oversized document is a 400 parse error. Suggestions ("Did you mean
 * ...?") are removed in production by gateway/format-error.ts, which catches every form of them.
 */
export function operationLimits(limits: Limits = limitsFromEnv()) {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, exposeLimits: true, flattenFragments: true },
    maxAliases: { n: limits.maxAliases, exposeLimits: true },
    maxTokens: { enabled: false },
    maxDirectives: { n: limits.maxDirectives, exposeLimits: true },
    costLimit: { maxCost: limits.maxCost, exposeLimits: true, flattenFragments: true },
    blockFieldSuggestion: { enabled: false }, // gateway/format-error.ts
  }).protect();
  return { ...armor, parseOptions: { maxTokens: limits.maxTokens } };
}
