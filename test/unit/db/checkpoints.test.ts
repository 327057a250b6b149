// The write-ahead log's checkpoints in a thread of their own: the serving connection leaves them to
// the thread while it runs, the thread copies the whole log back, and the connection checkpoints
// itself again once the thread stops, however it stops.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Sqlite } from '../../../src/db/connection';
import { AUTOCHECKPOINT_PAGES, startCheckpoints, type CheckpointResult, type Checkpoints } from '../../../src/db/checkpoints';

let dir: string;
let file: string;
let db: Sqlite;
let running: Checkpoints | undefined;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'steun-checkpoints-'));
  file = path.join(dir, 'steun.db');
  db = openDatabase(file);
  db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)');
});
afterEach(async () => {
  await running?.stop();
  running = undefined;
  if (db.open) db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const autocheckpoint = () => db.pragma('wal_autocheckpoint', { simple: true });
const walBytes = () => fs.statSync(`${file}-wal`).size;
/** Writes `n` rows one transaction each, about a page of log each. */
function write(n: number, from = 0) {
  const insert = db.prepare('INSERT INTO notes (id, text) VALUES (?, ?)');
  for (let i = from; i < from + n; i++) insert.run(i, 'x'.repeat(500));
}

test('while the thread runs the serving connection leaves checkpoints to it, and the thread copies the whole log back', async () => {
  const results: CheckpointResult[] = [];
  let whole: () => void = () => undefined;
  const copied = new Promise<void>((resolve) => (whole = resolve));
  running = startCheckpoints(db, file, {
    everyMs: 20,
    onCheckpoint: (r) => {
      results.push(r);
      if (r.log >= 2000 && r.checkpointed === r.log) whole();
    },
  });
  await running.ready;
  expect(autocheckpoint()).toBe(0);
  // Past the 1,000 pages at which the connection would have checkpointed in a commit of its own.
  write(2500);
  const logBefore = walBytes();
  expect(logBefore).toBeGreaterThan(AUTOCHECKPOINT_PAGES * 4096);
  await copied;
  // Every row is in the database file itself: a connection that reads it without the log sees them.
  await running.stop();
  running = undefined;
  db.close();
  fs.rmSync(`${file}-wal`, { force: true });
  fs.rmSync(`${file}-shm`, { force: true });
  const fresh = openDatabase(file);
  expect(fresh.prepare('SELECT count(*) AS n FROM notes').get()).toEqual({ n: 2500 });
  fresh.close();
  expect(results.every((r) => r.busy === 0)).toBe(true);
});

test('after the thread has stopped, the serving connection checkpoints itself again, and the log is reused from its start', async () => {
  running = startCheckpoints(db, file, { everyMs: 20 });
  await running.ready;
  expect(autocheckpoint()).toBe(0);
  await running.stop();
  running = undefined;
  expect(autocheckpoint()).toBe(AUTOCHECKPOINT_PAGES);
  write(3000);
  // Checkpointed inside the commits at 1,000 pages: the log never grew much past them.
  expect(walBytes()).toBeLessThan((AUTOCHECKPOINT_PAGES + 200) * 4200);
});

test('a thread that dies is reported, and the serving connection checkpoints itself again', async () => {
  const problems: Error[] = [];
  let heard: () => void = () => undefined;
  const reported = new Promise<void>((resolve) => (heard = resolve));
  running = startCheckpoints(db, file, {
    everyMs: 20,
    onProblem: (err) => {
      problems.push(err);
      heard();
    },
  });
  await running.ready;
  expect(autocheckpoint()).toBe(0);
  await running.thread.terminate();
  await reported;
  expect(problems[0]!.message).toMatch(/checkpoint thread stopped/);
  expect(autocheckpoint()).toBe(AUTOCHECKPOINT_PAGES);
});

test('a thread that cannot open the database never turns the connection\'s own checkpoints off', async () => {
  const problems: Error[] = [];
  running = startCheckpoints(db, path.join(dir, 'elders.db'), { onProblem: (err) => problems.push(err) });
  await running.ready;
  expect(autocheckpoint()).toBe(AUTOCHECKPOINT_PAGES);
  expect(problems.map((p) => p.message).join(' ')).toMatch(/does not exist|unable to open|stopped/);
});

test("the thread loads none of the process's own options: a `-r` preload (the bench's probe, say) runs in the main thread only", () => {
  const preload = path.join(dir, 'preload.js');
  fs.writeFileSync(preload, "process.stderr.write(`preloaded in thread ${require('node:worker_threads').threadId}\\n`);\n");
  const script = `
    const { openDatabase } = require(${JSON.stringify(path.resolve(__dirname, '../../../dist/db/connection'))});
    const { startCheckpoints } = require(${JSON.stringify(path.resolve(__dirname, '../../../dist/db/checkpoints'))});
    const db = openDatabase(${JSON.stringify(file)});
    const running = startCheckpoints(db, ${JSON.stringify(file)}, { everyMs: 10, onProblem: (err) => { console.error('problem', err.message); process.exitCode = 1; } });
    running.ready.then(() => new Promise((r) => setTimeout(r, 50))).then(() => running.stop()).then(() => { db.close(); console.log('stopped'); });
  `;
  const result = spawnSync(process.execPath, ['-r', preload, '-e', script], { encoding: 'utf8', timeout: 30_000 });
  expect(result.stdout.trim()).toBe('stopped');
  expect(result.stderr.trim().split('\n')).toEqual(['preloaded in thread 0']);
  expect(result.status).toBe(0);
});
