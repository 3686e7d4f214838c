import type { ScopedDatabase } from '../../../lib/database/scoped-database';
import { notFound } from '../../../lib/graphql/errors';
import { betweenness, buildGraph } from './graph';
import { Random } from '../../../lib/seed/random';
import { BETWEENNESS_SAMPLE, EXACT_BETWEENNESS_LIMIT, NODE_LIMIT } from './limits';
import { Network, NetworkEdge, NetworkEdgeKind, NetworkNode, TargetKind, TargetPath } from './network';
import { MembershipRole } from '../membership/membership';
import { AssociationKind } from '../association/association';

/** Lower case without accents, so that "Álvarez" sorts with "alvarez". */
const sortKey = (name: string) => name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

interface MembershipRow { person_id: string; organization_id: string; role: MembershipRole }
interface AssociationRow { id: string; person_id: string; associate_id: string; kind: AssociationKind }

async function targetOf(db: ScopedDatabase, id: string): Promise<{ kind: TargetKind; name: string }> {
  const rows = await db.query(
    `SELECT 'ORGANIZATION' AS kind, name FROM organization WHERE id = $1 UNION ALL SELECT 'PERSON', name FROM person WHERE id = $1`, [id]);
  if (!rows.length) throw notFound(`The registry has no organization or person with id ${id}.`);
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
export async function networkAround(db: ScopedDatabase, rootId: string, depth: number): Promise<Network> {
  const persons = new Map<string, number>();
  const organizations = new Map<string, number>();
  const names = new Map<string, string>();
  const memberships: MembershipRow[] = [];
  const associations = new Map<string, AssociationRow>();
  const expanded = new Set<string>();
  let truncated = false;
  const size = () => persons.size + organizations.size;
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
    const rows = await membershipsOfOrganizations(db, organizationIds);
    for (const m of rows) names.set(m.person_id, m.person_name);
    memberships.push(...rows);
    return rows;
  };

  let frontier: string[] = [];
  let distance = 0;
  const root = await targetOf(db, rootId);
  names.set(rootId, root.name);
  if (root.kind === TargetKind.PERSON) {
    persons.set(rootId, 0);
    frontier = [rootId];
  } else {
    organizations.set(rootId, 0);
    distance = 1;
    for (const id of (await readMembers([rootId])).map((m) => m.person_id).sort()) if (reach(persons, id, 1)) frontier.push(id);
  }
  while (distance < depth && frontier.length && !truncated) {
    const next: string[] = [];
    for (const id of frontier) expanded.add(id);
    const [ofPersons, around] = await Promise.all([membershipsOfPersons(db, frontier), associationsOf(db, frontier)]);
    for (const m of ofPersons) names.set(m.organization_id, m.organization_name);
    for (const a of around) {
      names.set(a.person_id, a.person_name);
      names.set(a.associate_id, a.associate_name);
      associations.set(a.id, a);
    }
    const newOrganizations = ofPersons.map((m) => m.organization_id).filter((id) => reach(organizations, id, distance + 1));
    const coMembers = newOrganizations.length ? await readMembers(newOrganizations) : [];
    // Co-members first, then associates, each in id order: when the node limit cuts a hop, the same
    // network comes back whatever order the database returned rows in.
    for (const id of [...coMembers.map((m) => m.person_id).sort(), ...around.flatMap((a) => [a.person_id, a.associate_id]).sort()]) {
      if (reach(persons, id, distance + 1)) next.push(id);
    }
    frontier = next;
    distance += 1;
  }

  const lastHop = [...persons.keys()].filter((id) => !expanded.has(id));
  const organizationIds = [...organizations.keys()];
  const [among, affiliations] = await Promise.all([
    lastHop.length > 1
      ? db.query(`SELECT id, person_id, associate_id, kind FROM association WHERE person_id = ANY($1) AND associate_id = ANY($1)`, [lastHop]) as Promise<AssociationRow[]>
      : [],
    db.query(`SELECT id, parent_id FROM organization WHERE id = ANY($1) AND parent_id = ANY($1)`, [organizationIds]) as Promise<{ id: string; parent_id: string }[]>,
  ]);
  for (const a of among) associations.set(a.id, a);
  const edges = [
    ...memberships.filter((m) => persons.has(m.person_id) && organizations.has(m.organization_id)).map(membershipEdge),
    ...[...associations.values()].filter((a) => persons.has(a.person_id) && persons.has(a.associate_id)).map(associationEdge),
    ...affiliations.map((o) => affiliationEdge(o.id, o.parent_id)),
  ];
  const nodes = [
    ...[...organizations].map(([id, at]) => ({ id, kind: TargetKind.ORGANIZATION, name: names.get(id) ?? '', distance: at })),
    ...[...persons].map(([id, at]) => ({ id, kind: TargetKind.PERSON, name: names.get(id) ?? '', distance: at })),
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
export async function shortestPath(db: ScopedDatabase, fromId: string, toId: string, maxDepth: number): Promise<TargetPath> {
  const kinds = new Map<string, TargetKind>([[fromId, await kindOf(db, fromId)], [toId, await kindOf(db, toId)]]);
  const reachedBy = new Map<string, { from: string; edge: NetworkEdge } | null>([[fromId, null]]);
  let frontier = [fromId];
  for (let level = 0; level < maxDepth && frontier.length && !reachedBy.has(toId); level++) {
    const persons = frontier.filter((id) => kinds.get(id) === TargetKind.PERSON);
    const organizations = frontier.filter((id) => kinds.get(id) === TargetKind.ORGANIZATION);
    const [ofPersons, ofOrganizations, associations, relatives] = await Promise.all([
      persons.length ? membershipsOfPersons(db, persons) : [],
      organizations.length ? membershipsOfOrganizations(db, organizations) : [],
      persons.length ? associationsOf(db, persons) : [],
      // Both ends of an affiliation must be visible: the join, under row security, drops ties to a hidden parent.
      organizations.length ? (db.query(`SELECT o.id, o.parent_id FROM organization o JOIN organization parent ON parent.id = o.parent_id
                                          WHERE o.id = ANY($1) OR o.parent_id = ANY($1)`, [organizations]) as Promise<{ id: string; parent_id: string | null }[]>) : [],
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
    `SELECT id, name FROM person WHERE id = ANY($1) UNION ALL SELECT id, name FROM organization WHERE id = ANY($1)`, [chain]);
  const nameOf = new Map(names.map((n) => [n.id, n.name]));
  const graph = buildGraph(chain, edges.map((e) => [e.source, e.target]));
  const nodes = chain.map((id, distance) => ({
    id, kind: kinds.get(id)!, name: nameOf.get(id) ?? '', distance,
    degree: graph.adjacency.get(id)!.size, betweenness: 0,
  }));
  return { found: true, length: edges.length, nodes, edges };
}
