import type { GraphQLFormattedError } from 'graphql';
import { isProduction } from '../lib/config';

/** Every form graphql-js suggests names in: fields, arguments, types, and "the enum value ...". */
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/**
 * Limit refusals worded as syntax errors (graphql-armor's "Syntax Error: Query depth limit of 12
 * exceeded, found 16.", graphql-js's token limit) said as what they are: a limit, its setting, and what to do.
 */
const ARMOR_REFUSALS: { pattern: RegExp; setting: string; say: (limit: string, found?: string) => string }[] = [
  { pattern: /^Syntax Error: Query depth limit of (\d+) exceeded, found (\d+)\.$/, setting: 'LIMIT_MAX_DEPTH',
    say: (limit, found) => `The document's depth is ${found} levels; at most ${limit} are allowed. Ask for fewer nested levels, or split the document into several requests.` },
  { pattern: /^Syntax Error: Aliases limit of (\d+) exceeded, found (\d+)\.$/, setting: 'LIMIT_MAX_ALIASES',
    say: (limit, found) => `The document uses ${found} aliases; at most ${limit} are allowed. Ask for fewer fields under aliases, or send several requests.` },
  { pattern: /^Syntax Error: Directives limit of (\d+) exceeded, found (\d+)\.$/, setting: 'LIMIT_MAX_DIRECTIVES',
    say: (limit, found) => `The document uses ${found} directives; at most ${limit} are allowed. Remove repeated directives.` },
  // graphql-js's own, for its maxTokens parse option.
  { pattern: /^Syntax Error: Document contains more that (\d+) tokens\. Parsing aborted\.$/, setting: 'LIMIT_MAX_TOKENS',
    say: (limit) => `The document has more than ${limit} tokens, and was not read further. Send a shorter document (fewer fields, no repeated selections), or several.` },
];

/**
 * What every error looks like on its way out. Limit refusals say what they are. In production no
 * "Did you mean ...?" of any kind leaves the gateway (it would let a stranger map the schema one
 * guess at a time, as field suggestions would with introspection off); graphql-armor's own mask
 * misses the enum form.
 */
export function gatewayErrorFormatter(production = isProduction()): (formatted: GraphQLFormattedError) => GraphQLFormattedError {
  return (formatted) => {
    const refused = worded(formatted);
    if (!production) return refused;
    const message = refused.message.replace(SUGGESTION, '');
    return message === refused.message ? refused : { ...refused, message };
  };
}

function worded(formatted: GraphQLFormattedError): GraphQLFormattedError {
  if (!formatted.message.startsWith('Syntax Error: ')) return formatted;
  for (const refusal of ARMOR_REFUSALS) {
    const match = refusal.pattern.exec(formatted.message);
    if (match) {
      const limit = { setting: refusal.setting, limit: Number(match[1]), ...(match[2] ? { found: Number(match[2]) } : {}) };
      return { ...formatted, message: refusal.say(match[1], match[2]), extensions: { ...formatted.extensions, limit } };
    }
  }
  return formatted;
}
