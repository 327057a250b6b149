// A teacher at work is not signed out in the middle of it, and what she sends after her session has
// ended is answered "log opnieuw in" (401, with her text shown back), never "Geen toegang" (403).
import request from 'supertest';
import { ABSOLUTE_MS, IDLE_MS, ROLL_EVERY_MS } from '../../src/accounts/session-life';
import { miniCourseApp, post, type CourseTestApp } from '../support/course-app';
import { csrfFrom } from '../support/app';

const LESSON = '/course/begin/oefenen';
const REFLECTION = `${LESSON}/reflection/eigen-ervaring`;
const DAY_S = 86_400;

let t: CourseTestApp;
beforeEach(async () => {
  t = await miniCourseApp();
});
afterEach(() => t.close());

const storedReflection = () => t.stores.progress.reflectionsForLesson(t.teacherId, 'begin/oefenen').get('eigen-ervaring')?.text;

describe('a form sent after the session ended', () => {
  test('the autosave hears 401 in JSON, not the CSRF check\'s 403', async () => {
    // The browser dropped the expired cookie: the request comes without a session.
    const res = await request(t.app).post(REFLECTION).set('Accept', 'application/json').type('form').send({ text: 'Na de lunch verder getypt.', _csrf: t.csrf });
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/json/);
    expect(res.body.error).toMatch(/niet \(meer\) ingelogd/);
    expect(storedReflection()).toBeUndefined();
  });

  test('without JavaScript the page shows the text back and leads to the sign-in page, which returns to the lesson', async () => {
    const text = 'Zonder JavaScript geschreven: een leerling die vaak alleen staat.';
    const res = await request(t.app).post(REFLECTION).type('form').send({ text, _csrf: t.csrf });
    expect(res.status).toBe(401);
    expect(res.text).toContain('Je bent niet meer ingelogd');
    expect(res.text).not.toContain('Geen toegang');
    expect(res.text).toMatch(new RegExp(`<textarea id="verstuurd-0" rows="6" readonly>${text}</textarea>`));
    const signIn = /<a class="button" href="([^"]+)" target="_blank" rel="noopener">Opnieuw inloggen<\/a>/.exec(res.text)?.[1];
    expect(signIn).toBe(`/login?next=${encodeURIComponent(`${LESSON}#reflectie-eigen-ervaring`)}`);
    // The sign-in page carries where to go back to.
    const login = await request(t.app).get(signIn!.replace(/&amp;/g, '&'));
    expect(login.text).toContain(`name="next" value="${LESSON}#reflectie-eigen-ervaring"`);
  });

  test('a questionnaire or exercise post gets the same answer; passwords and choices are never shown back', async () => {
    const exercise = await request(t.app).post(`${LESSON}/exercise/keuze`).type('form').send({ q0: '1', _csrf: t.csrf });
    expect(exercise.status).toBe(401);
    expect(exercise.text).not.toContain('<textarea');
    expect(exercise.text).toContain(`href="/login?next=${encodeURIComponent(`${LESSON}#oefening-keuze`)}"`);
    const me = await request(t.app).post('/me/password').type('form').send({ current: 'geheim-wachtwoord', password: 'nieuw-wachtwoord-1', _csrf: t.csrf });
    expect(me.status).toBe(401);
    expect(me.text).not.toContain('geheim-wachtwoord');
  });

  test('a session ended elsewhere (a password change on another device) answers 401 on the next save', async () => {
    const elsewhere = request.agent(t.app);
    const login = await elsewhere.get('/login');
    await elsewhere.post('/login').type('form').send({ email: 'juf@regenboog.nl', password: 'een-goed-wachtwoord', _csrf: csrfFrom(login.text) });
    const me = await elsewhere.get('/me');
    expect((await elsewhere.post('/me/password').type('form').send({ current: 'een-goed-wachtwoord', password: 'nog-een-beter-wachtwoord', _csrf: csrfFrom(me.text) })).status).toBe(303);
    const res = await post(t.teacher, REFLECTION, t.csrf, { text: 'Nog getypt op de eerste computer.' }).set('Accept', 'application/json');
    expect(res.status).toBe(401);
  });

  test('a sign-in link followed after signing in again in another tab goes straight on to its page', async () => {
    const res = await t.teacher.get(`/login?next=${encodeURIComponent(`${LESSON}#reflectie-eigen-ervaring`)}`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`${LESSON}#reflectie-eigen-ervaring`);
    expect((await t.teacher.get('/login?next=//evil.example')).headers.location).toBe('/');
  });

  test('signing out of a session that has ended leads to the sign-in page', async () => {
    const res = await request(t.app).post('/logout').type('form').send({ _csrf: t.csrf });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login?uitgelogd=1');
  });

  test('a live session with a token from an older page still gets the CSRF check\'s 403, with the text shown back', async () => {
    const res = await post(t.teacher, REFLECTION, 'bm90LmEudG9rZW4', { text: 'Een tekst uit een oud tabblad.' });
    expect(res.status).toBe(403);
    expect(res.text).toContain('Dit formulier werkt niet meer');
    expect(res.text).toContain('Een tekst uit een oud tabblad.');
    expect(res.text).toContain(`href="${LESSON}#reflectie-eigen-ervaring" target="_blank"`);
  });
});

describe('how long a sign-in lasts', () => {
  test('a teacher who works every day stays signed in past a month, even past the absolute limit while she saves', async () => {
    const days = Math.floor(ABSOLUTE_MS / 1000 / DAY_S);
    for (let day = 1; day < days; day++) {
      t.clock.advance(DAY_S);
      expect((await t.teacher.get(LESSON)).status).toBe(200);
    }
    t.clock.advance(2 * DAY_S);
    // Past the absolute limit: what she types and sends is still saved…
    const save = await post(t.teacher, REFLECTION, t.csrf, { text: 'Na drie maanden nog steeds bezig.' }).set('Accept', 'application/json');
    expect(save.status).toBe(200);
    expect(storedReflection()).toBe('Na drie maanden nog steeds bezig.');
    // …and the next page she opens asks her to sign in again, and leads back to it.
    const page = await t.teacher.get(LESSON).set('Accept', 'text/html');
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe(`/login?next=${encodeURIComponent(LESSON)}`);
    const login = await t.teacher.get(page.headers.location!);
    expect(login.text).toContain('log voor de zekerheid opnieuw in');
    expect((await t.teacher.get('/')).status).toBe(303);
  });

  test('a fetch from a page (not a page being opened) never ends a session at the absolute limit', async () => {
    for (let day = 0; day < ABSOLUTE_MS / 1000 / DAY_S - 10; day += 10) {
      t.clock.advance(10 * DAY_S);
      expect((await t.teacher.get('/')).status).toBe(200);
    }
    t.clock.advance(20 * DAY_S);
    const finish = await t.teacher.get(`${LESSON}/finish`).set('Sec-Fetch-Mode', 'cors').set('Accept', 'text/html');
    expect(finish.status).toBe(200);
  });

  test('after 30 days without a request the session has ended: pages lead to the sign-in page, saves answer 401', async () => {
    t.clock.advance(IDLE_MS / 1000 + 60);
    const res = await post(t.teacher, REFLECTION, t.csrf, { text: 'Te laat.' }).set('Accept', 'application/json');
    expect(res.status).toBe(401);
    const page = await t.teacher.get(LESSON);
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe(`/login?next=${encodeURIComponent(LESSON)}`);
  });

  test('signing in writes down the first activity: the pages after it neither write the session again nor renew its cookie', async () => {
    const browser = request.agent(t.app);
    const login = await browser.get('/login');
    const set = jest.spyOn(t.stores.sessions, 'set');
    const before = t.clock.now();
    const signIn = await browser.post('/login').type('form').send({ email: 'juf@regenboog.nl', password: 'een-goed-wachtwoord', _csrf: csrfFrom(login.text) });
    expect(signIn.status).toBe(303);
    expect(String(signIn.headers['set-cookie'])).toMatch(/(^|,)steun\.sid=/);
    const atSignIn = set.mock.calls.length;
    expect(atSignIn).toBeGreaterThan(0);
    const stored = set.mock.calls.at(-1)![1] as { signedInAt?: number; activeAt?: number };
    expect(stored.signedInAt).toBeGreaterThanOrEqual(before);
    expect(stored.signedInAt).toBeLessThanOrEqual(t.clock.now());
    expect(stored.activeAt).toBe(stored.signedInAt);
    for (let i = 0; i < 5; i++) {
      t.clock.advance(60);
      const page = await browser.get(LESSON);
      expect(page.status).toBe(200);
      expect(page.headers['set-cookie']).toBeUndefined();
    }
    expect(set).toHaveBeenCalledTimes(atSignIn);
    // An hour after signing in the session rolls as any other.
    t.clock.advance(ROLL_EVERY_MS / 1000);
    expect(String((await browser.get(LESSON)).headers['set-cookie'])).toMatch(/^steun\.sid=/);
    expect(set).toHaveBeenCalledTimes(atSignIn + 1);
  });

  test('the session is written, and its cookie renewed, at most once an hour', async () => {
    const set = jest.spyOn(t.stores.sessions, 'set');
    t.clock.advance(ROLL_EVERY_MS / 1000);
    const first = await t.teacher.get(LESSON);
    expect(String(first.headers['set-cookie'])).toMatch(/^steun\.sid=/);
    expect(set).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 20; i++) {
      t.clock.advance(60);
      const res = await t.teacher.get(LESSON);
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    expect(set).toHaveBeenCalledTimes(1);
    t.clock.advance(ROLL_EVERY_MS / 1000);
    await t.teacher.get(LESSON);
    expect(set).toHaveBeenCalledTimes(2);
    // The stored session lives a month from the last activity.
    const row = t.stores.sqlite.prepare('SELECT expires_at FROM sessions WHERE user_id = ?').get(t.teacherId) as { expires_at: number };
    expect(row.expires_at - Date.now()).toBeGreaterThan(IDLE_MS - 60_000);
  });
});
