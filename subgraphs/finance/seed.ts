import { DataSource } from 'typeorm';
import { accountSelector } from './selector/selector';
import { bulkInsert } from '../../lib/database/bulk-insert';
import { generateRegistry, SEED_PERIOD } from '../../lib/seed/registry';
import { Random } from '../../lib/seed/random';
import { AccountStatus } from './account/account';
import { AssetType } from './asset-seizure/asset-seizure';
import { keepSomeToOwners, seedHandling } from '../../lib/handling/seed-labels';
import { withSeededReview } from '../../lib/retention/seed-review';

const PROGRAMS = [{ program: 'SDNTK', authority: 'Kingpin Act' }, { program: 'ILLICIT-DRUGS-EO14059', authority: 'E.O. 14059' }, { program: 'TCO', authority: 'E.O. 13581' }];
const INSTITUTIONS = [{ name: 'Banco del Norte', country: 'MEX' }, { name: 'Caja Popular Sierra', country: 'MEX' }, { name: 'Border Federal Credit Union', country: 'USA' }, { name: 'First Valley Bank', country: 'USA' }, { name: 'Banco Centroamericano', country: 'GTM' }, { name: 'Pacific Exchange House', country: 'PAN' }];
const ASSETS: Record<AssetType, string[]> = {
  REAL_ESTATE: ['ranch near the border', 'stash house', 'residence'], VEHICLE: ['armored SUV', 'tractor-trailer', 'pickup fleet'],
  BANK_FUNDS: ['funds on deposit', 'funnel account balances'], CRYPTOCURRENCY: ['USDT wallet', 'bitcoin wallet'], JEWELRY: ['gold and watches'],
  BUSINESS: ['used-car dealership', 'currency exchange house'], OTHER: ['livestock', 'aircraft'],
};

/** Treasury's actions against the registry's organizations and their leaders, financiers and facilitators. */
export async function seedFinance(db: DataSource, scale: number): Promise<void> {
  const registry = generateRegistry(scale);
  const random = new Random(`finance:${scale}`);
  const moneyPeople = registry.memberships.filter((m) => ['LEADER', 'FINANCIER', 'COORDINATOR', 'FACILITATOR'].includes(m.role));
  const anyMember = registry.memberships;
  const recorded = { provenance_agency: 'TREASURY', provenance_recorded_by: 'seed' };

  const designations = Array.from({ length: 40 * scale }, (_, i) => {
    const program = random.pick(PROGRAMS);
    const ofOrganization = i % 8 === 0;
    const member = random.pick(moneyPeople);
    return {
      id: random.uuid(), program: program.program, list_entry_id: `${program.program}-${String(10000 + i)}`,
      designated_at: random.date(SEED_PERIOD.from, SEED_PERIOD.to), authority: program.authority,
      basis: ofOrganization ? 'Significant foreign narcotics trafficker organization' : 'Provides material support to a designated transnational criminal organization',
      person_id: ofOrganization ? null : member.personId, organization_id: member.organizationId, ...recorded,
      // Designations are published: released to every partner.
      ...seedHandling(random, ['TREASURY'], 'OFAC designations officer', { foreign: 1 }),
    };
  });
  const accounts = Array.from({ length: 80 * scale }, (_, i) => {
    const member = random.chance(0.6) ? random.pick(moneyPeople) : random.pick(anyMember);
    const institution = random.pick(INSTITUTIONS);
    const frozen = random.chance(0.4);
    const maskedNumber = `****${String(random.int(0, 9999)).padStart(4, '0')}`;
    return {
      id: random.uuid(), institution: institution.name, country: institution.country, masked_number: maskedNumber,
      selector_id: accountSelector(institution.name, maskedNumber)?.id ?? null,
      status: frozen ? AccountStatus.FROZEN : random.chance(0.15) ? AccountStatus.CLOSED : AccountStatus.ACTIVE,
      frozen_value_usd: frozen ? random.int(10_000, 5_000_000) : null, frozen_at: frozen ? random.date(SEED_PERIOD.from, SEED_PERIOD.to) : null,
      holder_id: i % 10 === 0 ? null : member.personId, organization_id: member.organizationId, ...recorded,
      ...seedHandling(random, ['TREASURY', 'HSI', 'FBI'], 'FinCEN liaison', { pointer: 0.3 }),
    };
  });
  const seizures = Array.from({ length: 60 * scale }, () => {
    const member = random.pick(moneyPeople);
    const assetType = random.pick(Object.values(AssetType));
    return {
      id: random.uuid(), seized_at: random.date(SEED_PERIOD.from, SEED_PERIOD.to), asset_type: assetType, description: random.pick(ASSETS[assetType]),
      value_usd: random.int(5_000, 3_000_000), authority: '18 U.S.C. § 981 civil forfeiture', person_id: random.chance(0.8) ? member.personId : null,
      organization_id: member.organizationId, ...recorded,
      ...seedHandling(random, ['TREASURY'], 'Treasury Executive Office for Asset Forfeiture', {}),
    };
  });
  const reports = accounts.filter((_, i) => i % 3 === 0).map((account) => ({
    id: random.uuid(), account_id: account.id, filed_at: random.date(SEED_PERIOD.from, SEED_PERIOD.to), filing_institution: account.institution,
    amount_usd: random.int(10_000, 2_000_000), activity: random.pick(['structuring below reporting thresholds', 'funnel account deposits', 'rapid cross-border wires', 'trade-based laundering']),
  }));
  await db.transaction(async (tx) => {
    // Designations still being prepared are not published: kept to Treasury until they are.
    await bulkInsert(tx, 'sanctions_designation', withSeededReview(keepSomeToOwners(designations, () => ['TREASURY'], { pointer: { every: 9, from: 4 }, restricted: { every: 13, from: 7 } }), 'designated_at'));
    // An account is recorded when it is frozen, or when it was first reported (its first SAR's date is not known here: the designation period's start).
    await bulkInsert(tx, 'financial_account', withSeededReview(keepSomeToOwners(accounts, () => ['TREASURY'], { restricted: { every: 17, from: 5 } }).map((a) => ({ ...a, known_at: a.frozen_at ?? SEED_PERIOD.from })), 'known_at').map(({ known_at: _knownAt, ...a }) => a));
    // Seizures pending a forfeiture complaint: whom to ask (POINTER), or nothing yet (RESTRICTED).
    await bulkInsert(tx, 'asset_seizure', withSeededReview(keepSomeToOwners(seizures, () => ['TREASURY'], { pointer: { every: 11, from: 3 }, restricted: { every: 13, from: 9 } }), 'seized_at'));
    await bulkInsert(tx, 'suspicious_activity_report', reports);
  });
}
