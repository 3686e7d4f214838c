import { Arg, Ctx, Field, InputType, Mutation, ObjectType, Resolver } from 'type-graphql';
import { touch } from '../../../lib/database/change-feed';
import { RequiresScopes } from '../../../lib/graphql/authorization';
import { Organization } from '../organization/organization';
import { Person } from '../person/person';
import { Target } from '../search/resolver';
import { UUID } from '../../../lib/graphql/scalars';
import { writeOnce } from '../../../lib/mutations/idempotent';
import { requireText, requireWriteScope } from '../../../lib/graphql/validate';
import { notFound } from '../../../lib/graphql/errors';
import type { SubgraphContext } from '../../../lib/subgraph/context';

@InputType()
class AddAliasInput {
  @Field(() => String, { nullable: true, description: 'Any unique string; a retried call with the same id changes nothing twice.' })
  clientMutationId?: string;

  @Field(() => UUID, { description: 'An organization or a person.' })
  targetId!: string;

  @Field()
  alias!: string;
}

@ObjectType()
class AddAliasPayload {
  @Field(() => String, { nullable: true })
  clientMutationId!: string | null;

  @Field(() => Target)
  target!: Organization | Person;
}

@Resolver()
export class AliasResolver {
  @RequiresScopes('targets:write')
  @Mutation(() => AddAliasPayload, { nullable: true, description: 'Adds a name an organization or person is also known by; search finds it at once.' })
  async addAlias(@Arg('input') input: AddAliasInput, @Ctx() { caller, db, loaders }: SubgraphContext): Promise<AddAliasPayload> {
    requireWriteScope(caller, 'targets');
    const alias = requireText(input.alias, 'alias');
    await writeOnce(db, { agency: caller.agency, mutation: 'addAlias', input }, async (tx) => {
      // array_append only when absent, so adding a known alias again changes nothing.
      const update = (table: string) => tx.query(
        `UPDATE ${table} SET aliases = CASE WHEN $2 = ANY(aliases) THEN aliases ELSE array_append(aliases, $2) END WHERE id = $1 RETURNING id`,
        [input.targetId, alias]);
      const [updatedOrganizations] = await update('organization');
      const [updatedPersons] = updatedOrganizations.length ? [[]] : await update('person');
      if (!updatedOrganizations.length && !updatedPersons.length) throw notFound(`targetId: the registry has no organization or person with id ${input.targetId}.`);
      touch(tx, [input.targetId]);
      return input.targetId;
    });
    const target = (await loaders.byId(Organization).load(input.targetId)) ?? (await loaders.byId(Person).load(input.targetId));
    return { clientMutationId: input.clientMutationId ?? null, target: target! };
  }
}
