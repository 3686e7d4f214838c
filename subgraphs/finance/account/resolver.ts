import { labelsOfNew } from '../../../lib/handling/release';
import crypto from 'node:crypto';
import { RequiresScopes } from '../../../lib/graphql/authorization';
import { Arg, Ctx, Field, FieldResolver, Float, InputType, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { AccountStatus, FinancialAccount } from './account';
import { SuspiciousActivityReport } from '../suspicious-activity/suspicious-activity';
import { Organization } from '../organization/organization';
import { Person } from '../person/person';
import { UUID } from '../../../lib/graphql/scalars';
import type { SubgraphContext } from '../../../lib/subgraph/context';
import { HandlingInput, handlingFromInput } from '../../../lib/handling/labels';
import { writeOnce } from '../../../lib/mutations/idempotent';
import { requireKnownTargets } from '../../../lib/subgraph/registry-client';
import { requireRange, requireText, requireWriteScope } from '../../../lib/graphql/validate';
import { badUserInput, forbidden, notFound } from '../../../lib/graphql/errors';
import { recordEvent, subjectsOf } from '../../../lib/events/outbox';
import { normalizeAccount, selectorId } from '../../../lib/selectors/normalize';
import { accountSelector } from '../selector/selector';

const accountSelectors = (account: FinancialAccount) => {
  const selector = accountSelector(account.institution, account.maskedNumber);
  return selector ? [{ id: selector.id, kind: selector.kind, value: selector.value }] : [];
};

@InputType()
class FreezeAccountInput {
  @Field(() => String, { nullable: true, description: 'Any unique string; a retried call with the same id changes nothing twice.' })
  clientMutationId?: string;

  @Field(() => UUID, { nullable: true, description: 'An account Treasury already holds; omit to record a newly found account as frozen.' })
  accountId?: string;

  @Field(() => String, { nullable: true })
  institution?: string;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-3.' })
  country?: string;

  @Field(() => String, { nullable: true, description: 'Masked, showing at most the last 4 digits, e.g. ****4821.' })
  maskedNumber?: string;

  @Field(() => Float)
  frozenValueUsd!: number;

  @Field(() => UUID, { nullable: true })
  holderId?: string;

  @Field(() => UUID, { nullable: true })
  organizationId?: string;

  @Field(() => HandlingInput, { nullable: true, description: 'Handling labels (28 CFR 23.20(g)); default OPEN, releasable to ALL_DOMESTIC.' })
  handling?: HandlingInput;
}

@ObjectType()
class FreezeAccountPayload {
  @Field(() => String, { nullable: true })
  clientMutationId!: string | null;

  @Field(() => FinancialAccount)
  account!: FinancialAccount;
}

@Resolver(() => FinancialAccount)
export class FinancialAccountResolver {
  @RequiresScopes('finance:read')
  @Query(() => FinancialAccount, { nullable: true })
  financialAccount(@Arg('id', () => UUID) id: string, @Ctx() { loaders }: SubgraphContext) {
    return loaders.byId(FinancialAccount).load(id);
  }

  @FieldResolver(() => Person, { nullable: true })
  holder(@Root() account: FinancialAccount): Person | null {
    return account.holderId ? { id: account.holderId } : null;
  }

  @RequiresScopes('finance:sar')
  @FieldResolver(() => [SuspiciousActivityReport], { nullable: true, description: 'Suspicious activity reports filed on this account, newest first.' })
  suspiciousActivityReports(@Root() account: FinancialAccount, @Ctx() { loaders }: SubgraphContext) {
    return loaders.groupedBy(SuspiciousActivityReport, 'accountId', { filedAt: 'DESC', id: 'ASC' }).load(account.id);
  }

  @FieldResolver(() => Organization, { nullable: true })
  organization(@Root() account: FinancialAccount): Organization | null {
    return account.organizationId ? { id: account.organizationId } : null;
  }

  @RequiresScopes('finance:write')
  @Mutation(() => FreezeAccountPayload, { nullable: true, description: 'Freezes an account Treasury holds, or records a newly found one as frozen.' })
  async freezeAccount(@Arg('input') input: FreezeAccountInput, @Ctx() { caller, requestId, onwardSignatures, db, loaders }: SubgraphContext): Promise<FreezeAccountPayload> {
    requireWriteScope(caller, 'finance');
    const frozenValueUsd = requireRange(input.frozenValueUsd, 'frozenValueUsd', 0, 1e12);
    await requireKnownTargets({ caller, requestId, onwardSignatures }, {
      persons: input.holderId ? [{ id: input.holderId, field: 'holderId' }] : [],
      organizations: input.organizationId ? [{ id: input.organizationId, field: 'organizationId' }] : [],
    }, [labelsOfNew(caller.agency, handlingFromInput(input.handling))]);
    const id = await writeOnce(db, { agency: caller.agency, mutation: 'freezeAccount', input }, async (tx) => {
      if (input.accountId) {
        const visible = await tx.findOne(FinancialAccount, { where: { id: input.accountId } });
        if (!visible) throw notFound(`accountId: no account with id ${input.accountId} is released to your agency.`);
        if (visible.provenance.agency !== caller.agency) throw forbidden(`This account is held by ${visible.provenance.agency}; only that agency may freeze it.`);
        // Locked only once known to be the caller's own (row security lets only its holder lock it for update).
        const account = (await tx.findOne(FinancialAccount, { where: { id: input.accountId }, lock: { mode: 'pessimistic_write' } }))!;
        if (account.status === AccountStatus.FROZEN) throw badUserInput('accountId: this account is already frozen.', 'accountId');
        await tx.update(FinancialAccount, { id: account.id }, { status: AccountStatus.FROZEN, frozenValueUsd, frozenAt: new Date() });
        await recordEvent(tx, {
          type: 'account.frozen', recordType: 'FinancialAccount', recordId: account.id, agency: caller.agency,
          subjects: subjectsOf([account.holderId], [account.organizationId]), selectors: accountSelectors(account), handling: account.handling, details: { institution: account.institution, frozenValueUsd },
        });
        return account.id;
      }
      const maskedNumber = requireText(input.maskedNumber, 'maskedNumber', 30);
      if (!/^\*{2,}\d{2,4}$/.test(maskedNumber)) throw badUserInput('"maskedNumber" must hide all but the last 2 to 4 digits, e.g. ****4821; never send a full account number.', 'maskedNumber');
      const country = requireText(input.country, 'country', 3);
      if (!/^[A-Z]{3}$/.test(country)) throw badUserInput('"country" must be an ISO 3166-1 alpha-3 code such as MEX.', 'country');
      if (!input.holderId && !input.organizationId) throw badUserInput('Name whose account it is: give "holderId", "organizationId", or both.', 'holderId');
      const accountId = crypto.randomUUID();
      const institution = requireText(input.institution, 'institution', 200);
      const selector = normalizeAccount(institution, maskedNumber, '');
      await tx.insert(FinancialAccount, {
        id: accountId, institution, country, maskedNumber, status: AccountStatus.FROZEN, selectorId: selectorId(selector),
        frozenValueUsd, frozenAt: new Date(), holderId: input.holderId ?? null, organizationId: input.organizationId ?? null,
        provenance: { agency: caller.agency, recordedBy: caller.sub, recordedAt: new Date() }, handling: handlingFromInput(input.handling),
      });
      await recordEvent(tx, {
        type: 'account.frozen', recordType: 'FinancialAccount', recordId: accountId, agency: caller.agency,
        subjects: subjectsOf([input.holderId], [input.organizationId]), selectors: [{ id: selectorId(selector), kind: selector.kind, value: selector.value }],
        handling: handlingFromInput(input.handling), details: { institution: input.institution, frozenValueUsd },
      });
      return accountId;
    });
    loaders.byId(FinancialAccount).clear(id);
    return { clientMutationId: input.clientMutationId ?? null, account: (await loaders.byId(FinancialAccount).load(id))! };
  }
}
