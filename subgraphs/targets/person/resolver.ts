import crypto from 'node:crypto';
import { RequiresScopes } from '../../../lib/graphql/authorization';
import { Arg, Args, Ctx, Field, FieldResolver, InputType, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { Person } from './person';
import { MembershipConnection } from '../membership/membership';
import { Association, AssociationConnection } from '../association/association';
import { PageArgs } from '../../../lib/graphql/connection';
import { LocalDate, UUID } from '../../../lib/graphql/scalars';
import type { SubgraphContext } from '../../../lib/subgraph/context';
import { lists } from '../loaders';
import { registryHandling } from '../../../lib/handling/registry-labels';
import { writeOnce } from '../../../lib/mutations/idempotent';
import { requireText, requireWriteScope } from '../../../lib/graphql/validate';
import { badUserInput } from '../../../lib/graphql/errors';
import { cleanAliases, requireCountryCode } from '../registry-input';
import { recordEvent, subjectsOf } from '../../../lib/events/outbox';
import { survivors } from '../resolution/merges';

@InputType()
class CreatePersonInput {
  @Field(() => String, { nullable: true, description: 'Any unique string; a retried call with the same id creates nothing twice.' })
  clientMutationId?: string;

  @Field()
  name!: string;

  @Field(() => [String], { nullable: true, defaultValue: [] })
  aliases!: string[];

  @Field(() => LocalDate, { nullable: true })
  dateOfBirth?: Date;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-3 code.' })
  nationality?: string;
}

@ObjectType()
class CreatePersonPayload {
  @Field(() => String, { nullable: true })
  clientMutationId!: string | null;

  @Field(() => Person)
  person!: Person;
}

@Resolver(() => Person)
export class PersonResolver {
  @RequiresScopes('targets:read')
  @Query(() => Person, { nullable: true, description: 'One person by id; null when the registry has none. A person merged into another answers as the survivor (see mergedFrom).' })
  async person(@Arg('id', () => UUID) id: string, @Ctx() { loaders }: SubgraphContext) {
    return loaders.byId(Person).load(await survivors(loaders).load(id));
  }

  @FieldResolver(() => MembershipConnection, { description: 'The organizations this person belongs to, and in what role.' })
  memberships(@Root() person: Person, @Args() { first, after }: PageArgs, @Ctx() { loaders }: SubgraphContext) {
    return loaders.connection(lists.memberships, person.id, { first, after });
  }

  @FieldResolver(() => AssociationConnection, { description: 'Known ties to other persons, seen from this person.' })
  async associates(@Root() person: Person, @Args() { first, after }: PageArgs, @Ctx() { loaders }: SubgraphContext) {
    const connection = await loaders.connection(lists.associates, person.id, { first, after });
    const facing = (association: Association): Association =>
      association.personId === person.id ? association : { ...association, personId: person.id, associateId: association.personId };
    return { ...connection, edges: connection.edges.map((edge) => ({ ...edge, node: facing(edge.node) })) };
  }
}

@Resolver()
export class PersonWriteResolver {
  @RequiresScopes('targets:write')
  @Mutation(() => CreatePersonPayload, { nullable: true, description: 'Registers a person in the shared registry.' })
  async createPerson(@Arg('input') input: CreatePersonInput, @Ctx() { caller, db, loaders }: SubgraphContext): Promise<CreatePersonPayload> {
    requireWriteScope(caller, 'targets');
    const name = requireText(input.name, 'name');
    const aliases = cleanAliases(input.aliases);
    const nationality = requireCountryCode(input.nationality, 'nationality');
    if (input.dateOfBirth && (input.dateOfBirth > new Date() || input.dateOfBirth < new Date('1900-01-01'))) {
      throw badUserInput('"dateOfBirth" must be between 1900-01-01 and today.', 'dateOfBirth');
    }
    const id = await writeOnce(db, { agency: caller.agency, mutation: 'createPerson', input }, async (tx) => {
      const personId = crypto.randomUUID();
      await tx.insert(Person, {
        id: personId, name, aliases, nationality, dateOfBirth: input.dateOfBirth ? input.dateOfBirth.toISOString().slice(0, 10) : null,
        provenance: { agency: caller.agency, recordedBy: caller.sub, recordedAt: new Date() }, handling: registryHandling(),
      });
      await recordEvent(tx, { type: 'person.registered', recordType: 'Person', recordId: personId, agency: caller.agency, subjects: subjectsOf([personId]), handling: registryHandling(), details: { name } });
      return personId;
    });
    return { clientMutationId: input.clientMutationId ?? null, person: (await loaders.byId(Person).load(id))! };
  }
}

/** A person named by another subgraph's record: a merged person answers as its survivor. */
export async function resolvePersonReference(reference: { id: string }, { loaders }: SubgraphContext) {
  return loaders.byId(Person).load(await survivors(loaders).load(reference.id));
}
