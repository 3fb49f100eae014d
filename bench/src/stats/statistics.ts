/**
 * The few statistics the lab needs, exact (no histogram buckets): medians across rounds and
 * latency percentiles across every recorded response of a round.
 */

/** Median of a list; `NaN` for an empty list. Even counts take the mean of the two middle values. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Percentile `p` (0..100) of already sorted values, linear interpolation between closest ranks
 * (the "R-7" definition spreadsheets and numpy use by default). `NaN` for an empty list.
 */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
  if (p < 0 || p > 100 || Number.isNaN(p)) throw new RangeError(`percentile must be within 0..100, got ${p}`);
  const count = sorted.length;
  if (count === 0) return Number.NaN;
  if (count === 1) return sorted[0]!;
  const rank = (p / 100) * (count - 1);
  const lower = Math.floor(rank);
  const upper = Math.min(lower + 1, count - 1);
  const weight = rank - lower;
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * weight;
}

/** Percentile `p` of unsorted values (copies, then sorts). */
export function percentile(values: readonly number[] | Float64Array, p: number): number {
  const sorted = Float64Array.from(values).sort();
  return percentileOfSorted(sorted, p);
}

export interface LatencySummary {
  count: number;
  meanMs: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
}

/** Summary of latencies in milliseconds. */
export function summarizeLatencies(valuesMs: ArrayLike<number>): LatencySummary {
  const sorted = Float64Array.from(valuesMs).sort();
  let sum = 0;
  for (const value of sorted) sum += value;
  const count = sorted.length;
  return {
    count,
    meanMs: count === 0 ? Number.NaN : sum / count,
    p50Ms: percentileOfSorted(sorted, 50),
    p90Ms: percentileOfSorted(sorted, 90),
    p99Ms: percentileOfSorted(sorted, 99),
    p999Ms: percentileOfSorted(sorted, 99.9),
    maxMs: count === 0 ? Number.NaN : sorted[count - 1]!,
  };
}

/** Median of each numeric field across rounds (what the report shows for a multi-round figure). */
export function medianOf<T>(rounds: readonly T[], pick: (round: T) => number): number {
  return median(rounds.map(pick).filter((value) => Number.isFinite(value)));
}

/** Relative spread of rounds, (max − min) / median: shown so a reader sees how noisy a figure is. */
export function relativeSpread(values: readonly number[]): number {
  const finite = values.filter((value) => Number.isFinite(value));
  if (finite.length < 2) return 0;
  const mid = median(finite);
  if (mid === 0) return 0;
  return (Math.max(...finite) - Math.min(...finite)) / mid;
}
