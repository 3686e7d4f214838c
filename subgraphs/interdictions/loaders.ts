import DataLoader from 'dataloader';
import { ListDefinition, LoaderRegistry } from '../../lib/loaders/registry';
import { binder, Period, periodConditions } from '../../lib/database/period';
import { Interdiction, InterdictionSubject, InterdictionSummary, InterdictionType, Seizure, SeizureCategory } from './interdiction/interdiction';

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

/** Per-organization totals for a period: two statements for any number of organizations. */
export function summaries(loaders: LoaderRegistry, period: Period): DataLoader<string, InterdictionSummary> {
  return loaders.get(`summary:${period.from?.toISOString()}:${period.to?.toISOString()}`, () =>
    new DataLoader<string, InterdictionSummary>(async (organizationIds) => {
      const params: unknown[] = [organizationIds];
      const where = ['i.organization_id = ANY($1)', ...periodConditions(binder(params), 'i.occurred_at', period)].join(' AND ');
      const [events, seized] = await Promise.all([
        loaders.db.query(
          `SELECT i.organization_id AS parent,
                  count(*) FILTER (WHERE i.type = 'APPREHENSION') AS apprehensions,
                  coalesce(sum(i.migrants_encountered), 0) AS migrants,
                  count(*) FILTER (WHERE i.type = 'STASH_HOUSE_RAID') AS raids,
                  count(*) FILTER (WHERE i.type = 'VEHICLE_IMPOUND') AS impounds
             FROM interdiction i WHERE ${where} GROUP BY i.organization_id`,
          params,
        ),
        loaders.db.query(
          `SELECT i.organization_id AS parent, s.category, count(*) AS seizures, coalesce(sum(s.estimated_value_usd), 0) AS value
             FROM seizure s JOIN interdiction i ON i.id = s.interdiction_id
            WHERE ${where} GROUP BY i.organization_id, s.category ORDER BY s.category`,
          params,
        ),
      ]);
      return organizationIds.map((id) => {
        const e = events.find((row: { parent: string }) => row.parent === id);
        const categories = seized.filter((row: { parent: string }) => row.parent === id)
          .map((row: { category: SeizureCategory; seizures: string; value: string }) => ({ category: row.category, seizures: Number(row.seizures), valueUsd: Number(row.value) }));
        return {
          apprehensions: Number(e?.apprehensions ?? 0),
          migrantsEncountered: Number(e?.migrants ?? 0),
          stashHousesRaided: Number(e?.raids ?? 0),
          vehiclesImpounded: Number(e?.impounds ?? 0),
          seizedValueUsd: categories.reduce((sum: number, c: { valueUsd: number }) => sum + c.valueUsd, 0),
          seizuresByCategory: categories,
        };
      });
    }),
  );
}

export const entities = { Interdiction, Seizure, InterdictionSubject };
