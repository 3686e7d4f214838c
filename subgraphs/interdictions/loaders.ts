import DataLoader from 'dataloader';
import { BriefingScope } from '../../lib/graphql/briefing';
import { ListDefinition, LoaderRegistry } from '../../lib/loaders/registry';
import { binder, Period, periodConditions } from '../../lib/database/period';
import type { ScopedDatabase } from '../../lib/database/scoped-database';
import { Interdiction, InterdictionSubject, InterdictionSummary, InterdictionType, Seizure, SeizureCategory } from './interdiction/interdiction';
import type { InterdictionBriefing } from './briefing/briefing';
import { allSectors, sectorActivity } from './place/places';

export interface InterdictionFilter extends Period {
  type?: InterdictionType | null;
}

const filters = (args: InterdictionFilter) => (bind: (v: unknown) => string) => [
  ...periodConditions(bind, 'i.occurred_at', args),
  ...(args.type ? [`i.type = ${bind(args.type)}`] : []),
];

/** Every list the interdictions subgraph serves, as SQL the loaders batch across parents. */
export const lists = {
  organizationInterdictions: {
    name: 'Organization.interdictions',
    entity: Interdiction,
    query: (args: InterdictionFilter) => ({
      from: 'interdiction i',
      parentColumn: 'i.organization_id',
      idColumn: 'i.id',
      where: filters(args),
      orderBy: 'i.occurred_at DESC, i.id',
    }),
  } satisfies ListDefinition<Interdiction, InterdictionFilter>,

  personInterdictions: {
    name: 'Person.interdictions',
    entity: Interdiction,
    query: (args: InterdictionFilter) => ({
      from: 'interdiction i JOIN interdiction_subject s ON s.interdiction_id = i.id',
      parentColumn: 's.person_id',
      idColumn: 'i.id',
      where: filters(args),
      orderBy: 'i.occurred_at DESC, i.id',
    }),
  } satisfies ListDefinition<Interdiction, InterdictionFilter>,
};

interface EventTotals { parent: string; interdictions: string; apprehensions: string; migrants: string; raids: string; impounds: string; by_type: Record<string, number> | null }
interface SeizureTotals { parent: string; category: SeizureCategory; seizures: string; value: string }

/**
 * Interdiction totals grouped by organization (or one group for everything), in two statements,
 * over what row security lets the caller see. The organization summaries and the briefing section
 * are both cut from this.
 */
async function totals(db: ScopedDatabase, organizationIds: readonly string[] | null, period: Period): Promise<{ events: EventTotals[]; seized: SeizureTotals[] }> {
  const params: unknown[] = [];
  const bind = binder(params);
  const conditions = [
    ...(organizationIds ? [`i.organization_id = ANY(${bind(organizationIds)})`] : []),
    ...periodConditions(bind, 'i.occurred_at', period),
  ];
  const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
  const group = organizationIds ? 'i.organization_id' : `'all'::text`;
  const [events, seized] = await Promise.all([
    db.query(
      `SELECT ${group} AS parent, count(*) AS interdictions,
              count(*) FILTER (WHERE i.type = 'APPREHENSION') AS apprehensions,
              coalesce(sum(i.migrants_encountered), 0) AS migrants,
              count(*) FILTER (WHERE i.type = 'STASH_HOUSE_RAID') AS raids,
              count(*) FILTER (WHERE i.type = 'VEHICLE_IMPOUND') AS impounds,
              jsonb_build_object(${Object.values(InterdictionType).map((t) => `'${t}', count(*) FILTER (WHERE i.type = '${t}')`).join(', ')}) AS by_type
         FROM interdiction i ${where} GROUP BY 1`,
      params,
    ) as Promise<EventTotals[]>,
    db.query(
      `SELECT ${group} AS parent, s.category, count(*) AS seizures, coalesce(sum(s.estimated_value_usd), 0) AS value
         FROM seizure s JOIN interdiction i ON i.id = s.interdiction_id
        ${where} GROUP BY 1, s.category ORDER BY s.category`,
      params,
    ) as Promise<SeizureTotals[]>,
  ]);
  return { events, seized };
}

function summaryOf(events: EventTotals | undefined, seized: SeizureTotals[]): InterdictionSummary {
  const categories = seized.map((row) => ({ category: row.category, seizures: Number(row.seizures), valueUsd: Number(row.value) }));
  return {
    apprehensions: Number(events?.apprehensions ?? 0),
    migrantsEncountered: Number(events?.migrants ?? 0),
    stashHousesRaided: Number(events?.raids ?? 0),
    vehiclesImpounded: Number(events?.impounds ?? 0),
    seizedValueUsd: categories.reduce((sum, c) => sum + c.valueUsd, 0),
    seizuresByCategory: categories,
  };
}

/** Per-organization totals for a period: two statements for any number of organizations. */
export function summaries(loaders: LoaderRegistry, period: Period): DataLoader<string, InterdictionSummary> {
  return loaders.get(`summary:${period.from?.toISOString()}:${period.to?.toISOString()}`, () =>
    new DataLoader<string, InterdictionSummary>(async (organizationIds) => {
      const { events, seized } = await totals(loaders.db, organizationIds, period);
      return organizationIds.map((id) => summaryOf(events.find((row) => row.parent === id), seized.filter((row) => row.parent === id)));
    }),
  );
}

/** CBP's section of the briefing: everything in the period, or one organization's. */
export async function briefingSection(db: ScopedDatabase, scope: BriefingScope): Promise<InterdictionBriefing> {
  const organizationIds = scope.organizationId ? [scope.organizationId] : null;
  const [{ events, seized }, sectors] = await Promise.all([
    totals(db, organizationIds, scope),
    organizationIds ? sectorActivity(db, organizationIds, scope).then((byOrganization) => byOrganization.get(organizationIds[0]) ?? []) : allSectors(db, scope),
  ]);
  const [row] = events;
  return {
    ...summaryOf(row, seized),
    interdictions: Number(row?.interdictions ?? 0),
    byType: Object.values(InterdictionType).map((type) => ({ type, count: Number(row?.by_type?.[type] ?? 0) })),
    bySector: sectors,
  };
}

export const entities = { Interdiction, Seizure, InterdictionSubject };
