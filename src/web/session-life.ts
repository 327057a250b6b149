// A sign-in's life (the rule: src/accounts/session-life.ts), and what a form sent after it ended
// gets: 401 "log opnieuw in" rather than the CSRF check's 403, since a session that has ended has
// no token to check against.
import type { Request, RequestHandler } from 'express';
import type { Clock } from '../clock';
import { noteActivity, sessionVerdict } from '../accounts/session-life';
import { HttpError, wantsJson } from './errors';
import { flash } from './flash';

/** What a request that needs a sign-in hears when there is none (the guard's and this file's 401). */
export const SIGNED_OUT = 'Je bent niet (meer) ingelogd. Log opnieuw in.';

/** A page the browser opens (not a script's fetch, a beacon or a media file): where an absolute limit may end a session. */
export function opensPage(req: Request): boolean {
  if (req.method !== 'GET' || wantsJson(req)) return false;
  const mode = req.get('sec-fetch-mode');
  return mode === undefined || mode === 'navigate';
}

/**
 * Rolls the signed-in session (its activity written at most once an hour, which saves it and renews
 * its cookie), and ends it past the idle limit, or past the absolute limit when a page is opened:
 * then the sign-in page says why and leads back to that page.
 */
export function sessionLife(now: Clock): RequestHandler {
  return (req, res, next) => {
    const session = req.session;
    const login = (session as { passport?: { user?: unknown } } | undefined)?.passport;
    if (!session || login?.user === undefined) return next();
    const at = now();
    const verdict = sessionVerdict({ signedInAt: session.signedInAt, activeAt: session.activeAt }, at, () => opensPage(req));
    if (verdict === 'keep') return next();
    if (verdict === 'roll') {
      noteActivity(session, at);
      return next();
    }
    session.regenerate((err) => {
      if (err) return next(err);
      if (verdict === 'idle') return next();
      flash(req, 'info', 'Je was lang genoeg ingelogd: log voor de zekerheid opnieuw in. Daarna ga je verder waar je was.');
      res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
    });
  };
}

/** Forms anyone may send without being signed in; their CSRF check stands as it is. */
const VISITOR_FORMS = /^\/(login|register|setup|password)(\/|$)/;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A form or save sent after the session ended (expired, signed out elsewhere, the password changed):
 * the session it belonged to is gone, so there is no CSRF token to compare and nothing it could
 * change. It is answered 401 — the autosave keeps the text on the device and says "log opnieuw in";
 * a page shows the text back (errors.ts) — instead of the CSRF check's 403. Signing out of a session
 * that has ended is done already.
 */
export const sessionEnded: RequestHandler = (req, res, next) => {
  if (SAFE_METHODS.has(req.method) || req.user || VISITOR_FORMS.test(req.path)) return next();
  if (typeof req.session?.csrfToken === 'string') return next();
  if (req.path === '/logout') return res.redirect(303, '/login?uitgelogd=1');
  next(new HttpError(401, SIGNED_OUT, { sessionEnded: true }));
};
