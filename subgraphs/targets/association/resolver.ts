import crypto from 'node:crypto';
import { RequiresScopes } from '../../../lib/graphql/authorization';
import { Arg, Ctx, Field, FieldResolver, InputType, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import { Association, AssociationKind } from './association';
import { Person } from '../person/person';
import type { SubgraphContext } from '../../../lib/subgraph/context';
import { UUID } from '../../../lib/graphql/scalars';
import { writeOnce } from '../../../lib/mutations/idempotent';
import { requireWriteScope } from '../../../lib/graphql/validate';
import { badUserInput } from '../../../lib/graphql/errors';
import { requireRegistered } from '../registry-input';
import { registryHandling } from '../../../lib/handling/registry-labels';
import { recordEvent, subjectsOf } from '../../../lib/events/outbox';

@InputType()
class AddAssociationInput {
  @Field(() => String, { nullable: true, description: 'Any unique string; a retried call with the same id creates nothing twice.' })
  clientMutationId?: string;

  @Field(() => UUID)
  personId!: string;

  @Field(() => UUID)
  associateId!: string;

  @Field(() => AssociationKind)
  kind!: AssociationKind;
}

@ObjectType()
class AddAssociationPayload {
  @Field(() => String, { nullable: true })
  clientMutationId!: string | null;

  @Field(() => Association)
  association!: Association;
}

@Resolver(() => Association)
export class AssociationResolver {
  @FieldResolver(() => Person)
  person(@Root() association: Association, @Ctx() { loaders }: SubgraphContext) {
    return loaders.byId(Person).load(association.personId);
  }

  @FieldResolver(() => Person, { description: 'The other person of the tie.' })
  associate(@Root() association: Association, @Ctx() { loaders }: SubgraphContext) {
    return loaders.byId(Person).load(association.associateId);
  }

  @RequiresScopes('targets:write')
  @Mutation(() => AddAssociationPayload, { nullable: true, description: 'Records a tie between two persons.' })
  async addAssociation(@Arg('input') input: AddAssociationInput, @Ctx() { caller, db, loaders }: SubgraphContext): Promise<AddAssociationPayload> {
    requireWriteScope(caller, 'targets');
    if (input.personId === input.associateId) throw badUserInput('A person cannot be associated with themselves; "associateId" must differ from "personId".', 'associateId');
    await requireRegistered(loaders, { persons: [[input.personId, 'personId'], [input.associateId, 'associateId']] });
    const id = await writeOnce(db, { agency: caller.agency, mutation: 'addAssociation', input }, async (tx) => {
      const associationId = crypto.randomUUID();
      await tx.insert(Association, {
        id: associationId, personId: input.personId, associateId: input.associateId, kind: input.kind,
        provenance: { agency: caller.agency, recordedBy: caller.sub, recordedAt: new Date() }, handling: registryHandling(),
      });
      await recordEvent(tx, {
        type: 'association.added', recordType: 'Association', recordId: associationId, agency: caller.agency,
        subjects: subjectsOf([input.personId, input.associateId]), handling: registryHandling(), details: { kind: input.kind },
      });
      return associationId;
    });
    return { clientMutationId: input.clientMutationId ?? null, association: (await loaders.byId(Association).load(id))! };
  }
}
