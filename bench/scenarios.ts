import { CanonicalOperation, operationDocument } from '../operations';
import { generateRegistry, Registry } from '../lib/seed/registry';
import type { LoadRequest } from './load';
import { generateSelectorSeed } from '../lib/seed/selectors';
import { recordedTwice } from '../lib/seed/spellings';
import { RegisteredOperation } from '../operations';

export interface Scenario {
  name: string;
  /** Who sends it: writes need an agency that may write interdictions and travel restrictions. */
  agency: string;
  /** Each load connection cycles through these bodies. */
  bodies: string[];
  /** Read scenarios are also measured with a single client (latency targets). */
  read: boolean;
  /** Measured on every gateway (ours and the peers), in alternating rounds. */
  peers?: boolean;
  /** Its plan's fetches are also timed one at a time, and replayed without a gateway (the floor). */
  floor?: boolean;
}

const RECORD_INTERDICTION = `mutation BenchRecordInterdiction($input: RecordInterdictionInput!) {
  recordInterdiction(input: $input) { interdiction { id } }
}`;
const ISSUE_TRAVEL_RESTRICTION = `mutation BenchIssueTravelRestriction($input: IssueTravelRestrictionInput!) {
  issueTravelRestriction(input: $input) { restriction { id } }
}`;

/**
 * A document that fans out over many organizations, as a partner's script asks: a page of priority
 * organizations, each with its members, each member with a short list from every agency.
 */
const FAN_OUT = `query BenchFanOut {
  organizations(first: 10) {
    edges { node { id name kind threatLevel
      members(first: 25) { totalCount edges { node { role person { id name nationality
        cases(first: 3) { totalCount edges { node { id caseNumber status } } }
        interdictions(first: 3) { totalCount edges { node { id occurredAt type } } }
        sanctions(first: 3) { totalCount edges { node { id program } } }
        travelRestrictions(first: 3) { totalCount edges { node { id type status } } }
      } } } }
    } }
  }
}`;

/** The network view of the canonical Network operation, with the kinds of tie to cross as a variable. */
const NETWORK_VIA = `query BenchNetworkVia($rootId: UUID!, $depth: Int = 2, $via: [NetworkTie!]) {
  network(rootId: $rootId, depth: $depth, via: $via) {
    rootId depth truncated betweennessEstimated
    nodes { id kind selectorKind name distance degree betweenness }
    edges { source target kind role associationKind }
  }
}`;

/** Entity resolution as an analyst opens it from a person: the candidates with their reasons. */
const POSSIBLE_MATCHES = `query BenchPossibleMatches($id: UUID!) {
  possibleMatches(personId: $id, first: 10) { score reasons { evidence detail } person { id name dateOfBirth nationality } }
}`;

/** The man the seed records twice (both of his records), then persons of the registry taken across it. */
function matchedPersons(registry: Registry, count: number): string[] {
  const twice = recordedTwice(registry);
  const step = Math.max(1, Math.floor(registry.persons.length / count));
  return [...new Set([twice.original.id, twice.variant.id, ...registry.persons.filter((_, i) => i % step === 0).map((p) => p.id)])].slice(0, count);
}

/** Seeded selectors as analysts type them: phones with spaces and dashes, plates in lower case with a separator, addresses in lower case. */
export function selectorSpellings(scale: number, count: number): Record<string, unknown>[] {
  const seed = generateSelectorSeed(scale);
  const selectors = [...new Map([...seed.links.map((l) => l.selector), ...seed.interdictions.flatMap((i) => i.selectors)].map((s) => [s.id, s])).values()];
  return selectors.slice(0, count).map((s, i) => {
    if (s.kind === 'PHONE') return { kind: 'PHONE', value: i % 2 ? s.display : s.value.replace(/^\+52(\d{3})(\d{3})(\d{4})$/, '+52 ($1) $2-$3') };
    if (s.kind === 'VEHICLE') {
      const [, jurisdiction, plate] = s.value.split(':');
      return { kind: 'VEHICLE', value: `${plate.slice(0, 3).toLowerCase()}-${plate.slice(3)}`, jurisdiction: jurisdiction.toLowerCase() };
    }
    return { kind: s.kind, value: s.display.toLowerCase() };
  });
}

function registered(name: RegisteredOperation, variables: Record<string, unknown>): string {
  return JSON.stringify({ query: operationDocument(name), operationName: name, variables });
}

function canonical(name: CanonicalOperation, variables: Record<string, unknown>): string {
  return JSON.stringify({ query: operationDocument(name), operationName: name, variables });
}

/** The organization with the most members: the heaviest dossier. */
export function largestOrganization(registry: Registry): string {
  const members = new Map<string, number>();
  for (const m of registry.memberships) members.set(m.organizationId, (members.get(m.organizationId) ?? 0) + 1);
  return [...members.entries()].sort((a, b) => b[1] - a[1])[0][0];
}

/** Names as an analyst mistypes them: a dropped letter, two letters swapped, accents left off, lower case. */
export function misspellings(registry: Registry, count: number): string[] {
  const names = registry.persons.slice(0, count).map((p) => p.name);
  return names.map((name, i) => {
    const plain = name.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    const at = 2 + (i % Math.max(1, plain.length - 4));
    switch (i % 3) {
      case 0: return plain.slice(0, at) + plain.slice(at + 1);
      case 1: return plain.slice(0, at) + plain[at + 1] + plain[at] + plain.slice(at + 2);
      default: return plain.toLowerCase();
    }
  });
}

/** The organization with the fewest members (not `busy`), and one of its members who is not in `busy`. */
function quietTarget(registry: Registry, busy: string): { organization: string; person: string } {
  const members = new Map<string, string[]>();
  for (const m of registry.memberships) members.set(m.organizationId, [...(members.get(m.organizationId) ?? []), m.personId]);
  const inBusy = new Set(members.get(busy) ?? []);
  const [organization, persons] = [...members.entries()].filter(([id]) => id !== busy).sort((a, b) => a[1].length - b[1].length)[0];
  return { organization, person: persons.find((p) => !inBusy.has(p)) ?? persons[0] };
}

export function scenarios(scale: number): Scenario[] {
  const registry = generateRegistry(scale);
  const organizationId = largestOrganization(registry);
  const leader = registry.memberships.find((m) => m.organizationId === organizationId && m.role === 'LEADER') ?? registry.memberships[0];
  // Writes go to the organization with the fewest members, and to a person outside the largest one,
  // so that repeated runs on the same databases do not keep growing what the read scenarios read.
  const { organization: writtenOrganization, person } = quietTarget(registry, organizationId);
  const writes = Array.from({ length: 10 }, (_, i) => i % 2 === 0
    ? JSON.stringify({ query: RECORD_INTERDICTION, operationName: 'BenchRecordInterdiction', variables: { input: {
      occurredAt: '2026-09-01T10:00:00Z', type: 'SEIZURE', sector: 'Yuma', station: 'Wellton', location: { latitude: 32.7 + i / 100, longitude: -114.1 },
      organizationId: writtenOrganization, seizures: [{ category: 'CURRENCY', quantity: 5000 * (i + 1), unit: 'USD', estimatedValueUsd: 5000 * (i + 1) }],
    } } })
    : JSON.stringify({ query: ISSUE_TRAVEL_RESTRICTION, operationName: 'BenchIssueTravelRestriction', variables: { input: { type: 'LOOKOUT', personId: person, organizationId: writtenOrganization, reason: 'Benchmark: subject of an open smuggling investigation' } } }));
  return [
    { name: 'TargetDossier', agency: 'HSI', read: true, peers: true, floor: true, bodies: [canonical('TargetDossier', { id: organizationId })] },
    { name: 'FanOut', agency: 'HSI', read: false, peers: true, bodies: [JSON.stringify({ query: FAN_OUT, operationName: 'BenchFanOut' })] },
    { name: 'SearchTargets', agency: 'HSI', read: true, bodies: misspellings(registry, 12).map((text) => canonical('SearchTargets', { text })) },
    // Registry ties only, as the issue's figure (149 ms before selectors existed) was taken; NetworkWithSelectors below adds them.
    { name: 'Network', agency: 'HSI', read: true, bodies: [canonical('Network', { rootId: leader.personId, depth: 2, via: ['MEMBERSHIP', 'ASSOCIATION', 'AFFILIATION'] })] },
    { name: 'WeeklyBriefing', agency: 'HSI', read: true, bodies: [canonical('WeeklyBriefing', { from: '2026-01-05T00:00:00Z', to: '2026-01-12T00:00:00Z' })] },
    { name: 'Writes', agency: 'CBP', read: false, bodies: writes },
    { name: 'SelectorLookup', agency: 'HSI', read: true, floor: true, bodies: selectorSpellings(scale, 24).map((variables) => registered('SelectorHoldings', variables)) },
    { name: 'PossibleMatches', agency: 'HSI', read: true, bodies: matchedPersons(registry, 12).map((id) => JSON.stringify({ query: POSSIBLE_MATCHES, operationName: 'BenchPossibleMatches', variables: { id } })) },
    // The same view with and without selectors, from a cell member who shares burner phones.
    { name: 'NetworkWithoutSelectors', agency: 'HSI', read: true, bodies: [JSON.stringify({ query: NETWORK_VIA, operationName: 'BenchNetworkVia', variables: { rootId: cellMember(scale), depth: 2, via: ['MEMBERSHIP', 'ASSOCIATION', 'AFFILIATION'] } })] },
    { name: 'NetworkWithSelectors', agency: 'HSI', read: true, bodies: [JSON.stringify({ query: NETWORK_VIA, operationName: 'BenchNetworkVia', variables: { rootId: cellMember(scale), depth: 2, via: ['MEMBERSHIP', 'ASSOCIATION', 'AFFILIATION', 'SELECTOR'] } })] },
  ];
}

/** A person seen using a burner phone with others of the cell (an open link), the root of the selector network scenarios. */
function cellMember(scale: number): string {
  const link = generateSelectorSeed(scale).links.find((l) => l.personId && !l.restricted && l.selector.kind === 'PHONE' && l.agency === 'DEA');
  return link!.personId!;
}

export function loadRequests(scenario: Scenario, token: string): LoadRequest[] {
  return scenario.bodies.map((body) => ({ body, headers: { authorization: `Bearer ${token}` } }));
}
