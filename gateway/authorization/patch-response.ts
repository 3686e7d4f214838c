import { GraphQLError } from 'graphql';
import { PLACEHOLDER_PREFIX, RemovedField } from './filter-document';
import { ID_ALIAS, TYPENAME_ALIAS } from '../audit/disseminated';

/**
 * Puts a null where each removed field would have been, and one FORBIDDEN error per place, with
 * its path and the scopes that would have allowed it; drops the audit's __typename aliases.
 * Everything else is left as the plan returned it.
 */
export function patchResponse(data: unknown, removed: RemovedField[]): GraphQLError[] {
  const errors: GraphQLError[] = [];
  const walk = (value: unknown, path: (string | number)[]): unknown => {
    if (Array.isArray(value)) return value.map((item, i) => walk(item, [...path, i]));
    if (value === null || typeof value !== 'object') return value;
    const object = value as Record<string, unknown>;
    const patched: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(object)) {
      if (key === TYPENAME_ALIAS || key === ID_ALIAS) continue;
      if (key.startsWith(PLACEHOLDER_PREFIX)) {
        const field = removed[Number(key.slice(PLACEHOLDER_PREFIX.length))];
        patched[field.responseKey] = null;
        errors.push(new GraphQLError(
          `Not authorized to read ${field.coordinate}: it needs the scope ${field.missing.map((set) => set.join(' + ')).join(' or ')}, which your token does not grant.`,
          { path: [...path, field.responseKey], extensions: { code: 'FORBIDDEN', requiredScopes: field.missing } },
        ));
      } else {
        patched[key] = walk(child, [...path, key]);
      }
    }
    return patched;
  };
  const result = walk(data, []);
  if (data && typeof data === 'object') {
    const target = data as Record<string, unknown>;
    for (const key of Object.keys(target)) delete target[key];
    Object.assign(target, result);
  }
  return errors;
}
