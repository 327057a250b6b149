// First administrator, sign-in and -out, registration with a school's join code, one-time password links.
import { Router, type Request, type Response, type NextFunction, type RequestHandler } from 'express';
import type { Passport } from 'passport';
import { z } from 'zod';
import type { Stores } from '../db';
import { EmailTakenError, type User } from '../db/accounts';
import { MIN_PASSWORD_LENGTH, hashPassword } from '../accounts/passwords';
import { whileNoAdmin, signedIn } from './guards';
import { withBody, type FieldErrors } from './validate';
import { throttle, deviceToken, DEVICE_COOKIE, type ThrottleSettings } from './throttle';
import { flash } from './flash';
import { HttpError } from './errors';
import { loginSupport, type SignInFailure } from './passport';

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
const passwordForm = z.object({ password: newPassword });

/** Only local paths are followed after sign-in (no open redirect). */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])/.test(next) ? next : '/';
}

function logIn(req: Request, user: User): Promise<void> {
  return new Promise((resolve, reject) => req.logIn(user, (err) => (err ? reject(err) : resolve())));
}

const YEAR_MS = 365 * 86_400_000;

export function authRouter(deps: { stores: Stores; passport: InstanceType<typeof Passport>; throttle: ThrottleSettings; production: boolean }): Router {
  const { accounts, devices } = deps.stores;
  /** The device cookie's token when it belongs to the account with this address. */
  const knownDevice = (req: Request, email: string): string | null => {
    const token = deviceToken(req);
    if (!token || !email) return null;
    const owner = devices.ownerOf(token);
    return owner !== undefined && owner === accounts.userByEmailWithHash(email)?.id ? token : null;
  };
  const router = Router();
  const { settings } = deps.stores;
  const noAdminYet = whileNoAdmin(() => accounts.hasAdmin());
  // Whoever has the token `npm start` printed, and nobody else, may make the first administrator.
  const setupToken: RequestHandler = (req, _res, next) => {
    const token = req.method === 'GET' ? req.query.token : (req.body as { token?: unknown } | undefined)?.token;
    if (!settings.isSetupToken(token)) return next(new HttpError(404, 'Deze pagina bestaat niet. Gebruik de eenmalige link die `npm start` liet zien.'));
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
        await logIn(req, user);
        flash(req, 'success', 'Welkom! Je bent de beheerder van deze steun-omgeving.');
        res.redirect(303, '/');
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
  router.get('/login', (req, res) => (req.user ? res.redirect(303, '/') : renderLogin(req, res)));
  router.post(
    '/login',
    ...throttle(deps.throttle, knownDevice),
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
          logIn(req, user).then(() => {
            accounts.touchActive(user.id);
            if (!knownDevice(req, user.email)) {
              res.cookie(DEVICE_COOKIE, devices.remember(user.id), { httpOnly: true, sameSite: 'lax', secure: deps.production, maxAge: YEAR_MS, path: '/login' });
            }
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
      values: { code: typeof req.query.code === 'string' ? req.query.code : '', ...values },
    });
  router.get('/register', (req, res) => (req.user ? res.redirect(303, '/') : renderRegister(req, res)));
  router.post(
    '/register',
    ...throttle(deps.throttle),
    login,
    withBody(
      registerForm,
      async (req, res, input) => {
        const school = accounts.schoolByJoinCode(input.code);
        if (!school) {
          return renderRegister(req, res.status(400), { code: 'Deze schoolcode kennen we niet. Controleer de code bij de coördinator van je school.' }, input);
        }
        const taken = () =>
          renderRegister(
            req,
            res.status(400),
            { email: 'Er bestaat al een account met dit e-mailadres. Log in, of vraag je coördinator om een nieuwe wachtwoordlink.' },
            input,
          );
        if (accounts.emailTaken(input.email)) return taken();
        const passwordHash = await hashPassword(input.password);
        let user: User;
        try {
          user = accounts.addUser({ name: input.name, email: input.email, role: 'teacher', schoolId: school.id, passwordHash });
        } catch (err) {
          // Another registration with this address got in while the password was hashed.
          if (err instanceof EmailTakenError) return taken();
          throw err;
        }
        await logIn(req, user);
        flash(req, 'success', `Welkom bij ${school.name}! Je account is klaar.`);
        res.redirect(303, '/');
      },
      (req, res, errors) => renderRegister(req, res, errors, req.body ?? {}),
    ),
  );

  const tokenUser = (req: Request, _res: Response, next: NextFunction) => {
    const user = accounts.userForPasswordToken(String(req.params.token ?? ''));
    if (!user) return next(new HttpError(404, 'Deze link is verlopen of al gebruikt. Vraag je coördinator of beheerder om een nieuwe link.'));
    _res.locals.tokenUser = user;
    next();
  };
  const renderPassword = (_req: Request, res: Response, errors: FieldErrors = {}) =>
    res.render('auth/password', { title: 'Wachtwoord instellen', errors, account: res.locals.tokenUser as User });
  router.get('/password/:token', tokenUser, (req, res) => renderPassword(req, res));
  router.post(
    '/password/:token',
    tokenUser,
    login,
    withBody(
      passwordForm,
      async (req, res, input) => {
        const user = res.locals.tokenUser as User;
        accounts.setPasswordWithToken(user.id, await hashPassword(input.password));
        if (req.user) await new Promise<void>((resolve, reject) => req.logout((err) => (err ? reject(err) : resolve())));
        await logIn(req, user);
        flash(req, 'success', 'Je wachtwoord is ingesteld. Je bent ingelogd.');
        res.redirect(303, '/');
      },
      (req, res, errors) => renderPassword(req, res, errors),
    ),
  );

  return router;
}
