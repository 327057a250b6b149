// One-time messages carried over a redirect in the session.
import type { Request, RequestHandler } from 'express';

export function flash(req: Request, kind: 'success' | 'error' | 'info', text: string): void {
  if (!req.session) return;
  (req.session.flash ??= []).push({ kind, text });
}

export const flashToLocals: RequestHandler = (req, res, next) => {
  const messages = req.session?.flash;
  res.locals.flash = messages ?? [];
  if (messages) delete req.session.flash;
  next();
};
