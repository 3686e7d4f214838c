import { badUserInput } from '../../lib/graphql/errors';
import type { LoaderRegistry } from '../../lib/loaders/registry';
import { Organization } from './organization/organization';
import { Person } from './person/person';
import { requireText } from '../../lib/graphql/validate';

/** Aliases are trimmed, checked, and kept once each. */
export function cleanAliases(aliases: string[] | null | undefined, field = 'aliases'): string[] {
  const list = aliases ?? [];
  if (list.length > 50) throw badUserInput(`"${field}" may hold at most 50 names.`, field);
  return [...new Set(list.map((alias, i) => requireText(alias, `${field}[${i}]`, 200)))];
}

export function requireCountryCode(value: string | null | undefined, field: string): string | null {
  if (value === null || value === undefined) return null;
  if (!/^[A-Z]{3}$/.test(value)) throw badUserInput(`"${field}" must be an ISO 3166-1 alpha-3 code such as MEX or USA; got "${value}".`, field);
  return value;
}

/** A write that names persons or organizations is refused, naming the field, when the registry lacks one. */
export async function requireRegistered(
  loaders: LoaderRegistry,
  references: { persons?: [string, string][]; organizations?: [string, string][] },
): Promise<void> {
  const persons = references.persons ?? [];
  const organizations = references.organizations ?? [];
  const [foundPersons, foundOrganizations] = await Promise.all([
    loaders.byId(Person).loadMany(persons.map(([id]) => id)),
    loaders.byId(Organization).loadMany(organizations.map(([id]) => id)),
  ]);
  const missing = [
    ...persons.filter((_, i) => !foundPersons[i]).map(([id, field]) => ({ id, field, kind: 'person' })),
    ...organizations.filter((_, i) => !foundOrganizations[i]).map(([id, field]) => ({ id, field, kind: 'organization' })),
  ];
  if (missing.length) {
    const [first] = missing;
    throw badUserInput(`${first.field}: the registry has no ${first.kind} with id ${first.id}.`, first.field);
  }
}
