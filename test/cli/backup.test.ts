// Backups an administrator can schedule and trust: rotation, files only steun's user can read, a
// restore that checks the copy first and will not pull the database from under a running server.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/main';
import { backupDatabase } from '../../src/cli/backup';
import { openDatabase } from '../../src/db/connection';
import { migrate } from '../../src/db/migrate';

let dir: string;
let env: NodeJS.ProcessEnv;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'steun-backup-'));
  env = { DATABASE_PATH: path.join(dir, 'data', 'steun.db'), NODE_ENV: 'test' };
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l), env });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
const mode = (file: string) => fs.statSync(file).mode & 0o777;
const schools = (file: string) => {
  const db = openDatabase(file, { readonly: true });
  try {
    return (db.prepare('SELECT name FROM schools ORDER BY id').all() as { name: string }[]).map((r) => r.name);
  } finally {
    db.close();
  }
};

test('a new database, a backup folder and its files are for steun\'s user alone (0700, 0600)', async () => {
  await run('school', 'add', '--name', 'Eerste');
  expect(mode(env.DATABASE_PATH!)).toBe(0o600);
  expect(mode(path.dirname(env.DATABASE_PATH!))).toBe(0o700);
  const res = await run('backup', path.join(dir, 'backups') + '/', '--keep', '7');
  expect(res.code).toBe(0);
  const file = /Backup written to (\S+) \(/.exec(res.out)![1]!;
  expect(path.basename(file)).toMatch(/^steun-\d{8}-\d{6}\.db$/);
  expect(res.out).toMatch(/schema version \d+, integrity ok/);
  expect(mode(path.join(dir, 'backups'))).toBe(0o700);
  expect(mode(file)).toBe(0o600);
  expect(schools(file)).toEqual(['Eerste']);
});

test('--keep N keeps the N newest backups in the folder and nothing else is touched', async () => {
  await run('school', 'add', '--name', 'Eerste');
  const folder = path.join(dir, 'backups');
  fs.mkdirSync(folder);
  fs.writeFileSync(path.join(folder, 'notities.txt'), 'van de beheerder');
  for (let day = 1; day <= 4; day++) await backupDatabase(env.DATABASE_PATH!, folder, { keep: 2, now: new Date(2027, 0, day, 3, 0, 0) });
  expect(fs.readdirSync(folder).sort()).toEqual(['notities.txt', 'steun-20270103-030000.db', 'steun-20270104-030000.db']);
  expect((await run('backup', folder, '--keep', '0')).err).toMatch(/--keep must be a whole number of at least 1/);
});

test('restore checks the copy first: not a database, damaged, or from a newer steun is refused and nothing changes', async () => {
  await run('school', 'add', '--name', 'Huidig');
  const junk = path.join(dir, 'junk.db');
  fs.writeFileSync(junk, 'geen database'.repeat(100));
  expect((await run('restore', junk)).err).toMatch(/is not a SQLite database/);
  expect((await run('restore', path.join(dir, 'nope.db'))).err).toMatch(/no file at/);

  const newer = path.join(dir, 'newer.db');
  const db = openDatabase(newer);
  migrate(db);
  db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, ?, ?)').run('future', new Date().toISOString());
  db.close();
  const res = await run('restore', newer);
  expect(res.code).toBe(1);
  expect(res.err).toMatch(/schema version 999, but this steun only knows up to \d+/);

  const damaged = path.join(dir, 'damaged.db');
  fs.copyFileSync(newer, damaged);
  const bytes = fs.readFileSync(damaged);
  bytes.fill(0x5a, 4096, 4096 * 3);
  fs.writeFileSync(damaged, bytes);
  expect((await run('restore', damaged)).code).toBe(1);
  expect(schools(env.DATABASE_PATH!)).toEqual(['Huidig']);
});

test('restore refuses a database a running server has open, unless --force; the old one is kept aside', async () => {
  await run('school', 'add', '--name', 'Van de back-up');
  const backup = path.join(dir, 'backup.db');
  expect((await run('backup', backup)).code).toBe(0);
  await run('school', 'add', '--name', 'Later toegevoegd');

  const server = openDatabase(env.DATABASE_PATH!);
  server.prepare('SELECT 1').get();
  const refused = await run('restore', backup);
  expect(refused.code).toBe(1);
  expect(refused.err).toMatch(/is in use \(is the server running\?\)/);
  server.close();

  const res = await run('restore', backup);
  expect(res.code).toBe(0);
  expect(schools(env.DATABASE_PATH!)).toEqual(['Van de back-up']);
  const previous = /kept as (\S+)\./.exec(res.out)![1]!;
  expect(schools(previous)).toEqual(['Van de back-up', 'Later toegevoegd']);
  expect(mode(previous)).toBe(0o600);
  expect(mode(env.DATABASE_PATH!)).toBe(0o600);

  const busy = openDatabase(env.DATABASE_PATH!);
  busy.prepare('SELECT 1').get();
  expect((await run('restore', previous, '--force')).code).toBe(0);
  busy.close();
  expect(schools(env.DATABASE_PATH!)).toEqual(['Van de back-up', 'Later toegevoegd']);
});

test('migrate applies what is new and says the schema version; a second run has nothing to do', async () => {
  expect((await run('migrate')).err).toMatch(/no database at/);
  const db = openDatabase(env.DATABASE_PATH!);
  db.close();
  const first = await run('migrate');
  expect(first.code).toBe(0);
  expect(first.out).toMatch(/^Applied migrations 1, 2, .*; the database is at schema version \d+\.$/);
  expect((await run('migrate')).out).toMatch(/^Nothing to do; the database is at schema version \d+\.$/);
});
