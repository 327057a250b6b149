// A confirmation step for actions that cannot be undone, without JavaScript: the first POST shows
// what will happen and a second form that posts the same fields again with `bevestigd=ja`.
import type { Request, RequestHandler } from 'express';
import { MANAGE_CSS } from './styles';

export interface Confirmation {
  /** The question, e.g. "Een nieuwe schoolcode maken?" */
  title: string;
  /** What happens, in a sentence or two. */
  consequence: string;
  /** The label of the button that does it. */
  confirmLabel: string;
  /** Where "Nee, terug" goes. */
  back: string;
}

export const CONFIRMED_FIELD = 'bevestigd';

/**
 * Lets the request through when it carries `bevestigd=ja`; otherwise renders the confirmation page
 * for it. `describe` returns null when this request needs no confirmation (reactivating someone).
 * Runs after the route's guards, so only people who may do the action see the question.
 */
export function confirmFirst(describe: (req: Request) => Confirmation | null): RequestHandler {
  return (req, res, next) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (body[CONFIRMED_FIELD] === 'ja') return next();
    const confirmation = describe(req);
    if (!confirmation) return next();
    const fields = Object.entries(body).filter(([k, v]) => k !== '_csrf' && k !== CONFIRMED_FIELD && typeof v === 'string') as [string, string][];
    res.render('confirm', { title: confirmation.title, confirmation, action: req.originalUrl, fields, styles: [MANAGE_CSS] });
  };
}
