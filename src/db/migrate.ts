// Forward-only numbered SQL migrations from `migrations/`, each applied in a transaction and
// recorded in schema_migrations.
import fs from 'node:fs';
import path from 'node:path';
import type { Sqlite } from './connection';

export const MIGRATIONS_DIR = path.resolve(__dirname, '..', '..', 'migrations');

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export class DatabaseTooNewError extends Error {
  constructor(
    readonly current: number,
    readonly latest: number,
  ) {
    super(
      `The database is at schema version ${current}, but this version of steun only knows up to ${latest}. ` +
        'Start a newer version of steun, or restore a backup made with this version.',
    );
  }
}

/** First line of a migration that rebuilds a referenced table. */
export const FOREIGN_KEYS_OFF = '-- foreign keys off';

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const migrations = fs
    .readdirSync(dir)
    .map((file) => /^(\d+)-([\w-]+)\.sql$/.exec(file))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ version: Number(m[1]), name: m[2] ?? '', sql: fs.readFileSync(path.join(dir, m[0]), 'utf8') }))
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migration numbers must run 1, 2, 3 ... without gaps; found ${m.version} at position ${i + 1}`);
  });
  return migrations;
}

/** Applies every migration the database has not seen yet. Returns the versions applied. */
export function migrate(db: Sqlite, migrations = readMigrations()): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const current = (db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0;
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new DatabaseTooNewError(current, latest);
  }
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const done = db.prepare<[number], number>('SELECT 1 FROM schema_migrations WHERE version = ?').pluck();
  const applied: number[] = [];
  for (const m of migrations.filter((m) => m.version > current)) {
    // A migration that rebuilds a table others reference (SQLite's way to change a CHECK) says so on
    // its first line: foreign keys are off while it runs, else dropping the old table would
    // cascade, and they are checked before it commits. The pragma only works outside a transaction.
    const rebuilds = m.sql.startsWith(FOREIGN_KEYS_OFF);
    const enforced = db.pragma('foreign_keys', { simple: true }) === 1;
    if (rebuilds) db.pragma('foreign_keys = OFF');
    let ran = false;
    try {
      // Under the write lock from the start (IMMEDIATE), and only if no other process applied it
      // meanwhile: processes started together on one database apply each migration once.
      db.transaction(() => {
        if (done.get(m.version) !== undefined) return;
        db.exec(m.sql);
        if (rebuilds && (db.pragma('foreign_key_check') as unknown[]).length > 0) throw new Error(`Migration ${m.version} left rows that point nowhere; nothing of it was applied`);
        record.run(m.version, m.name, new Date().toISOString());
        ran = true;
      }).immediate();
    } finally {
      if (rebuilds && enforced) db.pragma('foreign_keys = ON');
    }
    if (ran) applied.push(m.version);
  }
  return applied;
}

export function schemaVersion(db: Sqlite): number {
  return (db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0;
}
