import { MigrationInterface, QueryRunner } from 'typeorm';
import { HANDLING_COLUMNS } from '../../../lib/handling/columns-migration';
import { guardTable } from '../../../lib/database/row-security';
import { registryReleasableTo } from '../../../lib/handling/registry-labels';

/** How both functions begin: the merge in force, refused unless both persons are released to the caller. */
const OPENING = `      DECLARE m person_merge;
      BEGIN
        SELECT * INTO m FROM person_merge WHERE id = merge AND unmerged_at IS NULL;
        IF NOT FOUND OR (SELECT count(*) FROM person p WHERE p.id IN (m.survivor_id, m.merged_id)
                          AND unity_released(p.provenance_agency, p.handling_releasable_to)) <> 2 THEN
          RAISE EXCEPTION 'no such merge' USING ERRCODE = 'insufficient_privilege';
        END IF;`;

/** As this migration created them; 1732200000200 replaces them, and puts these back when undone. */
export const MERGE_PERSON = `
      CREATE FUNCTION unity_merge_person(merge uuid) RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
${OPENING}
        -- A membership of both in one organization stays with the merged person (one row per person and organization).
        WITH moved AS (
          UPDATE membership SET person_id = m.survivor_id
           WHERE person_id = m.merged_id
             AND organization_id NOT IN (SELECT organization_id FROM membership WHERE person_id = m.survivor_id)
          RETURNING id)
        INSERT INTO person_merge_move SELECT merge, 'membership', 'person_id', id FROM moved;
        -- A tie between the two persons themselves stays as it was: it would otherwise tie the survivor to itself.
        WITH moved AS (
          UPDATE association SET person_id = m.survivor_id WHERE person_id = m.merged_id AND associate_id <> m.survivor_id RETURNING id)
        INSERT INTO person_merge_move SELECT merge, 'association', 'person_id', id FROM moved;
        WITH moved AS (
          UPDATE association SET associate_id = m.survivor_id WHERE associate_id = m.merged_id AND person_id <> m.survivor_id RETURNING id)
        INSERT INTO person_merge_move SELECT merge, 'association', 'associate_id', id FROM moved;
        -- A selector both were seen using by one agency keeps that link with the merged person (one link per agency, selector and person).
        WITH moved AS (
          UPDATE selector_link l SET person_id = m.survivor_id
           WHERE l.person_id = m.merged_id
             AND NOT EXISTS (SELECT 1 FROM selector_link o WHERE o.person_id = m.survivor_id AND o.selector_id = l.selector_id AND o.provenance_agency = l.provenance_agency)
          RETURNING id)
        INSERT INTO person_merge_move SELECT merge, 'selector_link', 'person_id', id FROM moved;
      END $$`;

export const UNMERGE_PERSON = `
      CREATE FUNCTION unity_unmerge_person(merge uuid) RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
${OPENING}
        UPDATE membership SET person_id = m.merged_id
         WHERE id IN (SELECT record_id FROM person_merge_move WHERE merge_id = merge AND record_table = 'membership');
        UPDATE association SET person_id = m.merged_id
         WHERE id IN (SELECT record_id FROM person_merge_move WHERE merge_id = merge AND record_table = 'association' AND record_column = 'person_id');
        UPDATE association SET associate_id = m.merged_id
         WHERE id IN (SELECT record_id FROM person_merge_move WHERE merge_id = merge AND record_table = 'association' AND record_column = 'associate_id');
        UPDATE selector_link SET person_id = m.merged_id
         WHERE id IN (SELECT record_id FROM person_merge_move WHERE merge_id = merge AND record_table = 'selector_link');
        DELETE FROM person_merge_move WHERE merge_id = merge;
      END $$`;

/**
 * Entity resolution in the registry.
 *
 * Matching: fuzzystrmatch's double metaphone beside pg_trgm and unaccent (created in the first
 * migration), and target_name_sound, each folded spelling's metaphone codes, so candidates are found
 * by sound as well as by spelling.
 *
 * Merging: a person_merge row says that `merged_id` is the same person as `survivor_id`. The
 * registry's own ties (memberships, associations, selector links) are re-pointed to the survivor by
 * unity_merge_person, which remembers every row it moved in person_merge_move, so that
 * unity_unmerge_person puts back exactly those rows. Both run as the owner: a merge decided by one
 * agency holds for every agency, including ties the caller may not see (it learns nothing of them:
 * the functions return nothing). They refuse unless both persons are visible to the caller.
 * Agencies' records are not moved: they follow the survivor's `mergedIds` (see docs/entity-resolution.md).
 */
export class PersonMerge1732200000130 implements MigrationInterface {
  name = 'PersonMerge1732200000130';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS fuzzystrmatch`);
    await q.query(`CREATE FUNCTION name_sounds(text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
                   AS $$ SELECT array_remove(ARRAY(SELECT DISTINCT public.dmetaphone(w) FROM regexp_split_to_table(public.fold_name($1), '[^a-z]+') w WHERE length(w) > 1), '') $$`);
    // Under row security an index serves only leakproof operators, and neither pg_trgm's % nor array
    // overlap is one: like target_name_form (bare spellings, readable), the sounds are kept apart from
    // the ids, one row per code and folded spelling, and candidates join back by equality.
    await q.query(`CREATE TABLE target_name_sound (code text NOT NULL, folded text NOT NULL, PRIMARY KEY (code, folded))`);
    await q.query(`INSERT INTO target_name_sound SELECT DISTINCT code, folded FROM target_name_form, unnest(name_sounds(folded)) AS code ON CONFLICT DO NOTHING`);
    await q.query(`
      CREATE FUNCTION add_target_name_sounds() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
      BEGIN
        INSERT INTO target_name_sound SELECT DISTINCT code, folded FROM added, unnest(name_sounds(folded)) AS code ON CONFLICT DO NOTHING;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER target_name_sounds AFTER INSERT ON target_name_form REFERENCING NEW TABLE AS added
                   FOR EACH STATEMENT EXECUTE FUNCTION add_target_name_sounds()`);
    for (const statement of guardTable({ table: 'target_name_sound', labelled: false, insert: false })) await q.query(statement);
    await q.query(`ANALYZE target_name_sound`);

    await q.query(`
      CREATE TABLE person_merge (
        id uuid PRIMARY KEY,
        survivor_id uuid NOT NULL REFERENCES person (id),
        merged_id uuid NOT NULL REFERENCES person (id),
        justification text NOT NULL,
        provenance_agency text NOT NULL,
        provenance_recorded_by text NOT NULL,
        provenance_recorded_at timestamptz NOT NULL DEFAULT now(),
        unmerged_at timestamptz,
        unmerged_by text,
        unmerge_justification text,
        ${HANDLING_COLUMNS},
        CHECK (survivor_id <> merged_id)
      )`);
    await q.query(`ALTER TABLE person_merge ALTER COLUMN handling_releasable_to SET DEFAULT '{${registryReleasableTo().join(',')}}'`);
    // A person is merged into at most one survivor at a time.
    await q.query(`CREATE UNIQUE INDEX person_merge_active ON person_merge (merged_id) WHERE unmerged_at IS NULL`);
    await q.query(`CREATE INDEX person_merge_survivor ON person_merge (survivor_id) WHERE unmerged_at IS NULL`);
    await q.query(`
      CREATE TABLE person_merge_move (
        merge_id uuid NOT NULL REFERENCES person_merge (id),
        record_table text NOT NULL,
        record_column text NOT NULL,
        record_id uuid NOT NULL
      )`);
    await q.query(`CREATE INDEX person_merge_move_merge ON person_merge_move (merge_id)`);

    for (const statement of guardTable({
      table: 'person_merge', labelled: true, update: 'true',
      parents: [{ table: 'person', column: 'survivor_id' }, { table: 'person', column: 'merged_id' }],
    })) await q.query(statement);
    // Requests never read or write the moves: only the two functions below do.
    await q.query(`ALTER TABLE person_merge_move ENABLE ROW LEVEL SECURITY`);

    await q.query(MERGE_PERSON);
    await q.query(UNMERGE_PERSON);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION unity_unmerge_person(uuid)`);
    await q.query(`DROP FUNCTION unity_merge_person(uuid)`);
    await q.query(`DROP TABLE person_merge_move`);
    await q.query(`DROP TABLE person_merge`);
    await q.query(`DROP TRIGGER target_name_sounds ON target_name_form`);
    await q.query(`DROP FUNCTION add_target_name_sounds()`);
    await q.query(`DROP TABLE target_name_sound`);
    await q.query(`DROP FUNCTION name_sounds(text)`);
  }
}
