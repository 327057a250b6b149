// A coordinator manages their own school: the join code, inviting teachers, deactivating them.
// Administrators can do the same for any school (?school=ID).
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Stores } from '../db';
import type { School } from '../db/accounts';
import { hasRole } from './guards';
import { withBody } from './validate';
import { flash } from './flash';
import { HttpError } from './errors';
import { invitationMail, invitedExistingMail } from '../mail/compose';
import { EmailTakenError } from '../db/accounts';
import type { Invitation } from '../db/invitations';
import { invitationCourse, mailContext, publicBase } from './mail-context';
import type { LiveCourse } from '../course/live';

/** How long an invitation link works. */
export const INVITATION_DAYS = 14;
import { confirmFirst } from './confirm';
import { MANAGE_CSS } from './styles';
import { actorOf } from './audit';
import type { OutboxMessage } from '../db/outbox';
import type { TeacherRecord } from '../db/reports';
import { dutchClock, shortDutchDate } from '../learning/dates';
import { Budget, type HourAndDay } from './budget';

const MAX_INVITES = 200;
/** With mail, an invitation is answered with this: it is sent by the mail worker, moments (or, with a mail server down, hours) later. */
const QUEUED = 'uitnodiging in de wachtrij voor verzending';
/** The mails that invite: to a new address, and to the owner of an account elsewhere (answered alike). */
const INVITATION_KINDS = ['invitation', 'invited-existing'] as const;

export interface MailStatus {
  state: 'queued' | 'retrying' | 'sent' | 'failed';
  /** When it was sent (Dutch date and time), or the mail server's last answer. */
  detail: string | null;
}

function mailStatus(m: OutboxMessage): MailStatus {
  if (m.status === 'sent') return { state: 'sent', detail: m.sentAt ? `${shortDutchDate(m.sentAt)}, ${dutchClock(new Date(m.sentAt))}` : null };
  if (m.status === 'failed') return { state: 'failed', detail: m.lastError?.slice(0, 160) ?? null };
  return m.lastError ? { state: 'retrying', detail: m.lastError.slice(0, 160) } : { state: 'queued', detail: null };
}
const inviteForm = z.object({ emails: z.string({ error: 'Plak een of meer e-mailadressen.' }).max(20_000, 'Te veel tekst; nodig hoogstens 200 mensen tegelijk uit.') });
const activeForm = z.object({ active: z.enum(['0', '1'], { error: 'active moet 0 of 1 zijn.' }) });
const EMAIL = /^[^@\s<>(),;:"]+@[^@\s<>(),;:"]+\.[^@\s<>(),;:"]+$/;

/** An invited account's name until the teacher gives theirs: the address's local part. */
const localPart = (email: string) => email.split('@')[0]!;

/**
 * A row of the school's teacher list: a teacher's account, or an invitation of an address that has
 * no account in the school (migrations/008-invitations.sql), which looks the same as an invited
 * teacher who never signed in.
 */
interface Member {
  id: number;
  email: string;
  name: string;
  active: boolean;
  signedIn: boolean;
  invitation: Invitation | null;
}

interface Invited {
  email: string;
  link: string | null;
  note: string;
}

/** The school this person manages: a coordinator's own; an administrator's choice. */
function managedSchool(req: Request, stores: Stores): School {
  const user = req.user!;
  const id = user.role === 'admin' ? Number(req.query.school ?? (req.body as { school?: unknown } | undefined)?.school) : user.schoolId;
  const school = id ? stores.accounts.schoolById(id) : undefined;
  if (!school) throw new HttpError(user.role === 'admin' ? 404 : 403, user.role === 'admin' ? 'Kies een school (school=...).' : 'Je account hoort nog niet bij een school.');
  return school;
}

/** Invitations and new links one person may send (G9 of the second attack test): a school's staff in an hour, a few schools' in a day. */
export const DEFAULT_INVITE_LIMITS: HourAndDay = { perHour: 200, perDay: 500 };

export function schoolRouter(deps: { stores: Stores; course: LiveCourse; baseUrl: string | undefined; inviteLimits?: HourAndDay }): Router {
  const { stores } = deps;
  const { accounts } = stores;
  const router = Router();
  // Each invitation is a mail from the school's sender (or a link): without a bound, one account
  // could queue thousands to any address in seconds.
  const invitations = new Budget(deps.inviteLimits ?? DEFAULT_INVITE_LIMITS, stores.counts);
  const spendInvitations = (req: Request, n: number) => {
    const key = `inviter:${req.user!.id}`;
    if (invitations.take(key, n)) return;
    const { perHour, perDay } = invitations.limits;
    const left = invitations.left(key);
    throw new HttpError(
      429,
      `Je kunt hoogstens ${perHour} uitnodigingen per uur en ${perDay} per dag versturen (ook nieuwe links tellen mee). ${left === 0 ? 'Op dit moment kan er geen meer bij' : `Op dit moment kunnen er nog ${left} bij`}: probeer de rest later opnieuw. Er is nu niemand uitgenodigd.`,
      { wanted: n, left },
    );
  };
  /** The address has an account in the school, or is invited to it already: it gets no new invitation. */
  const inSchool = (school: School, email: string) => accounts.userByEmailWithHash(email)?.schoolId === school.id || stores.invitations.inSchool(school.id, email) !== undefined;
  const manages = hasRole('coordinator', 'admin');
  const base = (req: Request) => publicBase(req, deps.baseUrl);
  /**
   * A new one-time link for someone who never signed in, and the invitation mail that carries it,
   * together. `shown`: the page shows the link too (so it proves nothing about the address).
   */
  const invite = (req: Request, user: { id: number; email: string }, school: School, shown: boolean): string =>
    stores.transaction(() => {
      const token = accounts.createPasswordToken(user.id, INVITATION_DAYS);
      if (stores.outbox.sending && !shown) stores.proofs.sentOnlyByMail(token);
      const link = `${base(req)}/password/${token}`;
      stores.outbox.enqueue(invitationMail({ ...mailContext(req, deps.baseUrl, user.email), ...invitationCourse(deps.course.course, req.user!.name), schoolName: school.name, link, validDays: INVITATION_DAYS }), { userId: user.id });
      return link;
    });
  /**
   * The same for an invitation without an account in the school: a new invitation (`email`) or a new
   * link for one (`invitation`, the old link stops working). Its mail is kept like any other
   * (belonging to no account); should mail be configured by now and the address have an account,
   * the owner gets the note that their account exists instead, as an invitation with mail does.
   */
  const inviteWithoutAccount = (req: Request, target: { email: string } | { invitation: Invitation }, school: School): string =>
    stores.transaction(() => {
      const token =
        'invitation' in target
          ? stores.invitations.renewLink(target.invitation.id, INVITATION_DAYS)
          : stores.invitations.create({ email: target.email, schoolId: school.id, invitedBy: req.user!.id, days: INVITATION_DAYS }).token;
      const email = 'invitation' in target ? target.invitation.email : target.email;
      const link = `${base(req)}/password/${token}`;
      const owner = stores.outbox.sending ? accounts.userByEmailWithHash(email) : undefined;
      if (owner) stores.outbox.enqueue(invitedExistingMail({ ...mailContext(req, deps.baseUrl, owner.email, owner.name), schoolName: school.name, link: `${base(req)}/login` }), { userId: owner.id });
      else stores.outbox.enqueue(invitationMail({ ...mailContext(req, deps.baseUrl, email), ...invitationCourse(deps.course.course, req.user!.name), schoolName: school.name, link, validDays: INVITATION_DAYS }));
      return link;
    });
  /** The teacher or invitation the list shows with this id, if it is this school's. */
  const member = (school: School, id: number): Member | undefined => {
    const teacher = accounts.userById(id);
    if (teacher) {
      if (teacher.schoolId !== school.id || teacher.role !== 'teacher') return undefined;
      return { id, email: teacher.email, name: teacher.name, active: teacher.active, signedIn: teacher.lastActiveAt !== null, invitation: null };
    }
    const invitation = stores.invitations.byId(id);
    // Once the address has an account in the school, the list shows that account instead.
    if (!invitation || invitation.schoolId !== school.id || accounts.userByEmailWithHash(invitation.email)?.schoolId === school.id) return undefined;
    return { id, email: invitation.email, name: localPart(invitation.email), active: invitation.active, signedIn: false, invitation };
  };
  const back = (req: Request, school: School) => (req.user!.role === 'admin' ? `/school?school=${school.id}` : '/school');

  const render = (req: Request, res: Response, school: School, invited: Invited[] = []) => {
    const teachers = stores.reports.teachers(school.id);
    return res.render('school', {
      styles: [MANAGE_CSS],
      title: `Je school: ${school.name}`,
      school,
      teachers,
      invitationMail: invitationMailStatus(teachers),
      invited,
      byMail: stores.outbox.sending,
      scripts: ['/static/js/copy.js'],
      registerUrl: `${base(req)}/register?code=${school.joinCode}`,
      adminSuffix: req.user!.role === 'admin' ? `?school=${school.id}` : '',
    });
  };
  /**
   * With mail: what became of the newest invitation mail of each teacher who has not signed in
   * yet, so the page says "verstuurd" only once it was, and shows a mail that failed.
   */
  const invitationMailStatus = (teachers: readonly TeacherRecord[]): Record<string, MailStatus> => {
    if (!stores.outbox.sending) return {};
    const waiting = teachers.filter((t) => t.active && t.lastActiveAt === null).map((t) => t.email);
    const out: Record<string, MailStatus> = {};
    for (const [email, m] of stores.outbox.latestTo(INVITATION_KINDS, waiting)) out[email] = mailStatus(m);
    return out;
  };

  router.get('/school', manages, (req, res) => render(req, res, managedSchool(req, stores)));

  const backTo = (req: Request) => back(req, managedSchool(req, stores));
  router.post(
    '/school/code',
    manages,
    confirmFirst((req) => ({
      title: 'Een nieuwe schoolcode maken?',
      consequence: `De code die je team nu heeft (${managedSchool(req, stores).joinCode}) werkt daarna niet meer: wie nog een account wil maken, heeft de nieuwe code nodig. Bestaande accounts blijven gewoon werken.`,
      confirmLabel: 'Ja, maak een nieuwe code',
      back: backTo(req),
    })),
    (req, res) => {
    const school = managedSchool(req, stores);
    const code = accounts.renewJoinCode(school.id);
    stores.audit.record(actorOf(req), 'join-code', { schoolId: school.id });
    flash(req, 'success', `De nieuwe schoolcode is ${code}. De oude code werkt niet meer.`);
    res.redirect(303, back(req, school));
  },
  );

  router.post(
    '/school/invite',
    manages,
    withBody(inviteForm, (req, res, input) => {
      const school = managedSchool(req, stores);
      const emails = [...new Set(input.emails.split(/[\s,;]+/).map((e) => e.trim().toLowerCase()).filter(Boolean))];
      if (emails.length === 0) throw new HttpError(400, 'Plak een of meer e-mailadressen, gescheiden door komma’s of regels.');
      if (emails.length > MAX_INVITES) throw new HttpError(400, `Nodig hoogstens ${MAX_INVITES} mensen tegelijk uit.`);
      spendInvitations(req, emails.filter((email) => EMAIL.test(email) && !inSchool(school, email)).length);
      // Every address outside the school gets the same answer, whether it has an account or not.
      // With mail, the invitation (or, for an existing account, a note that it exists) goes by mail.
      // Without mail, the coordinator gets a link to pass on either way: a new address gets an
      // account to activate with it; for an address with an account elsewhere (or an
      // administrator's) the link belongs to an invitation that never changes that account.
      const byMail = stores.outbox.sending;
      const answer = (email: string, again = true): Invited => {
        if (!EMAIL.test(email)) return { email, link: null, note: 'geen geldig e-mailadres' };
        // An earlier invitation without an account is in the list as a teacher of the school: it is answered as one.
        if (inSchool(school, email)) return { email, link: null, note: 'heeft al een account in je school' };
        const existing = accounts.userByEmailWithHash(email);
        if (existing) {
          if (!byMail) return { email, link: inviteWithoutAccount(req, { email }, school), note: 'uitgenodigd' };
          stores.outbox.enqueue(invitedExistingMail({ ...mailContext(req, deps.baseUrl, existing.email, existing.name), schoolName: school.name, link: `${base(req)}/login` }), { userId: existing.id });
          return { email, link: null, note: QUEUED };
        }
        try {
          // The local part stands in for the name until the teacher fills it in with their password.
          const link = stores.transaction(() => invite(req, accounts.addUser({ email, name: localPart(email), role: 'teacher', schoolId: school.id, passwordHash: null }), school, !byMail));
          return byMail ? { email, link: null, note: QUEUED } : { email, link, note: 'uitgenodigd' };
        } catch (err) {
          if (!(err instanceof EmailTakenError)) throw err;
          // Another process made an account with this address between the look and the insert:
          // answered as that account, once.
          if (again) return answer(email, false);
          return { email, link: null, note: byMail ? QUEUED : 'niet uitgenodigd: probeer het opnieuw' };
        }
      };
      const invited = emails.map((email) => answer(email));
      // One entry per request, not per address: a list of 200 stays one line in the log.
      const done = invited.filter((i) => i.note === QUEUED || i.note === 'uitgenodigd').length;
      if (done > 0) stores.audit.record(actorOf(req), 'invite', { schoolId: school.id, detail: `${done} ${done === 1 ? 'adres' : 'adressen'}` });
      render(req, res, school, invited);
    }),
  );

  // A fresh invitation for a teacher who has not signed in yet (the old link stops working).
  router.post('/school/teachers/:id/link', manages, (req, res) => {
    const school = managedSchool(req, stores);
    const teacher = member(school, Number(req.params.id));
    if (!teacher) throw new HttpError(404, 'Deze leerkracht hoort niet bij je school.');
    if (teacher.signedIn) throw new HttpError(400, `${teacher.email} heeft zich al aangemeld. Wachtwoord vergeten? Dat kan de leerkracht zelf herstellen via "Wachtwoord vergeten" bij het inloggen.`);
    if (!teacher.active) throw new HttpError(400, 'Deze leerkracht is gedeactiveerd. Activeer het account eerst weer.');
    spendInvitations(req, 1);
    const link = teacher.invitation ? inviteWithoutAccount(req, { invitation: teacher.invitation }, school) : invite(req, teacher, school, true);
    stores.audit.record(actorOf(req), 'invite-link', { userId: teacher.id, schoolId: school.id });
    render(req, res, school, [{ email: teacher.email, link, note: stores.outbox.sending ? 'nieuwe link, e-mail in de wachtrij' : 'nieuwe link' }]);
  });

  /** How long a coordinator's password link works: long enough to pass on today, short enough to matter little if it leaks. */
  const PASSWORD_LINK_DAYS = 1;

  // Without mail a teacher who forgot the password has no other way back in: the coordinator makes
  // a one-time link to set a new one, shown once and logged (the teacher sees the change at the
  // next sign-in, since the old password stops working). With mail, "Wachtwoord vergeten" does it.
  router.post('/school/teachers/:id/password-link', manages, (req, res) => {
    const school = managedSchool(req, stores);
    const teacher = member(school, Number(req.params.id));
    if (!teacher) throw new HttpError(404, 'Deze leerkracht hoort niet bij je school.');
    if (stores.outbox.sending) throw new HttpError(400, 'Deze steun-omgeving verstuurt e-mail: laat de leerkracht zelf "Wachtwoord vergeten" gebruiken bij het inloggen.');
    if (!teacher.active) throw new HttpError(400, 'Deze leerkracht is gedeactiveerd. Activeer het account eerst weer.');
    if (!teacher.signedIn || teacher.invitation) throw new HttpError(400, `${teacher.email} heeft zich nog niet aangemeld: maak een nieuwe uitnodigingslink.`);
    const link = `${base(req)}/password/${accounts.createPasswordToken(teacher.id, PASSWORD_LINK_DAYS, { keepEarlier: true })}`;
    stores.audit.record(actorOf(req), 'password-link', { userId: teacher.id, schoolId: school.id, detail: 'door de coördinator, 1 dag geldig' });
    render(req, res, school, [{ email: teacher.email, link, note: 'wachtwoordlink, 1 dag geldig: geef hem alleen aan deze leerkracht' }]);
  });

  router.post(
    '/school/teachers/:id/active',
    manages,
    confirmFirst((req) => {
      const teacher = member(managedSchool(req, stores), Number(req.params.id));
      // Someone not of this school gets no question (and no name): the handler answers 404.
      if ((req.body as { active?: unknown } | undefined)?.active !== '0' || !teacher) return null;
      return {
        title: `${teacher.name} deactiveren?`,
        consequence: `${teacher.name} kan daarna niet meer inloggen. De voortgang blijft bewaard en blijft in de rapportage staan; je kunt het account later weer activeren.`,
        confirmLabel: 'Ja, deactiveren',
        back: backTo(req),
      };
    }),
    withBody(activeForm, (req, res, input) => {
      const school = managedSchool(req, stores);
      const teacher = member(school, Number(req.params.id));
      // Only teachers of this school: another school's teacher is simply not found here.
      if (!teacher) throw new HttpError(404, 'Deze leerkracht hoort niet bij je school.');
      // An invitation is deactivated like an invited account: it stays in the list and loses its link.
      if (teacher.invitation) stores.invitations.setActive(teacher.id, input.active === '1');
      else accounts.setActive(teacher.id, input.active === '1');
      if (teacher.active !== (input.active === '1')) stores.audit.record(actorOf(req), input.active === '1' ? 'reactivate' : 'deactivate', { userId: teacher.id, schoolId: school.id });
      flash(req, 'success', input.active === '1' ? `${teacher.name} kan weer inloggen.` : `${teacher.name} is gedeactiveerd en kan niet meer inloggen. De voortgang blijft in de rapportage staan.`);
      res.redirect(303, back(req, school));
    }),
  );

  return router;
}
