// express-session store on the sessions table, so a restart signs nobody out. This process is the
// only writer, so a write-through cache of the stored JSON saves a query on every request. A signed-in
// session is saved once an hour with its new expiry (src/web/session-life.ts rolls it); the touch
// express-session asks for on every other request writes only when the stored expiry is more than
// that hour behind. A cached session of an account that was since deleted or deactivated is
// harmless: passport finds no active user for it.
import session from 'express-session';
import type { Sqlite } from './connection';
import { ROLL_EVERY_MS } from '../accounts/session-life';

interface SessionRow {
  data: string;
  expires_at: number;
  user_id: number | null;
}

const DAY_MS = 86_400_000;
const CACHE_LIMIT = 20_000;

export class SqliteSessionStore extends session.Store {
  private readonly getStmt;
  private readonly setStmt;
  private readonly destroyStmt;
  private readonly touchStmt;
  private readonly pruneStmt;
  private readonly cache = new Map<string, SessionRow>();
  private writesSincePrune = 0;

  constructor(db: Sqlite) {
    super();
    this.getStmt = db.prepare<[string, number], SessionRow>('SELECT data, expires_at, user_id FROM sessions WHERE sid = ? AND expires_at > ?');
    this.setStmt = db.prepare(
      `INSERT INTO sessions (sid, user_id, data, expires_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (sid) DO UPDATE SET user_id = excluded.user_id, data = excluded.data, expires_at = excluded.expires_at`,
    );
    this.destroyStmt = db.prepare('DELETE FROM sessions WHERE sid = ?');
    this.touchStmt = db.prepare('UPDATE sessions SET expires_at = ? WHERE sid = ?');
    this.pruneStmt = db.prepare('DELETE FROM sessions WHERE expires_at <= ?');
  }

  private remember(sid: string, row: SessionRow): void {
    this.cache.delete(sid);
    this.cache.set(sid, row);
    if (this.cache.size > CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value as string);
  }

  override get(sid: string, callback: (err: unknown, session?: session.SessionData | null) => void): void {
    try {
      const now = Date.now();
      let row = this.cache.get(sid);
      if (!row) {
        row = this.getStmt.get(sid, now);
        if (row) this.remember(sid, row);
      }
      if (row && row.expires_at <= now) {
        this.cache.delete(sid);
        row = undefined;
      }
      callback(null, row ? (JSON.parse(row.data) as session.SessionData) : null);
    } catch (err) {
      callback(err);
    }
  }

  override set(sid: string, data: session.SessionData, callback?: (err?: unknown) => void): void {
    try {
      const userId = (data as { passport?: { user?: unknown } }).passport?.user;
      const row = { data: JSON.stringify(data), expires_at: expiry(data), user_id: typeof userId === 'number' ? userId : null };
      try {
        this.setStmt.run(sid, row.user_id, row.data, row.expires_at);
      } catch (err) {
        // A full or read-only disk: the page was answered already; the session lives on in memory
        // until the disk takes writes again, instead of failing a response that is on its way out.
        if (!/^SQLITE_(READONLY|FULL|IOERR|BUSY|LOCKED)/.test(String((err as { code?: unknown }).code))) throw err;
        this.remember(sid, row);
        return callback?.();
      }
      this.remember(sid, row);
      if (++this.writesSincePrune >= 500) {
        this.writesSincePrune = 0;
        this.pruneStmt.run(Date.now());
      }
      callback?.();
    } catch (err) {
      callback?.(err);
    }
  }

  /** Drops the in-memory copies of one account's sessions, whose rows are being deleted (deactivated or erased). */
  forgetUser(userId: number): void {
    for (const [sid, row] of this.cache) if (row.user_id === userId) this.cache.delete(sid);
  }

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    try {
      this.cache.delete(sid);
      this.destroyStmt.run(sid);
      callback?.();
    } catch (err) {
      callback?.(err);
    }
  }

  override touch(sid: string, data: session.SessionData, callback?: () => void): void {
    const expires = expiry(data);
    const cached = this.cache.get(sid);
    // An expiry up to an hour behind is not worth a write on every request.
    if (!cached || Math.abs(cached.expires_at - expires) > ROLL_EVERY_MS) {
      try {
        this.touchStmt.run(expires, sid);
        if (cached) this.remember(sid, { ...cached, expires_at: expires });
      } catch {
        // Extending a session's life is not worth failing a page over (read-only or full disk).
      }
    }
    callback?.();
  }
}

function expiry(data: session.SessionData): number {
  const expires = data.cookie?.expires;
  return expires ? new Date(expires).getTime() : Date.now() + DAY_MS;
}
