// Sign-in with e-mail and password (passport local strategy), one Passport instance per app.
import type { IncomingMessage } from 'node:http';
import type { Request, RequestHandler, Response } from 'express';
import { Passport } from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import type { AccountsStore, User } from '../db/accounts';
import type { Clock } from '../clock';
import { decoyHash, verifyPassword } from '../accounts/passwords';
import { noteActivity } from '../accounts/session-life';

/** Why a sign-in failed; both unknown e-mail and wrong password are 'credentials' so nobody can probe for accounts. */
export type SignInFailure = 'credentials' | 'inactive';

export function createPassport(accounts: AccountsStore, now: Clock): InstanceType<typeof Passport> {
  const passport = new Passport();
  passport.use(
    new LocalStrategy({ usernameField: 'email', passwordField: 'password' }, (email, password, done) => {
      void (async () => {
        const user = accounts.userByEmailWithHash(email);
        const ok = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()));
        if (!user || !user.passwordHash || !ok) return done(null, false, { message: 'credentials' satisfies SignInFailure });
        if (!user.active) return done(null, false, { message: 'inactive' satisfies SignInFailure });
        const { passwordHash: _hash, ...plain } = user;
        done(null, plain);
      })().catch(done);
    }),
  );
  // Called by req.logIn on the new session, before passport saves it: the sign-in is its first
  // activity (src/web/session-life.ts), so the next request need not write the session again.
  passport.serializeUser((req: IncomingMessage, user: Express.User, done: (err: unknown, id?: number) => void) => {
    const { session } = req as Request;
    if (session) noteActivity(session, now());
    done(null, (user as User).id);
  });
  return passport;
}

/**
 * Puts the signed-in account on req.user, as passport.session() would: the account the session
 * names, if it still exists and is active; otherwise it is dropped from the session, so a
 * deactivated or deleted account is signed out on its next request. passport.session() and
 * passport.initialize() add six methods to every request object, which the benchmark measured at
 * a sixth of what the stack's libraries cost per signed-in request; routes that sign in or out
 * add them with `loginSupport` instead.
 */
export function restoreUser(accounts: AccountsStore): RequestHandler {
  return (req, _res, next) => {
    const login = (req.session as { passport?: { user?: unknown } } | undefined)?.passport;
    if (login && login.user !== undefined) {
      const user = typeof login.user === 'number' ? accounts.userById(login.user) : undefined;
      if (user && user.active) req.user = user;
      else delete login.user;
    }
    next();
  };
}

/** req.logIn and req.logOut, for the routes that sign someone in or out. */
export function loginSupport(passport: InstanceType<typeof Passport>): RequestHandler {
  return passport.initialize({ compat: false });
}

/**
 * Signs `user` in on a new session (passport regenerates it, which defeats session fixation). The
 * new session carries its first activity (serializeUser above) and its form token from the start:
 * the end of this request saves it anyway, so the first page after signing in need not write it again.
 */
export async function logIn(req: Request, res: Response, user: User): Promise<void> {
  await new Promise<void>((resolve, reject) => req.logIn(user, (err) => (err ? reject(err) : resolve())));
  (res.locals.csrfToken as (() => string) | undefined)?.();
}
