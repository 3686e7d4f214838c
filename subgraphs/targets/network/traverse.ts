import type { ScopedDatabase } from '../../../lib/database/scoped-database';
import { notFound } from '../../../lib/graphql/errors';
import { betweenness, buildGraph } from './graph';
import { Random } from '../../../lib/seed/random';
import { BETWEENNESS_SAMPLE, EXACT_BETWEENNESS_LIMIT, NODE_LIMIT } from './limits';
import { Network, NetworkEdge, NetworkEdgeKind, NetworkNode, NetworkTie, TargetKind, TargetPath } from './network';
import type { SelectorKind } from '../../../lib/selectors/normalize';
import { MembershipRole } from '../membership/membership';
import { AssociationKind } from '../association/association';

/** Lower case without accents, so that "Álvarez" sorts with "alvarez". */
const sortKey = (name: string) => name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

interface MembershipRow { person_id: string; organization_id: string; role: MembershipRole }
interface AssociationRow { id: string; person_id: string; associate_id: string; kind: AssociationKind }

async function targetOf(db: ScopedDatabase, id: string): Promise<{ kind: TargetKind; name: string; selector_kind: SelectorKind | null }> {
  // A selector is a target too once someone the caller may see was seen using it (the link decides, as everywhere).
  const rows = await db.query(
    `SELECT 'ORGANIZATION' AS kind, name, NULL AS selector_kind FROM organization WHERE id = $1 UNION ALL SELECT 'PERSON', name, NULL FROM person WHERE id = $1
     UNION ALL SELECT 'SELECTOR', display, kind FROM selector s WHERE id = $1 AND EXISTS (SELECT 1 FROM selector_link l WHERE l.selector_id = s.id)`, [id]);
  if (!rows.length) throw notFound(`The registry has no organization, person or selector in use with id ${id}.`);
  return rows[0];
}
const kindOf = async (db: ScopedDatabase, id: string): Promise<TargetKind> => (await targetOf(db, id)).kind;

// The traversal's statements carry the names of what they reach, so a network needs no name lookups after.
const membershipsOfPersons = (db: ScopedDatabase, ids: string[]): Promise<(MembershipRow & { organization_name: string })[]> =>
  db.query(`SELECT m.person_id, m.organization_id, m.role, o.name AS organization_name
              FROM membership m JOIN organization o ON o.id = m.organization_id WHERE m.person_id = ANY($1)`, [ids]);
const membershipsOfOrganizations = (db: ScopedDatabase, ids: string[]): Promise<(MembershipRow & { person_name: string })[]> =>
  db.query(`SELECT m.person_id, m.organization_id, m.role, p.name AS person_name
              FROM membership m JOIN person p ON p.id = m.person_id WHERE m.organization_id = ANY($1)`, [ids]);
const associationsOf = (db: ScopedDatabase, ids: string[]): Promise<(AssociationRow & { person_name: string; associate_name: string })[]> =>
  db.query(`SELECT a.id, a.person_id, a.associate_id, a.kind, p.name AS person_name, q.name AS associate_name
              FROM association a JOIN person p ON p.id = a.person_id JOIN person q ON q.id = a.associate_id
             WHERE a.person_id = ANY($1) OR a.associate_id = ANY($1)`, [ids]);

interface SelectorLinkRow { selector_id: string; person_id: string | null; organization_id: string | null; kind: SelectorKind; display: string; subject_name: string }
/**
 * Who uses which selectors, for persons, organizations or selectors: only links released to the
 * caller whose person or organization it may see (row security on selector_link), one row per pair.
 */
const selectorLinksOf = (db: ScopedDatabase, column: 'person_id' | 'organization_id' | 'selector_id', ids: string[]): Promise<SelectorLinkRow[]> =>
  selectorLinksAround(db, { [column]: ids });
/** The links of a frontier in one statement (a statement is a round trip: the request's queries share one connection), split by the caller. */
const selectorLinksAround = (db: ScopedDatabase, frontier: Partial<Record<'person_id' | 'organization_id' | 'selector_id', string[]>>): Promise<SelectorLinkRow[]> => {
  const parts = Object.entries(frontier).filter(([, ids]) => ids.length);
  if (!parts.length) return Promise.resolve([]);
  return db.query(`SELECT DISTINCT l.selector_id, l.person_id, l.organization_id, s.kind, s.display, coalesce(p.name, o.name) AS subject_name
                     FROM selector_link l JOIN selector s ON s.id = l.selector_id
                     LEFT JOIN person p ON p.id = l.person_id LEFT JOIN organization o ON o.id = l.organization_id
                    WHERE ${parts.map(([column], i) => `l.${column} = ANY($${i + 1})`).join(' OR ')}`, parts.map(([, ids]) => ids));
};
const subjectOf = (l: { person_id: string | null; organization_id: string | null }) => (l.person_id ?? l.organization_id)!;
const selectorEdge = (l: { person_id: string | null; organization_id: string | null; selector_id: string }): NetworkEdge =>
  ({ source: subjectOf(l), target: l.selector_id, kind: NetworkEdgeKind.USES_SELECTOR, role: null, associationKind: null });

/**
 * Ties a view crosses unless told otherwise: all of them, shared selectors included, since "who else
 * uses this phone" is the tie a task force looks for first; `via` narrows it.
 */
export const DEFAULT_TIES = [NetworkTie.MEMBERSHIP, NetworkTie.ASSOCIATION, NetworkTie.AFFILIATION, NetworkTie.SELECTOR];

const membershipEdge = (m: MembershipRow): NetworkEdge => ({ source: m.person_id, target: m.organization_id, kind: NetworkEdgeKind.MEMBERSHIP, role: m.role, associationKind: null });
const associationEdge = (a: AssociationRow): NetworkEdge => ({ source: a.person_id, target: a.associate_id, kind: NetworkEdgeKind.ASSOCIATION, role: null, associationKind: a.kind });
const affiliationEdge = (child: string, parent: string): NetworkEdge => ({ source: child, target: parent, kind: NetworkEdgeKind.AFFILIATION, role: null, associationKind: null });

/**
 * The network within `depth` hops of a root. A hop goes from a person to an associate, or to
 * the other members of an organization they belong to (the organization sits on that hop).
 * A few statements per hop, whatever the size of the network. Edges and names are gathered on the
 * way: every organization reached has all its memberships read, every expanded person all its
 * associations; only associations between persons of the last hop are read at the end.
 */
export async function networkAround(db: ScopedDatabase, rootId: string, depth: number, via: ReadonlySet<NetworkTie> = new Set(DEFAULT_TIES)): Promise<Network> {
  const persons = new Map<string, number>();
  const organizations = new Map<string, number>();
  const names = new Map<string, string>();
  const memberships: MembershipRow[] = [];
  const associations = new Map<string, AssociationRow>();
  const expanded = new Set<string>();
  const selectors = new Map<string, number>();
  const selectorKinds = new Map<string, SelectorKind>();
  const [byMembership, byAssociation, byAffiliation, bySelector] = [NetworkTie.MEMBERSHIP, NetworkTie.ASSOCIATION, NetworkTie.AFFILIATION, NetworkTie.SELECTOR].map((tie) => via.has(tie));
  let truncated = false;
  const size = () => persons.size + organizations.size + selectors.size;
  const reach = (map: Map<string, number>, id: string, distance: number): boolean => {
    if (map.has(id)) return false;
    if (size() >= NODE_LIMIT) {
      truncated = true;
      return false;
    }
    map.set(id, distance);
    return true;
  };
  const readMembers = async (organizationIds: string[]) => {
    if (!byMembership || !organizationIds.length) return [];
    const rows = await membershipsOfOrganizations(db, organizationIds);
    for (const m of rows) names.set(m.person_id, m.person_name);
    memberships.push(...rows);
    return rows;
  };

  const noteSelectors = (rows: SelectorLinkRow[]) => {
    for (const l of rows) {
      names.set(l.selector_id, l.display);
      selectorKinds.set(l.selector_id, l.kind);
      names.set(subjectOf(l), l.subject_name);
    }
  };
  let frontier: string[] = [];
  let frontierSelectors: string[] = [];
  let frontierOrganizations: string[] = [];
  let distance = 0;
  const root = await targetOf(db, rootId);
  names.set(rootId, root.name);
  if (root.kind === TargetKind.PERSON) {
    persons.set(rootId, 0);
    frontier = [rootId];
  } else if (root.kind === TargetKind.SELECTOR) {
    selectors.set(rootId, 0);
    selectorKinds.set(rootId, root.selector_kind!);
    if (bySelector) frontierSelectors = [rootId];
  } else {
    organizations.set(rootId, 0);
    distance = 1;
    // An organization's members and the selectors it uses itself are one hop away.
    const [members, used] = await Promise.all([readMembers([rootId]), bySelector ? selectorLinksOf(db, 'organization_id', [rootId]) : []]);
    for (const id of members.map((m) => m.person_id).sort()) if (reach(persons, id, 1)) frontier.push(id);
    noteSelectors(used);
    for (const id of used.map((l) => l.selector_id).sort()) if (reach(selectors, id, 1)) frontierSelectors.push(id);
  }
  while (distance < depth && (frontier.length || frontierSelectors.length || frontierOrganizations.length) && !truncated) {
    const next: string[] = [];
    for (const id of frontier) expanded.add(id);
    const [ofPersons, around, links] = await Promise.all([
      byMembership && frontier.length ? membershipsOfPersons(db, frontier) : [],
      byAssociation && frontier.length ? associationsOf(db, frontier) : [],
      bySelector ? selectorLinksAround(db, { person_id: frontier, organization_id: frontierOrganizations, selector_id: frontierSelectors }) : [],
    ]);
    const [inPersons, inOrganizations, inSelectors] = [new Set(frontier), new Set(frontierOrganizations), new Set(frontierSelectors)];
    const usedByPersons = links.filter((l) => l.person_id && inPersons.has(l.person_id));
    const usedByOrganizations = links.filter((l) => l.organization_id && inOrganizations.has(l.organization_id));
    const users = links.filter((l) => inSelectors.has(l.selector_id));
    noteSelectors([...usedByPersons, ...usedByOrganizations, ...users]);
    for (const m of ofPersons) names.set(m.organization_id, m.organization_name);
    for (const a of around) {
      names.set(a.person_id, a.person_name);
      names.set(a.associate_id, a.associate_name);
      associations.set(a.id, a);
    }
    const newOrganizations = [...ofPersons.map((m) => m.organization_id), ...users.flatMap((l) => (l.organization_id ? [l.organization_id] : [])).sort()]
      .filter((id) => reach(organizations, id, distance + 1));
    const coMembers = await readMembers(newOrganizations);
    // Co-members first, then associates, then co-users of a selector, each in id order: when the node
    // limit cuts a hop, the same network comes back whatever order the database returned rows in.
    for (const id of [...coMembers.map((m) => m.person_id).sort(), ...around.flatMap((a) => [a.person_id, a.associate_id]).sort(), ...users.flatMap((l) => (l.person_id ? [l.person_id] : [])).sort()]) {
      if (reach(persons, id, distance + 1)) next.push(id);
    }
    const nextSelectors = [...new Set([...usedByPersons, ...usedByOrganizations].map((l) => l.selector_id))].sort().filter((id) => reach(selectors, id, distance + 1));
    frontier = next;
    frontierSelectors = nextSelectors;
    frontierOrganizations = newOrganizations;
    distance += 1;
  }

  const lastHop = [...persons.keys()].filter((id) => !expanded.has(id));
  const organizationIds = [...organizations.keys()];
  const selectorIds = [...selectors.keys()];
  const [among, affiliations, uses] = await Promise.all([
    byAssociation && lastHop.length > 1
      ? db.query(`SELECT id, person_id, associate_id, kind FROM association WHERE person_id = ANY($1) AND associate_id = ANY($1)`, [lastHop]) as Promise<AssociationRow[]>
      : [],
    byAffiliation ? db.query(`SELECT id, parent_id FROM organization WHERE id = ANY($1) AND parent_id = ANY($1)`, [organizationIds]) as Promise<{ id: string; parent_id: string }[]> : [],
    // Every use of a selector in the view by a node of it, including the last hop's (one statement).
    selectorIds.length
      ? db.query(`SELECT DISTINCT selector_id, person_id, organization_id FROM selector_link
                   WHERE selector_id = ANY($1) AND (person_id = ANY($2) OR organization_id = ANY($3))`, [selectorIds, [...persons.keys()], organizationIds]) as Promise<{ selector_id: string; person_id: string | null; organization_id: string | null }[]>
      : [],
  ]);
  for (const a of among) associations.set(a.id, a);
  const edges = [
    ...memberships.filter((m) => persons.has(m.person_id) && organizations.has(m.organization_id)).map(membershipEdge),
    ...[...associations.values()].filter((a) => persons.has(a.person_id) && persons.has(a.associate_id)).map(associationEdge),
    ...affiliations.map((o) => affiliationEdge(o.id, o.parent_id)),
    ...uses.map(selectorEdge),
  ];
  const nodes = [
    ...[...organizations].map(([id, at]) => ({ id, kind: TargetKind.ORGANIZATION, name: names.get(id) ?? '', distance: at })),
    ...[...persons].map(([id, at]) => ({ id, kind: TargetKind.PERSON, name: names.get(id) ?? '', distance: at })),
    ...[...selectors].map(([id, at]) => ({ id, kind: TargetKind.SELECTOR, selectorKind: selectorKinds.get(id) ?? null, name: names.get(id) ?? '', distance: at })),
  ];
  const betweennessEstimated = nodes.length > EXACT_BETWEENNESS_LIMIT;
  return { rootId, depth, truncated, betweennessEstimated, nodes: withCentrality(nodes, edges, betweennessEstimated ? rootId : null), edges };
}

/** With `sampleSeed`, betweenness is estimated from BETWEENNESS_SAMPLE sources drawn by a generator seeded with it (the same network gives the same figures). */
function withCentrality(nodes: Omit<NetworkNode, 'degree' | 'betweenness'>[], edges: NetworkEdge[], sampleSeed: string | null): NetworkNode[] {
  const ids = nodes.map((n) => n.id);
  const graph = buildGraph(ids, edges.map((e) => [e.source, e.target]));
  const central = betweenness(graph, sampleSeed ? new Random(sampleSeed).sample(ids, BETWEENNESS_SAMPLE) : undefined);
  // Ties (most leaves share distance and a betweenness of 0) fall back to the name, compared as a
  // folded key computed once: a collator compare per tie cost several ms on 2,000 nodes.
  return nodes
    .map((n) => ({ ...n, degree: graph.adjacency.get(n.id)!.size, betweenness: Math.round(central.get(n.id)! * 1e6) / 1e6, key: sortKey(n.name) }))
    .sort((a, b) => a.distance - b.distance || b.betweenness - a.betweenness || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ key: _key, ...node }) => node);
}

/**
 * Breadth-first from both targets' side is not needed at these depths: one level at a time from
 * `fromId`, remembering how each node was reached, until `toId` appears.
 */
export async function shortestPath(db: ScopedDatabase, fromId: string, toId: string, maxDepth: number, via: ReadonlySet<NetworkTie> = new Set(DEFAULT_TIES)): Promise<TargetPath> {
  const [byMembership, byAssociation, byAffiliation, bySelector] = [NetworkTie.MEMBERSHIP, NetworkTie.ASSOCIATION, NetworkTie.AFFILIATION, NetworkTie.SELECTOR].map((tie) => via.has(tie));
  const selectorKinds = new Map<string, SelectorKind>();
  const kinds = new Map<string, TargetKind>([[fromId, await kindOf(db, fromId)], [toId, await kindOf(db, toId)]]);
  const reachedBy = new Map<string, { from: string; edge: NetworkEdge } | null>([[fromId, null]]);
  let frontier = [fromId];
  for (let level = 0; level < maxDepth && frontier.length && !reachedBy.has(toId); level++) {
    const persons = frontier.filter((id) => kinds.get(id) === TargetKind.PERSON);
    const organizations = frontier.filter((id) => kinds.get(id) === TargetKind.ORGANIZATION);
    const selectors = frontier.filter((id) => kinds.get(id) === TargetKind.SELECTOR);
    const [ofPersons, ofOrganizations, associations, relatives, links] = await Promise.all([
      byMembership && persons.length ? membershipsOfPersons(db, persons) : [],
      byMembership && organizations.length ? membershipsOfOrganizations(db, organizations) : [],
      byAssociation && persons.length ? associationsOf(db, persons) : [],
      // Both ends of an affiliation must be visible: the join, under row security, drops ties to a hidden parent.
      byAffiliation && organizations.length ? (db.query(`SELECT o.id, o.parent_id FROM organization o JOIN organization parent ON parent.id = o.parent_id
                                          WHERE o.id = ANY($1) OR o.parent_id = ANY($1)`, [organizations]) as Promise<{ id: string; parent_id: string | null }[]>) : [],
      bySelector ? selectorLinksAround(db, { person_id: persons, organization_id: organizations, selector_id: selectors }) : [],
    ]);
    const next: string[] = [];
    const visit = (from: string, to: string, kind: TargetKind, edge: NetworkEdge) => {
      if (reachedBy.has(to)) return;
      reachedBy.set(to, { from, edge });
      kinds.set(to, kind);
      next.push(to);
    };
    const inFrontier = new Set(frontier);
    for (const m of ofPersons) if (inFrontier.has(m.person_id)) visit(m.person_id, m.organization_id, TargetKind.ORGANIZATION, membershipEdge(m));
    for (const m of ofOrganizations) if (inFrontier.has(m.organization_id)) visit(m.organization_id, m.person_id, TargetKind.PERSON, membershipEdge(m));
    for (const a of associations) {
      if (inFrontier.has(a.person_id)) visit(a.person_id, a.associate_id, TargetKind.PERSON, associationEdge(a));
      if (inFrontier.has(a.associate_id)) visit(a.associate_id, a.person_id, TargetKind.PERSON, associationEdge(a));
    }
    for (const o of relatives) {
      if (!o.parent_id) continue;
      if (inFrontier.has(o.id)) visit(o.id, o.parent_id, TargetKind.ORGANIZATION, affiliationEdge(o.id, o.parent_id));
      if (inFrontier.has(o.parent_id)) visit(o.parent_id, o.id, TargetKind.ORGANIZATION, affiliationEdge(o.id, o.parent_id));
    }
    for (const l of links) selectorKinds.set(l.selector_id, l.kind);
    for (const l of links) if (inFrontier.has(subjectOf(l))) visit(subjectOf(l), l.selector_id, TargetKind.SELECTOR, selectorEdge(l));
    for (const l of links) if (inFrontier.has(l.selector_id)) visit(l.selector_id, subjectOf(l), l.person_id ? TargetKind.PERSON : TargetKind.ORGANIZATION, selectorEdge(l));
    frontier = next;
  }
  if (!reachedBy.has(toId)) return { found: false, length: null, nodes: [], edges: [] };

  const chain: string[] = [toId];
  const edges: NetworkEdge[] = [];
  for (let step = reachedBy.get(toId); step; step = reachedBy.get(step.from)) {
    chain.unshift(step.from);
    edges.unshift(step.edge);
  }
  const names: { id: string; name: string }[] = await db.query(
    `SELECT id, name FROM person WHERE id = ANY($1) UNION ALL SELECT id, name FROM organization WHERE id = ANY($1)
     UNION ALL SELECT id, display FROM selector WHERE id = ANY($2)`, [chain, chain.filter((id) => kinds.get(id) === TargetKind.SELECTOR)]);
  const nameOf = new Map(names.map((n) => [n.id, n.name]));
  const graph = buildGraph(chain, edges.map((e) => [e.source, e.target]));
  const nodes = chain.map((id, distance) => ({
    id, kind: kinds.get(id)!, selectorKind: selectorKinds.get(id) ?? null, name: nameOf.get(id) ?? '', distance,
    degree: graph.adjacency.get(id)!.size, betweenness: 0,
  }));
  return { found: true, length: edges.length, nodes, edges };
}
