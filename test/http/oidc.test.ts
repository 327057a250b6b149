// Signing in with the school account against a real OpenID provider (oidc-provider) started in
// the test: the whole flow over HTTP, and the ways it must refuse.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import request from 'supertest';
import { makeTestApp, addUser, signIn, submitForm, type TestApp, type Agent } from '../support/app';
import type { ThrottleSettings } from '../../src/web/throttle';
import { ANONYMOUS_SESSION_MS } from '../../src/web/locals';
import { JOIN_CODE_TRIES } from '../../src/web/oidc';

const BASE_URL = 'http://steun.test';
const CALLBACK = `${BASE_URL}/auth/oidc/callback`;
let provider: ChildProcess;
let issuer: string;
let t: TestApp;

beforeAll(async () => {
  provider = spawn(process.execPath, [path.join(__dirname, '..', 'support', 'oidc-provider.mjs'), CALLBACK], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  provider.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  issuer = await new Promise<string>((resolve, reject) => {
    provider.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /ISSUER (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    provider.once('exit', (code) => reject(new Error(`provider exited ${code}:\n${out}`)));
  });
});
afterAll(() => provider.kill());

/** steun with school sign-in against the test provider; `env` adds settings (OIDC_TRUST_EMAIL, SMTP_URL). */
const schoolApp = (env: NodeJS.ProcessEnv = {}, options: { throttle?: ThrottleSettings } = {}) =>
  makeTestApp({ ...options, env: { BASE_URL, OIDC_ISSUER: issuer, OIDC_CLIENT_ID: 'steun', OIDC_CLIENT_SECRET: 'steun-geheim-steun-geheim', OIDC_LABEL: 'Inloggen met je schoolaccount', ...env } });

beforeEach(() => {
  t = schoolApp();
});
afterEach(() => t.close());

/** steun's redirect to the provider (a new sign-in under way in `agent`'s session). */
async function startSignIn(agent: Agent): Promise<URL> {
  const res = await agent.get('/auth/oidc');
  expect(res.status).toBe(303);
  return new URL(res.headers.location!);
}

/** Plays the user at the provider: log in as `account`, consent, and return where the provider sends the browser back. */
async function atProvider(authorizeUrl: URL, account: string): Promise<URL> {
  const browser = request.agent(issuer);
  let res = await browser.get(authorizeUrl.pathname + authorizeUrl.search);
  for (let i = 0; i < 10; i++) {
    const location = res.headers.location;
    if (!location) throw new Error(`provider answered ${res.status}: ${res.text.slice(0, 500)}`);
    const next = new URL(location, issuer);
    if (next.href.startsWith(BASE_URL)) return next;
    res = await browser.get(next.pathname + next.search);
    if (res.status === 200 && /name="prompt" value="login"/.test(res.text)) {
      res = await browser.post(next.pathname).type('form').send({ prompt: 'login', login: account, password: 'x' });
    } else if (res.status === 200 && /name="prompt" value="consent"/.test(res.text)) {
      res = await browser.post(next.pathname).type('form').send({ prompt: 'consent' });
    }
  }
  throw new Error('the provider never sent the browser back');
}

async function signInWithSchool(account: string, agent = request.agent(t.app)) {
  const back = await atProvider(await startSignIn(agent), account);
  const res = await agent.get(back.pathname + back.search);
  return { agent, res, back };
}

/**
 * The owner proves the address the way a mailed link does: "Wachtwoord vergeten", the link from
 * the mail (mail must be configured: SMTP_URL; no worker runs, so the message waits in the outbox).
 */
async function proveByMail(app: TestApp, email: string) {
  expect((await submitForm(request.agent(app.app), '/password/forgot', { email })).status).toBe(200);
  const mail = app.stores.outbox.forRecipient(email).at(-1)!;
  const link = new URL(/https?:\/\/\S+\/password\/[\w-]+/.exec(mail.text)![0]);
  const name = app.stores.accounts.userByEmailWithHash(email)!.name;
  expect((await submitForm(request.agent(app.app), link.pathname, { name, password: 'het-wachtwoord-van-de-eigenaar' })).status).toBe(303);
}

test('the sign-in page offers the school account', async () => {
  const page = await request(t.app).get('/login');
  expect(page.text).toContain('<a href="/auth/oidc" role="button" class="secondary">Inloggen met je schoolaccount</a>');
});

test('a first sign-in creates a teacher, asks once for the join code, and signs in again as the same account', async () => {
  const school = t.stores.accounts.addSchool('De Regenboog');
  const authorize = await startSignIn(request.agent(t.app));
  // Authorization code flow with PKCE (S256), state and nonce.
  expect(authorize.searchParams.get('response_type')).toBe('code');
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authorize.searchParams.get('state')).toBeTruthy();
  expect(authorize.searchParams.get('nonce')).toBeTruthy();
  expect(authorize.searchParams.get('redirect_uri')).toBe(CALLBACK);

  const { agent, res } = await signInWithSchool('anna');
  expect(res.status).toBe(303);
  expect(res.headers.location).toBe('/auth/oidc/school');
  const anna = t.stores.accounts.userByEmailWithHash('anna@regenboog.nl')!;
  expect(anna).toMatchObject({ name: 'Anna de Vries', role: 'teacher', schoolId: null, passwordHash: null });
  expect((await agent.get('/auth/oidc/school')).text).toContain('Bij welke school hoor je?');
  const joined = await submitForm(agent, '/auth/oidc/school', { code: school.joinCode });
  expect(joined.status).toBe(303);
  expect(t.stores.accounts.userById(anna.id)!.schoolId).toBe(school.id);
  // Asked once: afterwards the page sends the teacher on.
  expect((await agent.get('/auth/oidc/school')).headers.location).toBe('/');
  expect((await agent.get('/')).status).toBe(200);

  const again = await signInWithSchool('anna');
  expect(again.res.headers.location).toBe('/');
  expect(t.stores.accounts.users().filter((u) => u.email === 'anna@regenboog.nl')).toHaveLength(1);
});

test('G14: an account with only the school login is erased after signing in at the school again, not by typing its address', async () => {
  t.stores.accounts.addSchool('De Regenboog');
  const { agent } = await signInWithSchool('anna');
  await submitForm(agent, '/auth/oidc/school', {}, '/auth/oidc/school/skip');
  const me = await agent.get('/me');
  expect(me.text).toContain('Je logt in met je schoolaccount en hebt geen wachtwoord bij steun.');
  expect(me.text).toContain('Opnieuw inloggen bij je school om te bevestigen');
  // The address shown on the page, or nothing, erases nothing.
  expect((await submitForm(agent, '/me', { password: 'anna@regenboog.nl' }, '/me/delete')).status).toBe(400);
  expect((await submitForm(agent, '/me', {}, '/me/delete')).status).toBe(400);
  expect(t.stores.accounts.userByEmailWithHash('anna@regenboog.nl')).toBeDefined();

  // Another school account at the provider does not confirm for Anna.
  const wrong = await submitForm(agent, '/me', {}, '/me/delete/school-login');
  const wrongBack = await atProvider(new URL(wrong.headers.location!), 'bestaand');
  expect((await agent.get(wrongBack.pathname + wrongBack.search)).status).toBe(403);
  expect((await submitForm(agent, '/me', {}, '/me/delete')).status).toBe(400);

  // Anna signs in at the school again (the provider is asked to make her log in: prompt=login, max_age=0).
  const start = await submitForm(agent, '/me', {}, '/me/delete/school-login');
  const authorize = new URL(start.headers.location!);
  expect(authorize.searchParams.get('prompt')).toBe('login');
  expect(authorize.searchParams.get('max_age')).toBe('0');
  const back = await atProvider(authorize, 'anna');
  expect((await agent.get(back.pathname + back.search)).headers.location).toBe('/me#gevarenzone');
  expect((await agent.get('/me')).text).toContain('Je bent net opnieuw ingelogd met je schoolaccount.');
  expect((await submitForm(agent, '/me', {}, '/me/delete')).status).toBe(200);
  expect(t.stores.accounts.userByEmailWithHash('anna@regenboog.nl')).toBeUndefined();
  expect(t.stores.identities.userIdFor(issuer, 'anna')).toBeUndefined();
});

test('G6: starting a school sign-in stores a visitor\'s session for hours, not a month; signed in, the session lives a month', async () => {
  const sessions = () => t.stores.sqlite.prepare('SELECT user_id, expires_at FROM sessions').all() as { user_id: number | null; expires_at: number }[];
  for (let i = 0; i < 3; i++) await startSignIn(request.agent(t.app));
  const rows = sessions();
  expect(rows).toHaveLength(3);
  for (const row of rows) expect(row.expires_at - Date.now()).toBeLessThanOrEqual(ANONYMOUS_SESSION_MS + 1000);
  const { agent } = await signInWithSchool('anna');
  const signedIn = sessions().find((r) => r.user_id !== null)!;
  expect(signedIn.expires_at - Date.now()).toBeGreaterThan(20 * 86_400_000);
  expect((await agent.get('/auth/oidc/school')).status).toBe(200);
});

test('G5: join codes cannot be guessed without limit: a few wrong ones end the question, and a client is limited like registration', async () => {
  const limited = schoolApp({}, { throttle: { perClient: JOIN_CODE_TRIES + 1, perAccount: 100, windowMs: 60_000 } });
  try {
    const school = limited.stores.accounts.addSchool('De Regenboog');
    const { agent } = await signInWithSchool('anna', request.agent(limited.app));
    for (let i = 1; i < JOIN_CODE_TRIES; i++) expect((await submitForm(agent, '/auth/oidc/school', { code: `FOUT${i}AB` })).status).toBe(400);
    const last = await submitForm(agent, '/auth/oidc/school', { code: 'LAATSTE1' });
    expect(last.status).toBe(303);
    expect((await agent.get(last.headers.location!)).text).toContain('vraag de coördinator van je school of de beheerder van steun');
    // The question is gone: the right code no longer places anyone through it.
    expect((await agent.get('/auth/oidc/school')).headers.location).toBe('/');
    await submitForm(agent, '/', { code: school.joinCode }, '/auth/oidc/school');
    expect(limited.stores.accounts.userByEmailWithHash('anna@regenboog.nl')!.schoolId).toBeNull();
    // Another new teacher from the same client: its wrong codes count with the earlier ones.
    const second = await signInWithSchool('domein', request.agent(limited.app));
    expect(second.res.headers.location).toBe('/auth/oidc/school');
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await submitForm(second.agent, '/auth/oidc/school', { code: `NOGFOUT${i}` })).status);
    expect(statuses).toEqual([400, 400, 429]);
  } finally {
    limited.close();
  }
});

test('a school with an e-mail domain places the new teacher at once', async () => {
  const school = t.stores.accounts.addSchool('Domeinschool');
  t.stores.identities.setSchoolDomain(school.id, 'domeinschool.nl');
  const { res } = await signInWithSchool('domein');
  expect(res.headers.location).toBe('/');
  expect(t.stores.accounts.userByEmailWithHash('piet@domeinschool.nl')!.schoolId).toBe(school.id);
});

test('an unverified e-mail address is neither linked nor made into an account', async () => {
  await addUser(t.stores, { email: 'onbevestigd@regenboog.nl', name: 'Echte Eigenaar' });
  const { agent, res } = await signInWithSchool('onbevestigd');
  expect(res.status).toBe(403);
  expect(res.text).toContain('geen bevestigd e-mailadres');
  expect(t.stores.identities.userIdFor(issuer, 'onbevestigd')).toBeUndefined();
  expect((await agent.get('/')).headers.location).toMatch(/^\/login/);
});

test('an address without email_verified makes an account only with OIDC_TRUST_EMAIL', async () => {
  expect((await signInWithSchool('nieuwzonderclaim')).res.status).toBe(403);
  expect(t.stores.accounts.userByEmailWithHash('wie@domeinschool.nl')).toBeUndefined();
  const trusting = schoolApp({ OIDC_TRUST_EMAIL: '1' });
  try {
    const { res } = await signInWithSchool('nieuwzonderclaim', request.agent(trusting.app));
    expect(res.headers.location).toBe('/auth/oidc/school');
    const made = trusting.stores.accounts.userByEmailWithHash('wie@domeinschool.nl')!;
    expect(trusting.stores.identities.userIdFor(issuer, 'nieuwzonderclaim')).toBe(made.id);
    // Nobody verified the address: it does not count as proven.
    expect(trusting.stores.proofs.isProven(made.id)).toBe(false);
  } finally {
    trusting.close();
  }
});

test('a deactivated account stays out, also once linked', async () => {
  const user = await addUser(t.stores, { email: 'weg@regenboog.nl' });
  t.stores.proofs.prove(user.id);
  t.stores.accounts.setActive(user.id, false);
  const first = await signInWithSchool('weg');
  expect(first.res.status).toBe(403);
  expect(first.res.text).toContain('gedeactiveerd');

  t.stores.accounts.setActive(user.id, true);
  expect((await signInWithSchool('weg')).res.headers.location).toBe('/');
  t.stores.accounts.setActive(user.id, false);
  const later = await signInWithSchool('weg');
  expect(later.res.status).toBe(403);
  expect((await later.agent.get('/')).headers.location).toMatch(/^\/login/);
});

test('a wrong state is refused', async () => {
  const agent = request.agent(t.app);
  const back = await atProvider(await startSignIn(agent), 'anna');
  back.searchParams.set('state', 'niet-de-goede-state');
  const res = await agent.get(back.pathname + back.search);
  expect(res.status).toBe(400);
  expect(res.text).toContain('Inloggen met je schoolaccount is niet gelukt');
  expect((await agent.get('/')).headers.location).toMatch(/^\/login/);
  expect(t.stores.accounts.userByEmailWithHash('anna@regenboog.nl')).toBeUndefined();
});

test('a code is used once: replayed, in the same or in a new sign-in, it is refused', async () => {
  const { back } = await signInWithSchool('anna');
  // The same browser again: the sign-in it belonged to is over.
  const replay = await request.agent(t.app).get(back.pathname + back.search);
  expect(replay.status).toBe(400);
  // A new sign-in whose state is put on the old code: the provider refuses the spent code.
  const agent = request.agent(t.app);
  const fresh = await startSignIn(agent);
  back.searchParams.set('state', fresh.searchParams.get('state')!);
  const res = await agent.get(back.pathname + back.search);
  expect(res.status).toBe(400);
  expect((await agent.get('/')).headers.location).toMatch(/^\/login/);
});

test('a code issued to another client is refused', async () => {
  const agent = request.agent(t.app);
  const authorize = await startSignIn(agent);
  authorize.searchParams.set('client_id', 'andere');
  const back = await atProvider(authorize, 'anna');
  expect(back.searchParams.get('code')).toBeTruthy();
  const res = await agent.get(back.pathname + back.search);
  expect(res.status).toBe(400);
  expect(t.stores.accounts.userByEmailWithHash('anna@regenboog.nl')).toBeUndefined();
});

test('a provider that does not answer gives a clear 503, not a 500', async () => {
  const unreachable = makeTestApp({ env: { BASE_URL, OIDC_ISSUER: 'http://127.0.0.1:9', OIDC_CLIENT_ID: 'steun', OIDC_CLIENT_SECRET: 'geheim' } });
  try {
    const res = await request(unreachable.app).get('/auth/oidc');
    expect(res.status).toBe(503);
    expect(res.text).toContain('de inlogdienst van je school antwoordt niet');
  } finally {
    unreachable.close();
  }
});

test('without OIDC settings there is no school sign-in', async () => {
  const plain = makeTestApp();
  try {
    expect((await request(plain.app).get('/auth/oidc')).status).toBe(404);
    expect((await request(plain.app).get('/login')).text).not.toContain('/auth/oidc');
  } finally {
    plain.close();
  }
});

describe('G1: an account someone else made with the teacher\'s address is not adopted by the school login', () => {
  test('registered with the join code by somebody else (no mail): the school login is refused, the stranger keeps nothing of the teacher', async () => {
    const school = t.stores.accounts.addSchool('De Regenboog');
    const attacker = request.agent(t.app);
    const registered = await submitForm(attacker, '/register', { code: school.joinCode, name: 'Echte Anna', email: 'anna@regenboog.nl', password: 'de aanvaller weet dit' });
    expect(registered.status).toBe(303);

    const { agent, res } = await signInWithSchool('anna');
    expect(res.status).toBe(403);
    expect(res.text).toContain('Er bestaat al een steun-account met dit e-mailadres');
    expect(t.stores.identities.userIdFor(issuer, 'anna')).toBeUndefined();
    expect((await agent.get('/')).headers.location).toMatch(/^\/login/);
  });

  test('an invitation link used by the coordinator herself (no mail) does not make an account the teacher\'s school login adopts', async () => {
    const school = t.stores.accounts.addSchool('De Regenboog');
    await addUser(t.stores, { email: 'coord@regenboog.nl', role: 'coordinator', schoolId: school.id });
    const coordinator = await signIn(t.app, 'coord@regenboog.nl');
    const page = await submitForm(coordinator, '/school', { emails: 'anna@regenboog.nl' }, '/school/invite');
    const link = new URL(/https?:\/\/\S+\/password\/[\w-]+/.exec(page.text)![0]);
    expect((await submitForm(request.agent(t.app), link.pathname, { name: 'Anna', password: 'de coordinator weet dit' })).status).toBe(303);

    const { res } = await signInWithSchool('anna');
    expect(res.status).toBe(403);
    expect(t.stores.identities.userIdFor(issuer, 'anna')).toBeUndefined();
  });

  test('an invited teacher who signs in with the school login instead of the link gets the invited account, and the link stops working', async () => {
    const school = t.stores.accounts.addSchool('De Regenboog');
    await addUser(t.stores, { email: 'coord@regenboog.nl', role: 'coordinator', schoolId: school.id });
    const coordinator = await signIn(t.app, 'coord@regenboog.nl');
    const page = await submitForm(coordinator, '/school', { emails: 'anna@regenboog.nl' }, '/school/invite');
    const link = new URL(/https?:\/\/\S+\/password\/[\w-]+/.exec(page.text)![0]);
    const invited = t.stores.accounts.userByEmailWithHash('anna@regenboog.nl')!;

    const { res } = await signInWithSchool('anna');
    expect(res.headers.location).toBe('/');
    expect(t.stores.identities.userIdFor(issuer, 'anna')).toBe(invited.id);
    expect(t.stores.accounts.userById(invited.id)!.schoolId).toBe(school.id);
    expect(t.stores.proofs.isProven(invited.id)).toBe(true);
    // Whoever still holds the invitation link cannot set a password into the account now.
    expect((await request(t.app).get(link.pathname)).status).toBe(404);
  });

  test('an account whose owner used a mailed link is linked by its verified address', async () => {
    const mailing = schoolApp({ SMTP_URL: 'smtp://127.0.0.1:9' });
    try {
      const school = mailing.stores.accounts.addSchool('De Regenboog');
      const existing = await addUser(mailing.stores, { email: 'bestaand@regenboog.nl', name: 'Bestaande Juf', schoolId: school.id });
      await proveByMail(mailing, 'bestaand@regenboog.nl');
      const { agent, res } = await signInWithSchool('bestaand', request.agent(mailing.app));
      expect(res.headers.location).toBe('/');
      expect((await agent.get('/me')).text).toContain('bestaand@regenboog.nl');
      expect(mailing.stores.identities.userIdFor(issuer, 'bestaand')).toBe(existing.id);
      // What steun keeps about it is part of the teacher's own export.
      expect(((await agent.get('/me/export')).body as { account: { email_proven: number } }).account.email_proven).toBe(1);
      await signIn(mailing.app, 'bestaand@regenboog.nl', 'het-wachtwoord-van-de-eigenaar');
    } finally {
      mailing.close();
    }
  });

  test('the owner of an unproven account signs in with the password and links the school login from /me', async () => {
    const school = t.stores.accounts.addSchool('De Regenboog');
    const own = await addUser(t.stores, { email: 'bestaand@regenboog.nl', name: 'Bestaande Juf', schoolId: school.id, password: 'mijn-eigen-wachtwoord' });
    expect((await signInWithSchool('bestaand')).res.status).toBe(403);

    const agent = await signIn(t.app, 'bestaand@regenboog.nl', 'mijn-eigen-wachtwoord');
    const me = await agent.get('/me');
    expect(me.text).toContain('Schoolaccount koppelen');
    const start = await submitForm(agent, '/me', {}, '/me/school-login');
    expect(start.status).toBe(303);
    const back = await atProvider(new URL(start.headers.location!), 'bestaand');
    const linked = await agent.get(back.pathname + back.search);
    expect(linked.headers.location).toBe('/me');
    expect((await agent.get('/me')).text).toContain('Je schoolaccount is gekoppeld');
    expect(t.stores.identities.userIdFor(issuer, 'bestaand')).toBe(own.id);
    // From now on the school login signs in as this account, and the password still works.
    expect((await signInWithSchool('bestaand')).res.headers.location).toBe('/');
    await signIn(t.app, 'bestaand@regenboog.nl', 'mijn-eigen-wachtwoord');
  });
  test('with OIDC_TRUST_EMAIL, an account made from somebody else\'s address loses that school login once the mailbox\'s owner uses a mailed link', async () => {
    const trusting = schoolApp({ OIDC_TRUST_EMAIL: '1', SMTP_URL: 'smtp://127.0.0.1:9' });
    try {
      const squatter = await signInWithSchool('nieuwzonderclaim', request.agent(trusting.app));
      expect(squatter.res.headers.location).toBe('/auth/oidc/school');
      const account = trusting.stores.accounts.userByEmailWithHash('wie@domeinschool.nl')!;
      // The owner of the mailbox: "Wachtwoord vergeten", the link from the mail.
      expect((await submitForm(request.agent(trusting.app), '/password/forgot', { email: 'wie@domeinschool.nl' })).status).toBe(200);
      const link = new URL(/https?:\/\/\S+\/password\/[\w-]+/.exec(trusting.stores.outbox.forRecipient('wie@domeinschool.nl').at(-1)!.text)![0]);
      const owner = request.agent(trusting.app);
      expect((await submitForm(owner, link.pathname, { password: 'het-wachtwoord-van-de-eigenaar' })).status).toBe(303);
      expect((await owner.get('/')).text).toContain('koppeling met een schoolaccount opgeheven');
      expect(trusting.stores.proofs.isProven(account.id)).toBe(true);
      expect(trusting.stores.identities.userIdFor(issuer, 'nieuwzonderclaim')).toBeUndefined();
      // The squatter's session ended with the new password, and the school login no longer gets in.
      expect((await squatter.agent.get('/')).headers.location).toMatch(/^\/login/);
      expect((await signInWithSchool('nieuwzonderclaim', request.agent(trusting.app))).res.status).toBe(403);
    } finally {
      trusting.close();
    }
  });
});

describe('G2: what the provider says about an address is not enough to sign in as someone with rights', () => {
  test('a verified address never signs in as an administrator, even one whose address is proven; the administrator links from /me', async () => {
    const mailing = schoolApp({ SMTP_URL: 'smtp://127.0.0.1:9' });
    try {
      const admin = await addUser(mailing.stores, { email: 'beheer@regenboog.nl', name: 'Beheerder', role: 'admin' });
      await proveByMail(mailing, 'beheer@regenboog.nl');
      const { agent, res } = await signInWithSchool('beheer', request.agent(mailing.app));
      expect(res.status).toBe(403);
      expect(mailing.stores.identities.userIdFor(issuer, 'beheer')).toBeUndefined();
      expect((await agent.get('/admin')).status).not.toBe(200);
      // The administrator, signed in with the password, may link it.
      const own = await signIn(mailing.app, 'beheer@regenboog.nl', 'het-wachtwoord-van-de-eigenaar');
      const start = await submitForm(own, '/me', {}, '/me/school-login');
      const back = await atProvider(new URL(start.headers.location!), 'beheer');
      expect((await own.get(back.pathname + back.search)).headers.location).toBe('/me');
      expect(mailing.stores.identities.userIdFor(issuer, 'beheer')).toBe(admin.id);
    } finally {
      mailing.close();
    }
  });

  test('a researcher, who otherwise reaches only /research and /me, links a school login from /me too', async () => {
    const researcher = await addUser(t.stores, { email: 'onderzoek@uni.nl', role: 'researcher', password: 'wachtwoord-van-onderzoek' });
    const agent = await signIn(t.app, 'onderzoek@uni.nl', 'wachtwoord-van-onderzoek');
    const start = await submitForm(agent, '/me', {}, '/me/school-login');
    const back = await atProvider(new URL(start.headers.location!), 'bestaand');
    expect((await agent.get(back.pathname + back.search)).headers.location).toBe('/me');
    expect(t.stores.identities.userIdFor(issuer, 'bestaand')).toBe(researcher.id);
    expect((await signInWithSchool('bestaand')).res.headers.location).toBe('/');
  });

  test('with OIDC_TRUST_EMAIL an address without email_verified does not sign in as the administrator', async () => {
    const trusting = schoolApp({ OIDC_TRUST_EMAIL: '1', SMTP_URL: 'smtp://127.0.0.1:9' });
    try {
      await addUser(trusting.stores, { email: 'beheer@regenboog.nl', name: 'Beheerder', role: 'admin' });
      await proveByMail(trusting, 'beheer@regenboog.nl');
      const { agent, res } = await signInWithSchool('beheerzonderclaim', request.agent(trusting.app));
      expect(res.status).toBe(403);
      expect(trusting.stores.identities.userIdFor(issuer, 'beheerzonderclaim')).toBeUndefined();
      expect((await agent.get('/admin')).status).not.toBe(200);
    } finally {
      trusting.close();
    }
  });

  test('OIDC_TRUST_EMAIL never overrides an explicit email_verified: false', async () => {
    const trusting = schoolApp({ OIDC_TRUST_EMAIL: '1', SMTP_URL: 'smtp://127.0.0.1:9' });
    try {
      const school = trusting.stores.accounts.addSchool('De Regenboog');
      trusting.stores.identities.setSchoolDomain(school.id, 'regenboog.nl');
      await addUser(trusting.stores, { email: 'olga@regenboog.nl', name: 'Olga Oud', schoolId: school.id });
      await proveByMail(trusting, 'olga@regenboog.nl');
      const { res } = await signInWithSchool('eve', request.agent(trusting.app));
      expect(res.status).toBe(403);
      expect(res.text).toContain('geen bevestigd e-mailadres');
      expect(trusting.stores.identities.userIdFor(issuer, 'eve')).toBeUndefined();
    } finally {
      trusting.close();
    }
  });

  test('with OIDC_TRUST_EMAIL an address links only to a proven teacher of the school whose domain it is', async () => {
    const trusting = schoolApp({ OIDC_TRUST_EMAIL: '1', SMTP_URL: 'smtp://127.0.0.1:9' });
    try {
      const school = trusting.stores.accounts.addSchool('De Regenboog');
      const olga = await addUser(trusting.stores, { email: 'olga@regenboog.nl', name: 'Olga Oud', schoolId: school.id });
      await proveByMail(trusting, 'olga@regenboog.nl');
      // The school has no domain: the provider's word alone links nobody.
      expect((await signInWithSchool('zonderclaim', request.agent(trusting.app))).res.status).toBe(403);
      expect(trusting.stores.identities.userIdFor(issuer, 'zonderclaim')).toBeUndefined();
      // Once regenboog.nl is the school's domain, it does.
      trusting.stores.identities.setSchoolDomain(school.id, 'regenboog.nl');
      expect((await signInWithSchool('zonderclaim', request.agent(trusting.app))).res.headers.location).toBe('/');
      expect(trusting.stores.identities.userIdFor(issuer, 'zonderclaim')).toBe(olga.id);
    } finally {
      trusting.close();
    }
  });

  test('with OIDC_TRUST_EMAIL an account made from an unverified address is not adopted by a second identity with that address', async () => {
    const trusting = schoolApp({ OIDC_TRUST_EMAIL: '1' });
    try {
      const school = trusting.stores.accounts.addSchool('Domeinschool');
      trusting.stores.identities.setSchoolDomain(school.id, 'domeinschool.nl');
      const first = await signInWithSchool('nieuwzonderclaim', request.agent(trusting.app));
      expect(first.res.headers.location).toBe('/');
      const made = trusting.stores.accounts.userByEmailWithHash('wie@domeinschool.nl')!;
      expect(made.schoolId).toBe(school.id);
      const second = await signInWithSchool('tweedezonderclaim', request.agent(trusting.app));
      expect(second.res.status).toBe(403);
      expect(trusting.stores.identities.userIdFor(issuer, 'tweedezonderclaim')).toBeUndefined();
    } finally {
      trusting.close();
    }
  });
});
