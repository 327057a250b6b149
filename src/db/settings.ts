// Small key/value settings kept with the data (e.g. the generated session secret).
import crypto from 'node:crypto';
import type { Sqlite } from './connection';

export function settingsStore(db: Sqlite) {
  const get = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
  const insert = db.prepare('INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)');
  const remove = db.prepare('DELETE FROM settings WHERE key = ?');
  return {
    get(key: string): string | undefined {
      return get.get(key)?.value;
    },
    /**
     * The one-time token that opens /setup while no administrator exists: generated once, printed by
     * `npm start` (as Jupyter prints its token), dropped when the administrator is made.
     */
    setupToken(): string {
      insert.run('setup_token', crypto.randomBytes(24).toString('base64url'));
      return get.get('setup_token')!.value;
    },
    /**
     * True for the current setup token, compared in constant time as SHA-256 digests: equal in
     * length whatever was sent (a string of the token's length in characters may be longer in
     * bytes, which timingSafeEqual refuses with an exception).
     */
    isSetupToken(candidate: unknown): boolean {
      const token = get.get('setup_token')?.value;
      if (!token || typeof candidate !== 'string') return false;
      const digest = (s: string) => crypto.createHash('sha256').update(s).digest();
      return crypto.timingSafeEqual(digest(candidate), digest(token));
    },
    dropSetupToken(): void {
      remove.run('setup_token');
    },
    /** The session secret: generated on first use and kept, so a restart signs nobody out. */
    sessionSecret(): string {
      insert.run('session_secret', crypto.randomBytes(32).toString('hex'));
      return get.get('session_secret')!.value;
    },
  };
}
