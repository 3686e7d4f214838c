import crypto from 'node:crypto';
import { Arg, Ctx, Field, FieldResolver, Float, InputType, Int, Mutation, ObjectType, Query, registerEnumType, Resolver, Root } from 'type-graphql';
import { RequiresScopes } from '../../../lib/graphql/authorization';
import { DateTime, UUID } from '../../../lib/graphql/scalars';
import { Person } from '../person/person';
import type { SubgraphContext } from '../../../lib/subgraph/context';
import { writeOnce } from '../../../lib/mutations/idempotent';
import { requireRange, requireText } from '../../../lib/graphql/validate';
import { badUserInput, forbidden, notFound } from '../../../lib/graphql/errors';
import { recordEvent, subjectsOf } from '../../../lib/events/outbox';
import { registryHandling } from '../../../lib/handling/registry-labels';
import { labelsOf, seenWithout } from '../../../lib/handling/release';
import { findCandidates, MatchEvidence } from './matching';
import { mergedIds, mergesInto, PersonMergeRow, survivors } from './merges';
import type { LoaderRegistry } from '../../../lib/loaders/registry';

registerEnumType(MatchEvidence, { name: 'MatchEvidence', description: 'What makes two registry persons look like one.' });

export const MERGE_SCOPE = 'targets:merge';
const MAX_MATCHES = 50;

@ObjectType({ description: 'One piece of evidence that two registry persons are the same person.' })
class MatchReason {
  @Field(() => MatchEvidence)
  evidence!: MatchEvidence;

  @Field({ description: 'What matched, to check against the records.' })
  detail!: string;

  @Field(() => Float, { description: "This reason's part of the score." })
  weight!: number;
}

@ObjectType({ description: 'A registry person who may be the same person as the one asked about.' })
class PersonMatch {
  @Field(() => Person)
  person!: Person;

  @Field(() => Float, { description: 'From 0 to 1: the sum of the reasons\' weights.' })
  score!: number;

  @Field(() => [MatchReason])
  reasons!: MatchReason[];
}

@ObjectType({ description: 'A decision that two registry persons are one: the merged person\'s records now show under the survivor.' })
export class PersonMerge {
  @Field(() => UUID)
  id!: string;

  @Field(() => UUID)
  survivorId!: string;

  @Field(() => UUID)
  mergedId!: string;

  @Field()
  justification!: string;

  @Field({ description: 'Agency that decided the merge.' })
  agency!: string;

  @Field({ description: 'Who decided it (token subject).' })
  mergedBy!: string;

  @Field(() => DateTime)
  mergedAt!: Date;

  @Field(() => DateTime, { nullable: true })
  unmergedAt!: Date | null;

  @Field(() => String, { nullable: true })
  unmergeJustification!: string | null;
}

const mergeOf = (row: PersonMergeRow): PersonMerge => ({
  id: row.id, survivorId: row.survivor_id, mergedId: row.merged_id, justification: row.justification, agency: row.provenance_agency,
  mergedBy: row.provenance_recorded_by, mergedAt: row.provenance_recorded_at, unmergedAt: row.unmerged_at, unmergeJustification: row.unmerge_justification,
});

@InputType()
class PersonMergeInput {
  @Field(() => String, { nullable: true, description: 'Any unique string; a retried call with the same id changes nothing twice.' })
  clientMutationId?: string;

  @Field(() => UUID, { description: 'The person who remains.' })
  survivorId!: string;

  @Field(() => UUID, { description: 'The person found to be the same as the survivor.' })
  mergedId!: string;

  @Field({ description: 'Why (or, for an unmerge, why not): recorded in the audit trail and the merge event.' })
  justification!: string;
}

@ObjectType()
class PersonMergePayload {
  @Field(() => String, { nullable: true })
  clientMutationId!: string | null;

  @Field(() => Person, { description: 'The survivor, as it reads now.' })
  survivor!: Person;

  @Field(() => PersonMerge)
  merge!: PersonMerge;
}

/** The person as the caller may see it, itself and not its survivor; NOT_FOUND alike for absent and not released. */
async function visiblePerson(loaders: LoaderRegistry, id: string, field: string): Promise<Person> {
  const person = await loaders.byId(Person).load(id);
  if (!person) throw notFound(`${field}: the registry has no person with id ${id}.`);
  return person;
}

/**
 * The merged person's ties (links, memberships, associations) move to the survivor, and every agency
 * shows its records under the survivor: an agency the survivor is not released to would lose its
 * own records of the merged person, and learn from a refused merge that a hidden one exists. The
 * caller sees both persons, and so their labels: naming the agencies gives nothing away.
 */
function requireReleasedAsWidely(survivor: Person, merged: Person): void {
  const losing = seenWithout([labelsOf(merged)], labelsOf(survivor));
  if (losing.length) {
    throw badUserInput(`"survivorId": the registry releases the survivor to fewer agencies than the merged person (not to ${losing.join(', ')}), who would lose sight of the merged person's records. ` +
      `Merge the other way round if that person is released at least as widely, or ask ${survivor.provenance.agency} to widen the survivor's registry record first.`, 'survivorId');
  }
}

function requireMergeScope(caller: SubgraphContext['caller']): void {
  if (!caller.scopes.includes(MERGE_SCOPE)) {
    throw forbidden(`Merging registry persons needs the "${MERGE_SCOPE}" scope, which this token does not carry; ask your agency's registry steward.`, { requiredScopes: [MERGE_SCOPE] });
  }
}

@Resolver(() => Person)
export class PersonResolutionResolver {
  @RequiresScopes('targets:read')
  @Query(() => [PersonMatch], { nullable: true, description: 'Registry persons who may be the same person as this one, best first, each with its reasons. Only persons released to you are candidates.' })
  async possibleMatches(
    @Arg('personId', () => UUID) personId: string,
    @Arg('first', () => Int, { defaultValue: 10 }) first: number,
    @Ctx() { db, loaders }: SubgraphContext,
  ): Promise<PersonMatch[]> {
    requireRange(first, 'first', 1, MAX_MATCHES);
    const survivorId = await survivors(loaders).load(personId);
    await visiblePerson(loaders, survivorId, 'personId');
    const candidates = await findCandidates(db, survivorId, first);
    const persons = await loaders.byId(Person).loadMany(candidates.map((c) => c.personId));
    return candidates.flatMap((candidate, i) => {
      const person = persons[i];
      return person && !(person instanceof Error) ? [{ person, score: candidate.score, reasons: candidate.reasons }] : [];
    });
  }

  @FieldResolver(() => [UUID], { description: 'Ids of the registry persons merged into this one (directly or not): every agency shows their records here.' })
  mergedIds(@Root() person: Person, @Ctx() { loaders }: SubgraphContext): Promise<string[]> {
    return mergedIds(loaders).load(person.id);
  }

  @FieldResolver(() => [Person], { description: 'The persons merged into this one, as they were recorded (their own names, dates, nationality).' })
  async mergedFrom(@Root() person: Person, @Ctx() { loaders }: SubgraphContext): Promise<Person[]> {
    const merges = await mergesInto(loaders).load(person.id);
    const persons = await loaders.byId(Person).loadMany(merges.map((m) => m.merged_id));
    return persons.filter((p): p is Person => !!p && !(p instanceof Error));
  }

  @FieldResolver(() => [PersonMerge], { description: 'The merges in force into this person: who decided each, when and why.' })
  async merges(@Root() person: Person, @Ctx() { loaders }: SubgraphContext): Promise<PersonMerge[]> {
    return (await mergesInto(loaders).load(person.id)).map(mergeOf);
  }
}

@Resolver()
export class PersonMergeResolver {
  @RequiresScopes(MERGE_SCOPE)
  @Mutation(() => PersonMergePayload, { nullable: true, description: 'Records that two registry persons are one: the merged person then answers as the survivor, whose dossier shows both persons\' records in every agency. Undo with unmergePersons.' })
  async mergePersons(@Arg('input') input: PersonMergeInput, @Ctx() { caller, db, loaders }: SubgraphContext): Promise<PersonMergePayload> {
    requireMergeScope(caller);
    const justification = requireText(input.justification, 'justification', 2000);
    if (input.survivorId === input.mergedId) throw badUserInput('"mergedId" is the survivor itself; name two different persons.', 'mergedId');
    const mergeId = await writeOnce(db, { agency: caller.agency, mutation: 'mergePersons', input }, async (tx) => {
      const survivor = await visiblePerson(loaders, input.survivorId, 'survivorId');
      const merged = await visiblePerson(loaders, input.mergedId, 'mergedId');
      requireReleasedAsWidely(survivor, merged);
      for (const [field, id] of [['survivorId', input.survivorId], ['mergedId', input.mergedId]] as const) {
        const survivor = await survivors(loaders).load(id);
        if (survivor !== id) throw badUserInput(`"${field}": person ${id} is already merged into ${survivor}; name ${survivor} instead, or unmerge first.`, field);
      }
      const id = crypto.randomUUID();
      await tx.query(
        `INSERT INTO person_merge (id, survivor_id, merged_id, justification, provenance_agency, provenance_recorded_by) VALUES ($1, $2, $3, $4, $5, $6)`,
        [id, input.survivorId, input.mergedId, justification, caller.agency, caller.sub]);
      await tx.query(`SELECT unity_merge_person($1)`, [id]);
      await recordEvent(tx, {
        type: 'person.merged', recordType: 'PersonMerge', recordId: id, agency: caller.agency,
        subjects: subjectsOf([input.survivorId, input.mergedId]), handling: registryHandling(),
        details: { survivorId: input.survivorId, mergedId: input.mergedId, justification, by: caller.sub },
      });
      return id;
    });
    return this.payload(input, mergeId, loaders);
  }

  @RequiresScopes(MERGE_SCOPE)
  @Mutation(() => PersonMergePayload, { nullable: true, description: 'Undoes a merge: both persons read exactly as before it, each with its own records.' })
  async unmergePersons(@Arg('input') input: PersonMergeInput, @Ctx() { caller, db, loaders }: SubgraphContext): Promise<PersonMergePayload> {
    requireMergeScope(caller);
    const justification = requireText(input.justification, 'justification', 2000);
    const mergeId = await writeOnce(db, { agency: caller.agency, mutation: 'unmergePersons', input }, async (tx) => {
      await visiblePerson(loaders, input.survivorId, 'survivorId');
      await visiblePerson(loaders, input.mergedId, 'mergedId');
      const [merge]: { id: string }[] = await tx.query(
        `SELECT id FROM person_merge WHERE survivor_id = $1 AND merged_id = $2 AND unmerged_at IS NULL`, [input.survivorId, input.mergedId]);
      if (!merge) throw notFound(`No merge of person ${input.mergedId} into ${input.survivorId} is in force; nothing to undo.`);
      await tx.query(`SELECT unity_unmerge_person($1)`, [merge.id]);
      await tx.query(`UPDATE person_merge SET unmerged_at = now(), unmerged_by = $2, unmerge_justification = $3 WHERE id = $1`, [merge.id, caller.sub, justification]);
      await recordEvent(tx, {
        type: 'person.unmerged', recordType: 'PersonMerge', recordId: merge.id, agency: caller.agency,
        subjects: subjectsOf([input.survivorId, input.mergedId]), handling: registryHandling(),
        details: { survivorId: input.survivorId, mergedId: input.mergedId, justification, by: caller.sub },
      });
      return merge.id;
    });
    return this.payload(input, mergeId, loaders);
  }

  private async payload(input: PersonMergeInput, mergeId: string, loaders: LoaderRegistry): Promise<PersonMergePayload> {
    const [row]: PersonMergeRow[] = await loaders.db.query(`SELECT * FROM person_merge WHERE id = $1`, [mergeId]);
    return { clientMutationId: input.clientMutationId ?? null, survivor: (await loaders.byId(Person).load(row.survivor_id))!, merge: mergeOf(row) };
  }
}
