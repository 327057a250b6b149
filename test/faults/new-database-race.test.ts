// Processes started together on a database that does not exist yet (WORKERS=n, two services, a
// restart with a new DATABASE_PATH) all open it: SQLite answers one of two processes that turn a
// new file to WAL at the same moment SQLITE_BUSY at once, and openDatabase tries again instead of
// stopping steun ("de database is bezet"). Before it did, about one start in ten failed here.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const CONNECTION = path.resolve(__dirname, '..', '..', 'dist', 'db', 'connection.js');
const RUNS = 30;
const PROCESSES = 4;

/** Starts a process that opens `file` at `at` (epoch ms, so all open together); resolves with its error, or null. */
function openAt(file: string, at: number): Promise<string | null> {
  const code = `const { openDatabase } = require(${JSON.stringify(CONNECTION)}); while (Date.now() < ${at}); openDatabase(process.argv[1]).close();`;
  const child = spawn(process.execPath, ['-e', code, file], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve) => child.once('exit', (status) => resolve(status === 0 ? null : err.split('\n').find((l) => /SQLITE_|Error/.test(l)) ?? err)));
}

test(`${PROCESSES} processes opening a new database at the same moment all open it, ${RUNS} times over`, async () => {
  const failures: string[] = [];
  for (let run = 0; run < RUNS; run++) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'steun-new-db-'));
    // Far enough ahead that every process has loaded better-sqlite3 before the moment comes.
    const at = Date.now() + 500;
    const errors = await Promise.all(Array.from({ length: PROCESSES }, () => openAt(path.join(dir, 'steun.db'), at)));
    for (const e of errors) if (e !== null) failures.push(`run ${run}: ${e}`);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  expect(failures).toEqual([]);
}, 120_000);
