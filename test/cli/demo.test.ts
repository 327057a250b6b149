import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/main';
import { openDatabase } from '../../src/db/connection';
import { createStores } from '../../src/db';
import { compileCourse } from '../../src/course/compile';
import { reportRows } from '../../src/web/reports';
import { verifyPassword } from '../../src/accounts/passwords';
import { makeCourse } from '../fixtures/course-builder';

const CONTENT = path.resolve(__dirname, '..', '..', 'content');
let dir: string;
let env: NodeJS.ProcessEnv;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'steun-demo-'));
  env = { DATABASE_PATH: path.join(dir, 'steun.db'), CONTENT_DIR: CONTENT, NODE_ENV: 'test' };
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l), env });
  return { code, out, err };
}

test('demo fills an empty database with teachers at different points, and prints working passwords', async () => {
  const res = await run('demo');
  expect(res.code).toBe(0);
  const lines = res.out.filter((l) => /@demo\.steun\.nl/.test(l));
  expect(lines).toHaveLength(13);
  const teacherLine = lines.find((l) => l.includes('anouk@'))!;
  const password = teacherLine.trim().split(/\s+/)[2]!;
  const stores = createStores(openDatabase(env.DATABASE_PATH!));
  const anouk = stores.accounts.userByEmailWithHash('anouk@demo.steun.nl')!;
  expect(await verifyPassword(password, anouk.passwordHash!)).toBe(true);
  const course = (await compileCourse(CONTENT)).course!;
  const rows = reportRows(course, stores, anouk.schoolId);
  const statuses = rows.map((r) => r.status);
  expect(statuses).toContain('niet-gestart');
  expect(statuses).toContain('bezig');
  expect(statuses).toContain('afgerond');
  expect(new Set(rows.map((r) => r.modulesComplete)).size).toBeGreaterThanOrEqual(4);
  expect(rows.find((r) => r.status === 'afgerond')!.activeSeconds).toBeGreaterThan(30 * 60);
  stores.sqlite.close();
  const again = await run('demo');
  expect(again.code).toBe(1);
  expect(again.err.join('\n')).toMatch(/not empty/);
});

test('check --database warns about lessons with stored progress that no longer exist', async () => {
  await run('demo');
  const course = makeCourse();
  try {
    const res = await run('check', course, '--database', env.DATABASE_PATH!);
    expect(res.code).toBe(0);
    expect(res.err.some((l) => /^course\.yml:1: waarschuwing: les "wat-is-steun\/[a-z-]+" heeft opgeslagen voortgang maar staat niet meer in de cursus/.test(l))).toBe(true);
  } finally {
    fs.rmSync(course, { recursive: true, force: true });
  }
});
