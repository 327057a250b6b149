// Administrators: schools (add, rename, join code) and people (add, role, school, deactivate,
// one-time password link). Everything the command line can do.
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Stores } from '../db';
import { ROLES } from '../db/accounts';
import { hasRole } from './guards';
import { withBody } from './validate';
import { flash } from './flash';
import { HttpError } from './errors';
import { invitationMail } from '../mail/compose';
import { mailContext, publicBase } from './mail-context';

const WHEN = new Intl.DateTimeFormat('nl-NL', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Amsterdam' });

/** How long a link made by an administrator works. */
const ADMIN_LINK_DAYS = 7;

const schoolName = z.object({ name: z.string({ error: 'Vul een naam in.' }).trim().min(1, 'Vul een naam in.').max(120, 'Maximaal 120 tekens.') });
const personForm = z.object({
  name: z.string({ error: 'Vul een naam in.' }).trim().min(1, 'Vul een naam in.').max(100),
  email: z.string({ error: 'Vul een e-mailadres in.' }).trim().toLowerCase().pipe(z.email('Dit is geen geldig e-mailadres.')),
  role: z.enum(ROLES, { error: 'Kies een rol.' }),
  school: z.union([z.literal(''), z.coerce.number().int().positive()], { error: 'Kies een school.' }).optional(),
});
const personUpdate = z.object({
  role: z.enum(ROLES, { error: 'Kies een rol.' }),
  school: z.union([z.literal(''), z.coerce.number().int().positive()], { error: 'Kies een school.' }),
  active: z.enum(['0', '1'], { error: 'active moet 0 of 1 zijn.' }),
});

export function adminRouter(deps: { stores: Stores; baseUrl: string | undefined }): Router {
  const { accounts } = deps.stores;
  const router = Router();
  const isAdmin = hasRole('admin');
  const base = (req: Request) => publicBase(req, deps.baseUrl);
  const stores = deps.stores;
  /** A one-time link; for someone who never signed in it also goes out as an invitation mail, in the same transaction. */
  const linkFor = (req: Request, person: { id: number; email: string; schoolId: number | null; lastActiveAt: string | null }): string =>
    stores.transaction(() => {
      const url = `${base(req)}/password/${accounts.createPasswordToken(person.id, ADMIN_LINK_DAYS)}`;
      if (person.lastActiveAt === null) {
        const schoolName = person.schoolId ? (accounts.schoolById(person.schoolId)?.name ?? null) : null;
        stores.outbox.enqueue(invitationMail({ ...mailContext(req, deps.baseUrl, person.email), schoolName, link: url, validDays: ADMIN_LINK_DAYS }), { userId: person.id });
      }
      return url;
    });
  const schoolOrNull = (value: '' | number | undefined): number | null => {
    if (value === '' || value === undefined) return null;
    if (!accounts.schoolById(value)) throw new HttpError(400, 'Deze school bestaat niet.');
    return value;
  };
  const render = (_req: Request, res: Response, link?: { email: string; url: string }) =>
    res.render('admin', { title: 'Beheer', schools: accounts.schools(), people: accounts.users(), roles: ROLES, link, byMail: stores.outbox.sending, scripts: ['/static/js/copy.js'] });

  router.get('/admin', isAdmin, (req, res) => render(req, res));

  router.post('/admin/schools', isAdmin, withBody(schoolName, (req, res, input) => {
    const school = accounts.addSchool(input.name);
    flash(req, 'success', `School "${school.name}" toegevoegd. Schoolcode: ${school.joinCode}`);
    res.redirect(303, '/admin');
  }));

  router.post('/admin/schools/:id/name', isAdmin, withBody(schoolName, (req, res, input) => {
    if (!accounts.schoolById(Number(req.params.id))) throw new HttpError(404, 'Deze school bestaat niet.');
    accounts.renameSchool(Number(req.params.id), input.name);
    flash(req, 'success', 'De naam van de school is aangepast.');
    res.redirect(303, '/admin');
  }));

  router.post('/admin/schools/:id/code', isAdmin, (req, res) => {
    if (!accounts.schoolById(Number(req.params.id))) throw new HttpError(404, 'Deze school bestaat niet.');
    const code = accounts.renewJoinCode(Number(req.params.id));
    flash(req, 'success', `Nieuwe schoolcode: ${code}`);
    res.redirect(303, '/admin');
  });

  router.post('/admin/people', isAdmin, withBody(personForm, (req, res, input) => {
    if (accounts.emailTaken(input.email)) throw new HttpError(400, 'Er bestaat al een account met dit e-mailadres.');
    const schoolId = schoolOrNull(input.school);
    if ((input.role === 'teacher' || input.role === 'coordinator') && schoolId === null) throw new HttpError(400, 'Een leerkracht of coördinator hoort bij een school: kies een school.');
    const url = stores.transaction(() => linkFor(req, accounts.addUser({ email: input.email, name: input.name, role: input.role, schoolId, passwordHash: null })));
    render(req, res, { email: input.email, url });
  }));

  router.post('/admin/people/:id', isAdmin, withBody(personUpdate, (req, res, input) => {
    const person = accounts.userById(Number(req.params.id));
    if (!person) throw new HttpError(404, 'Deze persoon bestaat niet.');
    if (person.id === req.user!.id && (input.role !== 'admin' || input.active === '0')) throw new HttpError(400, 'Je kunt je eigen beheerdersrechten niet intrekken.');
    // Only a real change of role or school voids the person's outstanding one-time links.
    const schoolId = schoolOrNull(input.school);
    const moved = input.role !== person.role || schoolId !== person.schoolId;
    if (input.role !== person.role) accounts.setRole(person.id, input.role);
    if (schoolId !== person.schoolId) accounts.setSchool(person.id, schoolId);
    accounts.setActive(person.id, input.active === '1');
    flash(req, 'success', `${person.name} is bijgewerkt.${moved ? ' Eerder gegeven wachtwoordlinks werken niet meer.' : ''}`);
    res.redirect(303, '/admin');
  }));

  router.post('/admin/people/:id/link', isAdmin, (req, res) => {
    const person = accounts.userById(Number(req.params.id));
    if (!person) throw new HttpError(404, 'Deze persoon bestaat niet.');
    render(req, res, { email: person.email, url: linkFor(req, person) });
  });

  // Every message steun wrote, newest first: without SMTP this is where mail is read and passed on.
  router.get('/admin/mail', isAdmin, (_req, res) => {
    const mails = stores.outbox.recent(200).map((m) => ({ ...m, created: WHEN.format(new Date(m.createdAt)) }));
    res.render('admin-mail', { title: 'E-mail', mails, counts: stores.outbox.counts(), byMail: stores.outbox.sending, scripts: ['/static/js/copy.js'] });
  });

  return router;
}
