import { DataSource } from 'typeorm';
import { notFound } from '../../../lib/graphql/errors';
import { betweenness, buildGraph } from './graph';
import { Random } from '../../../lib/seed/random';
import { BETWEENNESS_SAMPLE, EXACT_BETWEENNESS_LIMIT, NODE_LIMIT } from './limits';
import { Network, NetworkEdge, NetworkEdgeKind, NetworkNode, TargetKind, TargetPath } from './network';
import { MembershipRole } from '../membership/membership';
import { AssociationKind } from '../association/association';


/** One collator for every sort: String.prototype.localeCompare builds one per call, a few ms for 2,000 names. */
const byName = new Intl.Collator('en');

interface MembershipRow { person_id: string; organization_id: string; role: MembershipRole }
interface AssociationRow { person_id: string; associate_id: string; kind: AssociationKind }

async function kindOf(db: DataSource, id: string): Promise<TargetKind> {
  const rows = await db.query(
    `SELECT 'ORGANIZATION' AS kind FROM organization WHERE id = $1 UNION ALL SELECT 'PERSON' FROM person WHERE id = $1`, [id]);
  if (!rows.length) throw notFound(`The registry has no organization or person with id ${id}.`);
  return rows[0].kind;
}

const membershipsOfPersons = (db: DataSource, ids: string[]): Promise<MembershipRow[]> =>
  db.query(`SELECT person_id, organization_id, role FROM membership WHERE person_id = ANY($1)`, [ids]);
const membershipsOfOrganizations = (db: DataSource, ids: string[]): Promise<MembershipRow[]> =>
  db.query(`SELECT person_id, organization_id, role FROM membership WHERE organization_id = ANY($1)`, [ids]);
const associationsOf = (db: DataSource, ids: string[]): Promise<AssociationRow[]> =>
  db.query(`SELECT person_id, associate_id, kind FROM association WHERE person_id = ANY($1) OR associate_id = ANY($1)`, [ids]);

const membershipEdge = (m: MembershipRow): NetworkEdge => ({ source: m.person_id, target: m.organization_id, kind: NetworkEdgeKind.MEMBERSHIP, role: m.role, associationKind: null });
const associationEdge = (a: AssociationRow): NetworkEdge => ({ source: a.person_id, target: a.associate_id, kind: NetworkEdgeKind.ASSOCIATION, role: null, associationKind: a.kind });
const affiliationEdge = (child: string, parent: string): NetworkEdge => ({ source: child, target: parent, kind: NetworkEdgeKind.AFFILIATION, role: null, associationKind: null });

/**
 * The network within `depth` hops of a root. A hop goes from a person to an associate, or to
 * the other members of an organization they belong to (the organization sits on that hop).
 * A few statements per hop, whatever the size of the network.
 */
export async function networkAround(db: DataSource, rootId: string, depth: number): Promise<Network> {
  const persons = new Map<string, number>();
  const organizations = new Map<string, number>();
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

  let frontier: string[] = [];
  let distance = 0;
  if ((await kindOf(db, rootId)) === TargetKind.PERSON) {
    persons.set(rootId, 0);
    frontier = [rootId];
  } else {
    organizations.set(rootId, 0);
    distance = 1;
    for (const m of await membershipsOfOrganizations(db, [rootId])) if (reach(persons, m.person_id, 1)) frontier.push(m.person_id);
  }
  while (distance < depth && frontier.length && !truncated) {
    const next: string[] = [];
    const [memberships, associations] = await Promise.all([membershipsOfPersons(db, frontier), associationsOf(db, frontier)]);
    const newOrganizations = memberships.map((m) => m.organization_id).filter((id) => reach(organizations, id, distance + 1));
    const coMembers = newOrganizations.length ? await membershipsOfOrganizations(db, newOrganizations) : [];
    for (const id of [...coMembers.map((m) => m.person_id), ...associations.flatMap((a) => [a.person_id, a.associate_id])]) {
      if (reach(persons, id, distance + 1)) next.push(id);
    }
    frontier = next;
    distance += 1;
  }

  const personIds = [...persons.keys()];
  const organizationIds = [...organizations.keys()];
  const [memberships, associations, affiliations, personNames, organizationNames] = await Promise.all([
    db.query(`SELECT person_id, organization_id, role FROM membership WHERE person_id = ANY($1) AND organization_id = ANY($2)`, [personIds, organizationIds]) as Promise<MembershipRow[]>,
    db.query(`SELECT person_id, associate_id, kind FROM association WHERE person_id = ANY($1) AND associate_id = ANY($1)`, [personIds]) as Promise<AssociationRow[]>,
    db.query(`SELECT id, parent_id FROM organization WHERE id = ANY($1) AND parent_id = ANY($1)`, [organizationIds]) as Promise<{ id: string; parent_id: string }[]>,
    db.query(`SELECT id, name FROM person WHERE id = ANY($1)`, [personIds]) as Promise<{ id: string; name: string }[]>,
    db.query(`SELECT id, name FROM organization WHERE id = ANY($1)`, [organizationIds]) as Promise<{ id: string; name: string }[]>,
  ]);
  const edges = [...memberships.map(membershipEdge), ...associations.map(associationEdge), ...affiliations.map((o) => affiliationEdge(o.id, o.parent_id))];
  const nodes = [
    ...organizationNames.map((o) => ({ id: o.id, kind: TargetKind.ORGANIZATION, name: o.name, distance: organizations.get(o.id)! })),
    ...personNames.map((p) => ({ id: p.id, kind: TargetKind.PERSON, name: p.name, distance: persons.get(p.id)! })),
  ];
  const betweennessEstimated = nodes.length > EXACT_BETWEENNESS_LIMIT;
  return { rootId, depth, truncated, betweennessEstimated, nodes: withCentrality(nodes, edges, betweennessEstimated ? rootId : null), edges };
}

/** With `sampleSeed`, betweenness is estimated from BETWEENNESS_SAMPLE sources drawn by a generator seeded with it (the same network gives the same figures). */
function withCentrality(nodes: Omit<NetworkNode, 'degree' | 'betweenness'>[], edges: NetworkEdge[], sampleSeed: string | null): NetworkNode[] {
  const ids = nodes.map((n) => n.id);
  const graph = buildGraph(ids, edges.map((e) => [e.source, e.target]));
  const central = betweenness(graph, sampleSeed ? new Random(sampleSeed).sample(ids, BETWEENNESS_SAMPLE) : undefined);
  return nodes
    .map((n) => ({ ...n, degree: graph.adjacency.get(n.id)!.size, betweenness: Math.round(central.get(n.id)! * 1e6) / 1e6 }))
    .sort((a, b) => a.distance - b.distance || b.betweenness - a.betweenness || byName.compare(a.name, b.name));
}

/**
 * Breadth-first from both targets' side is not needed at these depths: one level at a time from
 * `fromId`, remembering how each node was reached, until `toId` appears.
 */
export async function shortestPath(db: DataSource, fromId: string, toId: string, maxDepth: number): Promise<TargetPath> {
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
      organizations.length ? (db.query(`SELECT id, parent_id FROM organization WHERE id = ANY($1) OR parent_id = ANY($1)`, [organizations]) as Promise<{ id: string; parent_id: string | null }[]>) : [],
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
