// Opening the SQLite database: folder, pragmas, and the thin query helpers every store uses.
import type { Clock } from '../clock';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export type Sqlite = Database.Database;

export function openDatabase(file: string, options: { readonly?: boolean } = {}): Sqlite {
  if (file !== ':memory:' && !options.readonly) fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  if (!options.readonly) db.pragma('journal_mode = WAL');
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
