import { Random } from './random';
import { FIRST_NAMES, NATIONALITIES, NICKNAMES, ORGANIZATION_ALIASES, ORGANIZATION_NAMES, REGIONS, SURNAMES } from './vocabulary';

export const ROLES = ['LEADER', 'COORDINATOR', 'RECRUITER', 'SMUGGLER', 'DRIVER', 'STASH_HOUSE_OPERATOR', 'GUIDE', 'LOOKOUT', 'FINANCIER', 'FACILITATOR'] as const;
export type Role = (typeof ROLES)[number];
export const ORGANIZATION_KINDS = ['CARTEL', 'SMUGGLING_NETWORK', 'CELL', 'MONEY_LAUNDERING_NETWORK', 'GANG'] as const;
export const THREAT_LEVELS = ['LOW', 'MODERATE', 'HIGH', 'CRITICAL'] as const;
export const ASSOCIATION_KINDS = ['FAMILY', 'ASSOCIATE', 'CO_DEFENDANT', 'EMPLOYER'] as const;

export interface SeedOrganization {
  id: string;
  name: string;
  aliases: string[];
  kind: (typeof ORGANIZATION_KINDS)[number];
  priorityRank: number | null;
  threatLevel: (typeof THREAT_LEVELS)[number];
  regions: string[];
  parentId: string | null;
}

export interface SeedPerson {
  id: string;
  name: string;
  aliases: string[];
  dateOfBirth: string;
  nationality: string;
}

export interface SeedMembership {
  id: string;
  personId: string;
  organizationId: string;
  role: Role;
  since: string;
  until: string | null;
}

export interface SeedAssociation {
  id: string;
  personId: string;
  associateId: string;
  kind: (typeof ASSOCIATION_KINDS)[number];
}

export interface Registry {
  scale: number;
  organizations: SeedOrganization[];
  persons: SeedPerson[];
  memberships: SeedMembership[];
  associations: SeedAssociation[];
  /** Registry records an agency keeps to itself (POINTER or RESTRICTED); no other agency's seed names them. */
  confidential: ConfidentialRegistry;
}

/** Labels of a registry record kept from the rest of the task force. */
export interface SeedLabels {
  owner: string;
  sensitivity: 'POINTER' | 'RESTRICTED';
  controlOfficial: string;
}

export interface ConfidentialRegistry {
  organizations: (SeedOrganization & { labels: SeedLabels })[];
  persons: (SeedPerson & { labels: SeedLabels })[];
  memberships: (SeedMembership & { labels: SeedLabels })[];
  associations: (SeedAssociation & { labels: SeedLabels })[];
}

/** The period every agency's synthetic records fall in. */
export const SEED_PERIOD = { from: new Date('2021-01-01T00:00:00Z'), to: new Date('2026-11-01T00:00:00Z') };

const ORGS_PER_SCALE = 8;
const cache = new Map<number, Registry>();

/**
 * The task force's registry at a given scale: organizations in hierarchies (a cartel with cells
 * and affiliates), members in every role, associates shared across organizations. Every agency's
 * seed builds on the same registry, so their records name persons and organizations that exist.
 */
export function generateRegistry(scale: number): Registry {
  const cached = cache.get(scale);
  if (cached) return cached;
  const random = new Random(`registry:${scale}`);
  const organizations: SeedOrganization[] = [];
  const persons: SeedPerson[] = [];
  const memberships: SeedMembership[] = [];
  const associations: SeedAssociation[] = [];
  const orgCount = ORGS_PER_SCALE * scale;

  const newPerson = (): SeedPerson => {
    const first = random.pick(FIRST_NAMES);
    const surname = random.pick(SURNAMES);
    const second = random.pick(SURNAMES);
    const name = `${first} ${surname} ${second}`;
    const aliases = [random.pick(NICKNAMES)];
    if (random.chance(0.5)) aliases.push(stripAccents(`${first} ${surname}`));
    if (random.chance(0.3)) aliases.push(`${first.slice(0, 1)}. ${surname}`);
    const person: SeedPerson = {
      id: random.uuid(),
      name,
      aliases,
      dateOfBirth: random.date(new Date('1958-01-01'), new Date('2004-12-31')).toISOString().slice(0, 10),
      nationality: random.pick(NATIONALITIES),
    };
    persons.push(person);
    return person;
  };

  for (let i = 0; i < orgCount; i++) {
    const base = i % ORGANIZATION_NAMES.length;
    const generation = Math.floor(i / ORGANIZATION_NAMES.length);
    // Every fourth organization is a cell or affiliate of the one before it.
    const parent = i % 4 === 3 ? organizations[i - 1] : null;
    organizations.push({
      id: random.uuid(),
      name: generation === 0 ? ORGANIZATION_NAMES[base] : `${ORGANIZATION_NAMES[base]} ${roman(generation + 1)}`,
      aliases: [ORGANIZATION_ALIASES[base], ...(random.chance(0.4) ? [stripAccents(ORGANIZATION_NAMES[base])] : [])],
      kind: parent ? 'CELL' : random.pick(ORGANIZATION_KINDS.filter((k) => k !== 'CELL')),
      priorityRank: i < orgCount / 2 ? i + 1 : null,
      threatLevel: random.pick(THREAT_LEVELS),
      regions: random.sample(REGIONS, random.int(1, 3)),
      parentId: parent?.id ?? null,
    });
  }

  const memberKeys = new Set<string>();
  for (const [i, organization] of organizations.entries()) {
    // A few large organizations, many small ones.
    const size = i % ORGS_PER_SCALE === 0 ? random.int(90, 120) : random.int(8, 35);
    for (let m = 0; m < size; m++) {
      // One member in eight already belongs to another organization (a shared facilitator).
      const person = m > 0 && persons.length > 50 && random.chance(0.12) ? random.pick(persons) : newPerson();
      if (memberKeys.has(`${person.id}:${organization.id}`)) continue;
      memberKeys.add(`${person.id}:${organization.id}`);
      const role: Role = m === 0 ? 'LEADER' : m < 3 ? 'COORDINATOR' : random.pick(ROLES.slice(1));
      const since = random.date(new Date('2012-01-01'), new Date('2024-01-01'));
      memberships.push({
        id: random.uuid(),
        personId: person.id,
        organizationId: organization.id,
        role,
        since: since.toISOString().slice(0, 10),
        until: random.chance(0.1) ? random.date(since, SEED_PERIOD.to).toISOString().slice(0, 10) : null,
      });
    }
  }

  const leaderOf = new Map(memberships.filter((m) => m.role === 'LEADER').map((m) => [m.organizationId, m.personId]));
  // Leaders of parent and affiliate organizations know each other.
  for (const organization of organizations) {
    if (!organization.parentId) continue;
    associations.push({ id: random.uuid(), personId: leaderOf.get(organization.parentId)!, associateId: leaderOf.get(organization.id)!, kind: 'ASSOCIATE' });
  }
  const associationCount = Math.round(persons.length * 1.2);
  for (let i = 0; i < associationCount; i++) {
    const a = random.pick(persons);
    const b = random.pick(persons);
    if (a.id === b.id) continue;
    associations.push({ id: random.uuid(), personId: a.id, associateId: b.id, kind: random.pick(ASSOCIATION_KINDS) });
  }

  const registry = { scale, organizations, persons, memberships, associations, confidential: confidentialRecords(scale, organizations, persons, memberships) };
  cache.set(scale, registry);
  return registry;
}

/**
 * What agencies keep to themselves in the registry, from a stream of its own so the shared records
 * above stay the same: persons HSI works undercover or as sources (RESTRICTED: others learn nothing,
 * HSI is told who asked), persons FBI is developing (POINTER: others see whom to ask), a network
 * DEA has found that nobody else knows (POINTER), and ties FBI has established quietly between
 * known persons (RESTRICTED). Each block of eight organizations gets its share.
 */
function confidentialRecords(scale: number, organizations: SeedOrganization[], persons: SeedPerson[], memberships: SeedMembership[]): ConfidentialRegistry {
  const random = new Random(`registry-confidential:${scale}`);
  const out: ConfidentialRegistry = { organizations: [], persons: [], memberships: [], associations: [] };
  const labels = (owner: string, sensitivity: SeedLabels['sensitivity'], controlOfficial: string): SeedLabels => ({ owner, sensitivity, controlOfficial });
  const person = (label: SeedLabels) => {
    const first = random.pick(FIRST_NAMES);
    const created = {
      id: random.uuid(), name: `${first} ${random.pick(SURNAMES)} ${random.pick(SURNAMES)}`, aliases: [random.pick(NICKNAMES)],
      dateOfBirth: random.date(new Date('1960-01-01'), new Date('2002-12-31')).toISOString().slice(0, 10), nationality: random.pick(NATIONALITIES), labels: label,
    };
    out.persons.push(created);
    return created;
  };
  const join = (personId: string, organizationId: string, role: Role, label: SeedLabels) => {
    out.memberships.push({ id: random.uuid(), personId, organizationId, role, since: random.date(new Date('2018-01-01'), new Date('2024-01-01')).toISOString().slice(0, 10), until: null, labels: label });
  };
  const memberIds = new Map<string, Set<string>>();
  for (const m of memberships) (memberIds.get(m.organizationId) ?? memberIds.set(m.organizationId, new Set()).get(m.organizationId)!).add(m.personId);
  for (let block = 0; block * ORGS_PER_SCALE < organizations.length; block++) {
    const [, second, third, fourth] = organizations.slice(block * ORGS_PER_SCALE, block * ORGS_PER_SCALE + 4);
    const undercover = labels('HSI', 'RESTRICTED', 'HSI Group Supervisor, undercover operations');
    for (let i = 0; i < 2; i++) join(person(undercover).id, second.id, random.pick(['DRIVER', 'FACILITATOR', 'FINANCIER'] as const), undercover);
    const developing = labels('FBI', 'POINTER', 'FBI Supervisory Special Agent, border corruption squad');
    for (let i = 0; i < 2; i++) join(person(developing).id, third.id, random.pick(['COORDINATOR', 'RECRUITER'] as const), developing);
    const found = labels('DEA', 'POINTER', 'DEA Group Supervisor, Tucson district office');
    const network = {
      id: random.uuid(), name: `${random.pick(SURNAMES)} Transport Network`, aliases: [], kind: 'SMUGGLING_NETWORK' as const, priorityRank: null,
      threatLevel: 'HIGH' as const, regions: random.sample(REGIONS, 1), parentId: null, labels: found,
    };
    out.organizations.push(network);
    for (let i = 0; i < 3; i++) join(person(found).id, network.id, i === 0 ? 'LEADER' : 'SMUGGLER', found);
    // A quiet tie between two members of the fourth organization that others hold as unrelated.
    const quiet = labels('FBI', 'RESTRICTED', 'FBI Supervisory Special Agent, border corruption squad');
    const members = [...(memberIds.get(fourth.id) ?? [])];
    if (members.length >= 2) {
      const [a, b] = random.sample(members, 2);
      out.associations.push({ id: random.uuid(), personId: a, associateId: b, kind: 'ASSOCIATE', labels: quiet });
    }
  }
  hiddenNetworks(scale, organizations, memberIds, out);
  return out;
}

/**
 * From a stream of its own, after the records above (which stay the same): in each block, a front
 * company HSI runs undercover (RESTRICTED, with one of its undercover persons as its facilitator),
 * and a tie DEA has found between the leader of its network and a member of the block's first
 * organization (POINTER: others see whom to ask).
 */
function hiddenNetworks(scale: number, organizations: SeedOrganization[], memberIds: Map<string, Set<string>>, out: ConfidentialRegistry): void {
  const random = new Random(`registry-hidden:${scale}`);
  const undercover = out.persons.filter((p) => p.labels.owner === 'HSI' && p.labels.sensitivity === 'RESTRICTED');
  const networks = out.organizations.filter((o) => o.labels.owner === 'DEA');
  const leaders = new Map(out.memberships.filter((m) => m.role === 'LEADER').map((m) => [m.organizationId, m.personId]));
  for (let block = 0; block * ORGS_PER_SCALE < organizations.length; block++) {
    const front = { owner: 'HSI', sensitivity: 'RESTRICTED' as const, controlOfficial: 'HSI Group Supervisor, undercover operations' };
    const company = {
      id: random.uuid(), name: `${random.pick(SURNAMES)} Logistics LLC`, aliases: [], kind: 'MONEY_LAUNDERING_NETWORK' as const, priorityRank: null,
      threatLevel: 'MODERATE' as const, regions: random.sample(REGIONS, 1), parentId: null, labels: front,
    };
    out.organizations.push(company);
    const agent = undercover[block * 2];
    if (agent) out.memberships.push({ id: random.uuid(), personId: agent.id, organizationId: company.id, role: 'FACILITATOR', since: '2024-03-01', until: null, labels: front });
    const leader = networks[block] && leaders.get(networks[block].id);
    const contact = [...(memberIds.get(organizations[block * ORGS_PER_SCALE]?.id) ?? [])][0];
    if (leader && contact) {
      out.associations.push({
        id: random.uuid(), personId: leader, associateId: contact, kind: 'ASSOCIATE',
        labels: { owner: 'DEA', sensitivity: 'POINTER', controlOfficial: 'DEA Group Supervisor, Tucson district office' },
      });
    }
  }
}

export function stripAccents(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

function roman(n: number): string {
  const numerals: [number, string][] = [[1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'], [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I']];
  let out = '';
  for (const [value, numeral] of numerals) while (n >= value) { out += numeral; n -= value; }
  return out;
}
