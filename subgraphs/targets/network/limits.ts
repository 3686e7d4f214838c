/** How large a network view may grow, and how its centrality is computed. */

/** Nodes in one network view; past it the view is cut and says so (`truncated`). */
export const NODE_LIMIT = 2000;
/**
 * Exact betweenness costs O(nodes · edges): some 150 ms for a depth-2 network of 1,400 nodes on one
 * core. Above this many nodes it is estimated from a sample of sources instead (Brandes–Pich): on the
 * benchmark's networks the same most central node and 9 of the exact top 10, values within about
 * 25%, at a tenth of the cost.
 */
export const EXACT_BETWEENNESS_LIMIT = 300;
export const BETWEENNESS_SAMPLE = 128;
