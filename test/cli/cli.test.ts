import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/main';
import { openDatabase } from '../../src/db/connection';
import { createStores } from '../../src/db';
import { verifyPassword } from '../../src/accounts/passwords';

let dir: string;
let env: NodeJS.ProcessEnv;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'steun-cli-'));
  env = { DATABASE_PATH: path.join(dir, 'steun.db'), NODE_ENV: 'test' };
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l), env });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function stores() {
  return createStores(openDatabase(env.DATABASE_PATH!));
}

test('school add prints the join code as the last word', async () => {
  const res = await run('school', 'add', '--name', 'OBS De Regenboog');
  expect(res.code).toBe(0);
  const code = res.out.trim().split(/\s+/).at(-1)!;
  const s = stores();
  expect(s.accounts.schoolByJoinCode(code)?.name).toBe('OBS De Regenboog');
  s.sqlite.close();
});

test('school add --domain places new school-login teachers of that domain; a taken or bad domain is refused', async () => {
  const res = await run('school', 'add', '--name', 'OBS De Regenboog', '--domain', '@Regenboog.nl');
  expect(res.code).toBe(0);
  expect(res.out).toContain('for e-mail domain regenboog.nl');
  const s = stores();
  const code = res.out.trim().split(/\s+/).at(-1)!;
  expect(s.identities.schoolIdForEmail('juf@regenboog.nl')).toBe(s.accounts.schoolByJoinCode(code)!.id);
  expect(s.identities.schoolIdForEmail('juf@andere.nl')).toBeUndefined();
  s.sqlite.close();
  const taken = await run('school', 'add', '--name', 'Nog een', '--domain', 'regenboog.nl');
  expect(taken.code).not.toBe(0);
  expect(taken.err).toContain('another school already has the domain regenboog.nl');
  const bad = await run('school', 'add', '--name', 'Fout', '--domain', 'geen domein');
  expect(bad.code).not.toBe(0);
  expect(bad.err).toContain('--domain must be a domain like school.nl');
  const after = stores();
  expect(after.accounts.schools().map((x) => x.name)).toEqual(['OBS De Regenboog']);
  after.sqlite.close();
});

test('user add with a password creates a working account in the school', async () => {
  const code = (await run('school', 'add', '--name', 'De Regenboog')).out.split(/\s+/).at(-1)!;
  const res = await run('user', 'add', '--email', 'Ib@Regenboog.nl', '--name', 'Ilse', '--role', 'coordinator', '--school', code, '--password', 'wachtwoord-van-ilse');
  expect(res.code).toBe(0);
  const s = stores();
  const user = s.accounts.userByEmailWithHash('ib@regenboog.nl')!;
  expect(user).toMatchObject({ role: 'coordinator', name: 'Ilse' });
  expect(await verifyPassword('wachtwoord-van-ilse', user.passwordHash!)).toBe(true);
  s.sqlite.close();
});

test('user add without a password prints a one-time link that works', async () => {
  const res = await run('user', 'add', '--email', 'auteur@steun.nl', '--name', 'Aafke', '--role', 'author');
  expect(res.code).toBe(0);
  const token = /\/password\/([\w-]+)/.exec(res.out)?.[1];
  expect(token).toBeTruthy();
  const s = stores();
  expect(s.accounts.userForPasswordToken(token!)?.email).toBe('auteur@steun.nl');
  s.sqlite.close();
});

test.each([
  [['user', 'add', '--email', 'x@y.nl', '--name', 'X', '--role', 'king'], /Allowed choices/],
  [['user', 'add', '--email', 'x@y.nl', '--name', 'X', '--role', 'teacher'], /belongs to a school/],
  [['user', 'add', '--email', 'x@y.nl', '--name', 'X', '--role', 'teacher', '--school', 'NOPE'], /no school has join code/],
  [['user', 'add', '--email', 'geen-adres', '--name', 'X', '--role', 'admin'], /not an e-mail address/],
  [['user', 'add', '--email', 'x@y.nl', '--name', 'X', '--role', 'admin', '--password', 'kort'], /at least 10/],
  [['user', 'add', '--name', 'X', '--role', 'admin'], /required option/],
  [['frobnicate'], /unknown command/],
])('bad input %j goes to stderr with a non-zero exit', async (args, message) => {
  const res = await run(...args);
  expect(res.code).not.toBe(0);
  expect(res.err).toMatch(message);
});

test('a duplicate e-mail is refused', async () => {
  await run('user', 'add', '--email', 'a@b.nl', '--name', 'A', '--role', 'admin', '--password', 'wachtwoord-123');
  const res = await run('user', 'add', '--email', 'A@B.nl', '--name', 'A', '--role', 'admin', '--password', 'wachtwoord-123');
  expect(res.code).toBe(1);
  expect(res.err).toMatch(/already exists/);
});

test('backup makes a consistent copy while another connection keeps writing', async () => {
  await run('school', 'add', '--name', 'Eerste');
  const live = openDatabase(env.DATABASE_PATH!);
  live.prepare("INSERT INTO schools (name, join_code, created_at) VALUES ('Tweede', 'CODE2222', '2026-01-01')").run();
  const file = path.join(dir, 'backup.db');
  const res = await run('backup', file);
  live.close();
  expect(res.code).toBe(0);
  const copy = openDatabase(file);
  expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(copy.prepare('SELECT name FROM schools ORDER BY id').all()).toEqual([{ name: 'Eerste' }, { name: 'Tweede' }]);
  copy.close();
  expect((await run('backup', file)).err).toMatch(/already exists/);
});

test('user add --role researcher makes an account without a school', async () => {
  const res = await run('user', 'add', '--email', 'onderzoek@uni.nl', '--name', 'Onderzoeker', '--role', 'researcher', '--password', 'wachtwoord-onderzoek');
  expect(res.code).toBe(0);
  const s = stores();
  expect(s.accounts.userByEmailWithHash('onderzoek@uni.nl')).toMatchObject({ role: 'researcher', schoolId: null });
  s.sqlite.close();
});

test('school domain sets or clears the domain of an existing school; another school\'s domain is refused', async () => {
  const code = (await run('school', 'add', '--name', 'OBS De Regenboog')).out.split(/\s+/).at(-1)!;
  const other = (await run('school', 'add', '--name', 'De Linde', '--domain', 'linde.nl')).out.split(/\s+/).at(-1)!;
  const set = await run('school', 'domain', '--school', code, '--domain', '@Regenboog.NL');
  expect(set.code).toBe(0);
  expect(set.out).toContain('now has e-mail domain regenboog.nl');
  let s = stores();
  expect(s.identities.schoolIdForEmail('juf@regenboog.nl')).toBe(s.accounts.schoolByJoinCode(code)!.id);
  s.sqlite.close();
  expect((await run('school', 'domain', '--school', code, '--domain', 'linde.nl')).err).toContain('another school already has the domain linde.nl');
  expect((await run('school', 'domain', '--school', code)).err).toContain('give either --domain <domain> or --none');
  expect((await run('school', 'domain', '--school', 'NOPE', '--none')).err).toContain('no school has join code');
  expect((await run('school', 'domain', '--school', code, '--none')).code).toBe(0);
  s = stores();
  expect(s.identities.schoolIdForEmail('juf@regenboog.nl')).toBeUndefined();
  expect(s.identities.schoolDomain(s.accounts.schoolByJoinCode(other)!.id)).toBe('linde.nl');
  s.sqlite.close();
});

test('user link links a school login to an account by hand, once', async () => {
  await run('user', 'add', '--email', 'beheer@school.nl', '--name', 'Beheer', '--role', 'admin', '--password', 'wachtwoord-van-beheer');
  const issuer = 'https://login.school.nl';
  const res = await run('user', 'link', '--email', 'Beheer@School.nl', '--subject', 'abc-123', '--issuer', issuer);
  expect(res.code).toBe(0);
  expect(res.out).toContain('Linked school login abc-123');
  const s = stores();
  expect(s.identities.userIdFor(issuer, 'abc-123')).toBe(s.accounts.userByEmailWithHash('beheer@school.nl')!.id);
  s.sqlite.close();
  expect((await run('user', 'link', '--email', 'beheer@school.nl', '--subject', 'abc-123', '--issuer', issuer)).out).toContain('Already linked');
  await run('user', 'add', '--email', 'ander@school.nl', '--name', 'Ander', '--role', 'author', '--password', 'wachtwoord-van-ander');
  expect((await run('user', 'link', '--email', 'ander@school.nl', '--subject', 'abc-123', '--issuer', issuer)).err).toContain('linked to another account');
  expect((await run('user', 'link', '--email', 'niemand@school.nl', '--subject', 'x', '--issuer', issuer)).err).toContain('no account has e-mail');
  expect((await run('user', 'link', '--email', 'ander@school.nl', '--subject', 'x')).err).toContain('give --issuer, or set OIDC_ISSUER');
});
