import DataLoader from 'dataloader';
import type { LoaderRegistry } from '../../../lib/loaders/registry';

/** A merge as the registry records it: `mergedId` is the same person as `survivorId`. */
export interface PersonMergeRow {
  id: string;
  survivor_id: string;
  merged_id: string;
  justification: string;
  provenance_agency: string;
  provenance_recorded_by: string;
  provenance_recorded_at: Date;
  unmerged_at: Date | null;
  unmerged_by: string | null;
  unmerge_justification: string | null;
}

/**
 * The person each id now answers as: itself, or the survivor it was merged into (followed through
 * merges of survivors). One statement per batch; row security hides merges of persons the caller
 * may not see, and then the id answers as itself.
 */
export function survivors(loaders: LoaderRegistry): DataLoader<string, string> {
  return loaders.get('resolution:survivor', () =>
    new DataLoader<string, string>(async (ids) => {
      const rows: { asked: string; survivor: string }[] = await loaders.db.query(
        `WITH RECURSIVE up (asked, survivor, depth) AS (
           SELECT merged_id, survivor_id, 1 FROM person_merge WHERE merged_id = ANY($1) AND unmerged_at IS NULL
           UNION ALL
           SELECT up.asked, pm.survivor_id, up.depth + 1 FROM up JOIN person_merge pm ON pm.merged_id = up.survivor AND pm.unmerged_at IS NULL
            WHERE up.depth < 32)
         SELECT DISTINCT ON (asked) asked::text, survivor::text FROM up ORDER BY asked, depth DESC`,
        [[...ids]],
      );
      const found = new Map(rows.map((row) => [row.asked, row.survivor]));
      return ids.map((id) => found.get(id) ?? id);
    }),
  );
}

/**
 * Every person merged into each survivor, directly or through a person merged into it: the ids
 * whose agency records the survivor shows. One statement per batch.
 */
export function mergedIds(loaders: LoaderRegistry): DataLoader<string, string[]> {
  return loaders.get('resolution:mergedIds', () =>
    new DataLoader<string, string[]>(async (ids) => {
      const rows: { survivor: string; merged: string }[] = await loaders.db.query(
        `WITH RECURSIVE down (survivor, merged, depth) AS (
           SELECT survivor_id, merged_id, 1 FROM person_merge WHERE survivor_id = ANY($1) AND unmerged_at IS NULL
           UNION ALL
           SELECT down.survivor, pm.merged_id, down.depth + 1 FROM down JOIN person_merge pm ON pm.survivor_id = down.merged AND pm.unmerged_at IS NULL
            WHERE down.depth < 32)
         SELECT survivor::text, merged::text FROM down ORDER BY survivor, merged`,
        [[...ids]],
      );
      const groups = new Map<string, string[]>(ids.map((id) => [id, []]));
      for (const row of rows) groups.get(row.survivor)?.push(row.merged);
      return ids.map((id) => groups.get(id)!);
    }),
  );
}

/** The merges in force whose survivor is each person (direct ones), oldest first. */
export function mergesInto(loaders: LoaderRegistry): DataLoader<string, PersonMergeRow[]> {
  return loaders.get('resolution:mergesInto', () =>
    new DataLoader<string, PersonMergeRow[]>(async (ids) => {
      const rows: PersonMergeRow[] = await loaders.db.query(
        `SELECT * FROM person_merge WHERE survivor_id = ANY($1) AND unmerged_at IS NULL ORDER BY provenance_recorded_at, id`, [[...ids]]);
      const groups = new Map<string, PersonMergeRow[]>(ids.map((id) => [id, []]));
      for (const row of rows) groups.get(row.survivor_id)?.push(row);
      return ids.map((id) => groups.get(id)!);
    }),
  );
}
