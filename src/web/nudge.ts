// "Mail deze leerkrachten": a coordinator (or an administrator, per school) sends the quiet teachers
// of the school the same reminder the schedule sends, through the outbox, after a preview. One
// reminder per quiet period whoever asks: the schedule and the coordinator share its key.
import { Router, type Request, type Response } from 'express';
import type { LiveCourse } from '../course/live';
import type { Stores } from '../db';
import type { Clock } from '../clock';
import { hasRole } from './guards';
import { flash } from './flash';
import { HttpError } from './errors';
import { MANAGE_CSS } from './styles';
import { publicBase, PLATFORM } from './mail-context';
import { parseReportQuery, reportScope } from './reports';
import { reportCache } from '../report/cache';
import { QUIET_DAYS, quietTeachers } from '../learning/report';
import { reminderPlan, type ReminderCandidate } from '../learning/reminders';
import { reminderFor, reminderKey } from '../mail/schedules';
import { shortDutchDate } from '../learning/dates';
import { actorOf } from './audit';

export function nudgeRouter(deps: { course: LiveCourse; stores: Stores; now: Clock; baseUrl: string | undefined }): Router {
  const { stores } = deps;
  const router = Router();
  const canNudge = hasRole('coordinator', 'admin');

  /** The plan for the school in scope: who gets the reminder now, who does not and why. */
  const planFor = (req: Request) => {
    const query = parseReportQuery(req);
    const scope = reportScope(req, query, stores);
    if (scope.schoolId === null) throw new HttpError(400, 'Kies eerst een school: herinneringen gaan per school.');
    const course = deps.course.course;
    const now = new Date(deps.now());
    const rows = reportCache(course, stores).schoolRows(scope.schoolId);
    const emails = new Map(rows.map((r) => [r.id, r.email]));
    const quiet: ReminderCandidate[] = quietTeachers(course, rows, now).map((q) => ({ id: q.id, name: q.name, email: emails.get(q.id) ?? '', lastActivity: q.lastActivity }));
    const plan = reminderPlan(quiet, {
      remindedThisPeriod: (c) => stores.outbox.hasKey(reminderKey(c.id, c.lastActivity ?? '')),
      off: stores.reminders.remindersOff(scope.schoolId),
    });
    return { scope, plan, now, last: stores.reminders.lastReminders(scope.schoolId) };
  };
  const mailDeps = (req: Request) => ({ stores, course: deps.course, baseUrl: publicBase(req, deps.baseUrl), platform: PLATFORM });

  router.get('/reports/herinneren', canNudge, (req: Request, res: Response) => {
    const { scope, plan, now, last } = planFor(req);
    const first = plan.send[0];
    const preview = first ? reminderFor(mailDeps(req), first, now) : null;
    res.setHeader('Cache-Control', 'no-store');
    res.render('reports/nudge', {
      title: 'Stille leerkrachten een herinnering sturen',
      styles: [MANAGE_CSS],
      scope,
      send: plan.send,
      skipped: plan.skipped.map((s) => ({ name: s.teacher.name, why: s.reason === 'uitgezet' ? 'heeft herinneringen uitgezet' : `kreeg al een herinnering op ${shortDutchDate(last.get(s.teacher.id) ?? null) || 'eerder'}` })),
      preview,
      quietDays: QUIET_DAYS,
      sending: stores.outbox.sending,
      bcc: plan.send.map((t) => t.email).join(','),
      back: scope.schoolId && req.user!.role === 'admin' ? `/reports?school=${scope.schoolId}` : '/reports',
    });
  });

  router.post('/reports/herinneren', canNudge, (req: Request, res: Response) => {
    const { scope, plan, now } = planFor(req);
    if (!stores.outbox.sending) throw new HttpError(400, 'Er is geen mail ingesteld: steun kan deze herinneringen niet versturen. Gebruik de knop om ze met je eigen mailprogramma te sturen.');
    let queued = 0;
    stores.transaction(() => {
      for (const t of plan.send) {
        const mail = reminderFor(mailDeps(req), t, now);
        if (mail && stores.outbox.enqueue(mail, { userId: t.id, dedupeKey: reminderKey(t.id, t.lastActivity ?? '') })) queued++;
      }
    });
    if (queued > 0) stores.audit.record(actorOf(req), 'reminders', { schoolId: scope.schoolId, detail: `${queued} ${queued === 1 ? 'leerkracht' : 'leerkrachten'}` });
    flash(req, 'success', queued === 0 ? 'Er was niemand meer om te herinneren.' : `${queued} ${queued === 1 ? 'herinnering staat' : 'herinneringen staan'} klaar om te versturen.`);
    res.redirect(303, req.user!.role === 'admin' ? `/reports?school=${scope.schoolId}#stil-title` : '/reports#stil-title');
  });

  return router;
}
