// Browsers that signed in to an account before (OWASP's device cookie): they keep their own
// failed-sign-in budget, so a stranger's wrong passwords cannot lock the owner out. Only the
// SHA-256 of the cookie's token is kept.
import type { Clock } from '../clock';
import crypto from 'node:crypto';
import type { Sqlite } from './connection';
import { stamper } from './connection';
import { hashToken } from './accounts';

export function devicesStore(db: Sqlite, clock: Clock) {
  const now = stamper(clock);
  const s = {
    insert: db.prepare('INSERT INTO known_devices (token_hash, user_id, created_at) VALUES (?, ?, ?)'),
    owner: db.prepare<[string], { user_id: number }>('SELECT user_id FROM known_devices WHERE token_hash = ?'),
    forgetOld: db.prepare('DELETE FROM known_devices WHERE user_id = ? AND token_hash NOT IN (SELECT token_hash FROM known_devices WHERE user_id = ? ORDER BY created_at DESC LIMIT 20)'),
  };
  return {
    /** A new device token for the account; the account keeps its 20 newest. */
    remember(userId: number): string {
      const token = crypto.randomBytes(24).toString('base64url');
      db.transaction(() => {
        s.insert.run(hashToken(token), userId, now());
        s.forgetOld.run(userId, userId);
      })();
      return token;
    },
    /** The account that signed in with this device token, if any. */
    ownerOf(token: string): number | undefined {
      return s.owner.get(hashToken(token))?.user_id;
    },
  };
}
