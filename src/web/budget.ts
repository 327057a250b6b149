// How many of something one person may do per hour and per day (a coordinator's invitations). Kept
// in memory like the request throttles: a restart starts afresh, which bounds nothing less than a
// restart already does for them.

export interface HourAndDay {
  perHour: number;
  perDay: number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export class Budget {
  private readonly spent = new Map<string, { at: number; n: number }[]>();

  constructor(
    readonly limits: HourAndDay,
    private readonly now: () => number = Date.now,
  ) {}

  /** How many are left for `key` now: the smaller of what the last hour and the last day leave. */
  left(key: string): number {
    const now = this.now();
    const entries = (this.spent.get(key) ?? []).filter((e) => e.at > now - DAY_MS);
    if (entries.length > 0) this.spent.set(key, entries);
    else this.spent.delete(key);
    const sum = (since: number) => entries.filter((e) => e.at > since).reduce((total, e) => total + e.n, 0);
    return Math.max(0, Math.min(this.limits.perHour - sum(now - HOUR_MS), this.limits.perDay - sum(now - DAY_MS)));
  }

  /** Spends `n` for `key` if that many are left; false (and nothing spent) otherwise. */
  take(key: string, n: number): boolean {
    if (n > this.left(key)) return false;
    const entries = this.spent.get(key) ?? [];
    entries.push({ at: this.now(), n });
    this.spent.set(key, entries);
    return true;
  }
}
