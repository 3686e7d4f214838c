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
