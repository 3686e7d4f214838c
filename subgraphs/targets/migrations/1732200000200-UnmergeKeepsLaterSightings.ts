import { MigrationInterface, QueryRunner } from 'typeorm';
import { MERGE_PERSON, UNMERGE_PERSON } from './1732200000130-PersonMerge';

/** 1732200000130's merge, each moved link's dates and place remembered beside it. */
const MERGE_REMEMBERING_DATES = replaced(orReplace(MERGE_PERSON),
  `RETURNING id)
        INSERT INTO person_merge_move SELECT merge, 'selector_link', 'person_id', id FROM moved;`,
  `RETURNING id, first_seen, last_seen, latitude, longitude)
        INSERT INTO person_merge_move (merge_id, record_table, record_column, record_id, first_seen, last_seen, latitude, longitude)
        SELECT merge, 'selector_link', 'person_id', id, first_seen, last_seen, latitude, longitude FROM moved;`);

/** 1732200000130's unmerge, moved links put back as they were and later sightings left to the survivor. */
const UNMERGE_KEEPING_LATER_SIGHTINGS = replaced(replaced(orReplace(UNMERGE_PERSON),
  'DECLARE m person_merge;', 'DECLARE m person_merge; l record;'),
  `        UPDATE selector_link SET person_id = m.merged_id
         WHERE id IN (SELECT record_id FROM person_merge_move WHERE merge_id = merge AND record_table = 'selector_link');
        DELETE FROM person_merge_move WHERE merge_id = merge;
`,
  `        FOR l IN SELECT s.*, mv.first_seen AS was_first, mv.last_seen AS was_last, mv.latitude AS was_latitude, mv.longitude AS was_longitude
                        FROM person_merge_move mv JOIN selector_link s ON s.id = mv.record_id
                       WHERE mv.merge_id = merge AND mv.record_table = 'selector_link' LOOP
          UPDATE selector_link SET person_id = m.merged_id,
                 first_seen = coalesce(l.was_first, l.first_seen), last_seen = coalesce(l.was_last, l.last_seen),
                 latitude = CASE WHEN l.was_first IS NULL THEN l.latitude ELSE l.was_latitude END,
                 longitude = CASE WHEN l.was_first IS NULL THEN l.longitude ELSE l.was_longitude END
           WHERE id = l.id;
          -- Sightings recorded while merged were of the survivor (or of whoever it was since merged into, who holds the link now): the dates that moved become a link of its own.
          IF l.first_seen < l.was_first OR l.last_seen > l.was_last THEN
            INSERT INTO selector_link (id, selector_id, person_id, first_seen, last_seen, provenance_agency, provenance_recorded_by,
                                       handling_sensitivity, handling_releasable_to, handling_control_official, handling_source_reliability, handling_content_validity,
                                       latitude, longitude)
            VALUES (gen_random_uuid(), l.selector_id, l.person_id,
                    CASE WHEN l.first_seen < l.was_first THEN l.first_seen ELSE l.last_seen END,
                    CASE WHEN l.last_seen > l.was_last THEN l.last_seen ELSE l.first_seen END,
                    l.provenance_agency, l.provenance_recorded_by,
                    l.handling_sensitivity, l.handling_releasable_to, l.handling_control_official, l.handling_source_reliability, l.handling_content_validity,
                    l.latitude, l.longitude);
          END IF;
        END LOOP;
        -- The rows are the merged person's again: the merges that since moved them on (the survivor's
        -- into another person, and so on up) no longer move them, and their unmerges must leave them
        -- here. Earlier merges (into the merged person) keep theirs.
        WITH RECURSIVE later (id, survivor, depth) AS (
          SELECT pm.id, pm.survivor_id, 1 FROM person_merge pm WHERE pm.merged_id = m.survivor_id AND pm.unmerged_at IS NULL
          UNION ALL
          SELECT pm.id, pm.survivor_id, later.depth + 1 FROM later JOIN person_merge pm ON pm.merged_id = later.survivor AND pm.unmerged_at IS NULL WHERE later.depth < 32)
        DELETE FROM person_merge_move o USING person_merge_move r
         WHERE r.merge_id = merge AND o.merge_id IN (SELECT id FROM later)
           AND o.record_table = r.record_table AND o.record_column = r.record_column AND o.record_id = r.record_id;
        DELETE FROM person_merge_move WHERE merge_id = merge;
`);

/** A function's definition that replaces the one in place. */
function orReplace(definition: string): string {
  return definition.replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION');
}

function replaced(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error('1732200000130 no longer reads as this migration expects');
  return text.replace(from, to);
}

/**
 * While a merge stands, an agency that sees a selector again with the merged person (or the survivor)
 * widens the one link it holds, which may be the merged person's link moved to the survivor. The
 * unmerge used to hand that link back as it then read: the merged person gained a sighting made of
 * the survivor, and the survivor lost it. The merge now remembers each moved link's dates as they
 * were; the unmerge gives the merged person its link back as it was, and leaves the survivor a link
 * of its own spanning the sightings recorded while merged (the dates that moved). Coordinates are the
 * address's place, not a sighting's, and go back as they were.
 *
 * Merges already in force remember nothing: their links go back as they read, as before.
 *
 * Undoing a merge whose survivor was since merged into a third person (A into B, then B into C, then
 * A out of B) takes A's rows back from C; the later merge then forgets them, so that undoing it
 * leaves them with A rather than handing them to B.
 */
export class UnmergeKeepsLaterSightings1732200000200 implements MigrationInterface {
  name = 'UnmergeKeepsLaterSightings1732200000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE person_merge_move ADD COLUMN first_seen timestamptz, ADD COLUMN last_seen timestamptz, ADD COLUMN latitude double precision, ADD COLUMN longitude double precision`);
    await q.query(MERGE_REMEMBERING_DATES);
    await q.query(UNMERGE_KEEPING_LATER_SIGHTINGS);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const definition of [MERGE_PERSON, UNMERGE_PERSON]) await q.query(orReplace(definition));
    await q.query(`ALTER TABLE person_merge_move DROP COLUMN first_seen, DROP COLUMN last_seen, DROP COLUMN latitude, DROP COLUMN longitude`);
  }
}
