import { betweenness, buildGraph } from './graph';

describe('betweenness centrality', () => {
  it('matches the textbook values on a path and a star', () => {
    // a - b - c - d: b and c each sit on 2 of the 3 pairs not involving them.
    const path = betweenness(buildGraph(['a', 'b', 'c', 'd'], [['a', 'b'], ['b', 'c'], ['c', 'd']]));
    expect(path.get('a')).toBe(0);
    expect(path.get('b')).toBeCloseTo(2 / 3);
    expect(path.get('c')).toBeCloseTo(2 / 3);
    // A hub joins every pair of leaves.
    const star = betweenness(buildGraph(['hub', 'x', 'y', 'z'], [['hub', 'x'], ['hub', 'y'], ['hub', 'z']]));
    expect(star.get('hub')).toBeCloseTo(1);
    expect(star.get('x')).toBe(0);
  });

  it('splits credit between equally short paths', () => {
    // A square: a-b-d and a-c-d are both shortest, so b and c share the pair (a, d), as do a and d for (b, c).
    const square = betweenness(buildGraph(['a', 'b', 'c', 'd'], [['a', 'b'], ['a', 'c'], ['b', 'd'], ['c', 'd']]));
    for (const node of ['a', 'b', 'c', 'd']) expect(square.get(node)).toBeCloseTo(0.5 / 3);
  });
});

describe('estimated betweenness (sampled sources)', () => {
  // Hubs (organizations) joining member cliques, with a few bridges: the shape of a network view.
  const nodes: string[] = [];
  const edges: [string, string][] = [];
  for (let hub = 0; hub < 8; hub++) {
    nodes.push(`h${hub}`);
    for (let m = 0; m < 60; m++) {
      nodes.push(`h${hub}m${m}`);
      edges.push([`h${hub}`, `h${hub}m${m}`]);
      if (m % 7 === 0) edges.push([`h${hub}m${m}`, `h${(hub + 1) % 8}m${(m * 3) % 60}`]);
    }
  }
  const graph = buildGraph(nodes, edges);
  const exact = betweenness(graph);

  it('is exact when every node is a source', () => {
    const all = betweenness(graph, nodes);
    for (const node of nodes) expect(all.get(node)).toBeCloseTo(exact.get(node)!, 12);
  });

  it('finds the same central nodes from a sample of the sources', () => {
    const top = (values: Map<string, number>, k: number) => [...values].sort((a, b) => b[1] - a[1]).slice(0, k).map(([id]) => id);
    const sampled = betweenness(graph, nodes.filter((_, i) => i % 4 === 0));
    expect(new Set(top(sampled, 8))).toEqual(new Set(top(exact, 8))); // the eight hubs
    for (const hub of top(exact, 8)) expect(Math.abs(sampled.get(hub)! - exact.get(hub)!) / exact.get(hub)!).toBeLessThan(0.25);
  });
});
