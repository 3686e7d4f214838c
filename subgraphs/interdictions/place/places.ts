import DataLoader from 'dataloader';
import { ListDefinition, LoaderRegistry, ROOT_COLUMN } from '../../../lib/loaders/registry';
import { binder, Period, periodConditions } from '../../../lib/database/period';
import { Interdiction, InterdictionType } from '../interdiction/interdiction';
import type { ScopedDatabase } from '../../../lib/database/scoped-database';
import { ActivityArea, SectorActivity } from './place';

export interface NearFilter extends Period {
  latitude: number;
  longitude: number;
  radiusKm: number;
  type?: InterdictionType | null;
}

const POINT = 'll_to_earth(i.latitude, i.longitude)';

/**
 * Interdictions within a great-circle radius, nearest first. The box around the circle comes from
 * the GiST index on ll_to_earth, as bare ids (interdictions_in_earth_box, migration Places: the
 * index cannot serve a non-leakproof operator through row security), joined back by id under row
 * security; the distance test then cuts the box's corners. The order is an expression of the
 * centre, and orders cannot take parameters: the centre is spliced as a number literal, which
 * requirePlace has already checked to be a finite number in range.
 */
export const interdictionsNear = {
  name: 'Query.interdictionsNear',
  entity: Interdiction,
  query: (args: NearFilter) => {
    const centre = `ll_to_earth(${Number(args.latitude)}::float8, ${Number(args.longitude)}::float8)`;
    return {
      from: 'interdiction i',
      parentColumn: ROOT_COLUMN,
      idColumn: 'i.id',
      where: (bind) => {
        const metres = bind(args.radiusKm * 1000);
        return [
          `i.id IN (SELECT interdictions_in_earth_box(${bind(args.latitude)}, ${bind(args.longitude)}, ${metres}))`,
          `earth_distance(${centre}, ${POINT}) <= ${metres}`,
          ...periodConditions(bind, 'i.occurred_at', args),
          ...(args.type ? [`i.type = ${bind(args.type)}`] : []),
        ];
      },
      orderBy: `earth_distance(${centre}, ${POINT}), i.id`,
    };
  },
} satisfies ListDefinition<Interdiction, NearFilter>;

interface AreaRow { parent: string; interdictions: string; south: number | null; west: number | null; north: number | null; east: number | null }
interface SectorRow { parent: string; sector: string; interdictions: string; latitude: number; longitude: number }

/** The parent every sector belongs to when no organization is named (the briefing's whole period). */
const EVERYTHING = 'all';

/**
 * Interdictions per sector in a period, at the mean position of those counted, busiest first: per
 * organization when some are named, else over everything the caller may see. One statement, under
 * row security. An organization's activity area and the briefing's sector map are both cut from it.
 */
export async function sectorActivity(db: ScopedDatabase, organizationIds: readonly string[] | null, period: Period): Promise<Map<string, SectorActivity[]>> {
  const params: unknown[] = [];
  const bind = binder(params);
  const conditions = [...(organizationIds ? [`i.organization_id = ANY(${bind([...organizationIds])})`] : []), ...periodConditions(bind, 'i.occurred_at', period)];
  const parent = organizationIds ? 'i.organization_id::text' : `'${EVERYTHING}'::text`;
  const rows: SectorRow[] = await db.query(
    `SELECT ${parent} AS parent, i.sector, count(*) AS interdictions, avg(i.latitude) AS latitude, avg(i.longitude) AS longitude
       FROM interdiction i ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
      GROUP BY 1, i.sector ORDER BY 1, count(*) DESC, i.sector`, params);
  const byParent = new Map<string, SectorActivity[]>();
  for (const row of rows) {
    const sectors = byParent.get(row.parent) ?? [];
    sectors.push({ sector: row.sector, interdictions: Number(row.interdictions), center: { latitude: Number(row.latitude), longitude: Number(row.longitude) } });
    byParent.set(row.parent, sectors);
  }
  return byParent;
}

/** Every sector of the period over everything the caller may see, busiest first (the briefing's map). */
export async function allSectors(db: ScopedDatabase, period: Period): Promise<SectorActivity[]> {
  return (await sectorActivity(db, null, period)).get(EVERYTHING) ?? [];
}

/**
 * Each organization's activity area over a period: two statements for any number of
 * organizations, over what row security lets the caller see.
 */
export function activityAreas(loaders: LoaderRegistry, period: Period, sectors: number): DataLoader<string, ActivityArea> {
  return loaders.get(`activityArea:${period.from?.toISOString()}:${period.to?.toISOString()}:${sectors}`, () =>
    new DataLoader<string, ActivityArea>(async (organizationIds) => {
      const params: unknown[] = [[...organizationIds]];
      const where = ['i.organization_id = ANY($1)', ...periodConditions(binder(params), 'i.occurred_at', period)].join(' AND ');
      const [areas, busiest] = await Promise.all([
        loaders.db.query(
          `SELECT i.organization_id::text AS parent, count(*) AS interdictions, min(i.latitude) AS south, min(i.longitude) AS west,
                  max(i.latitude) AS north, max(i.longitude) AS east
             FROM interdiction i WHERE ${where} GROUP BY 1`, params) as Promise<AreaRow[]>,
        sectorActivity(loaders.db, organizationIds, period),
      ]);
      return organizationIds.map((id) => {
        const area = areas.find((row) => row.parent === id);
        return {
          interdictions: Number(area?.interdictions ?? 0),
          boundingBox: area && area.south !== null
            ? { southWest: { latitude: area.south, longitude: area.west! }, northEast: { latitude: area.north!, longitude: area.east! } }
            : null,
          busiestSectors: (busiest.get(id) ?? []).slice(0, Math.trunc(sectors)),
        };
      });
    }),
  );
}
