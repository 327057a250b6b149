// Two steun processes on one database file (as WORKERS=2 runs them, or two services behind one
// proxy): started together on a new database they apply each migration once, and what one does
// holds on the other at once: a sign-out, a deactivation, and the sign-in throttle's count.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/db/connection';
import { createStores } from '../../src/db';
import { readMigrations } from '../../src/db/migrate';
import { hashPassword } from '../../src/accounts/passwords';
import { startServerProcess as startServer, type ServerProcess } from '../support/server-process';
import { makeCourse } from '../fixtures/course-builder';

const PASSWORD = 'een-goed-wachtwoord';

const cookiesOf = (res: Response, before = '') => {
  const jar = new Map(before ? before.split('; ').map((c) => c.split('=') as [string, string]) : []);
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(';');
    const [name, ...value] = pair!.split('=');
    jar.set(name!, value.join('='));
  }
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
};

/** GETs a page with the cookie; the page's form token and the cookie as it is afterwards. */
async function page(url: string, cookie: string) {
  const res = await fetch(url, { headers: { cookie }, redirect: 'manual' });
  const html = await res.text();
  return { res, html, cookie: cookiesOf(res, cookie), csrf: /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '' };
}

async function post(url: string, cookie: string, csrf: string, fields: Record<string, string>) {
  return fetch(url, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie }, body: new URLSearchParams({ ...fields, _csrf: csrf }) });
}

async function signIn(base: string, email: string, password = PASSWORD) {
  const login = await page(`${base}/login`, '');
  const res = await post(`${base}/login`, login.cookie, login.csrf, { email, password });
  return { status: res.status, cookie: cookiesOf(res, login.cookie) };
}

/** Whether the cookie's session is signed in, asked of `base`. */
async function signedIn(base: string, cookie: string): Promise<boolean> {
  const res = await fetch(`${base}/me`, { headers: { cookie }, redirect: 'manual' });
  await res.text();
  return res.status === 200;
}

let dir: string;
let courseDir: string;
let a: ServerProcess;
let b: ServerProcess;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'steun-two-'));
  courseDir = makeCourse();
  const env = { DATABASE_PATH: path.join(dir, 'steun.db'), CONTENT_DIR: courseDir, PORT: '0', NODE_ENV: 'development', WATCH_CONTENT: '0', LOG_LEVEL: 'warn', SESSION_SECRET: 'two-processes-secret-two' };
  // Both on a database that does not exist yet, at the same moment: each migration runs once.
  [a, b] = await Promise.all([startServer(env), startServer(env)]);
  const db = openDatabase(env.DATABASE_PATH);
  const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all();
  expect(versions).toEqual(readMigrations().map((m) => m.version));
  const stores = createStores(db);
  const hash = await hashPassword(PASSWORD);
  const school = stores.accounts.addSchool('De Regenboog');
  stores.accounts.addUser({ email: 'juf@school.nl', name: 'Juf Anna', role: 'teacher', schoolId: school.id, passwordHash: hash });
  stores.accounts.addUser({ email: 'beheer@school.nl', name: 'Beheer', role: 'admin', schoolId: null, passwordHash: hash });
  db.close();
});

afterAll(async () => {
  for (const p of [a, b]) {
    if (!p || p.child.exitCode !== null) continue;
    const exited = new Promise((resolve) => p.child.once('exit', resolve));
    p.child.kill('SIGTERM');
    await exited;
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(courseDir, { recursive: true, force: true });
});

test('signing out on one process signs the session out on the other', async () => {
  const juf = await signIn(a.url, 'juf@school.nl');
  expect(juf.status).toBe(303);
  // The other process has read (and could have kept) the session.
  expect(await signedIn(b.url, juf.cookie)).toBe(true);
  const me = await page(`${a.url}/me`, juf.cookie);
  expect((await post(`${a.url}/logout`, me.cookie, me.csrf, {})).status).toBe(303);
  expect(await signedIn(b.url, juf.cookie)).toBe(false);
  expect(await signedIn(a.url, juf.cookie)).toBe(false);
});

test('an account deactivated on one process is signed out on the other', async () => {
  const juf = await signIn(a.url, 'juf@school.nl');
  expect(await signedIn(b.url, juf.cookie)).toBe(true);
  const admin = await signIn(a.url, 'beheer@school.nl');
  const people = await page(`${a.url}/admin`, admin.cookie);
  const id = new RegExp(`action="/admin/people/(\\d+)"[\\s\\S]*?juf@school\\.nl|juf@school\\.nl[\\s\\S]*?action="/admin/people/(\\d+)"`).exec(people.html);
  const jufId = id?.[1] ?? id?.[2];
  expect(jufId).toBeDefined();
  // The other process has just read the account (a memo of it would still be fresh).
  expect(await signedIn(b.url, juf.cookie)).toBe(true);
  const res = await post(`${a.url}/admin/people/${jufId}`, people.cookie, people.csrf, { role: 'teacher', school: '1', active: '0', bevestigd: 'ja' });
  expect(res.status).toBe(303);
  expect(await signedIn(b.url, juf.cookie)).toBe(false);
  expect((await signIn(b.url, 'juf@school.nl')).status).not.toBe(303);
});

test("wrong passwords count on both processes together: the throttle's limit is the same as with one", async () => {
  // The default limit is 8 failed attempts per account in a quarter of an hour: 4 here, 4 there.
  const statuses: number[] = [];
  for (let i = 0; i < 8; i++) statuses.push((await signIn(i % 2 === 0 ? a.url : b.url, 'beheer@school.nl', 'fout-wachtwoord')).status);
  expect(statuses.every((s) => s === 400 || s === 401 || s === 200)).toBe(true);
  expect((await signIn(b.url, 'beheer@school.nl', 'fout-wachtwoord')).status).toBe(429);
  expect((await signIn(a.url, 'beheer@school.nl')).status).toBe(429);
});

test('WORKERS=2 starts two processes on one port, one of which holds the background lease, and SIGTERM stops them all', async () => {
  const own = fs.mkdtempSync(path.join(os.tmpdir(), 'steun-workers-'));
  const env = { DATABASE_PATH: path.join(own, 'steun.db'), CONTENT_DIR: courseDir, PORT: '0', NODE_ENV: 'development', WATCH_CONTENT: '0', LOG_LEVEL: 'warn', SESSION_SECRET: 'two-processes-secret-two', WORKERS: '2' };
  const primary = await startServer(env);
  try {
    for (let i = 0; i < 6; i++) expect((await fetch(`${primary.url}/healthz`)).status).toBe(200);
    const children = fs
      .readdirSync('/proc')
      .filter((p) => /^\d+$/.test(p))
      .filter((p) => {
        try {
          return fs.readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]!.split(' ')[1] === String(primary.child.pid);
        } catch {
          return false;
        }
      });
    expect(children).toHaveLength(2);
    const db = openDatabase(env.DATABASE_PATH);
    const holders = db.prepare("SELECT holder FROM leases WHERE name = 'achtergrond'").pluck().all() as string[];
    db.close();
    expect(holders).toHaveLength(1);
    expect(children.map((pid) => `:${pid}:`).some((p) => holders[0]!.includes(p))).toBe(true);
    const exited = new Promise<number | null>((resolve) => primary.child.once('exit', resolve));
    primary.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    for (const pid of children) expect(fs.existsSync(`/proc/${pid}`)).toBe(false);
  } finally {
    if (primary.child.exitCode === null) primary.child.kill('SIGKILL');
    fs.rmSync(own, { recursive: true, force: true });
  }
});
