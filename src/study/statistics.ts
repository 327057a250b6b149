// The few statistics the overview needs, over plain numbers. The t distribution comes from
// @stdlib, not from hand-written code; sums are compensated so a mean of exact values stays exact
// (a naive sum made 1048/320 = 3.275 into 3.2749999999999995, which rounds the wrong way).
import type TCdf from '@stdlib/stats-base-dists-t-cdf';
import type TQuantile from '@stdlib/stats-base-dists-t-quantile';
import { onFirstUse } from '../first-use';

// The two take 120 ms to load: at the first analysis, not at start.
const tCdf = onFirstUse(() => require('@stdlib/stats-base-dists-t-cdf') as typeof TCdf);
const tQuantile = onFirstUse(() => require('@stdlib/stats-base-dists-t-quantile') as typeof TQuantile);

/** Neumaier's compensated sum. */
export function sum(xs: readonly number[]): number {
  let s = 0;
  let c = 0;
  for (const x of xs) {
    const t = s + x;
    c += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    s = t;
  }
  return s + c;
}

export function mean(xs: readonly number[]): number {
  return sum(xs) / xs.length;
}

/** Standard deviation with n − 1; 0 for fewer than two values. */
export function sampleSd(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(sum(xs.map((x) => (x - m) ** 2)) / (xs.length - 1));
}

export interface TestResult {
  n: number;
  /** Mean of after − before. */
  meanDifference: number;
  sdDifference: number;
  /** 95 % interval of the mean difference (t distribution). */
  ciLow: number;
  ciHigh: number;
  t: number | null;
  df: number;
  /** Two-sided. */
  p: number;
  /** Mean difference / SD of the differences (d_z). */
  dZ: number | null;
}

/** The paired t-test of after − before; null below two pairs. */
export function pairedTest(before: readonly number[], after: readonly number[]): TestResult | null {
  const n = before.length;
  if (n < 2 || after.length !== n) return null;
  const diffs = after.map((a, i) => a - before[i]!);
  const md = mean(diffs);
  const sd = sampleSd(diffs);
  const df = n - 1;
  const se = sd / Math.sqrt(n);
  const half = tQuantile()(0.975, df) * se;
  // Every difference the same: no spread, so no t and no d; p is 1 for no change, 0 for a change.
  const t = sd > 0 ? md / se : null;
  // 2·F(−|t|), not 2·(1 − F(|t|)), which cancels to 0 for large t.
  const p = t === null ? (md === 0 ? 1 : 0) : Math.min(1, 2 * tCdf()(-Math.abs(t), df));
  return { n, meanDifference: md, sdDifference: sd, ciLow: md - half, ciHigh: md + half, t, df, p, dZ: sd > 0 ? md / sd : null };
}
