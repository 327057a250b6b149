// The audit log in the web layer: who did it (the signed-in person), exports recorded once they
// were sent, and the administrators' page that reads it back (/admin/audit, newest first, paged).
import { Router, type Request, type RequestHandler } from 'express';
import { z } from 'zod';
import type { Stores } from '../db';
import type { Actor, AuditAction } from '../db/audit';
import { hasRole } from './guards';
import { HttpError } from './errors';
import { MANAGE_CSS } from './styles';
import { dutchClock, shortDutchDate } from '../learning/dates';

/** Entries on one page of /admin/audit. */
export const AUDIT_PAGE_SIZE = 50;

/** The signed-in person as the audit log names them. */
export function actorOf(req: Request): Actor {
  const u = req.user!;
  return { id: u.id, name: u.name, email: u.email, role: u.role };
}

/** Records the action once the response went out without an error (a download that was really sent). */
export function auditOnSuccess(stores: Stores, action: AuditAction, about: (req: Request) => { userId?: number | null; schoolId?: number | null; detail?: string | null }): RequestHandler {
  return (req, res, next) => {
    res.once('finish', () => {
      if (req.user && res.statusCode < 400) stores.audit.record(actorOf(req), action, about(req));
    });
    next();
  };
}

const pageQuery = z.object({ page: z.coerce.number({ error: 'page moet een paginanummer zijn.' }).int('page moet een heel getal zijn.').min(1, 'page begint bij 1.').max(1_000_000, 'Zo veel pagina\'s zijn er niet.').default(1) });

export function auditRouter(deps: { stores: Stores; keepDays: number }): Router {
  const router = Router();
  router.get('/admin/audit', hasRole('admin'), (req, res) => {
    const parsed = pageQuery.safeParse(req.query);
    if (!parsed.success) throw new HttpError(400, parsed.error.issues.map((i) => i.message).join(' '));
    const total = deps.stores.audit.count();
    const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
    const page = Math.min(parsed.data.page, pages);
    const rows = deps.stores.audit.page((page - 1) * AUDIT_PAGE_SIZE, AUDIT_PAGE_SIZE).map((e) => ({ ...e, when: `${shortDutchDate(e.at)}, ${dutchClock(new Date(e.at))}` }));
    res.setHeader('Cache-Control', 'no-store');
    res.render('admin-audit', { title: 'Logboek', styles: [MANAGE_CSS], rows, page, pages, total, keepDays: deps.keepDays });
  });
  return router;
}
