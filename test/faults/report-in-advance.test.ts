// A started server builds the report of all schools in the background a few seconds after it
// listens (src/main.ts), so the first administrator to open it or its CSV does not wait; and it
// still stops cleanly on SIGTERM.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/db/connection';
import { migrate } from '../../src/db/migrate';
import { createStores } from '../../src/db';
import { startServerProcess } from '../support/server-process';
import { makeCourse, lesson } from '../fixtures/course-builder';

async function rowsKept(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(/^steun_report_rows_kept (\S+)$/m.exec(text)![1]);
}

test('the report of all schools is built after start without anyone opening it, and the server stops cleanly', async () => {
  const courseDir = makeCourse({ '01-start/01-intro.md': lesson('Intro', '\nTekst.\n') });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'steun-warm-'));
  const env = { DATABASE_PATH: path.join(dir, 'steun.db'), CONTENT_DIR: courseDir, PORT: '0', NODE_ENV: 'development', WATCH_CONTENT: '0', LOG_LEVEL: 'warn', SESSION_SECRET: 'warm-test-secret-warm-test' };
  const setup = openDatabase(env.DATABASE_PATH);
  migrate(setup);
  const stores = createStores(setup);
  const school = stores.accounts.addSchool('De Regenboog');
  for (let i = 0; i < 30; i++) stores.accounts.addUser({ email: `juf${i}@school.nl`, name: `Juf ${i}`, role: 'teacher', schoolId: i < 25 ? school.id : null, passwordHash: null });
  setup.close();
  const server = await startServerProcess(env);
  try {
    // Waits for the event (every teacher's row kept), polling the metrics; the deadline is jest's.
    let kept = 0;
    while (kept < 30) {
      await new Promise((r) => setTimeout(r, 200));
      kept = await rowsKept(server.url);
    }
    expect(kept).toBe(30);
  } finally {
    const exited = new Promise<number | null>((resolve) => server.child.once('exit', resolve));
    server.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(courseDir, { recursive: true, force: true });
  }
}, 60_000);
