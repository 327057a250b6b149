import path from 'node:path';
import request from 'supertest';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { openDatabase } from '../../src/db/connection';
import { createStores } from '../../src/db';
import { OUTSIDE_CHECK_MS } from '../../src/db/memo';
import { makeTestApp, csrfFrom, submitForm, addUser, signIn, type TestApp } from '../support/app';

let t: TestApp;
beforeEach(() => {
  t = makeTestApp();
});
afterEach(() => t.close());

describe('first administrator', () => {
  test('setup needs the one-time token, works once, signs the admin in, and is 404 afterwards', async () => {
    const token = t.stores.settings.setupToken();
    expect(token).toMatch(/^[\w-]{32}$/);
    expect(t.stores.settings.setupToken()).toBe(token);
    const agent = request.agent(t.app);
    expect((await agent.get('/setup')).status).toBe(404);
    expect((await agent.get('/setup?token=fout')).status).toBe(404);
    const page = await agent.get(`/setup?token=${token}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Eerste beheerder');
    // The token must come along with the form too.
    const without = await agent.post('/setup').type('form').send({ name: 'Anne Beheer', email: 'anne@school.nl', password: 'lang-genoeg-wachtwoord', _csrf: csrfFrom(page.text) });
    expect(without.status).toBe(404);
    expect(t.stores.accounts.hasAdmin()).toBe(false);
    const res = await agent.post('/setup').type('form').send({ token, name: 'Anne Beheer', email: 'Anne@School.NL', password: 'lang-genoeg-wachtwoord', _csrf: csrfFrom(page.text) });
    expect(res.status).toBe(303);
    // A new installation has nothing to report: the administrator starts with a school.
    expect(res.headers.location).toBe('/admin');
    const admin0 = await agent.get('/admin');
    expect(admin0.text).toContain('Begin met je eerste school');
    expect(admin0.text).toContain('Anne Beheer');
    expect(admin0.text).not.toContain('uitgenodigd – nog niet aangemeld');
    expect((await agent.get('/')).headers.location).toBe('/admin');
    // Once there is a school, an administrator who does not follow the course lands on the report.
    t.stores.accounts.addSchool('De Regenboog');
    expect((await agent.get('/')).headers.location).toBe('/reports');
    const admin = t.stores.accounts.userByEmailWithHash('anne@school.nl');
    expect(admin?.role).toBe('admin');
    expect(admin?.passwordHash).toMatch(/^scrypt\$/);
    expect(t.stores.settings.isSetupToken(token)).toBe(false);

    expect((await request(t.app).get(`/setup?token=${token}`)).status).toBe(404);
    // With a valid CSRF token (from the sign-in form) and the old setup token: the page is gone.
    const visitor = request.agent(t.app);
    const csrf = csrfFrom((await visitor.get('/login')).text);
    const again = await visitor.post('/setup').type('form').send({ token, name: 'X', email: 'x@y.nl', password: 'lang-genoeg-wachtwoord', _csrf: csrf });
    expect(again.status).toBe(404);
    expect(t.stores.accounts.emailTaken('x@y.nl')).toBe(false);
  });

  test('five simultaneous setup posts make one administrator', async () => {
    const token = t.stores.settings.setupToken();
    const agents = await Promise.all(
      [1, 2, 3, 4, 5].map(async (i) => {
        const agent = request.agent(t.app);
        const page = await agent.get(`/setup?token=${token}`);
        return { agent, csrf: csrfFrom(page.text), i };
      }),
    );
    const results = await Promise.all(
      agents.map(({ agent, csrf, i }) => agent.post('/setup').type('form').send({ token, name: `Beheer ${i}`, email: `beheer${i}@school.nl`, password: 'lang-genoeg-wachtwoord', _csrf: csrf })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([303, 404, 404, 404, 404]);
    const admins = t.stores.sqlite.prepare("SELECT COUNT(*) AS n FROM users WHERE role = 'admin'").get() as { n: number };
    expect(admins.n).toBe(1);
  });

  test('G4: a token of the right length with a non-ASCII character is a 404 like any wrong token, not a 500', async () => {
    const token = t.stores.settings.setupToken();
    const lookalike = `é${token.slice(1)}`;
    expect(lookalike).toHaveLength(token.length);
    for (const candidate of [lookalike, `${token.slice(0, -1)}€`, '€'.repeat(token.length)]) {
      const res = await request(t.app).get(`/setup?token=${encodeURIComponent(candidate)}`);
      expect(res.status).toBe(404);
      expect(res.text).toContain('Gebruik de eenmalige link');
    }
    const page = await request.agent(t.app).get(`/setup?token=${token}`);
    expect(page.status).toBe(200);
  });

  test('a short password is refused with a message and creates nothing', async () => {
    const token = t.stores.settings.setupToken();
    const res = await submitForm(request.agent(t.app), `/setup?token=${token}`, { token, name: 'Anne', email: 'anne@school.nl', password: 'kort' }, '/setup');
    expect(res.status).toBe(400);
    expect(res.text).toContain('minstens 10 tekens');
    expect(t.stores.accounts.hasAdmin()).toBe(false);
  });
});

describe('registration with a join code', () => {
  test('four simultaneous registrations with one address: one account, the others a form error, never a 500', async () => {
    const school = t.stores.accounts.addSchool('De Regenboog');
    const results = await Promise.all(
      [1, 2, 3, 4].map((i) => submitForm(request.agent(t.app), '/register', { code: school.joinCode, name: `Sanne ${i}`, email: 'sanne@regenboog.nl', password: 'mijn-wachtwoord-1' })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([303, 400, 400, 400]);
    for (const r of results.filter((x) => x.status === 400)) expect(r.text).toContain('Er bestaat al een account met dit e-mailadres');
    const n = t.stores.sqlite.prepare("SELECT COUNT(*) AS n FROM users WHERE email = 'sanne@regenboog.nl'").get() as { n: number };
    expect(n.n).toBe(1);
  });

  test('a teacher with the right code gets an account in that school', async () => {
    const school = t.stores.accounts.addSchool('De Regenboog');
    const agent = request.agent(t.app);
    const res = await submitForm(agent, '/register', { code: school.joinCode.toLowerCase(), name: 'Sanne de Vries', email: 'sanne@regenboog.nl', password: 'mijn-wachtwoord-1' });
    expect(res.status).toBe(303);
    const user = t.stores.accounts.userByEmailWithHash('sanne@regenboog.nl');
    expect(user).toMatchObject({ role: 'teacher', schoolId: school.id, name: 'Sanne de Vries' });
    const home = await agent.get('/');
    expect(home.text).toContain('Welkom bij De Regenboog');
  });

  test('a wrong code says so and creates nothing', async () => {
    t.stores.accounts.addSchool('De Regenboog');
    const res = await submitForm(request.agent(t.app), '/register', { code: 'FOUTCODE', name: 'Sanne', email: 'sanne@regenboog.nl', password: 'mijn-wachtwoord-1' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Deze schoolcode kennen we niet');
    expect(t.stores.accounts.emailTaken('sanne@regenboog.nl')).toBe(false);
  });

  test('an e-mail address in use (in any case) is refused', async () => {
    const school = t.stores.accounts.addSchool('De Regenboog');
    await addUser(t.stores, { email: 'sanne@regenboog.nl', schoolId: school.id });
    const res = await submitForm(request.agent(t.app), '/register', { code: school.joinCode, name: 'Sanne', email: 'SANNE@Regenboog.nl', password: 'mijn-wachtwoord-1' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Er bestaat al een account');
  });

  test('missing fields are listed, not a crash', async () => {
    const res = await submitForm(request.agent(t.app), '/register', {});
    expect(res.status).toBe(400);
    expect(res.text).toContain('Vul de schoolcode in.');
    expect(res.text).toContain('Vul je naam in.');
  });
});

describe('sign in and out', () => {
  test('right password signs in with a new session id; sign-out ends the session', async () => {
    await addUser(t.stores, { email: 'piet@school.nl', name: 'Piet' });
    const agent = request.agent(t.app);
    const page = await agent.get('/login');
    const before = String(page.headers['set-cookie'] ?? '');
    const res = await agent.post('/login').type('form').send({ email: 'PIET@school.nl', password: 'een-goed-wachtwoord', _csrf: csrfFrom(page.text) });
    expect(res.status).toBe(303);
    const after = String(res.headers['set-cookie'] ?? '');
    expect(after).toMatch(/steun\.sid=/);
    expect(after.split(';')[0]).not.toBe(before.split(';')[0]);
    expect(after).toMatch(/HttpOnly/i);
    expect(after).toMatch(/SameSite=Lax/i);

    const home = await agent.get('/');
    expect(home.status).toBe(200);
    const out = await agent.post('/logout').type('form').send({ _csrf: csrfFrom(home.text) });
    expect(out.status).toBe(303);
    expect((await agent.get('/')).status).toBe(303);
  });

  test('a wrong password and an unknown e-mail get the same answer', async () => {
    await addUser(t.stores, { email: 'piet@school.nl' });
    const wrongPassword = await submitForm(request.agent(t.app), '/login', { email: 'piet@school.nl', password: 'niet-het-wachtwoord' });
    const unknown = await submitForm(request.agent(t.app), '/login', { email: 'niemand@school.nl', password: 'niet-het-wachtwoord' });
    expect(wrongPassword.status).toBe(401);
    expect(unknown.status).toBe(401);
    const message = (html: string) => /class="flash flash-error" role="alert">([^<]+)</.exec(html)?.[1];
    expect(message(wrongPassword.text)).toBeTruthy();
    expect(message(wrongPassword.text)).toBe(message(unknown.text));
  });

  test('signed-out visitors are sent to the sign-in page and back', async () => {
    await addUser(t.stores, { email: 'piet@school.nl' });
    const res = await request(t.app).get('/');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login?next=%2F');
    const agent = request.agent(t.app);
    const page = await agent.get('/login?next=%2F%3Fx%3D1');
    const login = await agent.post('/login').type('form').send({ email: 'piet@school.nl', password: 'een-goed-wachtwoord', next: '//evil.example', _csrf: csrfFrom(page.text) });
    expect(login.headers.location).toBe('/');
  });

  test('a session survives a restart of the app on the same database', async () => {
    await addUser(t.stores, { email: 'piet@school.nl', name: 'Piet Jansen' });
    const agent = await signIn(t.app, 'piet@school.nl');
    const cookie = (await agent.get('/')).request.cookies;
    // New stores: nothing kept in memory, the session must come from the database.
    const restarted = buildApp({ config: loadConfig({ NODE_ENV: 'test' }), stores: createStores(t.stores.sqlite), course: t.course, logger: createLogger('silent'), sessionSecret: 'test-secret-test-secret' });
    const res = await request(restarted).get('/').set('Cookie', cookie);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Piet Jansen');
  });

  test('deactivating ends every session of the account for good, also after reactivation', async () => {
    const user = await addUser(t.stores, { email: 'piet@school.nl' });
    const agent = await signIn(t.app, 'piet@school.nl');
    expect((await agent.get('/')).status).toBe(200);
    t.stores.accounts.setActive(user.id, false);
    t.stores.accounts.setActive(user.id, true);
    expect((await agent.get('/')).status).toBe(303);
  });

  test('a deactivated account cannot sign in and is signed out', async () => {
    const user = await addUser(t.stores, { email: 'piet@school.nl' });
    const agent = await signIn(t.app, 'piet@school.nl');
    expect((await agent.get('/')).status).toBe(200);
    // Deactivated from another connection (another process, say): the memo of the account must not hide it.
    const other = openDatabase(path.join(t.dir, 'steun.db'));
    other.prepare('UPDATE users SET active = 0 WHERE id = ?').run(user.id);
    other.close();
    await new Promise((resolve) => setTimeout(resolve, OUTSIDE_CHECK_MS + 5));
    expect((await agent.get('/')).status).toBe(303);
    const res = await submitForm(request.agent(t.app), '/login', { email: 'piet@school.nl', password: 'een-goed-wachtwoord' });
    expect(res.status).toBe(401);
    expect(res.text).toContain('gedeactiveerd');
  });
});

describe('one-time password link', () => {
  test('sets the password once; the link is dead afterwards', async () => {
    const user = t.stores.accounts.addUser({ email: 'nieuw@school.nl', name: 'nieuw', role: 'teacher', schoolId: null, passwordHash: null });
    const token = t.stores.accounts.createPasswordToken(user.id);
    const agent = request.agent(t.app);
    // Someone who never signed in is asked for their full name too, with an empty field.
    const page = await agent.get(`/password/${token}`);
    expect(page.text).toContain('Je naam, zoals op je certificaat');
    expect(page.text).toMatch(/id="name" name="name" type="text" value=""\s/);
    const res = await submitForm(agent, `/password/${token}`, { name: 'Nieuwe Collega', password: 'nieuw-wachtwoord-123' });
    expect(res.status).toBe(303);
    expect((await agent.get('/')).status).toBe(200);
    expect((await request(t.app).get(`/password/${token}`)).status).toBe(404);
    expect(t.stores.accounts.userById(user.id)!.name).toBe('Nieuwe Collega');
    await signIn(t.app, 'nieuw@school.nl', 'nieuw-wachtwoord-123');
  });

  test('one link used five times at once sets one password and signs in one browser', async () => {
    const user = t.stores.accounts.addUser({ email: 'vijf@school.nl', name: 'Vijf', role: 'teacher', schoolId: null, passwordHash: null });
    t.stores.accounts.touchActive(user.id);
    const token = t.stores.accounts.createPasswordToken(user.id);
    const agents = await Promise.all(
      [1, 2, 3, 4, 5].map(async (i) => {
        const agent = request.agent(t.app);
        const page = await agent.get(`/password/${token}`);
        return { agent, csrf: csrfFrom(page.text), i };
      }),
    );
    const results = await Promise.all(agents.map(({ agent, csrf, i }) => agent.post(`/password/${token}`).type('form').send({ password: `wachtwoord-nummer-${i}`, _csrf: csrf })));
    expect(results.map((r) => r.status).sort()).toEqual([303, 404, 404, 404, 404]);
  });

  test('an invitation asks for the name: without it the password is not set', async () => {
    const user = t.stores.accounts.addUser({ email: 'zonder.naam@school.nl', name: 'zonder.naam', role: 'teacher', schoolId: null, passwordHash: null });
    const token = t.stores.accounts.createPasswordToken(user.id);
    const res = await submitForm(request.agent(t.app), `/password/${token}`, { name: '', password: 'nieuw-wachtwoord-123' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Vul je naam in');
    expect(t.stores.accounts.userByEmailWithHash('zonder.naam@school.nl')!.passwordHash).toBeNull();
  });

  test('setting a password with a link signs the account out everywhere else', async () => {
    const user = await addUser(t.stores, { email: 'piet@school.nl' });
    const elsewhere = await signIn(t.app, 'piet@school.nl');
    expect((await elsewhere.get('/')).status).toBe(200);
    const token = t.stores.accounts.createPasswordToken(user.id);
    const agent = request.agent(t.app);
    expect((await submitForm(agent, `/password/${token}`, { password: 'nieuw-wachtwoord-123' })).status).toBe(303);
    expect((await agent.get('/')).status).toBe(200);
    expect((await elsewhere.get('/')).status).toBe(303);
  });

  test('a new role or school voids the links given out before', async () => {
    const user = t.stores.accounts.addUser({ email: 'nieuw@school.nl', name: 'nieuw', role: 'teacher', schoolId: null, passwordHash: null });
    const token = t.stores.accounts.createPasswordToken(user.id);
    t.stores.accounts.setRole(user.id, 'coordinator');
    expect((await request(t.app).get(`/password/${token}`)).status).toBe(404);
    const school = t.stores.accounts.addSchool('De Linde');
    const second = t.stores.accounts.createPasswordToken(user.id);
    t.stores.accounts.setSchool(user.id, school.id);
    expect((await request(t.app).get(`/password/${second}`)).status).toBe(404);
  });
});

describe('changing the password', () => {
  test('signs the account out on every other device, not on this one', async () => {
    await addUser(t.stores, { email: 'piet@school.nl' });
    const here = await signIn(t.app, 'piet@school.nl');
    const elsewhere = await signIn(t.app, 'piet@school.nl');
    const csrf = csrfFrom((await here.get('/me')).text);
    const res = await here.post('/me/password').type('form').send({ current: 'een-goed-wachtwoord', password: 'nog-een-beter-wachtwoord', _csrf: csrf });
    expect(res.status).toBe(303);
    expect((await here.get('/me')).text).toContain('Op andere apparaten ben je uitgelogd.');
    expect((await elsewhere.get('/')).status).toBe(303);
    expect((await here.get('/')).status).toBe(200);
  });
});
