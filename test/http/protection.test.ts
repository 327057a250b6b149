import request from 'supertest';
import { makeTestApp, csrfFrom, submitForm, addUser, signIn, type TestApp } from '../support/app';
import { appRoutes, samplePath } from '../support/routes';

let t: TestApp;
afterEach(() => t.close());

describe('guards on every route', () => {
  beforeEach(() => {
    t = makeTestApp();
  });

  test('every page but the public ones sends an anonymous visitor to the sign-in page', async () => {
    const PUBLIC = ['/login', '/register', '/setup', '/password/forgot', '/password/:token', '/certificate/verify/:code', '/auth/oidc', '/auth/oidc/callback', '/readyz', '/metrics', '/privacy'];
    const open: string[] = [];
    const gets = appRoutes(t.app).filter((r) => r.method === 'GET' && !PUBLIC.includes(r.path));
    expect(gets.length).toBeGreaterThan(15);
    for (const route of gets) {
      const res = await request(t.app).get(samplePath(route.path));
      const toLogin = res.status === 303 && String(res.headers.location).startsWith('/login?next=');
      if (!toLogin && res.status !== 401) open.push(`${route.path} -> ${res.status}`);
    }
    expect(open).toEqual([]);
  });
});

describe('CSRF', () => {
  beforeEach(() => {
    t = makeTestApp();
  });

  test('a form post without a token is 403 and changes nothing', async () => {
    const school = t.stores.accounts.addSchool('De Regenboog');
    const agent = request.agent(t.app);
    await agent.get('/register');
    const res = await agent.post('/register').type('form').send({ code: school.joinCode, name: 'Sanne', email: 'sanne@x.nl', password: 'mijn-wachtwoord-1' });
    expect(res.status).toBe(403);
    expect(res.text).toContain('Open de pagina opnieuw');
    expect(t.stores.accounts.emailTaken('sanne@x.nl')).toBe(false);
  });

  test('every state-changing route refuses a request without a token, signed in or not', async () => {
    await addUser(t.stores, { email: 'beheer@steun.nl', role: 'admin' });
    const admin = await signIn(t.app, 'beheer@steun.nl');
    const posts = appRoutes(t.app).filter((r) => r.method !== 'GET' && r.method !== 'HEAD');
    expect(posts.length).toBeGreaterThan(20);
    const visitorForm = (path: string) => /^\/(login|register|setup|password)(\/|$)/.test(path);
    // Signed in, or a visitor's form: the CSRF check's 403. Without a session at all (it ended, or
    // never was) a signed-in route has nothing a token could be checked against: 401, "log opnieuw
    // in"; and signing out is done already.
    const refusal = (signedInAgent: boolean, path: string) => (signedInAgent || visitorForm(path) ? 403 : path === '/logout' ? 303 : 401);
    const accepted: string[] = [];
    for (const route of posts) {
      for (const [signedInAgent, agent] of [[true, admin], [false, request.agent(t.app)]] as const) {
        const expected = refusal(signedInAgent, route.path);
        const res = await agent[route.method.toLowerCase() as 'post'](samplePath(route.path)).type('form').send({ text: 'x', name: 'x' });
        if (res.status !== expected) accepted.push(`${route.method} ${route.path} -> ${res.status}`);
        const json = await agent[route.method.toLowerCase() as 'post'](samplePath(route.path)).set('Content-Type', 'application/json').send('{}');
        if (json.status !== expected) accepted.push(`${route.method} ${route.path} (JSON) -> ${json.status}`);
      }
    }
    expect(accepted).toEqual([]);
  });

  test('a token from another session is 403', async () => {
    const school = t.stores.accounts.addSchool('De Regenboog');
    const other = await request.agent(t.app).get('/register');
    const agent = request.agent(t.app);
    await agent.get('/register');
    const res = await agent.post('/register').type('form').send({ code: school.joinCode, name: 'S', email: 's@x.nl', password: 'mijn-wachtwoord-1', _csrf: csrfFrom(other.text) });
    expect(res.status).toBe(403);
  });

  test('G15: every page carries the token masked afresh, so the session\'s secret is never in a (compressed) page; each masked copy works', async () => {
    const school = t.stores.accounts.addSchool('De Regenboog');
    const agent = request.agent(t.app);
    const first = await agent.get('/register?code=ABC').set('Accept-Encoding', 'gzip');
    const second = await agent.get('/register?code=ABD').set('Accept-Encoding', 'gzip');
    expect(first.headers['content-encoding']).toBe('gzip');
    const [a, b] = [csrfFrom(first.text), csrfFrom(second.text)];
    expect(a).not.toBe(b);
    const stored = JSON.parse((t.stores.sqlite.prepare('SELECT data FROM sessions').get() as { data: string }).data) as { csrfToken: string };
    for (const page of [first.text, second.text]) expect(page).not.toContain(stored.csrfToken);
    // The older page's copy still works; a copy tampered with does not.
    const tampered = `${a.slice(0, -2)}${a.endsWith('AA') ? 'BB' : 'AA'}`;
    expect((await agent.post('/register').type('form').send({ code: 'FOUT', name: 'S', email: 's@x.nl', password: 'mijn-wachtwoord-1', _csrf: tampered })).status).toBe(403);
    expect((await agent.post('/register').type('form').send({ code: 'FOUT', name: 'S', email: 's@x.nl', password: 'mijn-wachtwoord-1', _csrf: stored.csrfToken })).status).toBe(403);
    expect((await agent.post('/register').type('form').send({ code: school.joinCode, name: 'S', email: 's@x.nl', password: 'mijn-wachtwoord-1', _csrf: a })).status).toBe(303);
  });

  test('signed-in pages carry the token in a meta tag for JSON requests', async () => {
    await addUser(t.stores, { email: 'piet@school.nl' });
    const agent = request.agent(t.app);
    await submitForm(agent, '/login', { email: 'piet@school.nl', password: 'een-goed-wachtwoord' });
    const home = await agent.get('/');
    expect(home.text).toMatch(/<meta name="csrf-token" content="[^"]+">/);
    const noToken = await agent.post('/logout');
    expect(noToken.status).toBe(403);
    const withHeader = await agent.post('/logout').set('X-CSRF-Token', csrfFrom(home.text.replace(/name="_csrf" value="[^"]+"/g, '')));
    expect(withHeader.status).toBe(303);
  });
});

describe('security headers', () => {
  beforeEach(() => {
    t = makeTestApp();
  });

  test('CSP allows only our own origin, no X-Powered-By', async () => {
    const res = await request(t.app).get('/login');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  test('pages have no inline scripts', async () => {
    const res = await request(t.app).get('/login');
    expect(res.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(res.text).not.toMatch(/\son[a-z]+=/i);
  });
});

describe('throttling', () => {
  test('repeated failed sign-ins for one account get 429, even with the right password afterwards', async () => {
    t = makeTestApp({ throttle: { perClient: 100, perAccount: 3, windowMs: 60_000 } });
    await addUser(t.stores, { email: 'piet@school.nl' });
    const agent = request.agent(t.app);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await submitForm(agent, '/login', { email: 'piet@school.nl', password: `fout-${i}-wachtwoord` })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    const right = await submitForm(agent, '/login', { email: 'piet@school.nl', password: 'een-goed-wachtwoord' });
    expect(right.status).toBe(429);
    expect(right.text).toContain('Te veel mislukte pogingen');
    const otherAccount = await submitForm(agent, '/login', { email: 'ander@school.nl', password: 'wat-dan-ook-123' });
    expect(otherAccount.status).toBe(401);
  });

  test('a browser that signed in to the account before gets through a lockout a stranger caused', async () => {
    t = makeTestApp({ throttle: { perClient: 100, perAccount: 3, windowMs: 60_000 } });
    await addUser(t.stores, { email: 'piet@school.nl' });
    // Piet's own laptop signed in last week, and signed out again.
    const laptop = request.agent(t.app);
    const first = await submitForm(laptop, '/login', { email: 'piet@school.nl', password: 'een-goed-wachtwoord' });
    expect(first.status).toBe(303);
    expect(String(first.headers['set-cookie'])).toMatch(/steun\.device=[\w-]+;.*Path=\/;.*HttpOnly/);
    await submitForm(laptop, '/', {}, '/logout');
    // A stranger locks the account.
    const stranger = request.agent(t.app);
    for (let i = 0; i < 4; i++) await submitForm(stranger, '/login', { email: 'piet@school.nl', password: `fout-${i}-wachtwoord` });
    expect((await submitForm(stranger, '/login', { email: 'piet@school.nl', password: 'een-goed-wachtwoord' })).status).toBe(429);
    // The laptop still gets in; a device cookie of another account does not help the stranger.
    expect((await submitForm(laptop, '/login', { email: 'piet@school.nl', password: 'een-goed-wachtwoord' })).status).toBe(303);
    await addUser(t.stores, { email: 'kees@school.nl' });
    expect((await submitForm(stranger, '/login', { email: 'kees@school.nl', password: 'een-goed-wachtwoord' })).status).toBe(303);
    await submitForm(stranger, '/', {}, '/logout');
    expect((await submitForm(stranger, '/login', { email: 'piet@school.nl', password: 'een-goed-wachtwoord' })).status).toBe(429);
  });

  test('the address in the query string neither signs in nor escapes the per-account limit', async () => {
    t = makeTestApp({ throttle: { perClient: 100, perAccount: 3, windowMs: 60_000 } });
    await addUser(t.stores, { email: 'piet@school.nl' });
    const agent = request.agent(t.app);
    for (let i = 0; i < 3; i++) await submitForm(agent, '/login', { email: 'piet@school.nl', password: `fout-${i}-wachtwoord` });
    const page = await agent.get('/login');
    const res = await agent.post('/login?email=piet@school.nl').type('form').send({ password: 'een-goed-wachtwoord', _csrf: csrfFrom(page.text) });
    expect(res.status).not.toBe(303);
    expect((await agent.get('/')).status).toBe(303);
  });

  test('a school behind one address, locked out by wrong passwords from anyone there, still lets in known browsers', async () => {
    t = makeTestApp({ throttle: { perClient: 3, perAccount: 100, windowMs: 60_000 } });
    await addUser(t.stores, { email: 'piet@school.nl' });
    const laptop = request.agent(t.app);
    expect((await submitForm(laptop, '/login', { email: 'piet@school.nl', password: 'een-goed-wachtwoord' })).status).toBe(303);
    await submitForm(laptop, '/', {}, '/logout');
    const stranger = request.agent(t.app);
    for (let i = 0; i < 4; i++) await submitForm(stranger, '/login', { email: `x${i}@school.nl`, password: 'geraden-wachtwoord' });
    expect((await submitForm(stranger, '/login', { email: 'piet@school.nl', password: 'een-goed-wachtwoord' })).status).toBe(429);
    expect((await submitForm(laptop, '/login', { email: 'piet@school.nl', password: 'een-goed-wachtwoord' })).status).toBe(303);
  });

  test('one client guessing many accounts is stopped too', async () => {
    t = makeTestApp({ throttle: { perClient: 2, perAccount: 100, windowMs: 60_000 } });
    const agent = request.agent(t.app);
    const a = await submitForm(agent, '/login', { email: 'a@x.nl', password: 'geraden-wachtwoord' });
    const b = await submitForm(agent, '/login', { email: 'b@x.nl', password: 'geraden-wachtwoord' });
    const c = await submitForm(agent, '/login', { email: 'c@x.nl', password: 'geraden-wachtwoord' });
    expect([a.status, b.status, c.status]).toEqual([401, 401, 429]);
  });

  test('G8: someone holding a signed-in session cannot guess the password on /me: wrong ones count, and the last ends the session', async () => {
    t = makeTestApp({ throttle: { perClient: 100, perAccount: 3, windowMs: 60_000 } });
    await addUser(t.stores, { email: 'piet@school.nl' });
    const agent = await signIn(t.app, 'piet@school.nl');
    const statuses = [
      (await submitForm(agent, '/me', { current: 'geraden-wachtwoord-1', password: 'een-nieuw-wachtwoord' }, '/me/password')).status,
      (await submitForm(agent, '/me', { password: 'geraden-wachtwoord-2' }, '/me/delete')).status,
      // A new password that is too short is no guess: it does not count.
      (await submitForm(agent, '/me', { current: 'een-goed-wachtwoord', password: 'kort' }, '/me/password')).status,
      (await submitForm(agent, '/me', { current: 'geraden-wachtwoord-3', password: 'een-nieuw-wachtwoord' }, '/me/password')).status,
    ];
    expect(statuses).toEqual([400, 400, 400, 400]);
    const page = await agent.get('/me');
    const fourth = await agent.post('/me/delete').type('form').send({ password: 'een-goed-wachtwoord', _csrf: csrfFrom(page.text) });
    expect(fourth.status).toBe(429);
    expect(fourth.text).toContain('Je hebt te vaak een verkeerd wachtwoord ingevuld');
    // The session is over, and the account is still there.
    expect((await agent.get('/me')).headers.location).toMatch(/^\/login/);
    expect(t.stores.accounts.userByEmailWithHash('piet@school.nl')).toBeDefined();
  });

  test('failed registrations are throttled as well', async () => {
    t = makeTestApp({ throttle: { perClient: 2, perAccount: 100, windowMs: 60_000 } });
    const agent = request.agent(t.app);
    const codes: number[] = [];
    for (let i = 0; i < 3; i++) codes.push((await submitForm(agent, '/register', { code: `FOUT${i}`, name: 'X', email: `x${i}@x.nl`, password: 'mijn-wachtwoord-1' })).status);
    expect(codes).toEqual([400, 400, 429]);
  });
});

describe('errors', () => {
  beforeEach(() => {
    t = makeTestApp();
  });

  test('unknown pages get a Dutch 404 page', async () => {
    const res = await request(t.app).get('/bestaat/niet');
    expect(res.status).toBe(404);
    expect(res.text).toContain('<html lang="nl">');
    expect(res.text).toContain('Pagina niet gevonden');
  });

  test('malformed JSON is a 400 with a message, not a 500', async () => {
    const res = await request(t.app).post('/api/progress/video').set('Content-Type', 'application/json').send('{"broken');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/ongeldige JSON/);
  });

  test('healthz answers when the database and course are there, and says so when the database is gone', async () => {
    const res = await request(t.app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
    t.stores.sqlite.close();
    const down = await request(t.app).get('/healthz');
    expect(down.status).toBe(503);
    expect(down.body).toEqual({ status: 'unavailable' });
  });
});
