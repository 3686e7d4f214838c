import type { GraphQLFormattedError } from 'graphql';
import { isProduction } from '../lib/config';

/** Every form graphql-js suggests names in: fields, arguments, types, and "the enum value ...". */
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/**
 * What every error looks like on its way out. In production no "Did you mean ...?" of any kind
 * leaves the gateway (it would let a stranger map the schema one guess at a time, as field
 * suggestions would with introspection off); graphql-armor's own mask misses the enum form.
 */
export function gatewayErrorFormatter(production = isProduction()): (formatted: GraphQLFormattedError) => GraphQLFormattedError {
  if (!production) return (formatted) => formatted;
  return (formatted) => {
    const message = formatted.message.replace(SUGGESTION, '');
    return message === formatted.message ? formatted : { ...formatted, message };
  };
}
