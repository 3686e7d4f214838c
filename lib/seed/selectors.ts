import { generateRegistry, SEED_PERIOD } from './registry';
import { Random } from './random';
import { PORTS_OF_ENTRY, SECTORS } from './vocabulary';
import { normalizeAddress, normalizePhone, normalizePlate, selectorId, NormalizedSelector } from '../selectors/normalize';
import type { RecordSelector } from '../selectors/federated';

/**
 * The selectors of the demo data set, the same at every run and scale-proportional, and what each
 * agency holds on them, drawn from a generator of their own so that nothing else in the seed moves:
 * - each cell's members share burner phones (DEA saw them in use; CBP seized one of them; the HSI
 *   cases naming those members record the phones);
 * - a load vehicle crosses at a port and is impounded months later, with its driver;
 * - stash-house addresses are raided twice, at the house, and HSI placed the house when it tied the
 *   operator to it;
 * - two organizations with no member in common are tied only through a phone both use.
 * Every subgraph's seed takes its part from `generateSelectorSeed(scale)`.
 */
export interface SeedLink {
  id: string;
  selector: RecordSelector;
  personId: string | null;
  organizationId: string | null;
  agency: string;
  firstSeen: Date;
  lastSeen: Date;
  restricted: boolean;
  /** An address's place, as the agency put it. */
  location?: Place;
}

export interface Place {
  latitude: number;
  longitude: number;
}

export interface SeedInterdiction {
  id: string;
  occurredAt: Date;
  type: 'SEIZURE' | 'VEHICLE_IMPOUND' | 'STASH_HOUSE_RAID';
  sector: (typeof SECTORS)[number];
  organizationId: string;
  subjects: string[];
  selectors: RecordSelector[];
  /** Where it happened, when not somewhere in its sector: a raid is at the house. */
  location?: Place;
}

export interface SeedCrossing {
  id: string;
  personId: string;
  port: string;
  crossedAt: Date;
  selectors: RecordSelector[];
}

export interface SelectorSeed {
  links: SeedLink[];
  interdictions: SeedInterdiction[];
  /** Phones of persons, for the cases that name them as subjects. */
  subjectPhones: { personId: string; selectors: RecordSelector[] }[];
  crossings: SeedCrossing[];
}

const cache = new Map<number, SelectorSeed>();
const DAY = 86_400_000;
const LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';
const STREETS = ['Calle Obregón', 'Avenida Álvaro Obregón', 'Calle Elías', 'North Grand Avenue', 'West Calle Sonora', 'East 12th Street', 'Calle Pesqueira', 'South Morley Avenue'];
const TOWNS = ['Nogales, Sonora', 'Nogales, AZ', 'San Luis Río Colorado, Sonora', 'Douglas, AZ', 'Agua Prieta, Sonora', 'Tucson, AZ'];
const TOWN_PLACES: Record<(typeof TOWNS)[number], Place> = {
  'Nogales, Sonora': { latitude: 31.3086, longitude: -110.9422 }, 'Nogales, AZ': { latitude: 31.3404, longitude: -110.9343 },
  'San Luis Río Colorado, Sonora': { latitude: 32.4561, longitude: -114.7719 }, 'Douglas, AZ': { latitude: 31.3445, longitude: -109.5453 },
  'Agua Prieta, Sonora': { latitude: 31.3276, longitude: -109.5487 }, 'Tucson, AZ': { latitude: 32.2226, longitude: -110.9747 },
};
const nearestSector = (place: Place) => [...SECTORS].sort((a, b) =>
  Math.hypot(a.latitude - place.latitude, a.longitude - place.longitude) - Math.hypot(b.latitude - place.latitude, b.longitude - place.longitude))[0];

export function generateSelectorSeed(scale: number): SelectorSeed {
  const cached = cache.get(scale);
  if (cached) return cached;
  const registry = generateRegistry(scale);
  const random = new Random(`selectors:${scale}`);
  // Places and the links that carry them draw from their own generator, so no other seeded value moves.
  const placing = new Random(`selector-places:${scale}`);
  const membersOf = new Map<string, { personId: string; role: string }[]>();
  for (const m of registry.memberships) membersOf.set(m.organizationId, [...(membersOf.get(m.organizationId) ?? []), { personId: m.personId, role: m.role }]);
  const used = new Set<string>();
  const fresh = (make: () => NormalizedSelector, role: string): RecordSelector => {
    for (;;) {
      try {
        const selector = make();
        const id = selectorId(selector);
        if (used.has(id)) continue;
        used.add(id);
        return { ...selector, id, role };
      } catch {
        // a drawn number that is not a valid one: draw again
      }
    }
  };
  const digits = (n: number) => Array.from({ length: n }, () => random.int(0, 9)).join('');
  const burner = () => fresh(() => normalizePhone(`+52 662 ${digits(3)} ${digits(4)}`, 'phone'), 'PHONE');
  const plate = () => random.chance(0.5)
    ? fresh(() => normalizePlate(`${Array.from({ length: 3 }, () => random.pick([...LETTERS])).join('')}${digits(4)}`, 'AZ', 'plate'), 'VEHICLE')
    : fresh(() => normalizePlate(`${Array.from({ length: 3 }, () => random.pick([...LETTERS])).join('')}${digits(3)}${random.pick([...LETTERS])}`, 'MX-SON', 'plate'), 'VEHICLE');
  const stashHouse = () => {
    let town: (typeof TOWNS)[number] = TOWNS[0];
    const house = fresh(() => normalizeAddress(`${random.int(100, 4999)} ${random.pick(STREETS)}, ${(town = random.pick(TOWNS))}`, 'address'), 'STASH_HOUSE');
    const center = TOWN_PLACES[town];
    const location = { latitude: +(center.latitude + (placing.next() - 0.5) * 0.03).toFixed(5), longitude: +(center.longitude + (placing.next() - 0.5) * 0.03).toFixed(5) };
    return { house, location };
  };
  const during = () => random.date(SEED_PERIOD.from, new Date(SEED_PERIOD.to.getTime() - 240 * DAY));

  const seed: SelectorSeed = { links: [], interdictions: [], subjectPhones: [], crossings: [] };
  // Appended after the others, so that the handling given to links by position stays as it was.
  const placedLinks: SeedLink[] = [];
  const link = (selector: RecordSelector, subject: { personId?: string; organizationId?: string }, agency: string, firstSeen: Date) => {
    seed.links.push({
      id: random.uuid(), selector, personId: subject.personId ?? null, organizationId: subject.organizationId ?? null, agency,
      firstSeen, lastSeen: new Date(firstSeen.getTime() + random.int(10, 200) * DAY), restricted: random.chance(0.1),
    });
  };

  for (const organization of registry.organizations) {
    const members = membersOf.get(organization.id) ?? [];
    if (members.length < 3) continue;
    if (organization.kind === 'CELL') {
      // Burner phones passed around the cell.
      for (let p = 0; p < 2; p++) {
        const phone = burner();
        const sharing = random.sample(members, Math.min(members.length, random.int(3, 4)));
        const since = during();
        for (const m of sharing) link(phone, { personId: m.personId }, 'DEA', since);
        seed.subjectPhones.push(...sharing.map((m) => ({ personId: m.personId, selectors: [phone] })));
        if (p === 0) {
          seed.interdictions.push({
            id: random.uuid(), occurredAt: new Date(since.getTime() + random.int(30, 200) * DAY), type: 'SEIZURE', sector: random.pick(SECTORS),
            organizationId: organization.id, subjects: [sharing[0].personId], selectors: [{ ...phone, role: 'PHONE_SEIZED' }],
          });
        }
      }
    } else {
      // A load vehicle: it crosses at a port, months later it is impounded with its driver.
      const driver = members.find((m) => m.role === 'DRIVER') ?? members[members.length - 1];
      const vehicle = plate();
      const crossedAt = during();
      seed.crossings.push({ id: random.uuid(), personId: driver.personId, port: random.pick(PORTS_OF_ENTRY), crossedAt, selectors: [{ ...vehicle, role: 'CONVEYANCE' }] });
      seed.interdictions.push({
        id: random.uuid(), occurredAt: new Date(crossedAt.getTime() + random.int(60, 220) * DAY), type: 'VEHICLE_IMPOUND', sector: random.pick(SECTORS),
        organizationId: organization.id, subjects: [driver.personId], selectors: [vehicle],
      });
      link(vehicle, { personId: driver.personId }, 'CBP', crossedAt);
      // A stash house raided twice, at the house; HSI had placed it when it tied the operator to it.
      const { house, location } = stashHouse();
      const operator = members.find((m) => m.role === 'STASH_HOUSE_OPERATOR') ?? members[0];
      const firstRaid = during();
      for (const at of [firstRaid, new Date(firstRaid.getTime() + random.int(90, 230) * DAY)]) {
        random.pick(SECTORS); // drawn as before, so that the values drawn after it stay where they were
        seed.interdictions.push({
          id: random.uuid(), occurredAt: at, type: 'STASH_HOUSE_RAID', sector: nearestSector(location), organizationId: organization.id,
          subjects: [operator.personId], selectors: [house], location,
        });
      }
      const placedAt = new Date(firstRaid.getTime() - placing.int(20, 90) * DAY);
      placedLinks.push({
        id: placing.uuid(), selector: house, personId: operator.personId, organizationId: null, agency: 'HSI',
        firstSeen: placedAt, lastSeen: new Date(firstRaid.getTime() - DAY), restricted: placing.chance(0.1), location,
      });
    }
  }

  // Per scale unit, two organizations with no member in common that share one line.
  const memberSets = new Map([...membersOf].map(([id, ms]) => [id, new Set(ms.map((m) => m.personId))]));
  const independent = registry.organizations.filter((o) => !o.parentId && o.kind !== 'CELL');
  for (let unit = 0; unit < scale; unit++) {
    const pool = independent.slice(unit * 4, unit * 4 + 8);
    for (let a = 0; a < pool.length; a++) {
      const b = pool.slice(a + 1).find((o) => ![...(memberSets.get(pool[a].id) ?? [])].some((p) => memberSets.get(o.id)?.has(p)));
      if (!b) continue;
      const line = burner();
      const since = during();
      link(line, { organizationId: pool[a].id }, 'HSI', since);
      link(line, { organizationId: b.id }, 'DEA', since);
      break;
    }
  }
  seed.links.push(...placedLinks);
  cache.set(scale, seed);
  return seed;
}
