import { DataSource } from 'typeorm';
import { bulkInsert } from '../../lib/database/bulk-insert';
import { generateRegistry, SEED_PERIOD } from '../../lib/seed/registry';
import { Random } from '../../lib/seed/random';
import { SECTORS } from '../../lib/seed/vocabulary';
import { keepSomeToOwners, seedHandling } from '../../lib/handling/seed-labels';
import { InterdictionType, SeizureCategory } from './interdiction/interdiction';
import { withSeededReview } from '../../lib/retention/seed-review';
import { recordedTwice } from '../../lib/seed/spellings';
import { generateSelectorSeed } from '../../lib/seed/selectors';

const INTERDICTIONS_PER_SCALE = 1200;
const TYPES: InterdictionType[] = [InterdictionType.APPREHENSION, InterdictionType.APPREHENSION, InterdictionType.APPREHENSION, InterdictionType.SEIZURE, InterdictionType.SEIZURE, InterdictionType.STASH_HOUSE_RAID, InterdictionType.VEHICLE_IMPOUND, InterdictionType.CHECKPOINT_STOP];
const SEIZED: Record<SeizureCategory, { unit: string; quantity: [number, number]; valuePerUnit: number; description: string[] }> = {
  NARCOTICS: { unit: 'kg', quantity: [1, 400], valuePerUnit: 22_000, description: ['methamphetamine', 'fentanyl powder', 'cocaine', 'marijuana bales', 'fentanyl pills'] },
  WEAPONS: { unit: 'units', quantity: [1, 30], valuePerUnit: 1_200, description: ['rifles', 'pistols', 'ammunition cases'] },
  CURRENCY: { unit: 'USD', quantity: [5_000, 900_000], valuePerUnit: 1, description: ['bulk cash in a hidden compartment', 'bundled bills'] },
  VEHICLE: { unit: 'units', quantity: [1, 3], valuePerUnit: 28_000, description: ['pickup truck', 'tractor-trailer', 'SUV with trap compartment'] },
  OTHER: { unit: 'units', quantity: [1, 50], valuePerUnit: 300, description: ['phones', 'radios', 'ladders'] },
};

/** CBP's interdictions over several years and every southwest sector, most tied to an organization and its members. */
export async function seedInterdictions(db: DataSource, scale: number): Promise<void> {
  const registry = generateRegistry(scale);
  const random = new Random(`interdictions:${scale}`);
  const membersOf = new Map<string, string[]>();
  for (const m of registry.memberships) membersOf.set(m.organizationId, [...(membersOf.get(m.organizationId) ?? []), m.personId]);
  // Bigger organizations show up in more interdictions.
  const weighted = registry.organizations.flatMap((o) => Array(Math.ceil((membersOf.get(o.id)?.length ?? 1) / 8)).fill(o.id) as string[]);

  const interdictions: Record<string, unknown>[] = [];
  const seizures: Record<string, unknown>[] = [];
  const subjects: Record<string, unknown>[] = [];
  for (let i = 0; i < INTERDICTIONS_PER_SCALE * scale; i++) {
    const id = random.uuid();
    const type = random.pick(TYPES);
    const sector = random.pick(SECTORS);
    const organizationId = random.chance(0.8) ? random.pick(weighted) : null;
    interdictions.push({
      id,
      occurred_at: random.date(SEED_PERIOD.from, SEED_PERIOD.to),
      type,
      sector: sector.name,
      station: random.pick(sector.stations),
      latitude: +(sector.latitude + (random.next() - 0.5) * 0.6).toFixed(5),
      longitude: +(sector.longitude + (random.next() - 0.5) * 0.6).toFixed(5),
      migrants_encountered: type === InterdictionType.APPREHENSION || type === InterdictionType.STASH_HOUSE_RAID ? random.int(1, 40) : 0,
      organization_id: organizationId,
      provenance_agency: 'CBP',
      provenance_recorded_by: 'seed',
      ...seedHandling(random, ['CBP', 'HSI'], `USBP ${sector.name} Sector intelligence officer`, { foreign: 0.75, pointer: 0.05 }),
    });
    const categories: SeizureCategory[] =
      type === InterdictionType.SEIZURE || type === InterdictionType.CHECKPOINT_STOP ? random.sample(Object.values(SeizureCategory), random.int(1, 2))
        : type === InterdictionType.VEHICLE_IMPOUND ? [SeizureCategory.VEHICLE]
          : type === InterdictionType.STASH_HOUSE_RAID && random.chance(0.6) ? [SeizureCategory.CURRENCY, SeizureCategory.WEAPONS] : [];
    for (const category of categories) {
      const spec = SEIZED[category];
      const quantity = random.int(spec.quantity[0], spec.quantity[1]);
      seizures.push({ id: random.uuid(), interdiction_id: id, category, quantity, unit: spec.unit, estimated_value_usd: quantity * spec.valuePerUnit, description: random.pick(spec.description) });
    }
    const pool = organizationId ? membersOf.get(organizationId)! : [];
    for (const personId of random.sample(pool, random.int(0, Math.min(3, pool.length)))) {
      subjects.push({ interdiction_id: id, person_id: personId });
    }
  }
  // The interdictions that name selectors (lib/seed/selectors.ts): phones seized, load vehicles impounded, stash houses raided twice.
  const selectorRows: Record<string, unknown>[] = [];
  const named: Record<string, unknown>[] = [];
  for (const planned of generateSelectorSeed(scale).interdictions) {
    named.push({
      id: planned.id, occurred_at: planned.occurredAt, type: planned.type, sector: planned.sector.name, station: planned.sector.stations[0],
      latitude: planned.location?.latitude ?? planned.sector.latitude, longitude: planned.location?.longitude ?? planned.sector.longitude, migrants_encountered: 0, organization_id: planned.organizationId,
      provenance_agency: 'CBP', provenance_recorded_by: 'seed', handling_releasable_to: ['ALL_DOMESTIC'],
    });
    if (planned.type === 'VEHICLE_IMPOUND') seizures.push({ id: random.uuid(), interdiction_id: planned.id, category: SeizureCategory.VEHICLE, quantity: 1, unit: 'units', estimated_value_usd: 28_000, description: 'load vehicle' });
    for (const personId of planned.subjects) subjects.push({ interdiction_id: planned.id, person_id: personId });
    for (const s of planned.selectors) selectorRows.push({ interdiction_id: planned.id, selector_id: s.id, kind: s.kind, value: s.value, display: s.display, role: s.role });
  }
  // The man the registry holds twice was apprehended under the spelling CBP recorded (lib/seed/spellings.ts).
  const { variant } = recordedTwice(registry);
  const twice = new Random(`interdictions-recorded-twice:${scale}`);
  const apprehension = twice.uuid();
  const sector = SECTORS[0];
  named.push({
    id: apprehension, occurred_at: twice.date(SEED_PERIOD.from, SEED_PERIOD.to), type: InterdictionType.APPREHENSION, sector: sector.name, station: sector.stations[0],
    latitude: sector.latitude, longitude: sector.longitude, migrants_encountered: 1, organization_id: null,
    provenance_agency: 'CBP', provenance_recorded_by: 'seed', handling_releasable_to: ['ALL_DOMESTIC'],
  });
  subjects.push({ interdiction_id: apprehension, person_id: variant.id });
  await db.transaction(async (tx) => {
    // A few CBP keeps to itself and HSI (informant-driven stops): RESTRICTED.
    const labelled = keepSomeToOwners(interdictions, () => ['CBP', 'HSI'], { restricted: { every: 97, from: 41 } });
    await bulkInsert(tx, 'interdiction', withSeededReview(labelled, 'occurred_at'));
    await bulkInsert(tx, 'interdiction', withSeededReview(named, 'occurred_at'));
    await bulkInsert(tx, 'seizure', seizures);
    await bulkInsert(tx, 'interdiction_subject', subjects);
    await bulkInsert(tx, 'interdiction_selector', selectorRows);
  });
}
