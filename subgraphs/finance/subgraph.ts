import { SubgraphDefinition } from '../../lib/subgraph/definition';
import { entities } from './loaders';
import { SanctionsDesignationResolver } from './sanction/resolver';
import { FinancialAccountResolver } from './account/resolver';
import { AssetSeizureResolver } from './asset-seizure/resolver';
import { OrganizationFinanceResolver } from './organization/resolver';
import { PersonFinanceResolver } from './person/resolver';
import { FinanceBriefingResolver } from './briefing/resolver';
import { Finance1732200000400 } from './migrations/1732200000400-Finance';
import { SuspiciousActivityReports1732200000401 } from './migrations/1732200000401-SuspiciousActivityReports';
import { Handling1732200000402 } from './migrations/1732200000402-Handling';
import { seedFinance } from './seed';
import { RowSecurity1732200000403 } from './migrations/1732200000403-RowSecurity';
import { Review1732200000490 } from './migrations/1732200000490-Review';
import { recordValidationResolver } from '../../lib/retention/validation';
import { AccountSelectors1732200000420 } from './migrations/1732200000420-AccountSelectors';
import { AccountSelectorResolver, resolveSelectorReference, SelectorFinanceResolver } from './selector/resolver';

/** Treasury: sanctions designations, financial accounts and asset seizures. */
export const finance: SubgraphDefinition = {
  name: 'finance',
  portOffset: 4,
  owner: 'Department of the Treasury',
  resolvers: [SanctionsDesignationResolver, FinancialAccountResolver, AssetSeizureResolver, OrganizationFinanceResolver, PersonFinanceResolver, FinanceBriefingResolver, recordValidationResolver('finance'), SelectorFinanceResolver, AccountSelectorResolver],
  referenceResolvers: { Selector: { __resolveReference: resolveSelectorReference } },
  entities: Object.values(entities),
  migrations: [Finance1732200000400, SuspiciousActivityReports1732200000401, Handling1732200000402, RowSecurity1732200000403, AccountSelectors1732200000420, Review1732200000490],
  seed: seedFinance,
};
