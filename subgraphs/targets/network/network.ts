import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { UUID } from '../../../lib/graphql/scalars';
import { MembershipRole } from '../membership/membership';
import { AssociationKind } from '../association/association';
import { BETWEENNESS_SAMPLE, EXACT_BETWEENNESS_LIMIT } from './limits';

export enum TargetKind {
  ORGANIZATION = 'ORGANIZATION',
  PERSON = 'PERSON',
}
registerEnumType(TargetKind, { name: 'TargetKind' });

export enum NetworkEdgeKind {
  MEMBERSHIP = 'MEMBERSHIP',
  ASSOCIATION = 'ASSOCIATION',
  AFFILIATION = 'AFFILIATION',
}
registerEnumType(NetworkEdgeKind, { name: 'NetworkEdgeKind', description: 'MEMBERSHIP: person to organization; ASSOCIATION: person to person; AFFILIATION: a cell to its parent organization.' });

@ObjectType({ description: 'A person or organization in a network view, with its place in that network.' })
export class NetworkNode {
  @Field(() => UUID)
  id!: string;

  @Field(() => TargetKind)
  kind!: TargetKind;

  @Field()
  name!: string;

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

  @Field(() => [NetworkNode])
  nodes!: NetworkNode[];

  @Field(() => [NetworkEdge])
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
