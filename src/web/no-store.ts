// Nothing a person sees as themselves is kept in a cache: on a shared school computer the browser's
// cache would keep an export, a report, reflections or a password link after sign-out.
import type { RequestHandler } from 'express';

/** Pages a visitor reaches with a one-time link or types personal data into. */
const VISITOR_PAGES = /^\/(password|setup|register|login|auth)(\/|$)/;

/**
 * `Cache-Control: no-store` on every response to a signed-in request and on the visitor's forms and
 * link pages. Routes that may be cached say so themselves afterwards (media: private, a day).
 */
export const personalPagesNotStored: RequestHandler = (req, res, next) => {
  if (req.user || VISITOR_PAGES.test(req.path)) res.setHeader('Cache-Control', 'no-store');
  next();
};
