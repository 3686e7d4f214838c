import { Directive } from 'type-graphql';

/**
 * Registry merges reach the agencies through the query plan: each agency's `Person` fields
 * `@requires` the registry's `mergedIds`, so the gateway fetches them from the registry (in the
 * fetch that already resolves the person) and the agency lists the records of the survivor and of
 * every person merged into it. Nothing is copied into the agencies: an unmerge is seen by the next
 * query. Why this and not merge events: docs/entity-resolution.md.
 */
export function FollowsMerges(): MethodDecorator {
  return Directive('@requires(fields: "mergedIds")') as MethodDecorator;
}

/** What an agency's `Person` stub receives: its key and, when the plan carries it, the persons merged into it. */
export interface MergeablePerson {
  id: string;
  mergedIds?: string[] | null;
}

/** The ids whose records a person's agency fields list: itself and every person merged into it. */
export function recordHolders(person: MergeablePerson): string[] {
  return [person.id, ...(person.mergedIds ?? [])];
}
