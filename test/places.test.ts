import { releasedTo, startTestSystem, TestSystem } from './support/harness';
import { generateRegistry } from '../lib/seed/registry';
import { SECTORS } from '../lib/seed/vocabulary';

const NEAR = `query($lat: Float!, $lon: Float!, $km: Float!, $first: Int, $after: String) {
  interdictionsNear(latitude: $lat, longitude: $lon, radiusKm: $km, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id sector location { latitude longitude } } }
  }
}`;

/** Great-circle distance in km on the sphere earthdistance uses (radius 6,378,168 m). */
function distanceKm(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const rad = Math.PI / 180;
  const h = Math.sin(((b.latitude - a.latitude) * rad) / 2) ** 2
    + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(((b.longitude - a.longitude) * rad) / 2) ** 2;
  return 2 * 6378.168 * Math.asin(Math.sqrt(h));
}

describe('interdictions by place, through the gateway', () => {
  let system: TestSystem;
  const registry = generateRegistry(1);
  const tucson = SECTORS.find((s) => s.name === 'Tucson')!;
  const centre = { latitude: tucson.latitude, longitude: tucson.longitude };
  const restricted = '9ace0000-0000-4000-8000-000000000001';

  beforeAll(async () => {
    system = await startTestSystem({ seedScale: 1 });
    // A stash house CBP keeps to itself, a few hundred metres from the centre.
    await system.subgraphs.interdictions.db.query(
      `INSERT INTO interdiction (id, occurred_at, type, sector, station, latitude, longitude, provenance_agency, provenance_recorded_by, handling_sensitivity, handling_releasable_to)
       VALUES ($1, '2025-06-01T00:00:00Z', 'STASH_HOUSE_RAID', 'Tucson', 'Nogales', $2, $3, 'CBP', 'test', 'RESTRICTED', '{CBP}')`,
      [restricted, centre.latitude + 0.002, centre.longitude]);
  });
  afterAll(() => system?.stop());

  const near = async (radiusKm: number, agency = 'HSI') => {
    const all: any[] = [];
    let after: string | undefined;
    let totalCount = 0;
    for (;;) {
      const { data, errors } = await system.query(NEAR, { lat: centre.latitude, lon: centre.longitude, km: radiusKm, first: 25, after }, { agency });
      expect(errors).toBeUndefined();
      totalCount = data.interdictionsNear.totalCount;
      all.push(...data.interdictionsNear.edges.map((e: any) => e.node));
      if (!data.interdictionsNear.pageInfo.hasNextPage) break;
      after = data.interdictionsNear.pageInfo.endCursor;
    }
    return { totalCount, nodes: all };
  };

  it('finds the interdictions within the radius, nearest first, and none beyond it', async () => {
    const radiusKm = 20;
    const { totalCount, nodes } = await near(radiusKm);
    const [{ inside, beyond }] = await system.subgraphs.interdictions.db.query(
      `SELECT count(*) FILTER (WHERE d <= $3)::int AS inside, count(*) FILTER (WHERE d > $3 AND d <= $3 * 2)::int AS beyond
         FROM (SELECT earth_distance(ll_to_earth($1, $2), ll_to_earth(latitude, longitude)) / 1000 AS d FROM interdiction WHERE ${releasedTo('HSI')}) x`,
      [centre.latitude, centre.longitude, radiusKm]);
    expect(inside).toBeGreaterThan(25); // more than one page
    expect(beyond).toBeGreaterThan(0);
    expect(totalCount).toBe(inside);
    expect(nodes).toHaveLength(inside);
    expect(new Set(nodes.map((n) => n.id)).size).toBe(inside);
    const distances = nodes.map((n) => distanceKm(centre, n.location));
    for (const d of distances) expect(d).toBeLessThanOrEqual(radiusKm + 0.01);
    for (let i = 1; i < distances.length; i++) expect(distances[i]).toBeGreaterThanOrEqual(distances[i - 1] - 0.001);
    // Widening the radius brings in the ones beyond it.
    expect((await near(radiusKm * 2)).totalCount).toBe(inside + beyond);
  });

  it("does not return another agency's RESTRICTED interdiction, which its own agency finds", async () => {
    expect((await near(1, 'HSI')).nodes.map((n) => n.id)).not.toContain(restricted);
    expect((await near(1, 'CBP')).nodes.map((n) => n.id)).toContain(restricted);
  });

  it('refuses a latitude out of range, a radius of zero and one too wide, naming the field', async () => {
    const ask = (lat: number, lon: number, km: number) => system.query(NEAR, { lat, lon, km });
    for (const [variables, field] of [[[91, -110, 10], 'latitude'], [[31, -181, 10], 'longitude'], [[31, -110, 0], 'radiusKm'], [[31, -110, -5], 'radiusKm'], [[31, -110, 5000], 'radiusKm']] as const) {
      const { errors } = await ask(...(variables as unknown as [number, number, number]));
      expect({ variables, extensions: errors?.[0].extensions }).toMatchObject({ variables, extensions: { code: 'BAD_USER_INPUT', field } });
      expect(errors?.[0].message).toContain(`"${field}"`);
    }
  });

  it("gives an organization's activity area: the box around its interdictions and its busiest sectors", async () => {
    const organization = registry.organizations[0];
    const { data, errors } = await system.query(
      `query($id: UUID!) { organization(id: $id) { activityArea(sectors: 2) { interdictions boundingBox { southWest { latitude longitude } northEast { latitude longitude } } busiestSectors { sector interdictions center { latitude longitude } } } } }`,
      { id: organization.id });
    expect(errors).toBeUndefined();
    const area = data.organization.activityArea;
    const db = system.subgraphs.interdictions.db;
    const [box] = await db.query(
      `SELECT count(*)::int AS n, min(latitude) AS south, max(latitude) AS north, min(longitude) AS west, max(longitude) AS east
         FROM interdiction WHERE organization_id = $1 AND ${releasedTo('HSI')}`, [organization.id]);
    const sectors: { sector: string; n: number }[] = await db.query(
      `SELECT sector, count(*)::int AS n FROM interdiction WHERE organization_id = $1 AND ${releasedTo('HSI')} GROUP BY sector ORDER BY n DESC, sector LIMIT 2`, [organization.id]);
    expect(area.interdictions).toBe(box.n);
    expect(box.n).toBeGreaterThan(0);
    expect(area.boundingBox).toEqual({ southWest: { latitude: box.south, longitude: box.west }, northEast: { latitude: box.north, longitude: box.east } });
    expect(area.busiestSectors.map((s: any) => ({ sector: s.sector, n: s.interdictions }))).toEqual(sectors);
    for (const s of area.busiestSectors) {
      expect(s.center.latitude).toBeGreaterThanOrEqual(box.south);
      expect(s.center.latitude).toBeLessThanOrEqual(box.north);
    }
  });
});
