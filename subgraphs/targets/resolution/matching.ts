import type { ScopedDatabase } from '../../../lib/database/scoped-database';

/** Kinds of evidence that two registry persons are one. */
export enum MatchEvidence {
  NAME_SPELLING = 'NAME_SPELLING',
  NAME_SOUND = 'NAME_SOUND',
  DATE_OF_BIRTH = 'DATE_OF_BIRTH',
  NATIONALITY = 'NATIONALITY',
  SHARED_SELECTOR = 'SHARED_SELECTOR',
}

export interface MatchReason {
  evidence: MatchEvidence;
  /** What matched, in words an analyst checks against the records. */
  detail: string;
  /** This reason's part of the score. */
  weight: number;
}

export interface PersonCandidate {
  personId: string;
  score: number;
  reasons: MatchReason[];
}

/**
 * How much each kind of evidence counts (they add up to 1). A name alone, however close, stays
 * below one half: namesakes are common in the registry, so a strong match needs a date of birth or
 * a shared selector as well.
 */
export const WEIGHTS = { spelling: 0.3, sound: 0.15, dateOfBirth: 0.3, birthYear: 0.1, nationality: 0.1, selectors: 0.15 } as const;
/** What a name match weighs when it goes through an alias on either side (nicknames are shared by many). */
export const ALIAS_FACTOR = 0.5;
/** ALIAS_FACTOR for a row of the candidates' statement, whose `alias` says whether its names matched through one. */
const ALIAS_FACTOR_SQL = `(CASE WHEN alias THEN ${ALIAS_FACTOR}::float8 ELSE 1::float8 END)`;

interface CandidateRow {
  candidate: string;
  my_name: string;
  their_name: string;
  similarity: number;
  sound: number;
  sounds: string[];
  same_birth: boolean;
  same_birth_year: boolean;
  date_of_birth: string | null;
  nationality: string | null;
  same_nationality: boolean;
  alias: boolean;
}

/**
 * Persons whose names or aliases are spelled like (pg_trgm on accent-folded names) or sound like
 * (double metaphone of each word) one of the person's, scored with date of birth and nationality.
 * Spellings and sounds are looked up in target_name_form and target_name_sound (bare spellings, so
 * their indexes serve % and = under row security) and joined back to target_name by equality.
 * It runs under row security: a person the caller may not see is neither a candidate nor a name of
 * one, and persons merged into another are not candidates (their survivor is). The statement
 * scores the candidates and keeps the best `limit` (SCORE_SQL).
 */
export async function findCandidates(db: ScopedDatabase, personId: string, limit: number): Promise<PersonCandidate[]> {
  const rows: CandidateRow[] = await db.query(
    `WITH me AS (SELECT id, date_of_birth, nationality FROM person WHERE id = $1),
          my_names AS (SELECT t.name, t.folded, name_sounds(t.name) AS sounds, t.name <> p.name AS is_alias
                         FROM target_name t JOIN person p ON p.id = t.target_id WHERE t.target_id = $1),
          spelled AS (SELECT m.folded AS mine, f.folded AS theirs FROM my_names m JOIN target_name_form f ON f.folded % m.folded),
          -- One shared sound is any namesake's surname: at least two (or every one of a one-word name).
          sounded AS (
            SELECT m.folded AS mine, s.folded AS theirs FROM my_names m JOIN target_name_sound s ON s.code = ANY(m.sounds)
             GROUP BY m.folded, m.sounds, s.folded HAVING count(DISTINCT s.code) >= least(2, cardinality(m.sounds))),
          forms AS (SELECT mine, theirs FROM spelled UNION SELECT mine, theirs FROM sounded),
          -- The sounds two spellings share, read from target_name_sound once per pair of spellings
          -- (double metaphone on every namesake's name was most of this statement's time).
          shared AS MATERIALIZED (
            SELECT m.name AS my_name, m.is_alias AS my_alias, forms.theirs, similarity(m.folded, forms.theirs) AS similarity,
                   ARRAY(SELECT s.code FROM target_name_sound s WHERE s.folded = forms.theirs AND s.code = ANY(m.sounds) ORDER BY 1) AS sounds,
                   greatest(cardinality(m.sounds), 1) AS my_sounds
              FROM forms JOIN my_names m ON m.folded = forms.mine),
          -- A name matched through an alias on either side (street names such as "El Tío" are shared by
          -- many) counts half (ALIAS_FACTOR): a full name's match outweighs it.
          pairs AS (
            SELECT t.target_id AS candidate, shared.my_name, t.name AS their_name, shared.similarity, shared.sounds, shared.my_sounds,
                   (shared.my_alias OR t.name <> c.name) AS alias
              FROM shared JOIN target_name t ON t.folded = shared.theirs JOIN person c ON c.id = t.target_id
             WHERE t.target_type = 'PERSON' AND t.target_id <> $1),
          best AS (
            SELECT DISTINCT ON (candidate) candidate, my_name, their_name, similarity, sounds, alias,
                   cardinality(sounds)::float / my_sounds AS sound
              FROM pairs
             ORDER BY candidate, ${ALIAS_FACTOR_SQL} * (similarity + cardinality(sounds)::float / my_sounds) DESC, their_name)
     , candidates AS (
     SELECT best.candidate::text, best.my_name, best.their_name, best.similarity, best.sound, best.sounds, best.alias,
            c.date_of_birth::text AS date_of_birth, c.nationality,
            coalesce(c.date_of_birth = me.date_of_birth, false) AS same_birth,
            coalesce(extract(year FROM c.date_of_birth) = extract(year FROM me.date_of_birth), false) AS same_birth_year,
            coalesce(c.nationality = me.nationality, false) AS same_nationality,
            EXISTS (SELECT 1 FROM selector_link theirs JOIN selector_link mine ON mine.selector_id = theirs.selector_id AND mine.person_id = $1
                      JOIN selector s ON s.id = mine.selector_id
                     WHERE theirs.person_id = c.id) AS shares_selector
       FROM best JOIN person c ON c.id = best.candidate CROSS JOIN me
      WHERE NOT EXISTS (SELECT 1 FROM person_merge pm WHERE pm.merged_id = c.id AND pm.unmerged_at IS NULL))
     SELECT * FROM candidates ORDER BY ${SCORE_SQL} DESC, candidate COLLATE "C" LIMIT $2`,
    [personId, limit],
  );
  const selectorEvidence = await sharedSelectors(db, personId, rows.map((row) => row.candidate));
  return rows
    .map((row) => scored(row, selectorEvidence.get(row.candidate) ?? []))
    .sort((a, b) => b.score - a.score || (a.personId < b.personId ? -1 : 1));
}

/**
 * A candidate's score in SQL, term for term as `scored` adds it up in JavaScript (the same doubles:
 * similarity read back from its text as the driver reads it, each term rounded to thousandths
 * half up, summed in the same order), so that PostgreSQL keeps the best `first` of what can be
 * thousands of namesakes (a common alias) and only those reach the subgraph.
 */
const SCORE_SQL = (() => {
  const rounded = (x: string) => `floor((${x}) * 1000 + 0.5) / 1000`;
  const w = (weight: number) => `${weight}::float8`;
  return rounded([
    rounded(`${w(WEIGHTS.spelling)} * ${ALIAS_FACTOR_SQL} * similarity::text::float8`),
    `CASE WHEN cardinality(sounds) > 0 THEN ${rounded(`${w(WEIGHTS.sound)} * ${ALIAS_FACTOR_SQL} * sound`)} ELSE 0 END`,
    `CASE WHEN same_birth THEN ${w(WEIGHTS.dateOfBirth)} WHEN same_birth_year THEN ${w(WEIGHTS.birthYear)} ELSE 0 END`,
    `CASE WHEN same_nationality THEN ${w(WEIGHTS.nationality)} ELSE 0 END`,
    `CASE WHEN shares_selector THEN ${w(WEIGHTS.selectors)} ELSE 0 END`,
  ].join(' + '));
})();

function scored(row: CandidateRow, selectors: MatchReason[]): PersonCandidate {
  const reasons: MatchReason[] = [];
  const factor = row.alias ? ALIAS_FACTOR : 1;
  const alias = row.alias ? ', an alias: counted half' : '';
  const spelling = round(WEIGHTS.spelling * factor * Number(row.similarity));
  reasons.push({ evidence: MatchEvidence.NAME_SPELLING, weight: spelling,
    detail: `"${row.their_name}" is spelled like "${row.my_name}" (trigram similarity ${Number(row.similarity).toFixed(2)}${alias})` });
  if (row.sounds.length) {
    reasons.push({ evidence: MatchEvidence.NAME_SOUND, weight: round(WEIGHTS.sound * factor * Number(row.sound)),
      detail: `"${row.their_name}" sounds like "${row.my_name}" (double metaphone ${row.sounds.join(', ')}${alias})` });
  }
  if (row.same_birth) reasons.push({ evidence: MatchEvidence.DATE_OF_BIRTH, weight: WEIGHTS.dateOfBirth, detail: `same date of birth, ${row.date_of_birth}` });
  else if (row.same_birth_year) reasons.push({ evidence: MatchEvidence.DATE_OF_BIRTH, weight: WEIGHTS.birthYear, detail: `born the same year, ${row.date_of_birth!.slice(0, 4)}` });
  if (row.same_nationality) reasons.push({ evidence: MatchEvidence.NATIONALITY, weight: WEIGHTS.nationality, detail: `same nationality, ${row.nationality}` });
  reasons.push(...selectors);
  return { personId: row.candidate, score: round(reasons.reduce((sum, reason) => sum + reason.weight, 0)), reasons };
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/**
 * SHARED_SELECTOR evidence: phones, vehicles, addresses, documents and accounts the registry links
 * (selector_link) both to the person and to a candidate, in one statement for all candidates. The
 * links are read under row security, so a link the caller may not see is no evidence for it.
 */
export async function sharedSelectors(db: ScopedDatabase, personId: string, candidates: string[]): Promise<Map<string, MatchReason[]>> {
  if (!candidates.length) return new Map();
  const rows: { candidate: string; selectors: string[] }[] = await db.query(
    `SELECT theirs.person_id::text AS candidate, array_agg(DISTINCT s.kind || ' ' || s.display ORDER BY s.kind || ' ' || s.display) AS selectors
       FROM selector_link mine
       JOIN selector_link theirs ON theirs.selector_id = mine.selector_id AND theirs.person_id = ANY($2::uuid[])
       JOIN selector s ON s.id = mine.selector_id
      WHERE mine.person_id = $1
      GROUP BY theirs.person_id`,
    [personId, candidates],
  );
  return new Map(rows.map((row) => [row.candidate, [{
    evidence: MatchEvidence.SHARED_SELECTOR, weight: WEIGHTS.selectors,
    detail: `both were seen using ${row.selectors.join('; ')}`,
  }]]));
}
