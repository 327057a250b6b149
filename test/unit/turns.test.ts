// A sort in turns gives the same answer as done at once, and lets other work in between.
import { sortInTurns, Turns } from '../../src/turns';
import { seededRandom } from '../../src/cli/demo';

const random = seededRandom(11);
const items = Array.from({ length: 60_000 }, (_, i) => ({ key: Math.floor(random() * 50), at: i }));
const byKey = (a: { key: number }, b: { key: number }) => a.key - b.key;

/** Counts the event loop's turns that ran while `work` was under way. */
async function turnsDuring<T>(work: () => Promise<T>): Promise<{ result: T; others: number }> {
  let others = 0;
  let running = true;
  const tick = () => {
    if (!running) return;
    others++;
    setImmediate(tick);
  };
  setImmediate(tick);
  const result = await work();
  running = false;
  return { result, others };
}

test('a sort in turns gives the order of a stable sort, ties in their first order', async () => {
  const { result, others } = await turnsDuring(() => sortInTurns(items, byKey, new Turns(0)));
  expect(result).toEqual([...items].sort(byKey));
  expect(result.map((x) => x.at)).toEqual([...items].sort((a, b) => a.key - b.key || a.at - b.at).map((x) => x.at));
  expect(others).toBeGreaterThan(10);
  expect(await sortInTurns([], byKey)).toEqual([]);
  expect(await sortInTurns([items[0]!], byKey)).toEqual([items[0]]);
});
