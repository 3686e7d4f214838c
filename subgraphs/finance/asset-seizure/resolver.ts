import { labelsOfNew } from '../../../lib/handling/release';
import crypto from 'node:crypto';
import { RequiresScopes } from '../../../lib/graphql/authorization';
import { Arg, Ctx, Field, FieldResolver, Float, InputType, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { AssetSeizure, AssetType } from './asset-seizure';
import { Organization } from '../organization/organization';
import { Person } from '../person/person';
import { DateTime, UUID } from '../../../lib/graphql/scalars';
import type { SubgraphContext } from '../../../lib/subgraph/context';
import { HandlingInput, handlingFromInput } from '../../../lib/handling/labels';
import { writeOnce } from '../../../lib/mutations/idempotent';
import { requireKnownTargets } from '../../../lib/subgraph/registry-client';
import { requireNotFuture, requireRange, requireText, requireWriteScope } from '../../../lib/graphql/validate';
import { badUserInput } from '../../../lib/graphql/errors';
import { recordEvent, subjectsOf } from '../../../lib/events/outbox';

@InputType()
class RecordAssetSeizureInput {
  @Field(() => String, { nullable: true, description: 'Any unique string; a retried call with the same id creates nothing twice.' })
  clientMutationId?: string;

  @Field(() => DateTime)
  seizedAt!: Date;

  @Field(() => AssetType)
  assetType!: AssetType;

  @Field()
  description!: string;

  @Field(() => Float)
  valueUsd!: number;

  @Field()
  authority!: string;

  @Field(() => UUID, { nullable: true })
  personId?: string;

  @Field(() => UUID, { nullable: true })
  organizationId?: string;

  @Field(() => HandlingInput, { nullable: true, description: 'Handling labels (28 CFR 23.20(g)); default OPEN, releasable to ALL_DOMESTIC.' })
  handling?: HandlingInput;
}

@ObjectType()
class RecordAssetSeizurePayload {
  @Field(() => String, { nullable: true })
  clientMutationId!: string | null;

  @Field(() => AssetSeizure)
  assetSeizure!: AssetSeizure;
}

@Resolver(() => AssetSeizure)
export class AssetSeizureResolver {
  @RequiresScopes('finance:read')
  @Query(() => AssetSeizure, { nullable: true })
  assetSeizure(@Arg('id', () => UUID) id: string, @Ctx() { loaders }: SubgraphContext) {
    return loaders.byId(AssetSeizure).load(id);
  }

  @FieldResolver(() => Person, { nullable: true })
  person(@Root() seizure: AssetSeizure): Person | null {
    return seizure.personId ? { id: seizure.personId } : null;
  }

  @FieldResolver(() => Organization, { nullable: true })
  organization(@Root() seizure: AssetSeizure): Organization | null {
    return seizure.organizationId ? { id: seizure.organizationId } : null;
  }

  @RequiresScopes('finance:write')
  @Mutation(() => RecordAssetSeizurePayload, { nullable: true, description: 'Records an asset seized for forfeiture.' })
  async recordAssetSeizure(@Arg('input') input: RecordAssetSeizureInput, @Ctx() { caller, requestId, onwardSignatures, db, loaders }: SubgraphContext): Promise<RecordAssetSeizurePayload> {
    requireWriteScope(caller, 'finance');
    if (!input.personId && !input.organizationId) throw badUserInput('Name whose asset it was: give "personId", "organizationId", or both.', 'personId');
    const fields = {
      seizedAt: requireNotFuture(input.seizedAt, 'seizedAt'),
      assetType: input.assetType,
      description: requireText(input.description, 'description', 2000),
      valueUsd: requireRange(input.valueUsd, 'valueUsd', 0, 1e12),
      authority: requireText(input.authority, 'authority', 200),
    };
    await requireKnownTargets({ caller, requestId, onwardSignatures }, {
      persons: input.personId ? [{ id: input.personId, field: 'personId' }] : [],
      organizations: input.organizationId ? [{ id: input.organizationId, field: 'organizationId' }] : [],
    }, [labelsOfNew(caller.agency, handlingFromInput(input.handling))]);
    const id = await writeOnce(db, { agency: caller.agency, mutation: 'recordAssetSeizure', input }, async (tx) => {
      const seizureId = crypto.randomUUID();
      await tx.insert(AssetSeizure, {
        id: seizureId, ...fields, personId: input.personId ?? null, organizationId: input.organizationId ?? null,
        provenance: { agency: caller.agency, recordedBy: caller.sub, recordedAt: new Date() }, handling: handlingFromInput(input.handling),
      });
      await recordEvent(tx, {
        type: 'asset.seized', recordType: 'AssetSeizure', recordId: seizureId, agency: caller.agency,
        subjects: subjectsOf([input.personId], [input.organizationId]), handling: handlingFromInput(input.handling), details: { assetType: fields.assetType },
      });
      return seizureId;
    });
    return { clientMutationId: input.clientMutationId ?? null, assetSeizure: (await loaders.byId(AssetSeizure).load(id))! };
  }
}
