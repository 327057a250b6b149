// express-session store on the sessions table, so a restart signs nobody out. Every request reads its
// session's row: several processes share the table (WORKERS), and a sign-out, a new CSRF token or
// a deactivation in one must hold in the next request whichever process answers it (the read is one
// lookup by primary key, a few microseconds). A signed-in session is saved once an hour with its new
// expiry (src/web/session-life.ts rolls it); what is remembered is only each session's stored expiry,
// so that the touch express-session asks for on every other request writes only when the stored
// expiry is more than that hour behind.
import session from 'express-session';
import type { Sqlite } from './connection';
import { ROLL_EVERY_MS } from '../accounts/session-life';

interface SessionRow {
  data: string;
  expires_at: number;
}

const DAY_MS = 86_400_000;
/** Sessions whose stored expiry is remembered (for skipping touches; a forgotten one costs one write). */
const EXPIRY_LIMIT = 20_000;

export class SqliteSessionStore extends session.Store {
  private readonly getStmt;
  private readonly setStmt;
  private readonly destroyStmt;
  private readonly touchStmt;
  private readonly pruneStmt;
  private readonly expiries = new Map<string, number>();
  /** Sessions a full or read-only disk refused to store: this process keeps them until a write succeeds. */
  private readonly unwritten = new Map<string, { data: string; expires_at: number; user_id: number | null }>();
  private writesSincePrune = 0;

  constructor(db: Sqlite) {
    super();
    this.getStmt = db.prepare<[string, number], SessionRow>('SELECT data, expires_at FROM sessions WHERE sid = ? AND expires_at > ?');
    this.setStmt = db.prepare(
      `INSERT INTO sessions (sid, user_id, data, expires_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (sid) DO UPDATE SET user_id = excluded.user_id, data = excluded.data, expires_at = excluded.expires_at`,
    );
    this.destroyStmt = db.prepare('DELETE FROM sessions WHERE sid = ?');
    this.touchStmt = db.prepare('UPDATE sessions SET expires_at = ? WHERE sid = ?');
    this.pruneStmt = db.prepare('DELETE FROM sessions WHERE expires_at <= ?');
  }

  private remember(sid: string, expiresAt: number): void {
    this.expiries.delete(sid);
    this.expiries.set(sid, expiresAt);
    if (this.expiries.size > EXPIRY_LIMIT) this.expiries.delete(this.expiries.keys().next().value as string);
  }

  override get(sid: string, callback: (err: unknown, session?: session.SessionData | null) => void): void {
    try {
      const kept = this.unwritten.get(sid);
      if (kept && kept.expires_at > Date.now()) return callback(null, JSON.parse(kept.data) as session.SessionData);
      const row = this.getStmt.get(sid, Date.now());
      if (row) this.remember(sid, row.expires_at);
      else this.expiries.delete(sid);
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
        // A full or read-only disk: the page was answered already; the session lives on in this
        // process until the disk takes writes again, instead of failing a response on its way out.
        if (!/^SQLITE_(READONLY|FULL|IOERR|BUSY|LOCKED)/.test(String((err as { code?: unknown }).code))) throw err;
        this.unwritten.set(sid, row);
        return callback?.();
      }
      this.unwritten.delete(sid);
      this.remember(sid, row.expires_at);
      if (++this.writesSincePrune >= 500) {
        this.writesSincePrune = 0;
        this.pruneStmt.run(Date.now());
      }
      callback?.();
    } catch (err) {
      callback?.(err);
    }
  }

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    try {
      this.expiries.delete(sid);
      this.unwritten.delete(sid);
      this.destroyStmt.run(sid);
      callback?.();
    } catch (err) {
      callback?.(err);
    }
  }

  /** Drops the sessions of an account (deactivated or erased) that only this process kept. */
  forgetUser(userId: number): void {
    for (const [sid, row] of this.unwritten) if (row.user_id === userId) this.unwritten.delete(sid);
  }

  override touch(sid: string, data: session.SessionData, callback?: () => void): void {
    const expires = expiry(data);
    const stored = this.expiries.get(sid);
    // An expiry up to an hour behind is not worth a write on every request.
    if (stored === undefined || Math.abs(stored - expires) > ROLL_EVERY_MS) {
      try {
        this.touchStmt.run(expires, sid);
        this.remember(sid, expires);
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
