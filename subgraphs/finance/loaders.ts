import DataLoader from 'dataloader';
import { ListDefinition, LoaderRegistry } from '../../lib/loaders/registry';
import { Bind, GATHERED_PARENT, gatheredJoin } from '../../lib/database/page-by-parent';
import { binder, Period, periodConditions } from '../../lib/database/period';
import type { ScopedDatabase } from '../../lib/database/scoped-database';
import { BriefingScope } from '../../lib/graphql/briefing';
import { SanctionsDesignation } from './sanction/sanction';
import { AccountStatus, FinancialAccount } from './account/account';
import { AssetSeizure } from './asset-seizure/asset-seizure';
import { SuspiciousActivityReport } from './suspicious-activity/suspicious-activity';
import { MergeablePerson, recordHolders } from '../../lib/graphql/merged-person';

type Party = 'organization' | 'person';
/** The column naming the organization or person a record is about, per table. */
const PARTY_COLUMN: Record<Party, { sanctions: string; accounts: string; seizures: string }> = {
  organization: { sanctions: 'organization_id', accounts: 'organization_id', seizures: 'organization_id' },
  person: { sanctions: 'person_id', accounts: 'holder_id', seizures: 'person_id' },
};

const sanctionsList = (party: Party) => ({
  name: `${party}.sanctions`,
  entity: SanctionsDesignation,
  query: () => ({ from: 'sanctions_designation d', parentColumn: `d.${PARTY_COLUMN[party].sanctions}`, idColumn: 'd.id', orderBy: 'd.designated_at DESC, d.id' }),
}) satisfies ListDefinition<SanctionsDesignation>;

const accountsList = (party: Party) => ({
  name: `${party}.accounts`,
  entity: FinancialAccount,
  query: (args: { status?: AccountStatus | null }) => ({
    from: 'financial_account a', parentColumn: `a.${PARTY_COLUMN[party].accounts}`, idColumn: 'a.id',
    where: (bind: Bind) => (args.status ? [`a.status = ${bind(args.status)}`] : []), orderBy: 'a.frozen_value_usd DESC NULLS LAST, a.id',
  }),
}) satisfies ListDefinition<FinancialAccount, { status?: AccountStatus | null }>;

const seizuresList = (party: Party) => ({
  name: `${party}.assetSeizures`,
  entity: AssetSeizure,
  query: (args: Period) => ({
    from: 'asset_seizure s', parentColumn: `s.${PARTY_COLUMN[party].seizures}`, idColumn: 's.id',
    where: (bind: Bind) => periodConditions(bind, 's.seized_at', args), orderBy: 's.seized_at DESC, s.id',
  }),
}) satisfies ListDefinition<AssetSeizure, Period>;

/** Every list the finance subgraph serves, for organizations and for persons alike. */
export const lists = {
  organization: { sanctions: sanctionsList('organization'), accounts: accountsList('organization'), assetSeizures: seizuresList('organization') },
  person: { sanctions: sanctionsList('person'), accounts: accountsList('person'), assetSeizures: seizuresList('person') },
};

export interface FinancialTotals {
  designatedMembers: number;
  designations: number;
  accountsFrozen: number;
  frozenValueUsd: number;
  assetSeizures: number;
  seizedValueUsd: number;
}

const EMPTY: FinancialTotals = { designatedMembers: 0, designations: 0, accountsFrozen: 0, frozenValueUsd: 0, assetSeizures: 0, seizedValueUsd: 0 };

/**
 * Designations, frozen accounts and seizures grouped by organization or person (or all), one
 * statement each, over what the caller may see. `holders`: for each party asked, the ids whose
 * records it totals (a person's own and those of the persons merged into it; each record names one).
 */
async function totals(db: ScopedDatabase, party: Party, holders: ReadonlyMap<string, readonly string[]> | null, period: Period): Promise<Map<string, FinancialTotals>> {
  const columns = PARTY_COLUMN[party];
  const statement = (table: string, column: string, timeColumn: string, select: string) => {
    const params: unknown[] = [];
    const bind = binder(params);
    const conditions = [...(holders ? [`${column} = ANY(${bind([...holders.values()].flat())})`] : []), ...periodConditions(bind, timeColumn, period)];
    const gathered = holders ? ` ${gatheredJoin(holders, column, (values) => `${bind(values)}::text[]`)}` : '';
    const group = holders ? GATHERED_PARENT : `'all'::text`;
    return db.query(`SELECT ${group} AS parent, ${select} FROM ${table}${gathered} ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''} GROUP BY 1`, params) as Promise<Record<string, string>[]>;
  };
  // A person merged from several counts once as a designated person.
  const designated = party === 'person' ? `count(DISTINCT ${GATHERED_PARENT})` : 'count(DISTINCT person_id)';
  const [designations, accounts, seizures] = await Promise.all([
    statement('sanctions_designation', columns.sanctions, 'designated_at', `count(*) AS designations, ${designated} AS designated_members`),
    statement('financial_account', columns.accounts, 'frozen_at', `count(*) FILTER (WHERE status = 'FROZEN') AS frozen, coalesce(sum(frozen_value_usd) FILTER (WHERE status = 'FROZEN'), 0) AS frozen_value`),
    statement('asset_seizure', columns.seizures, 'seized_at', 'count(*) AS seizures, coalesce(sum(value_usd), 0) AS seized_value'),
  ]);
  const result = new Map<string, FinancialTotals>();
  const entry = (parent: string) => result.get(parent) ?? result.set(parent, { ...EMPTY }).get(parent)!;
  for (const row of designations) Object.assign(entry(row.parent), { designations: Number(row.designations), designatedMembers: Number(row.designated_members) });
  for (const row of accounts) Object.assign(entry(row.parent), { accountsFrozen: Number(row.frozen), frozenValueUsd: Number(row.frozen_value) });
  for (const row of seizures) Object.assign(entry(row.parent), { assetSeizures: Number(row.seizures), seizedValueUsd: Number(row.seized_value) });
  return result;
}

/** Totals per organization or person; a person's include the records of every person merged into it. */
export function summaries(loaders: LoaderRegistry, party: Party): DataLoader<MergeablePerson, FinancialTotals, string> {
  return loaders.get(`summary:${party}`, () =>
    new DataLoader<MergeablePerson, FinancialTotals, string>(async (parties) => {
      const byParty = await totals(loaders.db, party, new Map(parties.map((p) => [p.id, recordHolders(p)])), {});
      return parties.map((p) => byParty.get(p.id) ?? EMPTY);
    }, { cacheKeyFn: (p) => recordHolders(p).join(',') }),
  );
}

export async function briefingSection(db: ScopedDatabase, scope: BriefingScope): Promise<FinancialTotals> {
  const byGroup = await totals(db, 'organization', scope.organizationId ? new Map([[scope.organizationId, [scope.organizationId]]]) : null, scope);
  return [...byGroup.values()][0] ?? EMPTY;
}

export const entities = { SanctionsDesignation, FinancialAccount, AssetSeizure, SuspiciousActivityReport };
