// First administrator, sign-in and -out, registration with a school's join code, one-time password links.
import { Router, type Request, type Response, type NextFunction, type RequestHandler } from 'express';
import type { Passport } from 'passport';
import { z } from 'zod';
import type { Stores } from '../db';
import { EmailTakenError, type User } from '../db/accounts';
import type { Invitation } from '../db/invitations';
import { MIN_PASSWORD_LENGTH, hashPassword } from '../accounts/passwords';
import { whileNoAdmin, signedIn } from './guards';
import { withBody, type FieldErrors } from './validate';
import { throttle, knownDeviceOf, DEVICE_COOKIE, type ThrottleSettings } from './throttle';
import { flash } from './flash';
import { HttpError } from './errors';
import { logIn, loginSupport, type SignInFailure } from './passport';
import { accountExistsMail, welcomeMail } from '../mail/compose';
import { mailContext, publicBase } from './mail-context';
import { DEFAULT_FORGOT_THROTTLE, mailingThrottle } from './password';

const text = (max: number, required: string) => z.string({ error: required }).trim().min(1, required).max(max, `Maximaal ${max} tekens.`);
const email = z.string({ error: 'Vul je e-mailadres in.' }).trim().toLowerCase().pipe(z.email('Dit is geen geldig e-mailadres.').max(254));
const newPassword = z
  .string({ error: 'Kies een wachtwoord.' })
  .min(MIN_PASSWORD_LENGTH, `Je wachtwoord moet minstens ${MIN_PASSWORD_LENGTH} tekens lang zijn.`)
  .max(200, 'Je wachtwoord mag hoogstens 200 tekens lang zijn.');

const setupForm = z.object({ token: z.string().max(100).optional(), name: text(100, 'Vul je naam in.'), email, password: newPassword });
const registerForm = z.object({ code: text(40, 'Vul de schoolcode in.'), name: text(100, 'Vul je naam in.'), email, password: newPassword });
// Credentials come from the body only (passport-local would fall back to the query string, and the
// per-account throttle must see the same address that is checked).
const loginForm = z.object({ email: z.string().trim().min(1).max(254), password: z.string().min(1).max(200), next: z.string().max(500).optional() });
// With mail configured, the password is chosen through the link in the welcome mail, so a taken
// address gets exactly the same answer as a new one.
const registerByMailForm = registerForm.omit({ password: true });
const UNKNOWN_CODE = 'Deze schoolcode kennen we niet. Controleer de code bij de coördinator van je school.';
const passwordForm = z.object({ password: newPassword });
const firstPasswordForm = z.object({ name: text(100, 'Vul je naam in, zoals die op je certificaat moet komen.'), password: newPassword });

/** An account that never signed in (an invitation): setting the password also asks for the name. */
const firstSignIn = (user: User) => user.lastActiveAt === null;
/** An invitation's placeholder name is the address's local part: the form starts empty then. */
const nameToSuggest = (user: User) => (user.name === user.email.split('@')[0] ? '' : user.name);

/** Only local paths are followed after sign-in (no open redirect). */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])/.test(next) ? next : '/';
}

const YEAR_MS = 365 * 86_400_000;

export function authRouter(deps: { stores: Stores; passport: InstanceType<typeof Passport>; throttle: ThrottleSettings; baseUrl: string | undefined; production: boolean }): Router {
  const { stores } = deps;
  const { accounts, devices } = stores;
  const byMail = stores.outbox.sending;
  const knownDevice = knownDeviceOf(stores);
  const router = Router();
  const { settings } = deps.stores;
  const noAdminYet = whileNoAdmin(() => accounts.hasAdmin());
  // Whoever has the token `npm start` printed, and nobody else, may make the first administrator.
  const setupToken: RequestHandler = (req, _res, next) => {
    const token = req.method === 'GET' ? req.query.token : (req.body as { token?: unknown } | undefined)?.token;
    if (!settings.isSetupToken(token)) return next(new HttpError(404, 'Deze pagina bestaat niet. Gebruik de eenmalige link die de server bij het starten liet zien.'));
    next();
  };
  const login = loginSupport(deps.passport);

  const renderSetup = (req: Request, res: Response, errors: FieldErrors = {}, values: Record<string, unknown> = {}) =>
    res.render('auth/setup', { title: 'Eerste beheerder aanmaken', errors, values: { ...values, token: req.method === 'GET' ? req.query.token : (req.body as { token?: unknown }).token } });
  router.get('/setup', noAdminYet, setupToken, (req, res) => renderSetup(req, res));
  router.post(
    '/setup',
    noAdminYet,
    setupToken,
    login,
    withBody(
      setupForm,
      async (req, res, input) => {
        const passwordHash = await hashPassword(input.password);
        let user: User | null;
        try {
          // Checked and inserted in one transaction: of simultaneous posts, one makes the administrator.
          user = accounts.addFirstAdmin({ name: input.name, email: input.email, passwordHash });
        } catch (err) {
          if (err instanceof EmailTakenError) return renderSetup(req, res.status(400), { email: 'Dit e-mailadres is al in gebruik.' }, input);
          throw err;
        }
        if (!user) throw new HttpError(404, 'Er is al een beheerder. Log in.');
        settings.dropSetupToken();
        await logIn(req, res, user);
        accounts.touchActive(user.id);
        flash(req, 'success', 'Welkom! Je bent de beheerder van deze steun-omgeving. Begin met je eerste school: daarna kun je coördinatoren en leerkrachten uitnodigen.');
        res.redirect(303, '/admin');
      },
      (req, res, errors) => renderSetup(req, res, errors, req.body ?? {}),
    ),
  );

  const renderLogin = (req: Request, res: Response, error?: string) =>
    res.render('auth/login', {
      title: 'Inloggen',
      error,
      values: { email: typeof req.body?.email === 'string' ? req.body.email : '' },
      next: safeNext(req.body?.next ?? req.query.next),
      loggedOut: req.query.uitgelogd === '1',
    });
  // Signed in already (in another tab, say): on to where the link was going.
  router.get('/login', (req, res) => (req.user ? res.redirect(303, safeNext(req.query.next)) : renderLogin(req, res)));
  router.post(
    '/login',
    ...throttle(deps.throttle, deps.stores.counts, 'login', knownDevice),
    withBody(
      loginForm,
      (req, res, input, next) => {
        deps.passport.authenticate('local', (err: unknown, user: User | false, info?: { message?: SignInFailure }) => {
          if (err) return next(err);
          if (!user) {
            const message =
              info?.message === 'inactive'
                ? 'Je account is gedeactiveerd. Neem contact op met de coördinator van je school.'
                : 'Dit e-mailadres en wachtwoord horen niet bij elkaar. Controleer ze en probeer het opnieuw.';
            return renderLogin(req, res.status(401), message);
          }
          logIn(req, res, user).then(() => {
            accounts.touchActive(user.id);
            // Sent everywhere (path '/'), so that the forgotten-password form knows the owner's browser
            // too. A copy an earlier version scoped to /login carries the same known token, which is
            // why it is set again here: such a browser then sends it to the form as well.
            const device = knownDevice(req, user.email) ?? devices.remember(user.id);
            res.cookie(DEVICE_COOKIE, device, { httpOnly: true, sameSite: 'lax', secure: deps.production, maxAge: YEAR_MS, path: '/' });
            res.redirect(303, safeNext(input.next));
          }, next);
        })(req, res, next);
      },
      (req, res) => renderLogin(req, res, 'Vul je e-mailadres en wachtwoord in.'),
    ),
  );

  router.post('/logout', signedIn, login, (req, res, next) => {
    req.logout((err) => {
      if (err) return next(err);
      req.session.destroy((destroyErr) => {
        if (destroyErr) return next(destroyErr);
        res.clearCookie('steun.sid');
        res.redirect(303, '/login?uitgelogd=1');
      });
    });
  });

  const renderRegister = (req: Request, res: Response, errors: FieldErrors = {}, values: Record<string, unknown> = {}) =>
    res.render('auth/register', {
      title: 'Account aanmaken',
      errors,
      byMail,
      values: { code: typeof req.query.code === 'string' ? req.query.code : '', ...values },
    });
  router.get('/register', (req, res) => (req.user ? res.redirect(303, '/') : renderRegister(req, res)));
  router.post(
    '/register',
    ...throttle(deps.throttle, deps.stores.counts, 'register'),
    // Registering by mail mails whichever address is typed: limited like the forgotten password.
    ...(byMail ? mailingThrottle(DEFAULT_FORGOT_THROTTLE, deps.stores.counts, 'register') : []),
    login,
    withBody(
      byMail ? registerByMailForm : registerForm,
      async (req, res, input: z.output<typeof registerByMailForm> & { password?: string }) => {
        const school = accounts.schoolByJoinCode(input.code);
        if (!school) {
          return renderRegister(req, res.status(400), { code: UNKNOWN_CODE }, input);
        }
        const base = publicBase(req, deps.baseUrl);
        if (byMail) {
          const owner = accounts.userByEmailWithHash(input.email);
          // Checked and written without a pause between them; a UNIQUE hit from another process is
          // answered the same as any other.
          try {
            stores.transaction(() => {
              if (owner) {
                stores.outbox.enqueue(accountExistsMail({ ...mailContext(req, deps.baseUrl, owner.email, owner.name), link: `${base}/password/forgot` }), { userId: owner.id });
                return;
              }
              const user = accounts.addUser({ name: input.name, email: input.email, role: 'teacher', schoolId: school.id, passwordHash: null });
              const token = accounts.createPasswordToken(user.id, 7);
              // The link goes to the mailbox only: choosing the password with it proves the address.
              stores.proofs.sentOnlyByMail(token);
              const link = `${base}/password/${token}`;
              stores.outbox.enqueue(welcomeMail({ ...mailContext(req, deps.baseUrl, user.email, user.name), schoolName: school.name, link, linkSetsPassword: true }), { userId: user.id });
            });
          } catch (err) {
            // Another request registered the address between the look and the insert: that
            // registration's mail is on its way; this one answers as any other, sending nothing more.
            if (!(err instanceof EmailTakenError)) throw err;
          }
          return res.render('auth/register-sent', { title: 'Kijk in je mailbox', values: { email: input.email } });
        }
        const taken = () =>
          renderRegister(
            req,
            res.status(400),
            { email: 'Er bestaat al een account met dit e-mailadres. Log in, of vraag je coördinator om een nieuwe wachtwoordlink.' },
            input,
          );
        if (accounts.emailTaken(input.email)) return taken();
        const passwordHash = await hashPassword(input.password ?? '');
        let user: User;
        try {
          user = stores.transaction(() => {
            const added = accounts.addUser({ name: input.name, email: input.email, role: 'teacher', schoolId: school.id, passwordHash });
            stores.outbox.enqueue(welcomeMail({ ...mailContext(req, deps.baseUrl, added.email, added.name), schoolName: school.name, link: `${base}/`, linkSetsPassword: false }), { userId: added.id });
            return added;
          });
        } catch (err) {
          // Another registration with this address got in while the password was hashed.
          if (err instanceof EmailTakenError) return taken();
          throw err;
        }
        await logIn(req, res, user);
        accounts.touchActive(user.id);
        flash(req, 'success', `Welkom bij ${school.name}! Je account is klaar.`);
        res.redirect(303, '/');
      },
      // Every error at once: an unknown join code is said together with the empty fields.
      (req, res, errors) => {
        const code = (req.body as Record<string, unknown> | undefined)?.code;
        if (!errors.code && typeof code === 'string' && code.trim() !== '' && !accounts.schoolByJoinCode(code)) errors.code = UNKNOWN_CODE;
        return renderRegister(req, res, errors, req.body ?? {});
      },
    ),
  );

  const LINK_GONE = 'Deze link is verlopen of al gebruikt. Vraag je coördinator of beheerder om een nieuwe link.';
  /**
   * A link that no longer works says why: used (the account is activated: sign in), expired (ask
   * for a new one), or unknown. 410 for the first two: the page existed and is gone.
   */
  const linkGone = (res: Response, token: string) => {
    const known = accounts.linkGone(token);
    const why = known === 'unknown' && stores.invitations.expired(token) ? 'expired' : known;
    const title = why === 'used' ? 'Je account is al geactiveerd' : why === 'expired' ? 'Deze link is verlopen' : 'Deze link werkt niet (meer)';
    res.status(why === 'unknown' ? 404 : 410).render('auth/link-gone', { title, why });
  };
  const tokenUser = (req: Request, res: Response, next: NextFunction) => {
    const token = String(req.params.token ?? '');
    const user = accounts.userForPasswordToken(token);
    if (user) {
      res.locals.tokenUser = user;
      return next();
    }
    // An invitation without an account in its school (src/db/invitations.ts) stands for a new
    // invited account until it is used: the same page, asking for the name and a password.
    const invitation = stores.invitations.forToken(token);
    if (!invitation) return linkGone(res, token);
    res.locals.invitation = invitation;
    res.locals.tokenUser = {
      id: invitation.id,
      email: invitation.email,
      name: invitation.email.split('@')[0]!,
      role: 'teacher',
      schoolId: invitation.schoolId,
      active: true,
      createdAt: invitation.createdAt,
      lastActiveAt: null,
    } satisfies User;
    next();
  };
  const renderPassword = (req: Request, res: Response, errors: FieldErrors = {}) => {
    const account = res.locals.tokenUser as User;
    const askName = firstSignIn(account);
    const name = typeof req.body?.name === 'string' ? req.body.name : nameToSuggest(account);
    return res.render('auth/password', { title: askName ? 'Je account activeren' : 'Wachtwoord instellen', errors, account, askName, values: { name } });
  };
  router.get('/password/:token', tokenUser, (req, res) => renderPassword(req, res));
  router.post(
    '/password/:token',
    tokenUser,
    login,
    (req, res, next) => withBody(firstSignIn(res.locals.tokenUser as User) ? firstPasswordForm : passwordForm,
      async (req, res, input: { password: string; name?: string }) => {
        let user = res.locals.tokenUser as User;
        const invitation = res.locals.invitation as Invitation | undefined;
        const token = String(req.params.token ?? '');
        const hash = await hashPassword(input.password);
        let unlinked = 0;
        if (invitation) {
          // Used up in the same transaction as what it does: another request with the link gets 404.
          // The address has an account (elsewhere, or an administrator's): nothing of it changes —
          // setting its password here would hand it to whoever holds the link. Only the account's
          // existence is told, to someone with the link who gives the address's name and a password,
          // as /register tells it to someone with the join code.
          const outcome = stores.transaction(() => {
            if (!stores.invitations.use(invitation.id, token)) return 'gone' as const;
            accounts.linkUsed(token);
            if (accounts.emailTaken(invitation.email)) return 'exists' as const;
            // The account is gone by now: the invitation makes one in its school, as a new address's does.
            return accounts.addUser({ email: invitation.email, name: input.name ?? user.name, role: 'teacher', schoolId: invitation.schoolId, passwordHash: hash });
          });
          if (outcome === 'gone') throw new HttpError(404, LINK_GONE);
          if (outcome === 'exists') return res.render('auth/invitation-exists', { title: 'Je hebt al een account', values: { email: invitation.email } });
          user = outcome;
        } else {
          // One use only: another request with the same link may have used it while this one hashed.
          if (accounts.userForPasswordToken(token)?.id !== user.id) throw new HttpError(404, LINK_GONE);
          unlinked = stores.transaction(() => {
            // Read before the link is used up: a link only the mailbox received proves the address.
            const proves = stores.proofs.tokenProves(token);
            if (input.name !== undefined) accounts.setName(user.id, input.name);
            accounts.setPasswordWithToken(user.id, hash);
            accounts.linkUsed(token);
            return proves ? stores.proofs.provenByMailbox(user.id) : 0;
          });
        }
        if (req.user) await new Promise<void>((resolve, reject) => req.logout((err) => (err ? reject(err) : resolve())));
        await logIn(req, res, accounts.userById(user.id)!);
        accounts.touchActive(user.id);
        flash(req, 'success', 'Je wachtwoord is ingesteld. Je bent ingelogd.');
        if (unlinked > 0) flash(req, 'info', 'Je account was niet gekoppeld aan een bevestigd e-mailadres, dus hebben we de koppeling met een schoolaccount opgeheven. Gebruik je zelf een schoolaccount? Koppel het dan opnieuw op de pagina Mijn gegevens.');
        res.redirect(303, '/');
      },
      (req, res, errors) => renderPassword(req, res, errors),
    )(req, res, next),
  );

  return router;
}
