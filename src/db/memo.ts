// Per-person memos of reads that every signed-in request makes (the account, the progress, the quiz
// results). A memo is dropped by this process's own writes for that person, in the store that
// writes, and all memos go when another connection (the CLI, another process) has committed:
// SQLite's data_version tells. Even that pragma is a statement with its own read transaction, so
// it is asked at most once per OUTSIDE_CHECK_MS; another process's change shows that much later.
// Values are shared between requests, so they are typed read-only.
import type { Sqlite } from './connection';

export const OUTSIDE_CHECK_MS = 50;

/** Counts commits by other connections to this database, and changes that touch everyone. */
export class OutsideWrites {
  private readonly dataVersion;
  private last: unknown;
  private count = 0;
  private checkedAt = -Infinity;

  constructor(private readonly db: Sqlite) {
    this.dataVersion = db.prepare('PRAGMA data_version').pluck();
    this.last = this.dataVersion.get();
  }

  /** A number that changes when another connection has committed (seen within OUTSIDE_CHECK_MS). */
  generation(): number {
    const at = performance.now();
    if (at - this.checkedAt < OUTSIDE_CHECK_MS) return this.count;
    this.checkedAt = at;
    const now = this.dataVersion.get();
    if (now !== this.last) {
      this.last = now;
      this.count++;
    }
    return this.count;
  }

  /** Drops every memo, for changes that reach past one person's rows (an account deleted with all it had). */
  forgetEveryone(): void {
    this.count++;
  }

  /** Reads inside a transaction may see writes that are rolled back: those are not memoised. */
  get inTransaction(): boolean {
    return this.db.inTransaction;
  }
}

const DEFAULT_LIMIT = 5000;

export class PersonMemo<T> {
  private readonly entries = new Map<number, { value: T; generation: number }>();

  constructor(
    private readonly outside: OutsideWrites,
    private readonly limit = DEFAULT_LIMIT,
  ) {}

  get(userId: number, read: () => T): T {
    if (this.outside.inTransaction) return read();
    const generation = this.outside.generation();
    const hit = this.entries.get(userId);
    if (hit && hit.generation === generation) return hit.value;
    const value = read();
    // Least recently filled goes first when full: Map keeps insertion order.
    this.entries.delete(userId);
    this.entries.set(userId, { value, generation });
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value as number);
    return value;
  }

  /** After a write whose effect is known: changes a memo in place of reading it again (none made inside a transaction). */
  replace(userId: number, change: (value: T) => T | undefined): void {
    const hit = this.entries.get(userId);
    if (!hit) return;
    const value = this.outside.inTransaction ? undefined : change(hit.value);
    if (value === undefined) this.entries.delete(userId);
    else hit.value = value;
  }

  forget(userId: number): void {
    this.entries.delete(userId);
  }
}
