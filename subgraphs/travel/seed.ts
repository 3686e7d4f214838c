import { DataSource } from 'typeorm';
import { bulkInsert } from '../../lib/database/bulk-insert';
import { recordedTwice } from '../../lib/seed/spellings';
import { generateRegistry, SEED_PERIOD } from '../../lib/seed/registry';
import { Random } from '../../lib/seed/random';
import { PORTS_OF_ENTRY } from '../../lib/seed/vocabulary';
import { TravelRestrictionStatus, TravelRestrictionType } from './restriction/restriction';
import { Conveyance, CrossingDirection } from './crossing/crossing';
import { generateSelectorSeed } from '../../lib/seed/selectors';
import { keepSomeToOwners, seedHandling } from '../../lib/handling/seed-labels';
import { withSeededReview } from '../../lib/retention/seed-review';

const REASONS: Record<TravelRestrictionType, string> = {
  VISA_REVOCATION: 'Reason to believe the holder is engaged in drug trafficking (INA 212(a)(2)(C))',
  BORDER_CROSSING_CARD_REVOCATION: 'Card used to facilitate smuggling',
  TRUSTED_TRAVELER_REVOCATION: 'Derogatory information from a partner agency',
  LOOKOUT: 'Subject of an active investigation: refer to secondary inspection',
  ENTRY_BAN: 'Inadmissible after conviction for alien smuggling',
};

/** Restrictions on members of the registry's organizations, and their crossings of the ports of entry. */
export async function seedTravel(db: DataSource, scale: number): Promise<void> {
  const registry = generateRegistry(scale);
  const random = new Random(`travel:${scale}`);
  const likely = registry.memberships.filter((m) => ['LEADER', 'COORDINATOR', 'SMUGGLER', 'DRIVER', 'GUIDE'].includes(m.role));
  const restrictions = Array.from({ length: 150 * scale }, () => {
    const member = random.pick(likely);
    const type = random.pick(Object.values(TravelRestrictionType));
    const issuedAt = random.date(SEED_PERIOD.from, SEED_PERIOD.to);
    const lifted = random.chance(0.2);
    const agency = type === TravelRestrictionType.VISA_REVOCATION ? 'STATE' : 'CBP';
    const expiresAt = random.chance(0.3) ? new Date(issuedAt.getTime() + random.int(90, 1500) * 86_400_000) : null;
    return {
      id: random.uuid(), type, status: lifted ? TravelRestrictionStatus.LIFTED : TravelRestrictionStatus.ACTIVE, issued_at: issuedAt, expires_at: expiresAt,
      issuing_agency: agency, reason: REASONS[type], person_id: member.personId, organization_id: member.organizationId,
      lifted_at: lifted ? random.date(issuedAt, SEED_PERIOD.to) : null, lift_reason: lifted ? 'Information withdrawn by the requesting agency' : null,
      provenance_agency: agency, provenance_recorded_by: 'seed',
      ...seedHandling(random, ['CBP', 'STATE'], agency === 'STATE' ? 'Visa Office, Bureau of Consular Affairs' : 'National Targeting Center watch officer', { pointer: 0.2 }),
    };
  });
  const crossings = Array.from({ length: 600 * scale }, () => ({
    id: random.uuid(), port: random.pick(PORTS_OF_ENTRY), crossed_at: random.date(SEED_PERIOD.from, SEED_PERIOD.to),
    direction: random.pick(Object.values(CrossingDirection)), conveyance: random.pick(Object.values(Conveyance)),
    person_id: random.pick(registry.memberships).personId, provenance_agency: 'CBP', provenance_recorded_by: 'seed',
    ...seedHandling(random, ['CBP'], 'CBP Office of Field Operations', {}),
  }));
  // Load vehicles crossing at a port before CBP impounds them (lib/seed/selectors.ts).
  const planned = generateSelectorSeed(scale).crossings;
  const named: Record<string, unknown>[] = planned.map((c) => ({
    id: c.id, port: c.port, crossed_at: c.crossedAt, direction: CrossingDirection.INBOUND, conveyance: Conveyance.PRIVATE_VEHICLE, person_id: c.personId,
    provenance_agency: 'CBP', provenance_recorded_by: 'seed', handling_releasable_to: ['ALL_DOMESTIC'],
  }));
  const selectorRows = planned.flatMap((c) => c.selectors.map((s) => ({ crossing_id: c.id, selector_id: s.id, kind: s.kind, value: s.value, display: s.display, role: s.role })));
  // The man the registry holds twice crossed under the spelling CBP recorded (lib/seed/spellings.ts).
  const twice = new Random(`travel-recorded-twice:${scale}`);
  named.push({
    id: twice.uuid(), port: PORTS_OF_ENTRY[0], crossed_at: twice.date(SEED_PERIOD.from, SEED_PERIOD.to), direction: CrossingDirection.INBOUND, conveyance: Conveyance.PRIVATE_VEHICLE,
    person_id: recordedTwice(registry).variant.id, provenance_agency: 'CBP', provenance_recorded_by: 'seed', handling_releasable_to: ['ALL_DOMESTIC'],
  });
  await db.transaction(async (tx) => {
    // Lookouts for a subject who must not learn of them, kept to the issuing agency; crossings of subjects under watch, likewise CBP's.
    await bulkInsert(tx, 'travel_restriction', withSeededReview(keepSomeToOwners(restrictions, (r) => [String(r.issuing_agency)], { restricted: { every: 19, from: 11 } }), 'issued_at'));
    await bulkInsert(tx, 'border_crossing', withSeededReview(keepSomeToOwners(crossings, () => ['CBP'], { pointer: { every: 37, from: 5 }, restricted: { every: 41, from: 20 } }), 'crossed_at'));
    await bulkInsert(tx, 'border_crossing', withSeededReview(named, 'crossed_at'));
    await bulkInsert(tx, 'border_crossing_selector', selectorRows);
  });
}
