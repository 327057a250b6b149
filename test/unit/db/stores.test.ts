// Store behaviour that the HTTP tests do not reach directly: session expiry and pruning, link
// expiry, certificates issued once, the kept session secret, invitations without account.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type session from 'express-session';
import { openDatabase, type Sqlite } from '../../../src/db/connection';
import { migrate } from '../../../src/db/migrate';
import { createStores, type Stores } from '../../../src/db';

let dir: string;
let db: Sqlite;
let stores: Stores;
let userId: number;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'steun-stores-'));
  db = openDatabase(path.join(dir, 'steun.db'));
  migrate(db);
  stores = createStores(db);
  userId = stores.accounts.addUser({ email: 'ann@school.nl', name: 'Ann', role: 'teacher', schoolId: null, passwordHash: null }).id;
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function sessionData(expires: Date): session.SessionData {
  return { cookie: { expires, originalMaxAge: null }, passport: { user: userId } } as unknown as session.SessionData;
}
const read = (sid: string) =>
  new Promise<session.SessionData | null | undefined>((resolve, reject) => stores.sessions.get(sid, (err, data) => (err ? reject(err) : resolve(data))));

describe('sessions', () => {
  test('a stored session is read back, also by a fresh store on the same file', async () => {
    stores.sessions.set('abc', sessionData(new Date(Date.now() + 3_600_000)));
    expect((await read('abc')) as unknown).toMatchObject({ passport: { user: userId } });
    const fresh = createStores(db);
    const again = await new Promise((resolve) => fresh.sessions.get('abc', (_e, d) => resolve(d)));
    expect(again).toMatchObject({ passport: { user: userId } });
  });

  test('an expired session is not given out, from memory or from the file', async () => {
    stores.sessions.set('old', sessionData(new Date(Date.now() - 1000)));
    expect(await read('old')).toBeNull();
    const fresh = createStores(db);
    expect(await new Promise((resolve) => fresh.sessions.get('old', (_e, d) => resolve(d)))).toBeNull();
  });

  test('expired rows are pruned as new sessions are written', () => {
    stores.sessions.set('old', sessionData(new Date(Date.now() - 1000)));
    for (let i = 0; i < 500; i++) stores.sessions.set(`s${i}`, sessionData(new Date(Date.now() + 3_600_000)));
    const left = db.prepare("SELECT COUNT(*) AS n FROM sessions WHERE sid = 'old'").get() as { n: number };
    expect(left.n).toBe(0);
  });

  test('a touch within the hour writes nothing (rolling sessions are written at most hourly); a later expiry is written', () => {
    const expires = new Date(Date.now() + 3_600_000);
    stores.sessions.set('t', sessionData(expires));
    const stored = () => (db.prepare("SELECT expires_at FROM sessions WHERE sid = 't'").get() as { expires_at: number }).expires_at;
    stores.sessions.touch('t', sessionData(new Date(expires.getTime() + 30 * 60_000)));
    expect(stored()).toBe(expires.getTime());
    stores.sessions.touch('t', sessionData(new Date(expires.getTime() + 61 * 60_000)));
    expect(stored()).toBe(expires.getTime() + 61 * 60_000);
  });
});

test('a one-time password link stops working when it expires, and a new link replaces the old', () => {
  const expired = stores.accounts.createPasswordToken(userId, -1);
  expect(stores.accounts.userForPasswordToken(expired)).toBeUndefined();
  const first = stores.accounts.createPasswordToken(userId);
  expect(stores.accounts.userForPasswordToken(first)?.id).toBe(userId);
  const second = stores.accounts.createPasswordToken(userId);
  expect(stores.accounts.userForPasswordToken(first)).toBeUndefined();
  expect(stores.accounts.userForPasswordToken(second)?.id).toBe(userId);
});

test('a certificate is issued once and found by its code in any case, with spaces around it', () => {
  const input = { userId, name: 'Ann', courseTitle: 'Steun', hours: 2, issuer: 'Testacademie', completedAt: '2026-03-01T10:00:00.000Z' };
  const first = stores.certificates.issue(input);
  const again = stores.certificates.issue({ ...input, name: 'Ander' });
  expect(again).toEqual(first);
  expect(first.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  expect(stores.certificates.byCode(`  ${first.code.toLowerCase()} `)?.userId).toBe(userId);
  expect(stores.certificates.byCode('AAAA-BBBB-CCCC')).toBeUndefined();
});

test('the session secret is made once and kept', () => {
  const secret = stores.settings.sessionSecret();
  expect(secret).toMatch(/^[0-9a-f]{64}$/);
  expect(createStores(db).settings.sessionSecret()).toBe(secret);
});

describe('invitations without account', () => {
  test('take the next id of the accounts and keep it from every account, also once used', () => {
    const school = stores.accounts.addSchool('De Regenboog');
    const { invitation, token } = stores.invitations.create({ email: 'Piet@Linde.nl', schoolId: school.id, invitedBy: null, days: 14 });
    expect(invitation).toMatchObject({ id: userId + 1, email: 'piet@linde.nl', schoolId: school.id, active: true });
    expect(token).toMatch(/^[\w-]{32}$/);
    expect(stores.accounts.addUser({ email: 'bo@school.nl', name: 'Bo', role: 'teacher', schoolId: null, passwordHash: null }).id).toBe(userId + 2);
    expect(stores.invitations.forToken(token)?.id).toBe(invitation.id);
    expect(stores.invitations.use(invitation.id, token)).toBe(true);
    expect(stores.invitations.use(invitation.id, token)).toBe(false);
    expect(stores.invitations.byId(invitation.id)).toBeUndefined();
    stores.accounts.deleteUser(userId + 2);
    expect(stores.accounts.addUser({ email: 'cas@school.nl', name: 'Cas', role: 'teacher', schoolId: null, passwordHash: null }).id).toBe(userId + 3);
  });

  test('a new link voids the old one; deactivated, no link works; an expired link is cleared, the invitation stays', () => {
    const school = stores.accounts.addSchool('De Regenboog');
    const { invitation, token } = stores.invitations.create({ email: 'piet@linde.nl', schoolId: school.id, invitedBy: userId, days: 14 });
    const renewed = stores.invitations.renewLink(invitation.id, 14);
    expect(stores.invitations.forToken(token)).toBeUndefined();
    expect(stores.invitations.forToken(renewed)?.id).toBe(invitation.id);
    stores.invitations.setActive(invitation.id, false);
    expect(stores.invitations.forToken(renewed)).toBeUndefined();
    stores.invitations.setActive(invitation.id, true);
    expect(stores.invitations.forToken(renewed)).toBeUndefined();
    const expired = stores.invitations.renewLink(invitation.id, -1);
    expect(stores.invitations.forToken(expired)).toBeUndefined();
    expect(stores.invitations.use(invitation.id, expired)).toBe(false);
    expect(stores.invitations.dropExpiredLinks()).toBe(1);
    expect(stores.invitations.byId(invitation.id)).toMatchObject({ active: true, expiresAt: null });
    expect(stores.invitations.inSchool(school.id, 'PIET@linde.nl')?.id).toBe(invitation.id);
    // The inviter's account goes; the invitation stays, inviter unknown.
    stores.accounts.deleteUser(userId);
    expect(stores.invitations.byId(invitation.id)?.invitedBy).toBeNull();
  });
});

test("the school pickers' names come in name order, case-insensitively, from an index (no sort of every school per view)", () => {
  for (const name of ['de Regenboog', 'Beatrix', 'avonturijn', 'Zonnewijzer']) stores.accounts.addSchool(name);
  expect(stores.accounts.schoolNames().map((s) => s.name)).toEqual(['avonturijn', 'Beatrix', 'de Regenboog', 'Zonnewijzer']);
  const plan = db.prepare('EXPLAIN QUERY PLAN SELECT id, name FROM schools ORDER BY name COLLATE NOCASE').all() as { detail: string }[];
  expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING COVERING INDEX schools_by_name/);
  expect(plan.map((p) => p.detail).join(' ')).not.toMatch(/TEMP B-TREE/);
});
