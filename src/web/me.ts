// A person's own data: their reflections in one place, name and password, a full export, and
// erasing the account.
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Passport } from 'passport';
import type { Stores } from '../db';
import type { LiveCourse } from '../course/live';
import { hashPassword, verifyPassword, MIN_PASSWORD_LENGTH } from '../accounts/passwords';
import { signedIn } from './guards';
import { withBody, type FieldErrors } from './validate';
import { flash } from './flash';
import { loginSupport } from './passport';
import { dutchDate, isoDay } from '../learning/dates';
import { readSignedIn, type TeacherDeps } from './teacher';
import { studyTimeShortText } from '../learning/standing';
import { percentText } from '../learning/numbers';
import { limiter, type ThrottleSettings } from './throttle';
import { schoolLoginConfirmed } from './school-login-confirmed';

const nameForm = z.object({ name: z.string({ error: 'Vul je naam in.' }).trim().min(1, 'Vul je naam in.').max(100, 'Maximaal 100 tekens.') });
const passwordForm = z.object({
  current: z.string({ error: 'Vul je huidige wachtwoord in.' }).min(1, 'Vul je huidige wachtwoord in.').max(200),
  password: z.string({ error: 'Kies een nieuw wachtwoord.' }).min(MIN_PASSWORD_LENGTH, `Je nieuwe wachtwoord moet minstens ${MIN_PASSWORD_LENGTH} tekens lang zijn.`).max(200),
});
const remindersForm = z.object({ reminders: z.enum(['0', '1'], { error: 'reminders moet 0 of 1 zijn.' }) });
// An account without a password confirms with a fresh school login instead, and sends no field.
const deleteForm = z.object({ password: z.string({ error: 'Vul je wachtwoord in om te bevestigen.' }).max(200, 'Dit is niet je wachtwoord.').optional() });

const WRONG_PASSWORD_TOO_OFTEN = 'Je hebt te vaak een verkeerd wachtwoord ingevuld. Voor de zekerheid ben je uitgelogd. Log opnieuw in, of gebruik "Wachtwoord vergeten".';

export function meRouter(deps: TeacherDeps & { passport: InstanceType<typeof Passport>; throttle: ThrottleSettings }): Router {
  const { accounts } = deps.stores;
  const router = Router();
  // Whoever holds a session (a school computer left signed in) must not guess the password here
  // without limit: wrong current passwords count per account like wrong sign-ins, and the last
  // one ends the session, so further guesses meet the sign-in's own limits.
  const passwordChecks = limiter(deps.stores.counts, 'current-password', deps.throttle.perAccount, deps.throttle.windowMs, (req) => `current-password:${req.user!.id}`, {
    message: WRONG_PASSWORD_TOO_OFTEN,
    failed: (_req, res) => res.locals.wrongPassword === true,
    onLimit: (req, res) =>
      new Promise<void>((resolve) => {
        req.session.destroy(() => {
          res.clearCookie('steun.sid');
          req.user = undefined;
          res.locals.currentUser = null;
          resolve();
        });
      }),
  });

  // Everything the teacher wrote, in course order with the questions they answered, to read back
  // or print after the course. What belongs to a lesson the course no longer has is kept apart,
  // not hidden: nothing a teacher wrote is lost to an edit of the course.
  router.get('/me/reflections', signedIn, (req, res) => {
    const course = deps.course.course;
    const { state } = readSignedIn(deps, req);
    const written = new Map(deps.stores.progress.reflectionsForTeacher(req.user!.id).map((r) => [`${r.lessonKey}#${r.reflectionId}`, r]));
    const groups = course.modules
      .map((m) => ({
        module: m,
        items: m.lessons.flatMap((l) =>
          l.reflections.map((r) => {
            const key = `${l.key}#${r.id}`;
            const saved = written.get(key);
            written.delete(key);
            return {
              lesson: l,
              prompt: r.prompt,
              // A locked module's lesson would answer with its lock page: no link to write there yet.
              href: state.modules[m.index]!.state === 'locked' ? null : `/course/${m.slug}/${l.slug}#reflectie-${r.id}`,
              text: saved?.text ?? null,
              updated: saved ? dutchDate(saved.updatedAt) : null,
            };
          }),
        ),
      }))
      .filter((g) => g.items.length > 0);
    res.render('reflections', { title: 'Mijn reflecties', groups, orphans: [...written.values()].map((o) => ({ text: o.text, updated: dutchDate(o.updatedAt) })) });
  });

  const render = (req: Request, res: Response, errors: FieldErrors = {}) => {
    const course = deps.course.course;
    const { standing, state } = readSignedIn(deps, req);
    res.render('me', {
      title: 'Mijn gegevens',
      errors,
      school: req.user!.schoolId ? accounts.schoolById(req.user!.schoolId)?.name : null,
      remindersOn: deps.stores.reminders.wantsReminders(req.user!.id),
      hasPassword: Boolean(accounts.userByEmailWithHash(req.user!.email)?.passwordHash),
      hasSchoolLogin: deps.stores.identities.hasSchoolLogin(req.user!.id),
      erasureConfirmed: schoolLoginConfirmed(req, deps.now()),
      certificate: course.certificate
        ? {
            ready: standing.certificateReady,
            text: standing.status === 'studietijd' ? studyTimeShortText(standing.studyTime) : `Je certificaat kun je downloaden als je de cursus hebt afgerond (nu ${percentText(state.percent / 100)}).`,
          }
        : null,
    });
  };

  /** Checks the current password; a wrong one counts towards the session's limit. */
  const passwordOk = async (req: Request, res: Response, password: string) => {
    const stored = accounts.userByEmailWithHash(req.user!.email)?.passwordHash;
    if (!password) return false;
    const ok = stored ? await verifyPassword(password, stored) : false;
    if (!ok) res.locals.wrongPassword = true;
    return ok;
  };
  // An account that signs in only with the school login confirms erasure by signing in there again
  // (prompt=login, see web/oidc.ts): its address, shown on this page, proves nothing.
  const confirmsErasure = async (req: Request, res: Response, typed: string | undefined) =>
    accounts.userByEmailWithHash(req.user!.email)?.passwordHash ? passwordOk(req, res, typed ?? '') : schoolLoginConfirmed(req, deps.now());

  router.get('/me', signedIn, (req, res) => render(req, res));

  router.post(
    '/me/name',
    signedIn,
    withBody(nameForm, (req, res, input) => {
      accounts.setName(req.user!.id, input.name);
      flash(req, 'success', 'Je naam is aangepast.');
      res.redirect(303, '/me');
    }, (req, res, errors) => render(req, res, errors)),
  );

  router.post(
    '/me/password',
    signedIn,
    passwordChecks,
    withBody(passwordForm, async (req, res, input) => {
      if (!(await passwordOk(req, res, input.current))) return render(req, res.status(400), { current: 'Je huidige wachtwoord klopt niet.' });
      accounts.setPasswordHash(req.user!.id, await hashPassword(input.password), req.sessionID);
      flash(req, 'success', 'Je wachtwoord is gewijzigd. Op andere apparaten ben je uitgelogd.');
      res.redirect(303, '/me');
    }, (req, res, errors) => render(req, res, errors)),
  );

  router.post(
    '/me/reminders',
    signedIn,
    withBody(remindersForm, (req, res, input) => {
      deps.stores.reminders.setReminders(req.user!.id, input.reminders === '1');
      flash(req, 'success', input.reminders === '1' ? 'Je krijgt weer herinneringen als je twee weken niet bezig bent geweest.' : 'Je krijgt geen herinneringen meer.');
      res.redirect(303, '/me');
    }),
  );

  router.get('/me/export', signedIn, (req, res) => {
    const data = { exportedAt: new Date(deps.now()).toISOString(), ...deps.stores.exports.everything(req.user!.id) };
    res.setHeader('Content-Disposition', `attachment; filename="steun-mijn-gegevens-${isoDay(new Date(deps.now()))}.json"`);
    res.json(data);
  });

  router.post(
    '/me/delete',
    signedIn,
    passwordChecks,
    loginSupport(deps.passport),
    withBody(deleteForm, async (req, res, input, next) => {
      if (!(await confirmsErasure(req, res, input.password))) {
        const hasPassword = Boolean(accounts.userByEmailWithHash(req.user!.email)?.passwordHash);
        const message = !hasPassword
          ? 'Bevestig eerst door opnieuw in te loggen met je schoolaccount. Je account is niet verwijderd.'
          : input.password
            ? 'Dat is niet je wachtwoord. Je account is niet verwijderd.'
            : 'Vul je wachtwoord in om te bevestigen.';
        return render(req, res.status(400), { deletePassword: message });
      }
      const userId = req.user!.id;
      accounts.deleteUser(userId);
      req.logout((err) => {
        if (err) return next(err);
        req.session.destroy(() => {
          res.clearCookie('steun.sid');
          res.status(200).render('goodbye', { title: 'Account verwijderd', currentUser: null, csrfToken: () => '' });
        });
      });
    }, (req, res, errors) => render(req, res, { deletePassword: errors.password ?? 'Vul je wachtwoord in om te bevestigen.' })),
  );

  return router;
}
