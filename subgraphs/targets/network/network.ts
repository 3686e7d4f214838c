import { Directive, Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { UUID } from '../../../lib/graphql/scalars';
import { MembershipRole } from '../membership/membership';
import { AssociationKind } from '../association/association';
import { SelectorKind } from '../../../lib/selectors/normalize';
import '../../../lib/selectors/input';
import { BETWEENNESS_SAMPLE, EXACT_BETWEENNESS_LIMIT, NODE_LIMIT } from './limits';

export enum TargetKind {
  ORGANIZATION = 'ORGANIZATION',
  PERSON = 'PERSON',
  SELECTOR = 'SELECTOR',
}
registerEnumType(TargetKind, { name: 'TargetKind', description: 'What a network node is; SELECTOR: a phone, vehicle, address, document or account that persons or organizations were seen using.' });

export enum NetworkEdgeKind {
  MEMBERSHIP = 'MEMBERSHIP',
  ASSOCIATION = 'ASSOCIATION',
  AFFILIATION = 'AFFILIATION',
  USES_SELECTOR = 'USES_SELECTOR',
}
registerEnumType(NetworkEdgeKind, { name: 'NetworkEdgeKind', description: 'MEMBERSHIP: person to organization; ASSOCIATION: person to person; AFFILIATION: a cell to its parent organization; USES_SELECTOR: a person or organization to a selector it was seen using.' });

/** The kinds of tie a network view or path may cross. */
export enum NetworkTie {
  MEMBERSHIP = 'MEMBERSHIP',
  ASSOCIATION = 'ASSOCIATION',
  AFFILIATION = 'AFFILIATION',
  SELECTOR = 'SELECTOR',
}
registerEnumType(NetworkTie, { name: 'NetworkTie', description: 'MEMBERSHIP, ASSOCIATION, AFFILIATION, or SELECTOR: two persons or organizations seen using one selector (each selector a node, two hops between them).' });

@ObjectType({ description: 'A person or organization in a network view, with its place in that network.' })
export class NetworkNode {
  @Field(() => UUID)
  id!: string;

  @Field(() => TargetKind)
  kind!: TargetKind;

  @Field({ description: 'For a selector, its display form.' })
  name!: string;

  @Field(() => SelectorKind, { nullable: true, description: 'For SELECTOR nodes: what the selector is.' })
  selectorKind?: SelectorKind | null;

  @Field(() => Int, { description: 'Hops from the root (passing through an organization counts as one hop between its members).' })
  distance!: number;

  @Field(() => Int, { description: 'Edges of this node within the returned network.' })
  degree!: number;

  @Field(() => Float, { description: 'Normalised betweenness centrality within the returned network (0 to 1): how much of the network connects through this node.' })
  betweenness!: number;
}

@ObjectType()
export class NetworkEdge {
  @Field(() => UUID)
  source!: string;

  @Field(() => UUID)
  target!: string;

  @Field(() => NetworkEdgeKind)
  kind!: NetworkEdgeKind;

  @Field(() => MembershipRole, { nullable: true, description: 'For MEMBERSHIP edges.' })
  role!: MembershipRole | null;

  @Field(() => AssociationKind, { nullable: true, description: 'For ASSOCIATION edges.' })
  associationKind!: AssociationKind | null;
}

@ObjectType({ description: 'Who connects to whom around a target, within a number of hops.' })
export class Network {
  @Field(() => UUID)
  rootId!: string;

  @Field(() => Int)
  depth!: number;

  // Demand control counts a view as large as it may grow: the node limit, and twice as many edges
  // (a depth-2 view of the benchmark's largest organization has some 1,400 nodes and 2,900 edges).
  @Field(() => [NetworkNode])
  @Directive(`@listSize(assumedSize: ${NODE_LIMIT})`)
  nodes!: NetworkNode[];

  @Field(() => [NetworkEdge])
  @Directive(`@listSize(assumedSize: ${2 * NODE_LIMIT})`)
  edges!: NetworkEdge[];

  @Field({ description: 'True when the network was cut at the node limit; narrow the depth to see all of it.' })
  truncated!: boolean;

  @Field({ description: `True when the nodes' betweenness is an estimate: above ${EXACT_BETWEENNESS_LIMIT} nodes it is computed from ${BETWEENNESS_SAMPLE} sampled source nodes (Brandes–Pich) rather than all of them. The ranking of the most central nodes is stable; small values are approximate.` })
  betweennessEstimated!: boolean;
}

@ObjectType({ description: 'The shortest chain of memberships and associations between two targets.' })
export class TargetPath {
  @Field()
  found!: boolean;

  @Field(() => Int, { nullable: true, description: 'Number of edges in the chain.' })
  length!: number | null;

  @Field(() => [NetworkNode], { description: 'From the first target to the second, in order.' })
  nodes!: NetworkNode[];

  @Field(() => [NetworkEdge], { description: 'nodes[i] to nodes[i+1].' })
  edges!: NetworkEdge[];
}
