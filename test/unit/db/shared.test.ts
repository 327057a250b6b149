// What several processes share through the database: the background lease, throttle counts and
// budgets. Two connections to one file stand in for two processes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Sqlite } from '../../../src/db/connection';
import { migrate } from '../../../src/db/migrate';
import { createStores } from '../../../src/db';
import { Lease } from '../../../src/db/lease';
import { Budget } from '../../../src/web/budget';

let dir: string;
let one: Sqlite;
let two: Sqlite;
let now = Date.parse('2030-01-01T08:00:00.000Z');
const clock = () => now;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'steun-shared-'));
  one = openDatabase(path.join(dir, 'steun.db'));
  migrate(one);
  two = openDatabase(path.join(dir, 'steun.db'));
});
afterEach(() => {
  one.close();
  two.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('one process holds the lease while it renews it; another takes over when it has run out or was given up', () => {
  const a = new Lease(one, 'achtergrond', 'a', clock, 60_000);
  const b = new Lease(two, 'achtergrond', 'b', clock, 60_000);
  expect(a.renew()).toBe(true);
  expect(b.renew()).toBe(false);
  now += 50_000;
  expect(a.renew()).toBe(true);
  now += 50_000;
  // a renewed 50 s ago: still a's.
  expect(b.renew()).toBe(false);
  now += 11_000;
  expect(b.renew()).toBe(true);
  expect(a.renew()).toBe(false);
  expect(a.held).toBe(false);
  b.release();
  expect(a.renew()).toBe(true);
  // Another lease is another matter.
  expect(new Lease(two, 'iets-anders', 'b', clock, 60_000).renew()).toBe(true);
  // A holder known to have stopped (a killed process of this machine) is taken over at once.
  const restarted = new Lease(two, 'achtergrond', 'c', clock, 60_000, (holder) => holder === 'a');
  expect(restarted.renew()).toBe(true);
  expect(a.renew()).toBe(false);
});

test('throttle counts and budgets are one count for every process', () => {
  const first = createStores(one, { clock });
  const second = createStores(two, { clock });
  expect(first.counts.hit('login|account:juf', 60_000).hits).toBe(1);
  expect(second.counts.hit('login|account:juf', 60_000).hits).toBe(2);
  second.counts.undo('login|account:juf');
  expect(first.counts.hits('login|account:juf')?.hits).toBe(1);
  now += 61_000;
  expect(second.counts.hits('login|account:juf')).toBeUndefined();
  expect(first.counts.hit('login|account:juf', 60_000).hits).toBe(1);

  const limits = { perHour: 3, perDay: 4 };
  const here = new Budget(limits, first.counts);
  const there = new Budget(limits, second.counts);
  expect(here.take('invite:1', 2)).toBe(true);
  expect(there.left('invite:1')).toBe(1);
  expect(there.take('invite:1', 2)).toBe(false);
  expect(there.take('invite:1', 1)).toBe(true);
  now += 3_600_001;
  // The hour has passed; the day's four are spent but for one.
  expect(here.left('invite:1')).toBe(1);
});
