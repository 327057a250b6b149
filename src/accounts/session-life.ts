// How long a sign-in lasts. A session rolls: it ends after IDLE_MS without a request, so a teacher
// who keeps working is never signed out by the calendar; and it ends ABSOLUTE_MS after signing in,
// but only when the teacher opens a page, never on a form she sends or a save while she types
// (the next page she opens asks her to sign in again). The session records when it was last active
// at most once per ROLL_EVERY_MS: that is when its row is written and its cookie renewed, not on
// every request.

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Without a request for this long, the session has ended. The session cookie lives as long. */
export const IDLE_MS = 30 * DAY_MS;
/** This long after signing in, the next page asks to sign in again. */
export const ABSOLUTE_MS = 90 * DAY_MS;
/** How often activity is written down (and the cookie renewed): the idle limit is this precise. */
export const ROLL_EVERY_MS = HOUR_MS;

export interface SessionTimes {
  /** When the session was signed in (ms); missing for sessions from before these limits. */
  signedInAt?: number;
  /** When activity was last written down (ms). */
  activeAt?: number;
}

/**
 * - keep: nothing to do;
 * - roll: note the activity now (the session is saved and its cookie renewed);
 * - idle: ended, nothing happened for IDLE_MS;
 * - absolute: ended, signed in ABSOLUTE_MS ago and this request opens a page.
 */
export type SessionVerdict = 'keep' | 'roll' | 'idle' | 'absolute';

/**
 * `opensPage` may be a question asked only when the answer matters (past the absolute limit): what
 * the request is takes reading its headers (Accept), which every request would otherwise pay for.
 */
export function sessionVerdict(times: SessionTimes, now: number, opensPage: boolean | (() => boolean)): SessionVerdict {
  const { signedInAt, activeAt } = times;
  if (activeAt !== undefined && now - activeAt > IDLE_MS) return 'idle';
  if (signedInAt !== undefined && now - signedInAt > ABSOLUTE_MS && (typeof opensPage === 'function' ? opensPage() : opensPage)) return 'absolute';
  if (signedInAt === undefined || activeAt === undefined || now - activeAt >= ROLL_EVERY_MS) return 'roll';
  return 'keep';
}

/** Writes the activity down (a roll, or a sign-in on a new session): the first one is also when it was signed in. */
export function noteActivity(times: SessionTimes, now: number): void {
  times.signedInAt ??= now;
  times.activeAt = now;
}
