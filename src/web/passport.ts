// Sign-in with e-mail and password (passport local strategy), one Passport instance per app.
import { Passport } from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import type { AccountsStore, User } from '../db/accounts';
import { decoyHash, verifyPassword } from '../accounts/passwords';

/** Why a sign-in failed; both unknown e-mail and wrong password are 'credentials' so nobody can probe for accounts. */
export type SignInFailure = 'credentials' | 'inactive';

export function createPassport(accounts: AccountsStore): InstanceType<typeof Passport> {
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
  passport.serializeUser((user, done) => done(null, (user as User).id));
  passport.deserializeUser((id: unknown, done) => {
    const user = typeof id === 'number' ? accounts.userById(id) : undefined;
    // An account that was deactivated or deleted is signed out on its next request.
    done(null, user && user.active ? user : false);
  });
  return passport;
}
