// A fresh school login as proof of who is at the keyboard, for what a session alone must not do:
// erasing an account that has no password (its owner signs in only with the school account).
import type { Request } from 'express';

declare module 'express-session' {
  interface SessionData {
    /** When this session's account last signed in again at its school, on purpose (prompt=login). */
    schoolLoginConfirmed?: { userId: number; at: number };
  }
}

/** How long a fresh school login confirms an erasure. */
export const CONFIRMATION_MS = 10 * 60_000;

export function rememberSchoolLoginConfirmed(req: Request, userId: number, now: number): void {
  req.session.schoolLoginConfirmed = { userId, at: now };
}

/** True while the signed-in account's own school login, given again, is recent enough. */
export function schoolLoginConfirmed(req: Request, now: number): boolean {
  const confirmed = req.session.schoolLoginConfirmed;
  return confirmed !== undefined && confirmed.userId === req.user?.id && now - confirmed.at < CONFIRMATION_MS;
}
