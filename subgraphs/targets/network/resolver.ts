import { Arg, Ctx, Directive, Int, Query, Resolver } from 'type-graphql';
import { RequiresScopes } from '../../../lib/graphql/authorization';
import { Network, NetworkTie, TargetPath } from './network';
import { DEFAULT_TIES, networkAround, shortestPath } from './traverse';
import { UUID } from '../../../lib/graphql/scalars';
import { badUserInput } from '../../../lib/graphql/errors';
import type { SubgraphContext } from '../../../lib/subgraph/context';

const MAX_NETWORK_DEPTH = 3;
const MAX_PATH_DEPTH = 6;

/**
 * What a traversal weighs in demand control, beyond the records it returns (a network's nodes count
 * as up to the node limit, its edges twice that: network.ts): it walks up to the node limit and ranks
 * every node by betweenness, whichever of its fields are asked for. With LIMIT_MAX_COST at 10,000, a
 * document holds one whole network (7,000), ten that ask for no nodes or edges, or nineteen paths.
 */
const NETWORK_COST = '@cost(weight: 1000)';
const PATH_COST = '@cost(weight: 500)';

function tiesOf(via: NetworkTie[] | null | undefined): Set<NetworkTie> {
  if (!via?.length) throw badUserInput('"via" must name at least one kind of tie (MEMBERSHIP, ASSOCIATION, AFFILIATION, SELECTOR).', 'via');
  return new Set(via);
}

@Resolver()
export class NetworkResolver {
  @RequiresScopes('targets:read')
  @Directive(NETWORK_COST)
  @Query(() => Network, { nullable: true, description: `The counter-network view: persons, organizations and the selectors they share (unless \`via\` leaves SELECTOR out) within \`depth\` hops (1 to ${MAX_NETWORK_DEPTH}) of a target (a person, an organization, or a selector someone was seen using), with each node's degree and betweenness centrality.` })
  network(
    @Arg('rootId', () => UUID) rootId: string,
    @Arg('depth', () => Int, { nullable: true, defaultValue: 2 }) depth: number,
    @Arg('via', () => [NetworkTie], { nullable: true, defaultValue: DEFAULT_TIES, description: 'The kinds of tie to cross (default: all). SELECTOR joins persons and organizations seen using one phone, vehicle, address, document or account, each selector a node; leave it out for registry ties only.' }) via: NetworkTie[],
    @Ctx() { db }: SubgraphContext,
  ) {
    if (!Number.isInteger(depth) || depth < 1 || depth > MAX_NETWORK_DEPTH) throw badUserInput(`"depth" must be between 1 and ${MAX_NETWORK_DEPTH}.`, 'depth');
    return networkAround(db, rootId, depth, tiesOf(via));
  }

  @RequiresScopes('targets:read')
  @Directive(PATH_COST)
  @Query(() => TargetPath, { nullable: true, description: 'The shortest chain of memberships, associations, affiliations and shared selectors (as `via` allows) between two targets, within maxDepth edges.' })
  path(
    @Arg('fromId', () => UUID) fromId: string,
    @Arg('toId', () => UUID) toId: string,
    @Arg('maxDepth', () => Int, { nullable: true, defaultValue: 4 }) maxDepth: number,
    @Arg('via', () => [NetworkTie], { nullable: true, defaultValue: DEFAULT_TIES, description: 'The kinds of tie to cross (default: all). SELECTOR joins persons and organizations seen using one phone, vehicle, address, document or account, each selector a node; leave it out for registry ties only.' }) via: NetworkTie[],
    @Ctx() { db }: SubgraphContext,
  ) {
    if (!Number.isInteger(maxDepth) || maxDepth < 1 || maxDepth > MAX_PATH_DEPTH) throw badUserInput(`"maxDepth" must be between 1 and ${MAX_PATH_DEPTH}.`, 'maxDepth');
    return shortestPath(db, fromId, toId, maxDepth, tiesOf(via));
  }
}
