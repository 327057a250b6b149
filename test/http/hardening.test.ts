// Findings of the attack test on sessions, links and production settings, each as a user's story.
import request from 'supertest';
import { loadConfig, ConfigError } from '../../src/config';
import { ANONYMOUS_SESSION_MS } from '../../src/web/locals';
import { makeTestApp, addUser, signIn, csrfFrom, submitForm, type TestApp, type Agent } from '../support/app';
import { studyApp } from '../support/study-app';

let t: TestApp;
afterEach(() => t.close());

test('an anonymous visitor\'s session lives for hours, not a month; a signed-in one for a month', async () => {
  t = makeTestApp();
  const visitor = request.agent(t.app);
  await visitor.get('/login');
  const rows = () => t.stores.sqlite.prepare('SELECT user_id, expires_at FROM sessions').all() as { user_id: number | null; expires_at: number }[];
  const [anonymous] = rows();
  expect(anonymous!.user_id).toBeNull();
  expect(anonymous!.expires_at - Date.now()).toBeLessThanOrEqual(ANONYMOUS_SESSION_MS + 1000);
  expect(ANONYMOUS_SESSION_MS).toBeLessThanOrEqual(12 * 3_600_000);
  await addUser(t.stores, { email: 'juf@school.nl' });
  await signIn(t.app, 'juf@school.nl');
  const signedIn = rows().find((r) => r.user_id !== null)!;
  expect(signedIn.expires_at - Date.now()).toBeGreaterThan(20 * 86_400_000);
});

test('deactivating an account voids its password links; a link only works for an active account', async () => {
  t = makeTestApp();
  const school = t.stores.accounts.addSchool('De Regenboog');
  const user = await addUser(t.stores, { email: 'juf@school.nl', schoolId: school.id });
  const token = t.stores.accounts.createPasswordToken(user.id);
  t.stores.accounts.setActive(user.id, false);
  expect((await request(t.app).get(`/password/${token}`)).status).toBe(404);
  t.stores.accounts.setActive(user.id, true);
  expect((await request(t.app).get(`/password/${token}`)).status).toBe(404);
  // A link handed out before the deactivation cannot set a password either.
  const third = t.stores.accounts.createPasswordToken(user.id);
  const page = await request.agent(t.app).get(`/password/${third}`);
  const csrf = csrfFrom(page.text);
  const cookie = page.headers['set-cookie']![0]!.split(';')[0]!;
  t.stores.accounts.setActive(user.id, false);
  const before = t.stores.accounts.userByEmailWithHash('juf@school.nl')!.passwordHash;
  const res = await request(t.app).post(`/password/${third}`).set('Cookie', cookie).type('form').send({ password: 'nieuw-wachtwoord-123', _csrf: csrf });
  expect(res.status).toBe(404);
  expect(t.stores.accounts.userByEmailWithHash('juf@school.nl')!.passwordHash).toBe(before);
});

test('links in invitations come from BASE_URL or the listening address, never from the Host header', async () => {
  t = makeTestApp({ env: { BASE_URL: 'https://steun.school.nl' } });
  const school = t.stores.accounts.addSchool('De Regenboog');
  await addUser(t.stores, { email: 'ib@school.nl', role: 'coordinator', schoolId: school.id });
  const ib = await signIn(t.app, 'ib@school.nl');
  const page = await ib.get('/school');
  const res = await ib.post('/school/invite').set('Host', 'evil.example').type('form').send({ emails: 'nieuw@school.nl', _csrf: csrfFrom(page.text) }).redirects(1);
  expect(res.text).toContain('https://steun.school.nl/password/');
  expect(res.text).not.toContain('evil.example');
});

test('production refuses to start without BASE_URL, and says so', () => {
  expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
  expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/^BASE_URL: ontbreekt; met NODE_ENV=production/);
  expect(loadConfig({ NODE_ENV: 'production', BASE_URL: 'https://steun.school.nl/' }).baseUrl).toBe('https://steun.school.nl');
});

test('production over plain HTTP explains that the site needs HTTPS instead of failing every form', async () => {
  t = makeTestApp({ env: { NODE_ENV: 'production', BASE_URL: 'https://steun.school.nl' } });
  const plain = await request(t.app).get('/login');
  expect(plain.status).toBe(400);
  expect(plain.text).toContain('Deze site werkt alleen via HTTPS');
  expect((await request(t.app).get('/healthz')).status).toBe(200);
  // Behind the TLS proxy (which steun trusts from loopback) the form works.
  await addUser(t.stores, { email: 'juf@school.nl' });
  const agent = request.agent(t.app);
  const page = await agent.get('/login').set('X-Forwarded-Proto', 'https');
  expect(page.status).toBe(200);
  const cookie = page.headers['set-cookie']![0]!.split(';')[0]!;
  const res = await request(t.app)
    .post('/login')
    .set('X-Forwarded-Proto', 'https')
    .set('Cookie', cookie)
    .type('form')
    .send({ email: 'juf@school.nl', password: 'een-goed-wachtwoord', _csrf: csrfFrom(page.text) });
  expect(res.status).toBe(303);
  expect(res.headers.location).toBe('/');
});

test('G10: what a person sees as themselves is never stored by a cache: exports, reports, mail, the study, password links', async () => {
  t = await studyApp();
  const school = t.stores.accounts.schools()[0]!;
  await addUser(t.stores, { email: 'juf@school.nl', schoolId: school.id });
  await addUser(t.stores, { email: 'ib@school.nl', role: 'coordinator', schoolId: school.id });
  await addUser(t.stores, { email: 'beheer@school.nl', role: 'admin' });
  await addUser(t.stores, { email: 'onderzoek@uni.nl', role: 'researcher' });
  const teacher = await signIn(t.app, 'juf@school.nl');
  const coordinator = await signIn(t.app, 'ib@school.nl');
  const admin = await signIn(t.app, 'beheer@school.nl');
  const researcher = await signIn(t.app, 'onderzoek@uni.nl');
  const invited = await addUser(t.stores, { email: 'nieuw@school.nl', schoolId: school.id });
  const link = `/password/${t.stores.accounts.createPasswordToken(invited.id)}`;
  const pages: [Agent | ReturnType<typeof request>, string][] = [
    [teacher, '/me'],
    [teacher, '/me/export'],
    [teacher, '/me/reflections'],
    [teacher, '/study'],
    [teacher, '/'],
    [coordinator, '/reports'],
    [coordinator, '/reports.csv'],
    [coordinator, '/school'],
    [admin, '/admin'],
    [admin, '/admin/mail'],
    [researcher, '/research'],
    [researcher, '/research/export.csv?shape=long'],
    [request(t.app), link],
    [request(t.app), '/password/forgot'],
    [request(t.app), '/login'],
  ];
  for (const [agent, path] of pages) {
    const res = await agent.get(path);
    expect([path, res.status]).toEqual([path, 200]);
    expect([path, res.headers['cache-control']]).toEqual([path, 'no-store']);
  }
});

test('G9: a coordinator\'s invitations and new links are limited per hour and per day, with a Dutch answer and nobody half-invited', async () => {
  t = makeTestApp({ inviteLimits: { perHour: 3, perDay: 4 } });
  const school = t.stores.accounts.addSchool('De Regenboog');
  await addUser(t.stores, { email: 'ib@regenboog.nl', role: 'coordinator', schoolId: school.id });
  const ib = await signIn(t.app, 'ib@regenboog.nl');
  const invite = (emails: string) => submitForm(ib, '/school', { emails }, '/school/invite');
  expect((await invite('a@regenboog.nl, b@regenboog.nl')).status).toBe(200);
  // Addresses already in the school and invalid ones cost nothing.
  expect((await invite('a@regenboog.nl geen-adres')).status).toBe(200);
  const tooMany = await invite('c@regenboog.nl, d@regenboog.nl');
  expect(tooMany.status).toBe(429);
  expect(tooMany.text).toContain('Je kunt hoogstens 3 uitnodigingen per uur en 4 per dag versturen');
  expect(tooMany.text).toContain('nog 1 bij');
  expect(t.stores.accounts.userByEmailWithHash('c@regenboog.nl')).toBeUndefined();
  expect((await invite('c@regenboog.nl')).status).toBe(200);
  const a = t.stores.accounts.userByEmailWithHash('a@regenboog.nl')!;
  expect((await submitForm(ib, '/school', {}, `/school/teachers/${a.id}/link`)).status).toBe(429);
  // An hour later the hour's budget is back, the day's is nearly spent.
  t.clock.advance(3601);
  expect((await submitForm(ib, '/school', {}, `/school/teachers/${a.id}/link`)).status).toBe(200);
  const dayDone = await invite('d@regenboog.nl');
  expect(dayDone.status).toBe(429);
  expect(dayDone.text).toContain('Op dit moment kan er geen meer bij');
  expect(t.stores.outbox.forRecipient('d@regenboog.nl')).toEqual([]);
  // Another coordinator has a budget of her own.
  await addUser(t.stores, { email: 'ib2@regenboog.nl', role: 'coordinator', schoolId: school.id });
  expect((await submitForm(await signIn(t.app, 'ib2@regenboog.nl'), '/school', { emails: 'd@regenboog.nl' }, '/school/invite')).status).toBe(200);
});
