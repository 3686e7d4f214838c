/** Latency percentiles from every measured response time (ms), exact rather than bucketed. */
export interface LatencySummary {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function summarize(samples: number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN);
  return { p50: at(50), p95: at(95), p99: at(99), max: round(sorted.at(-1) ?? NaN) };
}

function round(ms: number): number {
  return Number.isNaN(ms) ? NaN : Math.round(ms * 10) / 10;
}
