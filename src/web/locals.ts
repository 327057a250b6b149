// What every view can use: who is signed in, a CSRF token for forms, the current path.
import type { Request, RequestHandler } from 'express';

/**
 * A visitor who is not signed in gets a session only for a form's CSRF token: it lives for hours,
 * not the month a signed-in session lives, and expired rows are pruned by the store.
 */
export const ANONYMOUS_SESSION_MS = 4 * 3_600_000;

/** Whatever a visitor who is not signed in stores in the session lives for hours (not a month). */
export function keepVisitorSessionShort(req: Request): void {
  const maxAge = req.session.cookie.maxAge;
  if (!req.user && !(typeof maxAge === 'number' && maxAge <= ANONYMOUS_SESSION_MS)) req.session.cookie.maxAge = ANONYMOUS_SESSION_MS;
}

export function viewLocals(generateToken: (req: Request) => string): RequestHandler {
  return (req, res, next) => {
    res.locals.currentUser = req.user ?? null;
    res.locals.currentPath = req.path;
    // Lazily: only pages that render a form create a token (and so a session) for a visitor.
    res.locals.csrfToken = () => {
      keepVisitorSessionShort(req);
      return generateToken(req);
    };
    next();
  };
}
