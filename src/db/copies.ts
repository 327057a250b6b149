// Looking at a database file from outside the server: what a backup copy holds, and whether some
// process has a database open (for `steun backup` and `steun restore`).
import Database from 'better-sqlite3';

export interface CopyInspection {
  /** `ok`, or what integrity_check found; null when the file is no SQLite database at all. */
  integrity: string | null;
  /** The highest migration applied; null when the file has no schema_migrations. */
  schemaVersion: number | null;
  error?: string;
}

/** Makes a fresh copy one self-contained file (rollback journal instead of WAL), so reading it later leaves no -wal or -shm beside it. */
export function settleCopy(file: string): void {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('journal_mode = DELETE');
  } finally {
    db.close();
  }
}

export function inspectCopy(file: string): CopyInspection {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    return { integrity: null, schemaVersion: null, error: (err as Error).message };
  }
  try {
    const integrity = String(db.pragma('integrity_check', { simple: true }));
    const hasVersions = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
    const schemaVersion = hasVersions ? ((db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0) : null;
    return { integrity, schemaVersion };
  } catch (err) {
    return { integrity: null, schemaVersion: null, error: (err as Error).message };
  } finally {
    db.close();
  }
}

/**
 * True when another connection has the database open (a running server, another command): in WAL
 * mode it holds a shared lock, so an exclusive one cannot be had at once.
 */
export function databaseInUse(file: string): boolean {
  const db = new Database(file, { fileMustExist: true, timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.prepare('SELECT COUNT(*) FROM sqlite_master').get();
    db.exec('COMMIT');
    return false;
  } catch (err) {
    if (/^SQLITE_(BUSY|LOCKED)/.test(String((err as { code?: unknown }).code))) return true;
    throw err;
  } finally {
    db.close();
  }
}
