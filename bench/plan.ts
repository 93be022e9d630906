/** How much each scenario does, by mode: --quick (under a minute), default, --full (adds 1M servers). */

/** The sizes and durations of one run. */
export interface Plan {
  readonly mode: 'quick' | 'default' | 'full';
  readonly coldStarts: number;
  readonly latencyCount: number;
  readonly sustainedClients: number;
  /** servers the store holds after the sustained creates (the API boots as many as it can in time) */
  readonly baseSize: number;
  readonly sustainedMaxSeconds: number;
  readonly actionServers: number;
  readonly actionSeconds: number;
  readonly connections: number;
  readonly readSeconds: number;
  /**
   * GET /servers/{id}'s target load is split into this many pairs of windows, the ceiling's then
   * Novum's, each readSeconds / pairs long: each ratio compares two windows seconds apart
   */
  readonly pairs: number;
  readonly sequentialGets: number;
  readonly pageRepeat: number;
  /** store sizes for the paging and growth figures, the first being baseSize */
  readonly sizes: readonly number[];
  /** store size the page walk runs over */
  readonly walkSize: number;
  /** keep the profiles of each phase in bench/profiles/<stamp>/ */
  readonly profile: boolean;
}

export function planFor(argv: readonly string[]): Plan {
  const quick = argv.includes('--quick');
  const full = argv.includes('--full');
  const profile = argv.includes('--profile');
  const unknown = argv.filter((a) => !['--quick', '--full', '--profile'].includes(a));
  if (unknown.length) throw new Error(`unknown argument(s) ${unknown.join(' ')}; use --quick, --full, --profile`);
  if (quick) {
    return {
      mode: 'quick', coldStarts: 1, latencyCount: 30, sustainedClients: 64, baseSize: 10_000, sustainedMaxSeconds: 5,
      actionServers: 8, actionSeconds: 2, connections: 10, readSeconds: 2, pairs: 3, sequentialGets: 100, pageRepeat: 5,
      sizes: [10_000], walkSize: 10_000, profile,
    };
  }
  return {
    mode: full ? 'full' : 'default', coldStarts: 3, latencyCount: 200, sustainedClients: 64, baseSize: 10_000, sustainedMaxSeconds: 180,
    actionServers: 16, actionSeconds: 10, connections: 10, readSeconds: 10, pairs: 5, sequentialGets: 500, pageRepeat: 20,
    sizes: full ? [10_000, 100_000, 1_000_000] : [10_000, 100_000], walkSize: 100_000, profile,
  };
}
