import { GraphQLError } from 'graphql';
import type { RemovedField } from './filter-document';
import { ID_ALIAS, PLACEHOLDER_PREFIX, TYPENAME_ALIAS } from '../reserved-aliases';

/**
 * Puts a null where each removed field would have been, and one FORBIDDEN error per place, with
 * its path and the scopes that would have allowed it; drops the audit's __typename and id aliases.
 * Everything else is left as the plan returned it: only objects that carry a placeholder or an
 * alias are rebuilt (in their key order), the rest of a large response is walked, not copied.
 */
export function patchResponse(data: unknown, removed: RemovedField[]): GraphQLError[] {
  const errors: GraphQLError[] = [];
  const path: (string | number)[] = [];
  const isDecoration = (key: string) => key === TYPENAME_ALIAS || key === ID_ALIAS || key.startsWith(PLACEHOLDER_PREFIX);
  /** Returns the value to keep in place of `value` (itself unless it had to be rebuilt). */
  const walk = (value: unknown): unknown => {
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        value[i] = walk(value[i]);
        path.pop();
      }
      return value;
    }
    const object = value as Record<string, unknown>;
    let decorated = false;
    for (const key in object) {
      if (isDecoration(key)) {
        decorated = true;
        continue;
      }
      path.push(key);
      object[key] = walk(object[key]);
      path.pop();
    }
    if (!decorated) return object;
    const patched: Record<string, unknown> = {};
    for (const key in object) {
      if (key === TYPENAME_ALIAS || key === ID_ALIAS) continue;
      if (!key.startsWith(PLACEHOLDER_PREFIX)) {
        patched[key] = object[key];
        continue;
      }
      const field = removed[Number(key.slice(PLACEHOLDER_PREFIX.length))];
      if (!field) continue;
      patched[field.responseKey] = null;
      errors.push(forbiddenError(field, [...path, field.responseKey]));
    }
    return patched;
  };
  const result = walk(data);
  if (result !== data && data && typeof data === 'object') {
    const target = data as Record<string, unknown>;
    for (const key of Object.keys(target)) delete target[key];
    Object.assign(target, result);
  }
  return errors;
}

/** The error in place of a field the caller's scopes do not allow. */
export function forbiddenError(field: RemovedField, path: (string | number)[]): GraphQLError {
  return new GraphQLError(
    `Not authorized to ${field.coordinate.startsWith('Mutation.') ? 'run' : 'read'} ${field.coordinate}: it needs the scope ${field.missing.map((set) => set.join(' + ')).join(' or ')}, which your token does not grant.`,
    { path, extensions: { code: 'FORBIDDEN', requiredScopes: field.missing } },
  );
}
