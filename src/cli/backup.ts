// `steun backup` and `steun restore`: consistent copies of the database that only steun's user can
// read (files 0600, folders 0700), rotated with --keep, and a restore that checks the copy first
// and will not replace a database that a running server has open.
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../db/connection';
import { databaseInUse, inspectCopy, settleCopy } from '../db/copies';
import { readMigrations } from '../db/migrate';
import { CliError } from './cli-error';

/** Names of the files `steun backup DIR` writes, so that --keep touches nothing else. */
const BACKUP_NAME = /^steun-\d{8}-\d{6}\.db$/;

function stamp(now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
}

function ensurePrivateDir(dir: string): void {
  if (fs.existsSync(dir)) {
    if (!fs.statSync(dir).isDirectory()) throw new CliError(`${dir} is not a folder`);
    return;
  }
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
}

export interface CheckedCopy {
  schemaVersion: number;
  sizeBytes: number;
}

/** Checks a copy: a SQLite file that passes integrity_check, of a schema version this steun knows. */
export function checkCopy(file: string): CheckedCopy {
  if (!fs.existsSync(file)) throw new CliError(`no file at ${file}`);
  const found = inspectCopy(file);
  if (found.integrity === null) throw new CliError(`${file} is not a SQLite database (${found.error ?? 'unreadable'})`);
  if (found.integrity !== 'ok') throw new CliError(`${file} is damaged: integrity_check says ${found.integrity}`);
  if (found.schemaVersion === null || found.schemaVersion < 1) throw new CliError(`${file} is not a steun database (no schema version)`);
  const latest = readMigrations().at(-1)?.version ?? 0;
  if (found.schemaVersion > latest) throw new CliError(`${file} has schema version ${found.schemaVersion}, but this steun only knows up to ${latest}: restore it with a newer steun`);
  return { schemaVersion: found.schemaVersion, sizeBytes: fs.statSync(file).size };
}

export interface BackupResult extends CheckedCopy {
  file: string;
  removed: string[];
}

/**
 * Copies the database to `target`: a new file, or (a folder, or with `keep`) a new
 * `steun-YYYYMMDD-HHMMSS.db` in that folder, of which the `keep` newest stay.
 */
export async function backupDatabase(databasePath: string, target: string, options: { keep?: number; now?: Date } = {}): Promise<BackupResult> {
  if (!fs.existsSync(databasePath)) throw new CliError(`no database at ${databasePath} (set DATABASE_PATH)`);
  const intoFolder = options.keep !== undefined || target.endsWith('/') || target.endsWith(path.sep) || fs.statSync(target, { throwIfNoEntry: false })?.isDirectory() === true;
  const dir = intoFolder ? target : path.dirname(target);
  ensurePrivateDir(dir);
  const file = intoFolder ? path.join(dir, `steun-${stamp(options.now ?? new Date())}.db`) : target;
  // Created empty for steun's user alone before SQLite writes into it: never readable by others, not even for a moment.
  try {
    fs.closeSync(fs.openSync(file, 'wx', 0o600));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new CliError(`${file} already exists; choose a new file name`);
    throw new CliError(`${file} cannot be written (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  try {
    const sqlite = openDatabase(databasePath);
    try {
      await sqlite.backup(file);
    } finally {
      sqlite.close();
    }
    settleCopy(file);
    fs.chmodSync(file, 0o600);
    const checked = checkCopy(file);
    const removed: string[] = [];
    if (options.keep !== undefined) {
      const backups = fs.readdirSync(dir).filter((f) => BACKUP_NAME.test(f)).sort().reverse();
      for (const old of backups.slice(options.keep)) {
        for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(path.join(dir, old + suffix), { force: true });
        removed.push(path.join(dir, old));
      }
    }
    return { file, removed, ...checked };
  } catch (err) {
    fs.rmSync(file, { force: true });
    throw err;
  }
}

export interface RestoreResult extends CheckedCopy {
  previous: string | null;
}

/**
 * Puts a checked copy at DATABASE_PATH. The database there (if any) is first copied aside to
 * `<DATABASE_PATH>.before-restore-<stamp>`; a database some process has open is refused unless `force`.
 */
export async function restoreDatabase(databasePath: string, file: string, options: { force?: boolean; now?: Date } = {}): Promise<RestoreResult> {
  const checked = checkCopy(file);
  if (path.resolve(file) === path.resolve(databasePath)) throw new CliError(`${file} is the database itself`);
  ensurePrivateDir(path.dirname(databasePath));
  let previous: string | null = null;
  if (fs.existsSync(databasePath)) {
    if (databaseInUse(databasePath) && !options.force) {
      throw new CliError(`the database at ${databasePath} is in use (is the server running?): stop the server first, or give --force if you are sure it is stopped`);
    }
    const base = `${databasePath}.before-restore-${stamp(options.now ?? new Date())}`;
    previous = base;
    for (let n = 2; fs.existsSync(previous); n++) previous = `${base}-${n}`;
    fs.closeSync(fs.openSync(previous, 'wx', 0o600));
    const current = openDatabase(databasePath);
    try {
      await current.backup(previous);
    } finally {
      current.close();
    }
    settleCopy(previous);
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${databasePath}${suffix}`, { force: true });
  }
  const incoming = `${databasePath}.restoring`;
  fs.rmSync(incoming, { force: true });
  fs.copyFileSync(file, incoming, fs.constants.COPYFILE_EXCL);
  fs.chmodSync(incoming, 0o600);
  fs.renameSync(incoming, databasePath);
  return { ...checked, previous };
}
