// A school that leaves is erased as a whole from the command line: a count first, --yes to erase.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/main';
import { openDatabase } from '../../src/db/connection';
import { migrate } from '../../src/db/migrate';
import { createStores, type Stores } from '../../src/db';

let dir: string;
let env: NodeJS.ProcessEnv;
let stores: Stores;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'steun-erase-'));
  env = { DATABASE_PATH: path.join(dir, 'steun.db'), NODE_ENV: 'test' };
  const db = openDatabase(env.DATABASE_PATH!);
  migrate(db);
  stores = createStores(db);
});
afterEach(() => {
  stores.sqlite.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l), env });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function fill() {
  const leaving = stores.accounts.addSchool('OBS De Linde');
  const staying = stores.accounts.addSchool('OBS De Regenboog');
  const add = (email: string, role: 'teacher' | 'coordinator' | 'admin', schoolId: number | null) => stores.accounts.addUser({ email, name: email.split('@')[0]!, role, schoolId, passwordHash: null });
  const juf = add('juf@linde.nl', 'teacher', leaving.id);
  add('meester@linde.nl', 'teacher', leaving.id);
  add('ib@linde.nl', 'coordinator', leaving.id);
  const other = add('juf@regenboog.nl', 'teacher', staying.id);
  add('baas@steun.nl', 'admin', null);
  stores.invitations.create({ email: 'piet@regenboog.nl', schoolId: leaving.id, invitedBy: null, days: 14 });
  stores.sqlite.prepare("INSERT INTO reflections (user_id, lesson_key, reflection_id, text, updated_at) VALUES (?, 'a/b', 'r', 'Tekst', '2027-01-01'), (?, 'a/b', 'r', 'Andere', '2027-01-01')").run(juf.id, other.id);
  return { leaving, staying, juf, other };
}

test('without --yes it counts what would go and erases nothing', async () => {
  const { leaving } = fill();
  const res = await run('school', 'erase', leaving.joinCode);
  expect(res.code).toBe(0);
  expect(res.out).toContain(`School "OBS De Linde" (id ${leaving.id}, join code ${leaving.joinCode}): 3 accounts (2 teachers, 1 coordinators, 0 others), 1 invitations without account, 0 lesson progress rows, 1 reflections`);
  expect(res.out).toContain('Nothing was erased. Run again with --yes');
  expect(stores.accounts.schoolById(leaving.id)).toBeDefined();
  expect(stores.accounts.userByEmailWithHash('juf@linde.nl')).toBeDefined();
});

test('with --yes the school, its accounts and all their data go; other schools stay; it is in the audit log', async () => {
  const { leaving, staying, juf, other } = fill();
  const res = await run('school', 'erase', String(leaving.id), '--yes');
  expect(res.code).toBe(0);
  expect(res.out).toContain('Erased school "OBS De Linde" and its 3 accounts.');
  stores.forgetMemos();
  expect(stores.accounts.schoolById(leaving.id)).toBeUndefined();
  for (const email of ['juf@linde.nl', 'meester@linde.nl', 'ib@linde.nl']) expect(stores.accounts.userByEmailWithHash(email)).toBeUndefined();
  expect(stores.invitations.inSchool(leaving.id, 'piet@regenboog.nl')).toBeUndefined();
  expect(stores.sqlite.prepare('SELECT user_id FROM reflections').all()).toEqual([{ user_id: other.id }]);
  expect(stores.accounts.schoolById(staying.id)).toBeDefined();
  // An erased id is never given again (accounts.deleteUser retires it).
  expect(stores.accounts.addUser({ email: 'nieuw@regenboog.nl', name: 'Nieuw', role: 'teacher', schoolId: staying.id, passwordHash: null }).id).toBeGreaterThan(juf.id);
  expect(stores.audit.page(0, 5).find((e) => e.action === 'school-erase')).toMatchObject({ actor: 'opdrachtregel', subjectSchoolId: leaving.id, detail: '"OBS De Linde" met 3 accounts' });
});

test('an unknown school, or one whose erasure would leave no administrator, is refused', async () => {
  const { leaving } = fill();
  expect((await run('school', 'erase', 'NOPE')).err).toMatch(/no school has id or join code "NOPE"/);
  stores.sqlite.prepare("UPDATE users SET school_id = ? WHERE email = 'baas@steun.nl'").run(leaving.id);
  const res = await run('school', 'erase', leaving.joinCode, '--yes');
  expect(res.code).toBe(1);
  expect(res.err).toMatch(/would leave no active administrator/);
  expect(stores.accounts.schoolById(leaving.id)).toBeDefined();
});
