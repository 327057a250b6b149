import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Sqlite } from '../../../src/db/connection';
import { migrate, readMigrations, schemaVersion, DatabaseTooNewError } from '../../../src/db/migrate';

let dir: string;
let db: Sqlite;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'steun-migrate-'));
  db = openDatabase(path.join(dir, 'nested', 'folder', 'steun.db'));
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the database folder is created and the connection is set up as intended', () => {
  expect(fs.existsSync(path.join(dir, 'nested', 'folder', 'steun.db'))).toBe(true);
  expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
  expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
});

test('every migration applies to an empty database, in order, and is recorded', () => {
  const all = readMigrations();
  expect(all.length).toBeGreaterThan(0);
  expect(migrate(db)).toEqual(all.map((m) => m.version));
  expect(schemaVersion(db)).toBe(all.at(-1)!.version);
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all().map((r) => (r as { name: string }).name);
  expect(tables).toEqual(expect.arrayContaining(['schema_migrations', 'schools', 'users', 'sessions', 'settings', 'password_tokens', 'outbox', 'user_identities']));
  expect(db.pragma('foreign_key_check')).toEqual([]);
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
});

test('an up-to-date database is left alone', () => {
  migrate(db);
  expect(migrate(db)).toEqual([]);
});

test('a failing migration rolls back completely', () => {
  const good = readMigrations();
  const broken = [...good, { version: good.length + 1, name: 'broken', sql: 'CREATE TABLE half (x INTEGER); THIS IS NOT SQL;' }];
  expect(() => migrate(db, broken)).toThrow();
  expect(schemaVersion(db)).toBe(good.length);
  expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
});

test('a database newer than the code refuses to start with a clear message', () => {
  migrate(db);
  db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, ?, ?)').run('future', new Date().toISOString());
  expect(() => migrate(db)).toThrow(DatabaseTooNewError);
  expect(() => migrate(db)).toThrow(/schema version 999/);
});

test('e-mail addresses are unique regardless of case', () => {
  migrate(db);
  const insert = db.prepare("INSERT INTO users (email, name, role, created_at) VALUES (?, 'X', 'teacher', '2026-01-01')");
  insert.run('a@school.nl');
  expect(() => insert.run('A@School.NL')).toThrow(/UNIQUE/);
});

test('the researcher role arrives without losing anyone or anything that points at them', () => {
  const all = readMigrations();
  const rebuild = all.findIndex((m) => m.name === 'researcher-role');
  expect(rebuild).toBeGreaterThan(0);
  migrate(db, all.slice(0, rebuild));
  db.prepare("INSERT INTO schools (id, name, join_code, created_at) VALUES (1, 'De Regenboog', 'ABC', '2027-01-01')").run();
  db.prepare("INSERT INTO users (id, email, name, role, school_id, created_at) VALUES (5, 'juf@x.nl', 'Juf', 'teacher', 1, '2027-01-01')").run();
  db.prepare("INSERT INTO reflections (user_id, lesson_key, reflection_id, text, updated_at) VALUES (5, 'a/b', 'r', 'Mijn tekst', '2027-01-02')").run();
  // Columns that earlier migrations added to users survive the rebuild too.
  db.prepare('UPDATE users SET reminders = 0 WHERE id = 5').run();
  expect(() => db.prepare("INSERT INTO users (email, name, role, created_at) VALUES ('o@x.nl', 'O', 'researcher', '2027-01-01')").run()).toThrow(/CHECK/);
  migrate(db, all);
  expect(db.prepare('SELECT text FROM reflections WHERE user_id = 5').get()).toEqual({ text: 'Mijn tekst' });
  expect(db.prepare('SELECT reminders FROM users WHERE id = 5').get()).toEqual({ reminders: 0 });
  db.prepare("INSERT INTO users (email, name, role, created_at) VALUES ('o@x.nl', 'O', 'researcher', '2027-01-01')").run();
  expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  // Still enforced after the rebuild: erasing the teacher takes their reflections along.
  db.prepare('DELETE FROM users WHERE id = 5').run();
  expect(db.prepare('SELECT count(*) AS n FROM reflections').get()).toEqual({ n: 0 });
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
});
