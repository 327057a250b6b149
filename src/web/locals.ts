// What every view can use: who is signed in, a CSRF token for forms, the current path.
import type { RequestHandler } from 'express';
import type { CsrfTokenGenerator } from 'csrf-sync';

export function viewLocals(generateToken: CsrfTokenGenerator): RequestHandler {
  return (req, res, next) => {
    res.locals.currentUser = req.user ?? null;
    res.locals.currentPath = req.path;
    // Lazily: only pages that render a form create a token (and so a session) for a visitor.
    res.locals.csrfToken = () => generateToken(req);
    next();
  };
}
