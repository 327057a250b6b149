// Opening the SQLite database: folder, pragmas, and the thin query helpers every store uses.
import type { Clock } from '../clock';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export type Sqlite = Database.Database;

/**
 * Two processes that turn a new database to WAL at the same moment would wait for each other, so
 * SQLite answers one of them SQLITE_BUSY at once instead of waiting (about one start in ten with
 * four processes started together); the other finishes the switch a moment later. That one tries
 * again, 20 ms apart, for up to two seconds.
 */
function toWal(db: Sqlite): void {
  for (let attempt = 1; ; attempt++) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (err) {
      if (attempt >= 100 || !String((err as { code?: unknown }).code).startsWith('SQLITE_BUSY')) throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
}

export function openDatabase(file: string, options: { readonly?: boolean } = {}): Sqlite {
  if (file !== ':memory:' && !options.readonly) {
    // Teachers' reflections are in it: a new database (and its folder) is for steun's user alone.
    // SQLite gives the -wal and -shm files the database file's mode.
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    if (!fs.existsSync(file)) fs.closeSync(fs.openSync(file, 'a', 0o600));
  }
  const db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  if (!options.readonly) toWal(db);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  return db;
}

/** An instant as an ISO 8601 UTC timestamp, the one format for times in the database. */
export function nowIso(at: Date): string {
  return at.toISOString();
}

/** The stores' stamp of "now", from the app's one clock (src/clock.ts). */
export function stamper(clock: Clock): () => string {
  return () => new Date(clock()).toISOString();
}
