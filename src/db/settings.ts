// Small key/value settings kept with the data (e.g. the generated session secret).
import crypto from 'node:crypto';
import type { Sqlite } from './connection';

export function settingsStore(db: Sqlite) {
  const get = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
  const insert = db.prepare('INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)');
  return {
    get(key: string): string | undefined {
      return get.get(key)?.value;
    },
    /** The session secret: generated on first use and kept, so a restart signs nobody out. */
    sessionSecret(): string {
      insert.run('session_secret', crypto.randomBytes(32).toString('hex'));
      return get.get('session_secret')!.value;
    },
  };
}
