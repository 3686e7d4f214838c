import { literalLike } from '../../lib/database/literal-like';
import { ListDefinition, ROOT_COLUMN } from '../../lib/loaders/registry';
import { Organization } from './organization/organization';
import { Person } from './person/person';
import { Membership, MembershipRole } from './membership/membership';
import { Association } from './association/association';
import { ROLES } from '../../lib/seed/registry';

/** Leaders first, then by role, then by seniority. */
const ROLE_ORDER = `array_position(ARRAY[${ROLES.map((r) => `'${r}'`).join(',')}], m.role), m.since NULLS LAST, m.id`;

export interface OrganizationFilter {
  name?: string;
  kind?: string;
  priorityOnly?: boolean;
}

/** The labels the caller's visibility is decided on, carried through the association union. */
const TIE_COLUMNS = 'provenance_agency, handling_sensitivity, handling_releasable_to, handling_control_official';

/** Every list the targets subgraph serves, as SQL the loaders batch across parents. */
export const lists = {
  organizations: {
    name: 'Query.organizations',
    entity: Organization,
    query: (filter: OrganizationFilter) => ({
      from: 'organization o',
      parentColumn: ROOT_COLUMN,
      idColumn: 'o.id',
      where: (bind) => {
        // Part of a name, literally: % and _ typed in it are letters, not wildcards. One parameter for the name and the aliases.
        const part = filter.name ? bind(`%${literalLike(filter.name)}%`) : null;
        return [
          ...(part ? [`(unaccent(o.name) ILIKE unaccent(${part}) OR EXISTS (SELECT 1 FROM unnest(o.aliases) a WHERE unaccent(a) ILIKE unaccent(${part})))`] : []),
          ...(filter.kind ? [`o.kind = ${bind(filter.kind)}`] : []),
          ...(filter.priorityOnly ? ['o.priority_rank IS NOT NULL'] : []),
        ];
      },
      orderBy: 'o.priority_rank NULLS LAST, o.name, o.id',
    }),
  } satisfies ListDefinition<Organization, OrganizationFilter>,

  affiliates: {
    name: 'Organization.affiliates',
    entity: Organization,
    query: () => ({ from: 'organization o', parentColumn: 'o.parent_id', idColumn: 'o.id', orderBy: 'o.name, o.id' }),
  } satisfies ListDefinition<Organization>,

  members: {
    name: 'Organization.members',
    entity: Membership,
    query: (args: { role?: MembershipRole }) => ({
      from: 'membership m',
      parentColumn: 'm.organization_id',
      idColumn: 'm.id',
      where: (bind) => (args.role ? [`m.role = ${bind(args.role)}`] : []),
      orderBy: ROLE_ORDER,
    }),
  } satisfies ListDefinition<Membership, { role?: MembershipRole }>,

  memberships: {
    name: 'Person.memberships',
    entity: Membership,
    query: () => ({ from: 'membership m', parentColumn: 'm.person_id', idColumn: 'm.id', orderBy: ROLE_ORDER }),
  } satisfies ListDefinition<Membership>,

  // An association reads the same from either end, so each is listed under both persons.
  associates: {
    name: 'Person.associates',
    entity: Association,
    query: () => ({
      from: `(SELECT id, person_id AS party, kind, ${TIE_COLUMNS} FROM association UNION ALL SELECT id, associate_id, kind, ${TIE_COLUMNS} FROM association) a`,
      parentColumn: 'a.party',
      idColumn: 'a.id',
      orderBy: 'a.kind, a.id',
    }),
  } satisfies ListDefinition<Association>,
};

export const entities = { Organization, Person, Membership, Association };
