// express-session store on the sessions table, so a restart signs nobody out.
import session from 'express-session';
import type { Sqlite } from './connection';

interface SessionRow {
  data: string;
  expires_at: number;
}

const DAY_MS = 86_400_000;

export class SqliteSessionStore extends session.Store {
  private readonly getStmt;
  private readonly setStmt;
  private readonly destroyStmt;
  private readonly touchStmt;
  private readonly pruneStmt;
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

  override get(sid: string, callback: (err: unknown, session?: session.SessionData | null) => void): void {
    try {
      const row = this.getStmt.get(sid, Date.now());
      callback(null, row ? (JSON.parse(row.data) as session.SessionData) : null);
    } catch (err) {
      callback(err);
    }
  }

  override set(sid: string, data: session.SessionData, callback?: (err?: unknown) => void): void {
    try {
      const userId = (data as { passport?: { user?: unknown } }).passport?.user;
      this.setStmt.run(sid, typeof userId === 'number' ? userId : null, JSON.stringify(data), expiry(data));
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
      this.destroyStmt.run(sid);
      callback?.();
    } catch (err) {
      callback?.(err);
    }
  }

  override touch(sid: string, data: session.SessionData, callback?: () => void): void {
    try {
      this.touchStmt.run(expiry(data), sid);
    } finally {
      callback?.();
    }
  }
}

function expiry(data: session.SessionData): number {
  const expires = data.cookie?.expires;
  return expires ? new Date(expires).getTime() : Date.now() + DAY_MS;
}
