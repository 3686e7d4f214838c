import { selectorByKey } from '../../../lib/selectors/federated';
import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { RequiresScopes } from '../../../lib/graphql/authorization';
import type { SubgraphContext } from '../../../lib/subgraph/context';
import { PageArgs } from '../../../lib/graphql/connection';
import { ListDefinition } from '../../../lib/loaders/registry';
import { FinancialAccount, FinancialAccountConnection } from '../account/account';
import { SanctionsDesignation, SanctionsDesignationConnection } from '../sanction/sanction';
import { accountSelector, Selector } from './selector';

const selectorAccounts = {
  name: 'Selector.accounts',
  entity: FinancialAccount,
  query: () => ({ from: 'financial_account a', parentColumn: 'a.selector_id', idColumn: 'a.id', orderBy: 'a.frozen_at DESC NULLS LAST, a.id' }),
} satisfies ListDefinition<FinancialAccount>;

// A designation involves an account through its holder: the person or organization designated holds it.
const selectorSanctions = {
  name: 'Selector.sanctions',
  entity: SanctionsDesignation,
  query: () => ({
    from: `sanctions_designation d JOIN (SELECT DISTINCT selector_id, holder_id, organization_id FROM financial_account) a
             ON a.holder_id = d.person_id OR (d.person_id IS NULL AND a.organization_id = d.organization_id)`,
    parentColumn: 'a.selector_id',
    idColumn: 'd.id',
    orderBy: 'd.designated_at DESC, d.id',
  }),
} satisfies ListDefinition<SanctionsDesignation>;

@Resolver(() => Selector)
export class SelectorFinanceResolver {
  @RequiresScopes('finance:read')
  @FieldResolver(() => FinancialAccountConnection, { nullable: true, description: 'Accounts Treasury holds under this ACCOUNT selector (institution and masked number).' })
  accounts(@Root() selector: Selector, @Args() { first, after }: PageArgs, @Ctx() { loaders }: SubgraphContext) {
    return loaders.connection(selectorAccounts, selector.id, { first, after });
  }

  @RequiresScopes('finance:read')
  @FieldResolver(() => SanctionsDesignationConnection, { nullable: true, description: "Sanctions designations of the account's holders." })
  sanctions(@Root() selector: Selector, @Args() { first, after }: PageArgs, @Ctx() { loaders }: SubgraphContext) {
    return loaders.connection(selectorSanctions, selector.id, { first, after });
  }
}

@Resolver(() => FinancialAccount)
export class AccountSelectorResolver {
  @FieldResolver(() => Selector, { nullable: true, description: 'The account as a selector (institution and masked number), shared with every agency that has seen it.' })
  selector(@Root() account: FinancialAccount): Selector | null {
    return accountSelector(account.institution, account.maskedNumber);
  }
}

export function resolveSelectorReference(reference: { id: string }, { db }: SubgraphContext): Selector {
  return selectorByKey(Selector, reference.id, async () => {
    const [row] = await db.query(`SELECT institution, masked_number FROM financial_account WHERE selector_id = $1 LIMIT 1`, [reference.id]);
    return (row && accountSelector(row.institution, row.masked_number)) ?? undefined;
  });
}
