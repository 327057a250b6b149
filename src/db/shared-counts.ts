// Counts that several processes on one database file must agree on: a throttle's failed attempts per
// key and window (src/web/throttle.ts), and what a person spent of an hourly and daily budget
// (src/web/budget.ts). In memory each process would count alone, and a guesser would get as many
// tries as there are processes.
import type { Clock } from '../clock';
import type { Sqlite } from './connection';

const PRUNE_EVERY = 500;

export function sharedCountsStore(db: Sqlite, clock: Clock) {
  const s = {
    hit: db.prepare<{ key: string; now: number; reset: number }, { hits: number; reset_at: number }>(
      `INSERT INTO throttle_hits (key, hits, reset_at) VALUES (@key, 1, @reset)
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN throttle_hits.reset_at <= @now THEN 1 ELSE throttle_hits.hits + 1 END,
         reset_at = CASE WHEN throttle_hits.reset_at <= @now THEN @reset ELSE throttle_hits.reset_at END
       RETURNING hits, reset_at`,
    ),
    current: db.prepare<[string, number], { hits: number; reset_at: number }>('SELECT hits, reset_at FROM throttle_hits WHERE key = ? AND reset_at > ?'),
    undo: db.prepare('UPDATE throttle_hits SET hits = max(0, hits - 1) WHERE key = ? AND reset_at > ?'),
    forget: db.prepare('DELETE FROM throttle_hits WHERE key = ?'),
    pruneHits: db.prepare('DELETE FROM throttle_hits WHERE reset_at <= ?'),
    spent: db.prepare<[string, number], number | null>('SELECT sum(n) FROM budget_spending WHERE key = ? AND at > ?').pluck(),
    spend: db.prepare('INSERT INTO budget_spending (key, at, n) VALUES (?, ?, ?)'),
    pruneSpending: db.prepare('DELETE FROM budget_spending WHERE at <= ?'),
  };
  let hitsSincePrune = 0;
  return {
    /** One more attempt under `key` in a window of `windowMs` that starts with the first; the count and when it ends. */
    hit(key: string, windowMs: number): { hits: number; resetAt: number } {
      const now = clock();
      if (++hitsSincePrune >= PRUNE_EVERY) {
        hitsSincePrune = 0;
        s.pruneHits.run(now);
      }
      const row = s.hit.get({ key, now, reset: now + windowMs })!;
      return { hits: row.hits, resetAt: row.reset_at };
    },
    /** The attempts counted under `key` in its current window, if one runs. */
    hits(key: string): { hits: number; resetAt: number } | undefined {
      const row = s.current.get(key, clock());
      return row && { hits: row.hits, resetAt: row.reset_at };
    },
    /** Takes one attempt back (it turned out not to count). */
    undo(key: string): void {
      s.undo.run(key, clock());
    },
    forget(key: string): void {
      s.forget.run(key);
    },
    /** What was spent under `key` in the last `windowMs`. */
    spentWithin(key: string, windowMs: number): number {
      return s.spent.get(key, clock() - windowMs) ?? 0;
    },
    /**
     * Spends `n` under `key` when `allowed()` says so, both under the database's write lock, so two
     * processes cannot both spend the last of a budget. Spending older than `keepMs` is forgotten.
     */
    spendIf(key: string, n: number, allowed: () => boolean, keepMs: number): boolean {
      return db
        .transaction(() => {
          if (!allowed()) return false;
          const now = clock();
          s.pruneSpending.run(now - keepMs);
          s.spend.run(key, now, n);
          return true;
        })
        .immediate();
    },
  };
}

export type SharedCounts = ReturnType<typeof sharedCountsStore>;
