// Who may do what: every route names its guards with these, so protection shows on one screen.
import type { RequestHandler } from 'express';
import type { Role } from '../db/accounts';
import { HttpError } from './errors';
import { SIGNED_OUT } from './session-life';

/** Signed in, or off to /login (HTML) or 401 (JSON). */
export const signedIn: RequestHandler = (req, res, next) => {
  if (req.user) return next();
  if (req.path.startsWith('/api/') || req.method !== 'GET') {
    return next(new HttpError(401, SIGNED_OUT));
  }
  res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
};

/** Signed in with one of these roles; 403 otherwise. */
export function hasRole(...roles: Role[]): RequestHandler {
  return (req, res, next) => {
    if (!req.user) return signedIn(req, res, next);
    if (roles.includes(req.user.role)) return next();
    next(new HttpError(403, 'Deze pagina is niet voor jouw rol bedoeld.', { role: req.user.role, needs: roles }));
  };
}

/**
 * A researcher reaches /research (and their own account, its school login under /auth included,
 * and the privacy statement), nothing of the course or its people.
 */
export const researchersStayInResearch: RequestHandler = (req, res, next) => {
  if (req.user?.role !== 'researcher' || /^\/(research|me|login|logout|auth|privacy)(\/|\.|$)/.test(req.path)) return next();
  if (req.path === '/' && req.method === 'GET') return res.redirect(303, '/research');
  next(new HttpError(403, 'Als onderzoeker kun je alleen de onderzoekspagina\'s gebruiken (/research).', { role: 'researcher' }));
};

/** Only while no administrator exists; afterwards the page does not exist. */
export function whileNoAdmin(hasAdmin: () => boolean): RequestHandler {
  return (_req, _res, next) => {
    if (hasAdmin()) return next(new HttpError(404, 'Deze pagina bestaat niet (meer).'));
    next();
  };
}
