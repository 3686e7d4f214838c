/** Centrality within a small undirected graph: what makes "command and control" members stand out. */
export interface Graph {
  nodes: string[];
  adjacency: Map<string, Set<string>>;
}

export function buildGraph(nodes: string[], edges: [string, string][]): Graph {
  const adjacency = new Map<string, Set<string>>(nodes.map((n) => [n, new Set()]));
  for (const [a, b] of edges) {
    if (a === b || !adjacency.has(a) || !adjacency.has(b)) continue;
    adjacency.get(a)!.add(b);
    adjacency.get(b)!.add(a);
  }
  return { nodes, adjacency };
}

/**
 * Brandes' algorithm for unweighted graphs, normalised to [0, 1] by the number of pairs
 * that could pass through a node: O(V·E), fine for the few thousand nodes a network view holds.
 */
export function betweenness(graph: Graph): Map<string, number> {
  const centrality = new Map<string, number>(graph.nodes.map((n) => [n, 0]));
  for (const source of graph.nodes) {
    const stack: string[] = [];
    const predecessors = new Map<string, string[]>();
    const paths = new Map<string, number>([[source, 1]]);
    const distance = new Map<string, number>([[source, 0]]);
    const queue = [source];
    for (let head = 0; head < queue.length; head++) {
      const v = queue[head];
      stack.push(v);
      for (const w of graph.adjacency.get(v)!) {
        if (!distance.has(w)) {
          distance.set(w, distance.get(v)! + 1);
          queue.push(w);
        }
        if (distance.get(w) === distance.get(v)! + 1) {
          paths.set(w, (paths.get(w) ?? 0) + paths.get(v)!);
          (predecessors.get(w) ?? predecessors.set(w, []).get(w)!).push(v);
        }
      }
    }
    const dependency = new Map<string, number>();
    while (stack.length) {
      const w = stack.pop()!;
      for (const v of predecessors.get(w) ?? []) {
        dependency.set(v, (dependency.get(v) ?? 0) + (paths.get(v)! / paths.get(w)!) * (1 + (dependency.get(w) ?? 0)));
      }
      if (w !== source) centrality.set(w, centrality.get(w)! + (dependency.get(w) ?? 0));
    }
  }
  const n = graph.nodes.length;
  // Each pair was counted from both ends; normalise by the (n-1)(n-2)/2 pairs excluding the node.
  const scale = n > 2 ? 1 / ((n - 1) * (n - 2)) : 0;
  for (const [node, value] of centrality) centrality.set(node, value * scale);
  return centrality;
}
