/** Percentiles and rounding for the figures. */

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export const median = (values: readonly number[]): number => percentile(values, 50);

/** Rounds to 3 significant digits (at least whole units above 1000). */
export function round(n: number): number {
  if (!Number.isFinite(n)) return n;
  if (Math.abs(n) >= 1000) return Math.round(n);
  return Number(n.toPrecision(3));
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
