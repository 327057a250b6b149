// Per-person memos of reads that every signed-in request makes (the account, the progress, the quiz
// results, the study). Correct by construction rather than by each store remembering:
// - every write for a person goes through PersonMemos.write, which runs it in one transaction and
//   afterwards drops every memo of that person (the Bluesky PDS's actorStore.transact, in small);
// - all memos go when another connection (the CLI, another process) has committed: SQLite's
//   data_version tells. It is asked as every request starts (stores.seeOtherProcesses), so a
//   request sees everything committed before it arrived, and otherwise at most once per
//   OUTSIDE_CHECK_MS (the pragma is a statement with its own read transaction);
// - values are deep-frozen when they are kept (Maps and Sets included), so no caller can change
//   what the next request reads;
// - batch jobs read past the memos (bypass) and so never push active teachers out.
// test/unit/db/memo.test.ts calls every write method of every memoising store and fails if a memo
// still answers what was there before.
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
    return this.check(at);
  }

  /**
   * Looks now: called as a request starts, so a request never reads what another process changed
   * before it arrived (the person's previous request may have been answered by another process).
   */
  check(at = performance.now()): number {
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

function refuse(): never {
  throw new TypeError('A memoised value is shared between requests and cannot be changed.');
}

/** Freezes a value and everything in it, Maps and Sets included (their set/delete/clear throw). */
export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  if (value instanceof Map) {
    for (const [k, v] of value) {
      deepFreeze(k);
      deepFreeze(v);
    }
    for (const m of ['set', 'delete', 'clear']) Object.defineProperty(value, m, { value: refuse });
  } else if (value instanceof Set) {
    for (const v of value) deepFreeze(v);
    for (const m of ['add', 'delete', 'clear']) Object.defineProperty(value, m, { value: refuse });
  } else {
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return Object.freeze(value);
}

export class PersonMemo<T> {
  private readonly entries = new Map<number, { value: T; generation: number }>();

  constructor(
    private readonly outside: OutsideWrites,
    private readonly limit = DEFAULT_LIMIT,
    private readonly bypassed: () => boolean = () => false,
  ) {}

  get(userId: number, read: () => T): T {
    if (this.outside.inTransaction || this.bypassed()) return read();
    const generation = this.outside.generation();
    const hit = this.entries.get(userId);
    if (hit && hit.generation === generation) return hit.value;
    const value = deepFreeze(read());
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
    else hit.value = deepFreeze(value);
  }

  /** The kept value, if any, without reading (for tests). */
  peek(userId: number): T | undefined {
    return this.entries.get(userId)?.value;
  }

  forget(userId: number): void {
    this.entries.delete(userId);
  }
}

/**
 * Every per-person memo of the stores, and the one gateway for writes about a person: `write` runs
 * the write in one transaction and afterwards no memo of that person answers what was there
 * before. A store that writes for a person without it is caught by test/unit/db/memo.test.ts.
 */
export class PersonMemos {
  private readonly memos: PersonMemo<unknown>[] = [];
  private bypassing = 0;
  /** Runs a function in a transaction: made once, where `db.transaction(fn)` builds a wrapper per write (a beacon every few seconds). */
  private readonly inTransaction: <R>(fn: () => R) => R;

  constructor(
    db: Sqlite,
    readonly outside: OutsideWrites,
  ) {
    const run = db.transaction((fn: () => unknown) => fn());
    this.inTransaction = <R>(fn: () => R) => run(fn) as R;
  }

  /** A new memo of one kind of read, dropped by this gateway's writes. */
  memo<T>(limit = DEFAULT_LIMIT): PersonMemo<T> {
    const m = new PersonMemo<T>(this.outside, limit, () => this.bypassing > 0);
    this.memos.push(m as PersonMemo<unknown>);
    return m;
  }

  /**
   * Runs a write about `userId` in one transaction, then drops that person's memos. `keep` may
   * instead patch one memo with the write's known effect (a video beacon every few seconds need not
   * read the whole progress again): it gets the write's result. `only`, when given, names every memo
   * the write can change (a store whose writes touch only its own tables): the person's other memos
   * stay. test/unit/db/memo.test.ts checks every write against fresh reads, so a list that is too
   * short fails there.
   */
  write<R, T = never>(userId: number, fn: () => R, keep?: { memo: PersonMemo<T>; change: (value: T, result: R) => T | undefined }, only?: readonly PersonMemo<unknown>[]): R {
    let result: R;
    try {
      result = this.inTransaction(fn);
    } catch (err) {
      this.forget(userId);
      throw err;
    }
    for (const m of only ?? this.memos) {
      if (keep && m === (keep.memo as unknown)) keep.memo.replace(userId, (v) => keep.change(v, result));
      else m.forget(userId);
    }
    return result;
  }

  /** Drops one person's memos (a write already committed elsewhere, such as a session's end). */
  forget(userId: number): void {
    for (const m of this.memos) m.forget(userId);
  }

  /** Drops every memo: a change that reaches past one person's rows (an account deleted with all it had). */
  forgetEveryone(): void {
    this.outside.forgetEveryone();
  }

  /** Reads for a batch (every consenting teacher, say): past the memos, neither using nor filling them. */
  bypass<R>(fn: () => R): R {
    this.bypassing++;
    try {
      return fn();
    } finally {
      this.bypassing--;
    }
  }
}
