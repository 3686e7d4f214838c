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
 * Brandes' algorithm for unweighted graphs, normalised to [0, 1] by the number of pairs that could
 * pass through a node. O(V·E) on typed arrays (a compressed adjacency list, no per-source
 * allocations), since it runs on every network request.
 */
export function betweenness(graph: Graph): Map<string, number> {
  const n = graph.nodes.length;
  const index = new Map(graph.nodes.map((node, i) => [node, i]));
  const offsets = new Int32Array(n + 1);
  graph.nodes.forEach((node, i) => (offsets[i + 1] = offsets[i] + graph.adjacency.get(node)!.size));
  const neighbours = new Int32Array(offsets[n]);
  graph.nodes.forEach((node, i) => {
    let at = offsets[i];
    for (const other of graph.adjacency.get(node)!) neighbours[at++] = index.get(other)!;
  });

  const centrality = new Float64Array(n);
  const paths = new Float64Array(n);
  const distance = new Int32Array(n);
  const dependency = new Float64Array(n);
  const order = new Int32Array(n);
  for (let source = 0; source < n; source++) {
    paths.fill(0);
    distance.fill(-1);
    dependency.fill(0);
    paths[source] = 1;
    distance[source] = 0;
    let head = 0;
    let tail = 0;
    order[tail++] = source;
    while (head < tail) {
      const v = order[head++];
      for (let k = offsets[v]; k < offsets[v + 1]; k++) {
        const w = neighbours[k];
        if (distance[w] < 0) {
          distance[w] = distance[v] + 1;
          order[tail++] = w;
        }
        if (distance[w] === distance[v] + 1) paths[w] += paths[v];
      }
    }
    // Back from the farthest: each node passes its dependency to its predecessors (neighbours one hop closer).
    for (let i = tail - 1; i > 0; i--) {
      const w = order[i];
      for (let k = offsets[w]; k < offsets[w + 1]; k++) {
        const v = neighbours[k];
        if (distance[v] === distance[w] - 1) dependency[v] += (paths[v] / paths[w]) * (1 + dependency[w]);
      }
      centrality[w] += dependency[w];
    }
  }
  // Each pair was counted from both ends; normalise by the (n-1)(n-2)/2 pairs excluding the node.
  const scale = n > 2 ? 1 / ((n - 1) * (n - 2)) : 0;
  return new Map(graph.nodes.map((node, i) => [node, centrality[i] * scale]));
}
