// Signing in with the school's OpenID provider (Entree, SURFconext, Microsoft Entra ID, Google):
// authorization code flow with PKCE, state and nonce, the ID token verified by openid-client.
// A first sign-in links to the account with the same e-mail address only where
// src/accounts/linking.ts allows it (a proven teacher's address, verified by the provider), or makes
// a teacher account (placed in a school by its e-mail domain, or asked once for the join code).
// Any other account links from /me, where its signed-in owner starts the same flow; a school login
// given again on purpose confirms erasing an account that has no password.
import type { Clock } from '../clock';
import { Router, type Request, type Response, type NextFunction } from 'express';
import type { Passport } from 'passport';
import type * as Client from 'openid-client';
import { ipKeyGenerator } from 'express-rate-limit';
import { z } from 'zod';
import type { Stores } from '../db';
import type { User } from '../db/accounts';
import type { OidcConfig } from '../config';
import type { Logger } from '../logger';
import { addressStanding, mayLinkByAddress, provesAddress } from '../accounts/linking';
import { welcomeMail } from '../mail/compose';
import { signedIn } from './guards';
import { logIn, loginSupport } from './passport';
import { withBody, type FieldErrors } from './validate';
import { flash } from './flash';
import { HttpError } from './errors';
import { mailContext, publicBase } from './mail-context';
import { safeNext } from './auth';
import { keepVisitorSessionShort } from './locals';
import { limiter, type ThrottleSettings } from './throttle';
import { rememberSchoolLoginConfirmed } from './school-login-confirmed';

/**
 * What a trip to the provider is for: signing in; linking the school login to the signed-in
 * account (from /me); or confirming, by signing in again, who is at the keyboard (erasure).
 */
type Purpose = 'sign-in' | 'link' | 'confirm';

declare module 'express-session' {
  interface SessionData {
    /** One trip to the provider under way: checked once on the way back, then gone. */
    oidc?: { state: string; nonce: string; verifier: string; next: string; purpose?: Purpose; userId?: number };
    /** A new teacher from the school login without a school: asked once for the join code. */
    askJoinCode?: boolean;
    /** Wrong join codes given to that question; after a few it is no longer asked. */
    joinCodeFailures?: number;
  }
}

const joinForm = z.object({ code: z.string({ error: 'Vul de schoolcode in.' }).trim().min(1, 'Vul de schoolcode in.').max(40, 'Maximaal 40 tekens.') });

/** Wrong join codes a new teacher may give before the question goes away (a coordinator can place them later). */
export const JOIN_CODE_TRIES = 5;
/** How recent a school login given again to confirm must be, in seconds (the provider's auth_time). */
const CONFIRM_MAX_AGE_S = 300;

/** The claims we read, from the verified ID token or the userinfo endpoint. */
interface Claims {
  sub: string;
  email?: unknown;
  email_verified?: unknown;
  /** Microsoft Entra ID: the e-mail is a verified address of the tenant's domain. */
  xms_edov?: unknown;
  name?: unknown;
  given_name?: unknown;
  family_name?: unknown;
}

const NO_ADDRESS =
  'Je schoolaccount geeft geen bevestigd e-mailadres door, dus we kunnen je niet aan een account koppelen. Log in met je e-mailadres en wachtwoord, of vraag de coördinator van je school om een uitnodiging.';
const ADDRESS_HAS_ACCOUNT =
  'Er bestaat al een steun-account met dit e-mailadres. Log daarmee in met je wachtwoord en koppel daarna je schoolaccount op de pagina Mijn gegevens; dan kun je voortaan ook zo inloggen. Ken je het wachtwoord niet, gebruik dan "Wachtwoord vergeten" of vraag de coördinator van je school.';
const DEACTIVATED = 'Je account is gedeactiveerd. Neem contact op met de coördinator van je school.';

function displayName(c: Claims, email: string): string {
  const name = typeof c.name === 'string' && c.name.trim() ? c.name : [c.given_name, c.family_name].filter((p) => typeof p === 'string' && p.trim()).join(' ');
  return (name || email.split('@')[0] || email).slice(0, 100);
}

export function oidcRouter(deps: {
  stores: Stores;
  passport: InstanceType<typeof Passport>;
  oidc: OidcConfig;
  baseUrl: string | undefined;
  logger: Logger;
  throttle: ThrottleSettings;
  now: Clock;
}): Router {
  const { stores, oidc } = deps;
  const { accounts, identities } = stores;
  // Loaded only where a school's provider is configured: without one the module is never read.
  const client = require('openid-client') as typeof Client;
  const router = Router();
  const login = loginSupport(deps.passport);

  // Discovery once; a provider that was down is asked again on the next sign-in.
  let discovered: Promise<Client.Configuration> | undefined;
  const configuration = () =>
    (discovered ??= client
      .discovery(new URL(oidc.issuer), oidc.clientId, oidc.clientSecret, undefined, oidc.issuer.startsWith('http:') ? { execute: [client.allowInsecureRequests] } : undefined)
      .catch((err: unknown) => {
        discovered = undefined;
        throw err;
      }));
  const redirectUri = (req: Request) => `${publicBase(req, deps.baseUrl)}/auth/oidc/callback`;
  const refuse = (status: number, message: string, context: Record<string, unknown> = {}) => new HttpError(status, message, context);

  /** Sends the browser to the provider for `purpose`; the state, nonce and PKCE verifier wait in the session. */
  const toProvider = async (req: Request, res: Response, next: NextFunction, purpose: Purpose, target: string) => {
    let config: Client.Configuration;
    try {
      config = await configuration();
    } catch (err) {
      deps.logger.error({ err, issuer: oidc.issuer }, 'oidc: discovery failed');
      return next(refuse(503, 'Inloggen met je schoolaccount lukt nu niet: de inlogdienst van je school antwoordt niet.'));
    }
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    // A visitor's pending sign-in lives as long as a visitor's form token, not the month of a signed-in session.
    keepVisitorSessionShort(req);
    req.session.oidc = { state, nonce, verifier, next: target, purpose, ...(req.user ? { userId: req.user.id } : {}) };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri(req),
      scope: 'openid email profile',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      // Confirming means typing the school password again, not riding on the provider's session.
      ...(purpose === 'confirm' ? { prompt: 'login', max_age: '0' } : {}),
    });
    req.session.save((err) => (err ? next(err) : res.redirect(303, url.href)));
  };

  router.get('/auth/oidc', (req, res, next) => void toProvider(req, res, next, 'sign-in', safeNext(req.query.next)));
  // The signed-in owner (after a password sign-in) links their school login to this account.
  router.post('/me/school-login', signedIn, (req, res, next) => void toProvider(req, res, next, 'link', '/me'));
  // An account without a password confirms its erasure by signing in at the school again.
  router.post('/me/delete/school-login', signedIn, (req, res, next) => void toProvider(req, res, next, 'confirm', '/me#gevarenzone'));

  router.get('/auth/oidc/callback', login, async (req, res, next) => {
    const pending = req.session.oidc;
    delete req.session.oidc;
    if (!pending) return next(refuse(400, 'Deze aanmelding is verlopen of al gebruikt. Log opnieuw in met je schoolaccount.'));
    const purpose = pending.purpose ?? 'sign-in';
    let claims: Claims;
    let issuer: string;
    try {
      const config = await configuration();
      issuer = config.serverMetadata().issuer;
      const currentUrl = new URL(req.originalUrl, publicBase(req, deps.baseUrl));
      const tokens = await client.authorizationCodeGrant(config, currentUrl, {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
        ...(purpose === 'confirm' ? { maxAge: CONFIRM_MAX_AGE_S } : {}),
      });
      claims = tokens.claims() as Claims;
      if (typeof claims.email !== 'string' && tokens.access_token) {
        claims = { ...(await client.fetchUserInfo(config, tokens.access_token, claims.sub)), sub: claims.sub };
      }
    } catch (err) {
      deps.logger.warn({ err: err instanceof Error ? { name: err.name, message: err.message, code: (err as { code?: unknown }).code } : err, purpose }, 'oidc: sign-in refused');
      if (purpose === 'confirm') {
        return next(refuse(400, 'Je school heeft niet bevestigd dat je net opnieuw hebt ingelogd, dus je account is niet verwijderd. Probeer het opnieuw; lukt het niet, stel dan via "Wachtwoord vergeten" een wachtwoord in en bevestig daarmee.'));
      }
      return next(refuse(400, 'Inloggen met je schoolaccount is niet gelukt. Probeer het opnieuw; lukt het weer niet, log dan in met je e-mailadres en wachtwoord.'));
    }

    if (purpose !== 'sign-in') {
      // Linking and confirming belong to the account that started them, still signed in here.
      if (!req.user || req.user.id !== pending.userId) return next(refuse(400, 'Deze koppeling is verlopen. Log in en probeer het opnieuw vanaf de pagina Mijn gegevens.'));
      const owner = identities.userIdFor(issuer, claims.sub);
      if (purpose === 'confirm') {
        if (owner !== req.user.id) return next(refuse(403, 'Je logde opnieuw in met een ander schoolaccount dan het account dat bij dit steun-account hoort. Je account is niet verwijderd.'));
        rememberSchoolLoginConfirmed(req, req.user.id, deps.now());
        flash(req, 'info', 'Je bent opnieuw ingelogd met je schoolaccount. Je kunt je account nu de komende tien minuten verwijderen.');
        return res.redirect(303, pending.next);
      }
      if (owner !== undefined && owner !== req.user.id) return next(refuse(400, 'Dit schoolaccount is al gekoppeld aan een ander steun-account. Log daarmee in, of vraag de beheerder om hulp.'));
      if (owner === undefined) identities.link(issuer, claims.sub, req.user.id);
      flash(req, 'success', 'Je schoolaccount is gekoppeld. Je kunt voortaan ook daarmee inloggen.');
      return res.redirect(303, pending.next);
    }

    let user: User | undefined;
    let created = false;
    const linked = identities.userIdFor(issuer, claims.sub);
    if (linked !== undefined) {
      user = accounts.userById(linked);
    } else {
      const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
      const standing = addressStanding(claims, oidc.trustEmail);
      if (!email || standing === 'unverified') return next(refuse(403, NO_ADDRESS, { sub: claims.sub }));
      const existing = accounts.userByEmailWithHash(email);
      if (existing && !existing.active) return next(refuse(403, DEACTIVATED));
      const claimed = existing !== undefined && (existing.passwordHash !== null || identities.hasSchoolLogin(existing.id));
      if (existing) {
        const schoolDomain = existing.schoolId === null ? null : identities.schoolDomain(existing.schoolId);
        if (!mayLinkByAddress({ role: existing.role, emailProven: stores.proofs.isProven(existing.id), claimed, schoolDomain }, email, standing)) {
          // The log names the school login, so an administrator can link it by hand if asked.
          return next(refuse(403, ADDRESS_HAS_ACCOUNT, { issuer, sub: claims.sub, userId: existing.id, standing }));
        }
      }
      user = stores.transaction(() => {
        if (existing) {
          if (!claimed) {
            stores.proofs.takenBySchoolLogin(existing.id);
            if (provesAddress(standing)) stores.proofs.prove(existing.id);
          }
          identities.link(issuer, claims.sub, existing.id);
          return accounts.userById(existing.id);
        }
        const schoolId = identities.schoolIdForEmail(email) ?? null;
        const teacher = accounts.addUser({ email, name: displayName(claims, email), role: 'teacher', schoolId, passwordHash: null });
        identities.link(issuer, claims.sub, teacher.id);
        if (provesAddress(standing)) stores.proofs.prove(teacher.id);
        const schoolName = schoolId ? (accounts.schoolById(schoolId)?.name ?? 'je school') : 'je school';
        stores.outbox.enqueue(welcomeMail({ ...mailContext(req, deps.baseUrl, teacher.email, teacher.name), schoolName, link: `${publicBase(req, deps.baseUrl)}/`, linkSetsPassword: false }), { userId: teacher.id });
        created = true;
        return teacher;
      });
    }
    if (!user || !user.active) return next(refuse(403, DEACTIVATED));
    await logIn(req, res, user);
    accounts.touchActive(user.id);
    if (created && user.schoolId === null) {
      req.session.askJoinCode = true;
      return res.redirect(303, '/auth/oidc/school');
    }
    res.redirect(303, pending.next);
  });

  const renderJoin = (_req: Request, res: Response, errors: FieldErrors = {}) => res.render('auth/join-school', { title: 'Bij welke school hoor je?', errors });
  // Asked once, right after the first sign-in: skipping it is fine (a coordinator can place the teacher later).
  router.get('/auth/oidc/school', signedIn, (req, res) => {
    if (!req.session.askJoinCode || req.user!.schoolId !== null) return res.redirect(303, '/');
    renderJoin(req, res);
  });
  router.post(
    '/auth/oidc/school',
    signedIn,
    // Wrong codes are limited like registration's per client; per account, the question goes away.
    limiter(deps.stores.counts, 'join-code-client', deps.throttle.perClient, deps.throttle.windowMs, (req) => `join-code-client:${ipKeyGenerator(req.ip ?? 'unknown')}`),
    withBody(
      joinForm,
      (req, res) => {
        if (!req.session.askJoinCode || req.user!.schoolId !== null) return res.redirect(303, '/');
        const school = accounts.schoolByJoinCode(String(req.body.code));
        if (!school) {
          const failures = (req.session.joinCodeFailures ?? 0) + 1;
          if (failures >= JOIN_CODE_TRIES) {
            delete req.session.askJoinCode;
            delete req.session.joinCodeFailures;
            flash(req, 'error', 'Deze schoolcode kennen we ook niet. Je kunt de cursus gewoon volgen; vraag de coördinator van je school of de beheerder van steun om je aan je school toe te voegen.');
            return res.redirect(303, '/');
          }
          req.session.joinCodeFailures = failures;
          return renderJoin(req, res.status(400), { code: 'Deze schoolcode kennen we niet. Controleer de code bij de coördinator van je school.' });
        }
        accounts.setSchool(req.user!.id, school.id);
        delete req.session.askJoinCode;
        delete req.session.joinCodeFailures;
        flash(req, 'success', `Welkom bij ${school.name}!`);
        res.redirect(303, '/');
      },
      (req, res, errors) => renderJoin(req, res, errors),
    ),
  );
  router.post('/auth/oidc/school/skip', signedIn, (req, res) => {
    delete req.session.askJoinCode;
    delete req.session.joinCodeFailures;
    res.redirect(303, '/');
  });

  return router;
}
