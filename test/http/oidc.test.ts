// Signing in with the school account against a real OpenID provider (oidc-provider) started in
// the test: the whole flow over HTTP, and the ways it must refuse.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import request from 'supertest';
import { makeTestApp, addUser, signIn, submitForm, type TestApp, type Agent } from '../support/app';

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

beforeEach(() => {
  t = makeTestApp({
    env: { BASE_URL, OIDC_ISSUER: issuer, OIDC_CLIENT_ID: 'steun', OIDC_CLIENT_SECRET: 'steun-geheim-steun-geheim', OIDC_LABEL: 'Inloggen met je schoolaccount' },
  });
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

test('an account with only the school login can still erase itself, confirming with its address', async () => {
  t.stores.accounts.addSchool('De Regenboog');
  const { agent } = await signInWithSchool('anna');
  await submitForm(agent, '/auth/oidc/school', {}, '/auth/oidc/school/skip');
  const me = await agent.get('/me');
  expect(me.text).toContain('Je logt in met je schoolaccount en hebt geen wachtwoord bij steun.');
  expect((await submitForm(agent, '/me', { password: 'iets-anders@regenboog.nl' }, '/me/delete')).status).toBe(400);
  expect((await submitForm(agent, '/me', { password: 'Anna@Regenboog.nl' }, '/me/delete')).status).toBe(200);
  expect(t.stores.accounts.userByEmailWithHash('anna@regenboog.nl')).toBeUndefined();
  expect(t.stores.identities.userIdFor(issuer, 'anna')).toBeUndefined();
});

test('a school with an e-mail domain places the new teacher at once', async () => {
  const school = t.stores.accounts.addSchool('Domeinschool');
  t.stores.identities.setSchoolDomain(school.id, 'domeinschool.nl');
  const { res } = await signInWithSchool('domein');
  expect(res.headers.location).toBe('/');
  expect(t.stores.accounts.userByEmailWithHash('piet@domeinschool.nl')!.schoolId).toBe(school.id);
});

test('links to the existing account with the same verified address; the password keeps working', async () => {
  const school = t.stores.accounts.addSchool('De Regenboog');
  const existing = await addUser(t.stores, { email: 'bestaand@regenboog.nl', name: 'Bestaande Juf', schoolId: school.id, password: 'mijn-eigen-wachtwoord' });
  const { agent, res } = await signInWithSchool('bestaand');
  expect(res.headers.location).toBe('/');
  expect((await agent.get('/me')).text).toContain('bestaand@regenboog.nl');
  expect(t.stores.identities.userIdFor(issuer, 'bestaand')).toBe(existing.id);
  await signIn(t.app, 'bestaand@regenboog.nl', 'mijn-eigen-wachtwoord');
});

test('an unverified e-mail address is neither linked nor made into an account', async () => {
  await addUser(t.stores, { email: 'onbevestigd@regenboog.nl', name: 'Echte Eigenaar' });
  const { agent, res } = await signInWithSchool('onbevestigd');
  expect(res.status).toBe(403);
  expect(res.text).toContain('geen bevestigd e-mailadres');
  expect(t.stores.identities.userIdFor(issuer, 'onbevestigd')).toBeUndefined();
  expect((await agent.get('/')).headers.location).toMatch(/^\/login/);
});

test('with OIDC_TRUST_EMAIL the provider\'s addresses count as verified', async () => {
  const trusting = makeTestApp({ env: { BASE_URL, OIDC_ISSUER: issuer, OIDC_CLIENT_ID: 'steun', OIDC_CLIENT_SECRET: 'steun-geheim-steun-geheim', OIDC_TRUST_EMAIL: '1' } });
  try {
    const agent = request.agent(trusting.app);
    const back = await atProvider(await startSignIn(agent), 'onbevestigd');
    expect((await agent.get(back.pathname + back.search)).status).toBe(303);
    expect(trusting.stores.identities.userIdFor(issuer, 'onbevestigd')).toBe(trusting.stores.accounts.userByEmailWithHash('onbevestigd@regenboog.nl')!.id);
  } finally {
    trusting.close();
  }
});

test('a deactivated account stays out, also once linked', async () => {
  const user = await addUser(t.stores, { email: 'weg@regenboog.nl' });
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
