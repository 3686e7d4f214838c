import { MigrationInterface, QueryRunner } from 'typeorm';
import { guardTable, REQUEST_ROLE } from '../../../lib/database/row-security';
import { HANDLING_COLUMNS } from '../../../lib/handling/columns-migration';

const provenance = `provenance_agency text NOT NULL, provenance_recorded_at timestamptz NOT NULL DEFAULT now(), provenance_recorded_by text NOT NULL`;

/**
 * Deconfliction's tables, their row security, and the matching structure (docs/deconfliction.md).
 *
 * Requests see planned operations and watches by their labels, and notices addressed to their own
 * agency. Matching has to see every agency's operations, cases and watches, RESTRICTED ones
 * included, so it reads `deconfliction_interest` (and its keys): tables without labels and without
 * row security, which the request role is never granted. Operations and watches reach it by
 * triggers in the writing transaction, cases from the investigations subgraph's events. Requests
 * reach it only through `deconfliction_operation_conflicts`, which returns, for the caller's own
 * operation, each conflicting party as disclosed by `deconfliction_disclosed`, the one rule of what a
 * notice may show. The geometry and time windows live there too, because under row security
 * PostgreSQL uses a condition in an index scan only if its operator is leakproof, and `&&` on boxes
 * and ranges is not.
 */
export class Deconfliction1732200000700 implements MigrationInterface {
  name = 'Deconfliction1732200000700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE planned_operation (
        id uuid PRIMARY KEY,
        type text NOT NULL,
        status text NOT NULL DEFAULT 'PLANNED' CHECK (status IN ('PLANNED', 'CANCELLED', 'COMPLETED')),
        latitude double precision NOT NULL CHECK (latitude BETWEEN -90 AND 90),
        longitude double precision NOT NULL CHECK (longitude BETWEEN -180 AND 180),
        radius_meters integer NOT NULL CHECK (radius_meters BETWEEN 1 AND 50000),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        contact_name text NOT NULL,
        contact_phone text NOT NULL,
        target_person_ids uuid[] NOT NULL DEFAULT '{}',
        target_organization_ids uuid[] NOT NULL DEFAULT '{}',
        selectors jsonb NOT NULL DEFAULT '[]',
        status_changed_at timestamptz,
        status_reason text,
        ${provenance},
        ${HANDLING_COLUMNS},
        CHECK (ends_at > starts_at)
      )`);
    await q.query(`CREATE INDEX planned_operation_starts_at ON planned_operation (starts_at DESC, id)`);
    await q.query(`CREATE INDEX planned_operation_agency ON planned_operation (provenance_agency, starts_at DESC, id)`);

    await q.query(`
      CREATE TABLE watch (
        id uuid PRIMARY KEY,
        person_id uuid,
        organization_id uuid,
        selector_id uuid,
        selector_kind text,
        selector_value text,
        selector_display text,
        note text,
        contact_name text,
        contact_phone text,
        ended_at timestamptz,
        ${provenance},
        ${HANDLING_COLUMNS},
        CHECK (num_nonnulls(person_id, organization_id, selector_id) = 1)
      )`);
    await q.query(`CREATE INDEX watch_agency ON watch (provenance_agency, provenance_recorded_at DESC, id)`);

    await q.query(`
      CREATE TABLE deconfliction_notice (
        id uuid PRIMARY KEY,
        recipient_agency text NOT NULL,
        sequence bigint NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        event_id uuid NOT NULL,
        match_key text NOT NULL UNIQUE,
        reasons text[],
        yours jsonb NOT NULL,
        counterpart jsonb NOT NULL,
        subjects jsonb,
        summary text NOT NULL,
        UNIQUE (recipient_agency, sequence)
      )`);
    await q.query(`
      CREATE TABLE notice_acknowledgement (
        notice_id uuid PRIMARY KEY REFERENCES deconfliction_notice (id),
        agency text NOT NULL,
        acknowledged_by text NOT NULL,
        acknowledged_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Owner only (no row security: never granted to requests).
    await q.query(`CREATE TABLE notice_counter (agency text PRIMARY KEY, last bigint NOT NULL)`);
    await q.query(`
      CREATE TABLE webhook_delivery (
        notice_id uuid PRIMARY KEY REFERENCES deconfliction_notice (id),
        agency text NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz,
        dead_at timestamptz,
        last_error text
      )`);
    await q.query(`CREATE INDEX webhook_delivery_due ON webhook_delivery (next_attempt_at) WHERE delivered_at IS NULL AND dead_at IS NULL`);
    await q.query(`CREATE INDEX webhook_delivery_dead ON webhook_delivery (agency) WHERE dead_at IS NOT NULL`);

    // The matching structure: every standing interest of every agency, and what it is keyed by.
    await q.query(`
      CREATE TABLE deconfliction_interest (
        id uuid PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('OPERATION', 'CASE', 'WATCH')),
        agency text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        party jsonb NOT NULL,
        latitude double precision,
        longitude double precision,
        radius_meters integer,
        area box,
        during tstzrange,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX deconfliction_interest_ground ON deconfliction_interest USING gist (area, during) WHERE active AND area IS NOT NULL`);
    await q.query(`
      CREATE TABLE deconfliction_interest_key (
        key uuid NOT NULL,
        interest_id uuid NOT NULL REFERENCES deconfliction_interest (id) ON DELETE CASCADE,
        key_kind text NOT NULL CHECK (key_kind IN ('PERSON', 'ORGANIZATION', 'SELECTOR')),
        PRIMARY KEY (key, interest_id)
      )`);
    await q.query(`CREATE INDEX deconfliction_interest_key_interest ON deconfliction_interest_key (interest_id)`);

    for (const statement of MATCHING_FUNCTIONS) await q.query(statement);

    for (const statement of [
      ...guardTable({ table: 'planned_operation', labelled: true }),
      ...guardTable({ table: 'watch', labelled: true }),
      ...guardTable({ table: 'deconfliction_notice', labelled: false, read: 'recipient_agency = unity_agency()', insert: false, update: false }),
      ...guardTable({ table: 'notice_acknowledgement', labelled: false, read: 'agency = unity_agency()', parents: [{ table: 'deconfliction_notice', column: 'notice_id' }], insert: 'agency = unity_agency()', update: false }),
    ]) await q.query(statement);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE deconfliction_interest_key, deconfliction_interest, webhook_delivery, notice_counter, notice_acknowledgement, deconfliction_notice, watch, planned_operation`);
    await q.query(`DROP FUNCTION IF EXISTS deconfliction_operation_conflicts(uuid), deconfliction_candidates(uuid[], float8, float8, float8, tstzrange, uuid),
      deconfliction_disclosed(text, text[], jsonb), deconfliction_area(float8, float8, float8), unity_great_circle_meters(float8, float8, float8, float8),
      deconfliction_index_operation(), deconfliction_index_watch()`);
  }
}

const MATCHING_FUNCTIONS = [
  // Haversine on a sphere of the earth's mean radius: within 0.5% of the ellipsoid, enough to compare with radii in metres.
  `CREATE OR REPLACE FUNCTION unity_great_circle_meters(lat1 float8, lon1 float8, lat2 float8, lon2 float8) RETURNS float8
     LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
     SELECT 2 * 6371008.8 * asin(least(1, sqrt(power(sin(radians(lat2 - lat1) / 2), 2) + cos(radians(lat1)) * cos(radians(lat2)) * power(sin(radians(lon2 - lon1) / 2), 2))))
   $$`,
  // The box (longitude, latitude degrees) around a circle, 1% larger than the circle needs: two circles
  // that overlap have overlapping boxes, so the GiST index on boxes finds every candidate.
  `CREATE OR REPLACE FUNCTION deconfliction_area(lat float8, lon float8, radius float8) RETURNS box
     LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
     SELECT box(point(lon - d_lon, lat - d_lat), point(lon + d_lon, lat + d_lat))
       FROM (SELECT radius * 1.01 / 110574.0 AS d_lat, radius * 1.01 / (111320.0 * greatest(cos(radians(lat)), 0.01)) AS d_lon) d
   $$`,
  // What a notice may show of a party to `recipient` (whose release codes are `codes`): everything if
  // the record is released to it; if RESTRICTED, only whom to contact at which agency; otherwise the
  // agency, its contact and the kind of record (a pointer). The release rule itself is lib/handling/release.ts.
  `CREATE OR REPLACE FUNCTION deconfliction_disclosed(recipient text, codes text[], party jsonb) RETURNS jsonb
     LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
     SELECT CASE
       WHEN unity_releases(recipient, codes, party->>'agency', ARRAY(SELECT jsonb_array_elements_text(coalesce(party->'releasableTo', '[]'::jsonb))))
         THEN party || '{"disclosure": "FULL"}'::jsonb
       WHEN party->>'sensitivity' = 'RESTRICTED'
         THEN jsonb_build_object('disclosure', 'CONTROL_OFFICIAL', 'agency', party->'agency', 'controlOfficial', party->'controlOfficial')
       ELSE jsonb_build_object('disclosure', 'CONTACT', 'agency', party->'agency', 'controlOfficial', party->'controlOfficial',
                               'contact', party->'contact', 'kind', party->'kind', 'recordType', party->'recordType', 'sensitivity', party->'sensitivity')
     END
   $$`,
  // Every active interest an event (or operation) touches: by a shared person, organization or
  // selector, or by ground: areas that overlap in windows that overlap. An operation that has ended
  // no longer counts by target. Owner-side: row security never applies here.
  `CREATE OR REPLACE FUNCTION deconfliction_candidates(keys uuid[], lat float8, lon float8, radius float8, window_ tstzrange, exclude uuid)
     RETURNS TABLE (interest_id uuid, reasons text[], matched uuid[], distance_meters float8)
     LANGUAGE sql STABLE AS $$
     WITH by_key AS (
       SELECT k.interest_id,
              array_agg(DISTINCT CASE k.key_kind WHEN 'SELECTOR' THEN 'SAME_SELECTOR' ELSE 'SAME_TARGET' END) AS reasons,
              array_agg(DISTINCT k.key) AS matched
         FROM deconfliction_interest_key k
         JOIN deconfliction_interest i ON i.id = k.interest_id
        WHERE k.key = ANY (keys) AND i.active AND i.id IS DISTINCT FROM exclude
          AND (i.kind <> 'OPERATION' OR upper(i.during) > now())
        GROUP BY k.interest_id),
     by_ground AS (
       SELECT i.id AS interest_id, unity_great_circle_meters(i.latitude, i.longitude, lat, lon) AS distance
         FROM deconfliction_interest i
        WHERE lat IS NOT NULL AND i.active AND i.area IS NOT NULL
          AND i.area && deconfliction_area(lat, lon, radius) AND i.during && window_
          AND i.id IS DISTINCT FROM exclude
          AND unity_great_circle_meters(i.latitude, i.longitude, lat, lon) <= i.radius_meters + radius)
     SELECT coalesce(k.interest_id, g.interest_id),
            coalesce(k.reasons, '{}') || CASE WHEN g.interest_id IS NULL THEN '{}'::text[] ELSE '{SAME_PLACE_AND_TIME}'::text[] END,
            coalesce(k.matched, '{}'),
            g.distance
       FROM by_key k FULL JOIN by_ground g ON g.interest_id = k.interest_id
   $$`,
  // The one door from a request into the matching structure: the other agencies' operations that
  // conflict with the caller's own operation, each as disclosed to the caller. Reasons and distance
  // are withheld with everything else where only the control official may be named.
  `CREATE OR REPLACE FUNCTION deconfliction_operation_conflicts(operation uuid)
     RETURNS TABLE (party jsonb, reasons text[], distance_meters float8)
     LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
     SELECT p.disclosed,
            CASE WHEN p.disclosed->>'disclosure' = 'CONTROL_OFFICIAL' THEN NULL ELSE c.reasons END,
            CASE WHEN p.disclosed->>'disclosure' = 'CONTROL_OFFICIAL' THEN NULL ELSE c.distance_meters END
       FROM deconfliction_interest mine
       CROSS JOIN LATERAL deconfliction_candidates(
         ARRAY(SELECT key FROM deconfliction_interest_key WHERE interest_id = mine.id),
         mine.latitude, mine.longitude, mine.radius_meters, mine.during, mine.id) c
       JOIN deconfliction_interest other ON other.id = c.interest_id AND other.kind = 'OPERATION' AND other.agency <> mine.agency
       CROSS JOIN LATERAL (SELECT deconfliction_disclosed(unity_agency(), unity_release_codes(), other.party) AS disclosed) p
      WHERE mine.id = operation AND mine.kind = 'OPERATION' AND mine.agency = unity_agency()
      ORDER BY other.agency, other.id
   $$`,
  `REVOKE ALL ON FUNCTION deconfliction_operation_conflicts(uuid) FROM PUBLIC`,
  `GRANT EXECUTE ON FUNCTION deconfliction_operation_conflicts(uuid) TO ${REQUEST_ROLE}`,
  // Operations and watches enter the matching structure in the transaction that writes them, so the
  // next operation planned sees them at once. SECURITY DEFINER: the request role cannot write there itself.
  `CREATE OR REPLACE FUNCTION deconfliction_index_operation() RETURNS trigger
     LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
     BEGIN
       INSERT INTO deconfliction_interest (id, kind, agency, active, party, latitude, longitude, radius_meters, area, during)
       VALUES (NEW.id, 'OPERATION', NEW.provenance_agency, NEW.status = 'PLANNED',
               jsonb_build_object('kind', 'OPERATION', 'recordType', 'PlannedOperation', 'recordId', NEW.id, 'agency', NEW.provenance_agency,
                 'sensitivity', NEW.handling_sensitivity, 'releasableTo', to_jsonb(NEW.handling_releasable_to), 'controlOfficial', NEW.handling_control_official,
                 'contact', jsonb_build_object('name', NEW.contact_name, 'phone', NEW.contact_phone),
                 'location', jsonb_build_object('latitude', NEW.latitude, 'longitude', NEW.longitude),
                 'details', jsonb_build_object('type', NEW.type, 'status', NEW.status, 'start', NEW.starts_at, 'end', NEW.ends_at, 'radiusMeters', NEW.radius_meters)),
               NEW.latitude, NEW.longitude, NEW.radius_meters, deconfliction_area(NEW.latitude, NEW.longitude, NEW.radius_meters), tstzrange(NEW.starts_at, NEW.ends_at))
       ON CONFLICT (id) DO UPDATE SET active = EXCLUDED.active, party = EXCLUDED.party, updated_at = now();
       IF TG_OP = 'INSERT' THEN
         INSERT INTO deconfliction_interest_key (key, interest_id, key_kind)
         SELECT p, NEW.id, 'PERSON' FROM unnest(NEW.target_person_ids) p
         UNION SELECT o, NEW.id, 'ORGANIZATION' FROM unnest(NEW.target_organization_ids) o
         UNION SELECT (s->>'id')::uuid, NEW.id, 'SELECTOR' FROM jsonb_array_elements(NEW.selectors) s
         ON CONFLICT DO NOTHING;
       END IF;
       RETURN NULL;
     END $$`,
  `CREATE TRIGGER deconfliction_index_operation AFTER INSERT OR UPDATE ON planned_operation FOR EACH ROW EXECUTE FUNCTION deconfliction_index_operation()`,
  `CREATE OR REPLACE FUNCTION deconfliction_index_watch() RETURNS trigger
     LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
     BEGIN
       INSERT INTO deconfliction_interest (id, kind, agency, active, party)
       VALUES (NEW.id, 'WATCH', NEW.provenance_agency, NEW.ended_at IS NULL,
               jsonb_build_object('kind', 'WATCH', 'recordType', 'Watch', 'recordId', NEW.id, 'agency', NEW.provenance_agency,
                 'sensitivity', NEW.handling_sensitivity, 'releasableTo', to_jsonb(NEW.handling_releasable_to), 'controlOfficial', NEW.handling_control_official,
                 'contact', CASE WHEN NEW.contact_name IS NULL THEN NULL ELSE jsonb_build_object('name', NEW.contact_name, 'phone', NEW.contact_phone) END,
                 'details', jsonb_strip_nulls(jsonb_build_object('note', NEW.note, 'selector', NEW.selector_display))))
       ON CONFLICT (id) DO UPDATE SET active = EXCLUDED.active, party = EXCLUDED.party, updated_at = now();
       IF TG_OP = 'INSERT' THEN
         INSERT INTO deconfliction_interest_key (key, interest_id, key_kind)
         SELECT coalesce(NEW.person_id, NEW.organization_id, NEW.selector_id), NEW.id,
                CASE WHEN NEW.person_id IS NOT NULL THEN 'PERSON' WHEN NEW.organization_id IS NOT NULL THEN 'ORGANIZATION' ELSE 'SELECTOR' END;
       END IF;
       RETURN NULL;
     END $$`,
  `CREATE TRIGGER deconfliction_index_watch AFTER INSERT OR UPDATE ON watch FOR EACH ROW EXECUTE FUNCTION deconfliction_index_watch()`,
  `REVOKE ALL ON FUNCTION deconfliction_index_operation(), deconfliction_index_watch() FROM PUBLIC`,
];
