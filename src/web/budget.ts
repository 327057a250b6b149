// How many of something one person may do per hour and per day (a coordinator's invitations). Kept
// in the database, so every process on it counts the same spending (src/db/shared-counts.ts).
import type { SharedCounts } from '../db/shared-counts';

export interface HourAndDay {
  perHour: number;
  perDay: number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export class Budget {
  constructor(
    readonly limits: HourAndDay,
    private readonly counts: SharedCounts,
  ) {}

  /** How many are left for `key` now: the smaller of what the last hour and the last day leave. */
  left(key: string): number {
    return Math.max(0, Math.min(this.limits.perHour - this.counts.spentWithin(key, HOUR_MS), this.limits.perDay - this.counts.spentWithin(key, DAY_MS)));
  }

  /** Spends `n` for `key` if that many are left; false (and nothing spent) otherwise. */
  take(key: string, n: number): boolean {
    return this.counts.spendIf(key, n, () => n <= this.left(key), DAY_MS);
  }
}
