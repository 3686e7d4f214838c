import { Arg, Ctx, Field, Float, Int, ObjectType, Query, Resolver, createUnionType } from 'type-graphql';
import { RequiresScopes } from '../../../lib/graphql/authorization';
import { Organization } from '../organization/organization';
import { Person } from '../person/person';
import { survivors } from '../resolution/merges';
import type { SubgraphContext } from '../../../lib/subgraph/context';
import { badUserInput } from '../../../lib/graphql/errors';

export const Target = createUnionType({
  name: 'Target',
  description: 'An organization or a person of the registry.',
  types: () => [Organization, Person] as const,
  resolveType: (value) => ('kind' in value ? Organization : Person),
});

@ObjectType({ description: 'A registry target whose name or alias resembles the search text.' })
class TargetMatch {
  @Field(() => Target)
  target!: Organization | Person;

  @Field({ description: 'The name or alias that matched best.' })
  matchedName!: string;

  @Field(() => Float, { description: 'Similarity from 0 to 1 (1 is identical once accents and case are ignored).' })
  score!: number;
}

const MAX_RESULTS = 50;
/** Best spellings read per search: enough for ten results among namesakes and unreleased targets. */
const MIN_CANDIDATES = 50;

@Resolver()
export class SearchResolver {
  @RequiresScopes('targets:read')
  @Query(() => [TargetMatch], { nullable: true, description: 'Organizations and persons whose names or aliases resemble the text, best first; tolerant of misspellings and accents.' })
  async searchTargets(
    @Arg('text') text: string,
    @Arg('first', () => Int, { nullable: true, defaultValue: 10 }) first: number,
    @Ctx() { db, loaders }: SubgraphContext,
  ): Promise<TargetMatch[]> {
    const query = text.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ').trim();
    if (query.length < 2) throw badUserInput('"text" needs at least 2 letters to search for.', 'text');
    if (query.length > 200) throw badUserInput(`"text" is ${query.length} characters long; search with at most 200.`, 'text');
    if (!Number.isInteger(first) || first < 1 || first > MAX_RESULTS) throw badUserInput(`"first" must be between 1 and ${MAX_RESULTS}.`, 'first');
    // Candidate spellings are the distinct forms within the usual thresholds of similarity (%, a
    // misspelled whole name) or word similarity (<%, a misspelled part of a longer name), found by one
    // bitmap walk of the GiST index per operator (about twice as fast as two nearest-first walks on a
    // misspelled full name), the best by score kept; every target bearing one of them is then ranked.
    const params: unknown[] = [query, first, Math.max(MIN_CANDIDATES, first * 5)];
    const rows: { target_id: string; target_type: string; name: string; score: number }[] = await db.query(
      `WITH forms AS (
         SELECT folded, greatest(similarity(folded, fold_name($1)), word_similarity(fold_name($1), folded)) AS score
           FROM target_name_form
          WHERE folded % fold_name($1) OR fold_name($1) <% folded
          ORDER BY score DESC, folded LIMIT $3
       ),
       candidates AS (
         SELECT t.*, f.score FROM forms f JOIN target_name t ON t.folded = f.folded
       ),
       -- target_name holds only names of targets the caller may see (row security)
       matches AS (
         SELECT DISTINCT ON (c.target_id) c.target_id, c.target_type, c.name, c.score
           FROM candidates c
          ORDER BY c.target_id, score DESC
       )
       SELECT * FROM matches ORDER BY score DESC, name, target_id LIMIT $2`,
      params,
    );
    // A person merged into another is found under its own names but answers as the survivor, once.
    const survivorOf = await survivors(loaders).loadMany(rows.map((row) => (row.target_type === 'PERSON' ? row.target_id : '')).filter(Boolean));
    const survivorByPerson = new Map(rows.filter((row) => row.target_type === 'PERSON').map((row, i) => [row.target_id, typeof survivorOf[i] === 'string' ? survivorOf[i] as string : row.target_id]));
    const seen = new Set<string>();
    const best = rows.map((row) => ({ ...row, target_id: survivorByPerson.get(row.target_id) ?? row.target_id }))
      .filter((row) => !seen.has(row.target_id) && seen.add(row.target_id));
    const organizations = loaders.byId(Organization);
    const persons = loaders.byId(Person);
    const targets = await Promise.all(best.map((row) => (row.target_type === 'ORGANIZATION' ? organizations.load(row.target_id) : persons.load(row.target_id))));
    return best.flatMap((row, i) => (targets[i] ? [{ target: targets[i]!, matchedName: row.name, score: Math.round(row.score * 1000) / 1000 }] : []));
  }
}
