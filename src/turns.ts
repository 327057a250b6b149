// Long work in turns: a report over every school, a CSV of 100,000 teachers or a mail schedule over
// every quiet teacher gives the event loop back every few milliseconds, so no teacher's request
// waits behind it (one Node process runs every request on one thread).

/** How long one turn may run before it yields. Well under the 50 ms a request may wait. */
export const TURN_MS = 8;

/** Resolves on the event loop's next turn, after the I/O that is waiting (setImmediate). */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Measures a turn: `due()` says when the current one has run long enough; `yield()` waits for the
 * next turn and starts measuring again. Work checks `due()` between small steps.
 */
export class Turns {
  private started = performance.now();

  /** `stop`: work that should end early (the server closing) ends at its next yield, with the signal's reason. */
  constructor(
    private readonly budgetMs = TURN_MS,
    private readonly stop?: AbortSignal,
  ) {}

  due(): boolean {
    return performance.now() - this.started >= this.budgetMs;
  }

  async yield(): Promise<void> {
    await nextTurn();
    this.stop?.throwIfAborted();
    this.started = performance.now();
  }

  /** Yields only when the turn has run long enough. */
  async maybeYield(): Promise<void> {
    if (this.due()) await this.yield();
  }
}

const RUN = 2048;

/**
 * A stable sort in turns (a merge sort whose runs are sorted natively and merged a few thousand
 * elements at a time): the same order as `[...items].sort(compare)`, without one long task.
 */
export async function sortInTurns<T>(items: readonly T[], compare: (a: T, b: T) => number, turns = new Turns()): Promise<T[]> {
  let runs: T[][] = [];
  for (let i = 0; i < items.length; i += RUN) {
    runs.push(items.slice(i, i + RUN).sort(compare));
    await turns.maybeYield();
  }
  if (runs.length === 0) return [];
  while (runs.length > 1) {
    const next: T[][] = [];
    for (let i = 0; i < runs.length; i += 2) {
      const a = runs[i]!;
      const b = runs[i + 1];
      if (!b) {
        next.push(a);
        continue;
      }
      const out = new Array<T>(a.length + b.length);
      let x = 0;
      let y = 0;
      let k = 0;
      while (x < a.length && y < b.length) {
        // Ties take from the earlier run: stable.
        out[k++] = compare(b[y]!, a[x]!) < 0 ? b[y++]! : a[x++]!;
        if ((k & 1023) === 0) await turns.maybeYield();
      }
      while (x < a.length) out[k++] = a[x++]!;
      while (y < b.length) out[k++] = b[y++]!;
      next.push(out);
    }
    runs = next;
  }
  return runs[0]!;
}
