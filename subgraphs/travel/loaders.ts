import DataLoader from 'dataloader';
import { ListDefinition, LoaderRegistry } from '../../lib/loaders/registry';
import { Bind } from '../../lib/database/page-by-parent';
import { binder, Period, periodConditions } from '../../lib/database/period';
import type { ScopedDatabase } from '../../lib/database/scoped-database';
import { BriefingScope } from '../../lib/graphql/briefing';
import { effectiveStatus, TravelRestriction, TravelRestrictionStatus, TravelRestrictionType } from './restriction/restriction';
import { BorderCrossing } from './crossing/crossing';

export interface RestrictionFilter {
  status?: TravelRestrictionStatus | null;
}

const restrictionList = (party: 'organization' | 'person') => ({
  name: `${party}.travelRestrictions`,
  entity: TravelRestriction,
  query: (args: RestrictionFilter) => ({
    from: 'travel_restriction r', parentColumn: `r.${party}_id`, idColumn: 'r.id',
    where: (bind: Bind) => (args.status ? [`${effectiveStatus('r')} = ${bind(args.status)}`] : []),
    orderBy: 'r.issued_at DESC, r.id',
  }),
}) satisfies ListDefinition<TravelRestriction, RestrictionFilter>;

/** Every list the travel subgraph serves, as SQL the loaders batch across parents. */
export const lists = {
  organizationRestrictions: restrictionList('organization'),
  personRestrictions: restrictionList('person'),
  personCrossings: {
    name: 'Person.crossings',
    entity: BorderCrossing,
    query: (args: Period) => ({
      from: 'border_crossing c', parentColumn: 'c.person_id', idColumn: 'c.id',
      where: (bind: Bind) => periodConditions(bind, 'c.crossed_at', args), orderBy: 'c.crossed_at DESC, c.id',
    }),
  } satisfies ListDefinition<BorderCrossing, Period>,
};

export interface TravelTotals {
  restrictedMembers: number;
  activeRestrictions: number;
}

/** Restrictions in force per organization: one statement for any number of organizations. */
export function summaries(loaders: LoaderRegistry): DataLoader<string, TravelTotals> {
  return loaders.get('summary', () =>
    new DataLoader<string, TravelTotals>(async (organizationIds) => {
      const rows: { parent: string; members: string; active: string }[] = await loaders.db.query(
        `SELECT r.organization_id AS parent, count(DISTINCT r.person_id) AS members, count(*) AS active
           FROM travel_restriction r WHERE r.organization_id = ANY($1) AND ${effectiveStatus('r')} = 'ACTIVE' GROUP BY 1`,
        [organizationIds],
      );
      const byOrganization = new Map(rows.map((r) => [r.parent, { restrictedMembers: Number(r.members), activeRestrictions: Number(r.active) }]));
      return organizationIds.map((id) => byOrganization.get(id) ?? { restrictedMembers: 0, activeRestrictions: 0 });
    }),
  );
}

export interface TravelBriefingTotals {
  restrictionsIssued: number;
  restrictionsLifted: number;
  byType: { type: TravelRestrictionType; count: number }[];
  crossings: number;
}

/** The travel section of the briefing: restrictions issued and lifted, and crossings, in the period (what the caller may see). */
export async function briefingSection(db: ScopedDatabase, scope: BriefingScope): Promise<TravelBriefingTotals> {
  const params: unknown[] = [];
  const bind = binder(params);
  const organization = scope.organizationId ? `r.organization_id = ${bind(scope.organizationId)}` : 'true';
  const issued = periodConditions(bind, 'r.issued_at', scope).join(' AND ');
  const lifted = periodConditions(bind, 'r.lifted_at', scope).join(' AND ');
  const crossed = periodConditions(bind, 'c.crossed_at', scope).join(' AND ');
  // Crossings belong to persons; for one organization, count those of persons it has restrictions on record for.
  const crossingScope = scope.organizationId ? `c.person_id IN (SELECT person_id FROM travel_restriction WHERE organization_id = ${bind(scope.organizationId)})` : 'true';
  const [row]: Record<string, unknown>[] = await db.query(
    `SELECT (SELECT count(*) FROM travel_restriction r WHERE ${organization} AND ${issued}) AS issued,
            (SELECT count(*) FROM travel_restriction r WHERE ${organization} AND r.lifted_at IS NOT NULL AND ${lifted}) AS lifted,
            (SELECT jsonb_object_agg(type, n) FROM (SELECT r.type, count(*) AS n FROM travel_restriction r WHERE ${organization} AND ${issued} GROUP BY r.type) t) AS by_type,
            (SELECT count(*) FROM border_crossing c WHERE ${crossingScope} AND ${crossed}) AS crossings`,
    params,
  );
  const byType = (row.by_type ?? {}) as Record<string, number>;
  return {
    restrictionsIssued: Number(row.issued),
    restrictionsLifted: Number(row.lifted),
    byType: Object.values(TravelRestrictionType).map((type) => ({ type, count: Number(byType[type] ?? 0) })),
    crossings: Number(row.crossings),
  };
}

export const entities = { TravelRestriction, BorderCrossing };
