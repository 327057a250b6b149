// The paired change in a subscale between two waves: mean difference, 95 % interval, Cohen's d for
// paired data (d_z: mean difference / SD of the differences) and the paired t-test's two-sided p.
// The t distribution comes from @stdlib, not from hand-written code.
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

export const MIN_PAIRS = 5;

export type PairedEffect =
  | { enough: false; n: number }
  | { enough: true; n: number; meanBefore: number; meanAfter: number; meanDifference: number; sdDifference: number; ciLow: number; ciHigh: number; d: number | null; t: number | null; p: number };

export function pairedEffect(pairs: readonly { before: number; after: number }[]): PairedEffect {
  const n = pairs.length;
  if (n < MIN_PAIRS) return { enough: false, n };
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const diffs = pairs.map((p) => p.after - p.before);
  const md = mean(diffs);
  const sd = Math.sqrt(diffs.reduce((s, x) => s + (x - md) ** 2, 0) / (n - 1));
  const se = sd / Math.sqrt(n);
  const df = n - 1;
  const half = tQuantile(0.975, df) * se;
  // Every difference the same: no spread, so no t and no d; p is 1 for no change, 0 for a change.
  const t = sd > 0 ? md / se : null;
  const p = t === null ? (md === 0 ? 1 : 0) : 2 * (1 - tCdf(Math.abs(t), df));
  return {
    enough: true,
    n,
    meanBefore: mean(pairs.map((x) => x.before)),
    meanAfter: mean(pairs.map((x) => x.after)),
    meanDifference: md,
    sdDifference: sd,
    ciLow: md - half,
    ciHigh: md + half,
    d: sd > 0 ? md / sd : null,
    t,
    p,
  };
}
