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
import { invitationCourse, mailContext, publicBase } from './mail-context';
import type { LiveCourse } from '../course/live';


/** How long a link made by an administrator works. */
const ADMIN_LINK_DAYS = 7;
import { confirmFirst } from './confirm';
import { MANAGE_CSS } from './styles';
import { actorOf } from './audit';
import { ROLE_NAMES as ROLE_LABELS, type AuditAction } from '../db/audit';
import { dutchClock, shortDutchDate } from '../learning/dates';

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
const peopleQuery = z.object({ q: z.string({ error: 'Zoek op één naam.' }).max(100, 'De zoekterm is te lang.').optional() });

/** People by school in the order of the school list, those without a school last; `q` keeps only names or addresses that contain it. */
export function peopleBySchool<P extends { name: string; email: string; schoolId: number | null }>(
  schools: readonly { id: number; name: string }[],
  people: readonly P[],
  q: string,
): { school: { id: number; name: string } | null; people: P[] }[] {
  const needle = q.trim().toLocaleLowerCase('nl');
  const matching = needle ? people.filter((p) => p.name.toLocaleLowerCase('nl').includes(needle) || p.email.includes(needle)) : people;
  const groups = [...schools.map((school) => ({ school, people: matching.filter((p) => p.schoolId === school.id) })), { school: null, people: matching.filter((p) => p.schoolId === null) }];
  return groups.filter((g) => g.people.length > 0 || (!needle && g.school !== null));
}

export function adminRouter(deps: { stores: Stores; course: LiveCourse; baseUrl: string | undefined }): Router {
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
        stores.outbox.enqueue(invitationMail({ ...mailContext(req, deps.baseUrl, person.email), ...invitationCourse(deps.course.course, null), schoolName, link: url, validDays: ADMIN_LINK_DAYS }), { userId: person.id });
      }
      return url;
    });
  const schoolOrNull = (value: '' | number | undefined): number | null => {
    if (value === '' || value === undefined) return null;
    if (!accounts.schoolById(value)) throw new HttpError(400, 'Deze school bestaat niet.');
    return value;
  };
  const render = (req: Request, res: Response, link?: { email: string; url: string }) => {
    const parsed = peopleQuery.safeParse(req.method === 'GET' ? req.query : {});
    if (!parsed.success) throw new HttpError(400, parsed.error.issues.map((i) => i.message).join(' '));
    const q = parsed.data.q ?? '';
    const schools = accounts.schools();
    const people = accounts.users();
    res.render('admin', { title: 'Beheer', styles: [MANAGE_CSS], schools, groups: peopleBySchool(schools, people, q), total: people.length, q, roles: ROLES, link, byMail: stores.outbox.sending, scripts: ['/static/js/copy.js'] });
  };
  const person = (req: Request) => accounts.userById(Number(req.params.id));

  router.get('/admin', isAdmin, (req, res) => render(req, res));

  router.post('/admin/schools', isAdmin, withBody(schoolName, (req, res, input) => {
    const school = accounts.addSchool(input.name);
    stores.audit.record(actorOf(req), 'school-add', { schoolId: school.id });
    flash(req, 'success', `School "${school.name}" toegevoegd. Schoolcode: ${school.joinCode}`);
    res.redirect(303, '/admin');
  }));

  router.post('/admin/schools/:id/name', isAdmin, withBody(schoolName, (req, res, input) => {
    if (!accounts.schoolById(Number(req.params.id))) throw new HttpError(404, 'Deze school bestaat niet.');
    accounts.renameSchool(Number(req.params.id), input.name);
    stores.audit.record(actorOf(req), 'school-rename', { schoolId: Number(req.params.id) });
    flash(req, 'success', 'De naam van de school is aangepast.');
    res.redirect(303, '/admin');
  }));

  router.post(
    '/admin/schools/:id/code',
    isAdmin,
    confirmFirst((req) => {
      const school = accounts.schoolById(Number(req.params.id));
      if (!school) return null;
      return {
        title: `Een nieuwe schoolcode voor ${school.name}?`,
        consequence: `De code ${school.joinCode} werkt daarna niet meer: wie nog een account wil maken, heeft de nieuwe code nodig. Bestaande accounts blijven gewoon werken.`,
        confirmLabel: 'Ja, maak een nieuwe code',
        back: '/admin',
      };
    }),
    (req, res) => {
    if (!accounts.schoolById(Number(req.params.id))) throw new HttpError(404, 'Deze school bestaat niet.');
    const code = accounts.renewJoinCode(Number(req.params.id));
    stores.audit.record(actorOf(req), 'join-code', { schoolId: Number(req.params.id) });
    flash(req, 'success', `Nieuwe schoolcode: ${code}`);
    res.redirect(303, '/admin');
  },
  );

  router.post('/admin/people', isAdmin, withBody(personForm, (req, res, input) => {
    if (accounts.emailTaken(input.email)) throw new HttpError(400, 'Er bestaat al een account met dit e-mailadres.');
    const schoolId = schoolOrNull(input.school);
    if ((input.role === 'teacher' || input.role === 'coordinator') && schoolId === null) throw new HttpError(400, 'Een leerkracht of coördinator hoort bij een school: kies een school.');
    const url = stores.transaction(() => {
      const added = accounts.addUser({ email: input.email, name: input.name, role: input.role, schoolId, passwordHash: null });
      stores.audit.record(actorOf(req), 'account-add', { userId: added.id, schoolId, detail: ROLE_LABELS[input.role] });
      return linkFor(req, added);
    });
    render(req, res, { email: input.email, url });
  }));

  router.post('/admin/people/:id', isAdmin, confirmFirst((req) => {
    const p = person(req);
    // Only a valid request that really deactivates someone asks; anything else goes on to its 400 or 404.
    const input = personUpdate.safeParse(req.body ?? {});
    if (!p || !p.active || !input.success || input.data.active !== '0' || p.id === req.user!.id) return null;
    return {
      title: `${p.name} deactiveren?`,
      consequence: `${p.name} (${p.email}) kan daarna niet meer inloggen en wordt overal uitgelogd. De voortgang blijft bewaard; je kunt het account later weer activeren.`,
      confirmLabel: 'Ja, deactiveren',
      back: '/admin',
    };
  }), withBody(personUpdate, (req, res, input) => {
    const person = accounts.userById(Number(req.params.id));
    if (!person) throw new HttpError(404, 'Deze persoon bestaat niet.');
    if (person.id === req.user!.id && (input.role !== 'admin' || input.active === '0')) throw new HttpError(400, 'Je kunt je eigen beheerdersrechten niet intrekken.');
    // Only a real change of role or school voids the person's outstanding one-time links.
    const schoolId = schoolOrNull(input.school);
    const moved = input.role !== person.role || schoolId !== person.schoolId;
    const audit = (action: AuditAction, detail?: string) => stores.audit.record(actorOf(req), action, { userId: person.id, schoolId, detail });
    if (input.role !== person.role) {
      accounts.setRole(person.id, input.role);
      audit('role', `${ROLE_LABELS[person.role]} → ${ROLE_LABELS[input.role]}`);
    }
    if (schoolId !== person.schoolId) {
      accounts.setSchool(person.id, schoolId);
      audit('school-move', `van school ${person.schoolId === null ? '(geen)' : `#${person.schoolId}`}`);
    }
    accounts.setActive(person.id, input.active === '1');
    if (person.active !== (input.active === '1')) audit(input.active === '1' ? 'reactivate' : 'deactivate');
    flash(req, 'success', `${person.name} is bijgewerkt.${moved ? ' Eerder gegeven wachtwoordlinks werken niet meer.' : ''}`);
    res.redirect(303, '/admin');
  }));

  router.post('/admin/people/:id/link', isAdmin, (req, res) => {
    const person = accounts.userById(Number(req.params.id));
    if (!person) throw new HttpError(404, 'Deze persoon bestaat niet.');
    const url = linkFor(req, person);
    stores.audit.record(actorOf(req), 'password-link', { userId: person.id, schoolId: person.schoolId });
    render(req, res, { email: person.email, url });
  });

  // Every message steun wrote, newest first: without SMTP this is where mail is read and passed on.
  router.get('/admin/mail', isAdmin, (_req, res) => {
    const mails = stores.outbox.recent(200).map((m) => ({ ...m, created: `${shortDutchDate(m.createdAt)}, ${dutchClock(new Date(m.createdAt))}` }));
    res.render('admin-mail', { title: 'E-mail', mails, counts: stores.outbox.counts(), byMail: stores.outbox.sending, scripts: ['/static/js/copy.js'] });
  });

  router.post(
    '/admin/people/:id/delete',
    isAdmin,
    (req, _res, next) => {
      const p = person(req);
      if (!p) throw new HttpError(404, 'Deze persoon bestaat niet.');
      if (p.id === req.user!.id) throw new HttpError(400, 'Je eigen account verwijder je op de pagina Mijn gegevens.');
      next();
    },
    confirmFirst((req) => {
      const p = person(req)!;
      return {
        title: `Het account van ${p.name} verwijderen?`,
        consequence: `Het account van ${p.name} (${p.email}) en alles wat erbij hoort worden definitief gewist: voortgang, reflecties, antwoorden, toetsen en certificaat. Dit kan niet ongedaan worden gemaakt. Wil je alleen dat iemand niet meer kan inloggen? Deactiveer het account dan.`,
        confirmLabel: 'Ja, definitief verwijderen',
        back: '/admin',
      };
    }),
    (req, res) => {
      const p = person(req)!;
      stores.transaction(() => {
        accounts.deleteUser(p.id);
        stores.audit.record(actorOf(req), 'account-erase', { userId: p.id, schoolId: p.schoolId, detail: ROLE_LABELS[p.role] });
      });
      flash(req, 'success', `Het account van ${p.name} is verwijderd.`);
      res.redirect(303, '/admin');
    },
  );

  return router;
}
