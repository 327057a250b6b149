// A few thousand malformed requests to every route: no 5xx, no hang, and every 400 says what was wrong.
import request from 'supertest';
import { appRoutes } from '../support/routes';
import { miniCourseApp, type CourseTestApp } from '../support/course-app';
import { addUser, signIn, csrfFrom, type Agent } from '../support/app';
import { seededRandom } from '../../src/cli/demo';

let t: CourseTestApp;
let admin: Agent;
let adminCsrf: string;
beforeAll(async () => {
  t = await miniCourseApp();
  await addUser(t.stores, { email: 'admin@steun.nl', role: 'admin' });
  admin = await signIn(t.app, 'admin@steun.nl');
  adminCsrf = csrfFrom((await admin.get('/admin')).text);
});
afterAll(() => t.close());

const ROUTES: [string, string][] = [
  ['GET', '/'], ['GET', '/login'], ['POST', '/login'], ['GET', '/register'], ['POST', '/register'], ['GET', '/setup'], ['POST', '/setup'],
  ['POST', '/logout'], ['GET', '/course/begin/welkom'], ['GET', '/course/begin/appendix/bronnen'], ['POST', '/course/begin/welkom/done'], ['POST', '/course/begin/oefenen/reflection/eigen-ervaring'],
  ['POST', '/course/begin/oefenen/exercise/keuze'], ['POST', '/api/progress/video'], ['POST', '/api/progress/time'], ['GET', '/course/begin/quiz'],
  ['POST', '/course/begin/quiz'], ['GET', '/certificate'], ['GET', '/certificate/verify/X'], ['GET', '/reports'], ['GET', '/reports.csv'], ['GET', '/reports/herinneren'], ['POST', '/reports/herinneren'],
  ['GET', '/author'], ['GET', '/me'], ['GET', '/me/export'], ['POST', '/me/name'], ['POST', '/me/password'], ['POST', '/school/invite'],
  ['POST', '/admin/people'], ['POST', '/admin/schools'], ['POST', '/admin/people/1'], ['GET', '/media/clip.mp4'], ['GET', '/password/abc'],
  ['GET', '/school'], ['GET', '/author/preview/begin/welkom'], ['GET', '/course/begin/quiz/attempts/abc'], ['POST', '/password/abc'],
  ['POST', '/school/code'], ['POST', '/school/teachers/1/active'], ['GET', '/me/reflections'], ['POST', '/me/delete'], ['GET', '/author/live'],
  ['GET', '/author/preview/begin/quiz'], ['GET', '/admin'], ['POST', '/admin/schools/1/name'], ['POST', '/admin/schools/1/code'],
  ['POST', '/admin/people/1/link'], ['GET', '/password/forgot'], ['POST', '/password/forgot'], ['POST', '/school/teachers/1/link'], ['POST', '/school/teachers/1/password-link'],
  ['POST', '/me/reminders'], ['GET', '/admin/mail'],
  ['GET', '/study'], ['POST', '/study/consent'], ['POST', '/study/withdraw'], ['POST', '/study/pupils'],
  ['GET', '/study/t0/keuze'], ['GET', '/study/t0/relatie/1'], ['POST', '/study/t0/keuze'], ['POST', '/study/t0/relatie/1'], ['GET', '/research'],
  ['GET', '/research/export.csv'], ['GET', '/research/codebook.csv'], ['POST', '/research/waves/t0/open'], ['GET', '/research/steun-onderzoek.R'], ['GET', '/research/steun-onderzoek.sps'], ['POST', '/research/openings/1/close'],
  ['GET', '/course/begin/welkom/finish'], ['GET', '/course/begin/welkom/tekst/1'],
  ['GET', '/course/begin/welkom/video/1/shown'], ['POST', '/course/begin/welkom/video/1'],
  ['POST', '/admin/people/1/delete'], ['GET', '/cursus'],
  ['GET', '/readyz'], ['GET', '/metrics'], ['GET', '/admin/audit'], ['GET', '/privacy'],
];

const NASTY = ['', ' ', '../../etc/passwd', '..%2F..%2Fcourse.yml', '%00', '<script>alert(1)</script>', "' OR 1=1 --", '𝕳𝖊𝖑𝖑𝖔', '\u0000\u0001', 'x'.repeat(70_000), '-1', '1e309', 'NaN', '[]', '{}', 'null', 'true'];

function pick<T>(xs: readonly T[], r: () => number): T {
  return xs[Math.floor(r() * xs.length)]!;
}

function randomValue(r: () => number, depth = 0): unknown {
  const kind = Math.floor(r() * (depth > 1 ? 5 : 8));
  switch (kind) {
    case 0: return pick(NASTY, r);
    case 1: return Math.floor(r() * 1e6) - 5e5;
    case 2: return r() < 0.5;
    case 3: return null;
    case 4: return r() * 1e12;
    case 5: return [randomValue(r, depth + 1), randomValue(r, depth + 1)];
    case 6: return { lesson: pick(['begin/welkom', 'x', '../..', 'begin/oefenen'], r), src: pick(['clip.mp4', '', 'x'], r), watched: randomValue(r, depth + 1), position: randomValue(r, depth + 1), duration: randomValue(r, depth + 1) };
    default: return { [pick(['q0', 'q1', 'text', 'attempt', 'email', 'name', 'password', 'code', 'role', 'emails', 'active', 'seconds'], r)]: randomValue(r, depth + 1) };
  }
}

async function send(agent: Agent, method: string, path: string, r: () => number, csrf: string) {
  const mode = Math.floor(r() * 6);
  const suffix = r() < 0.15 ? pick(['/../../etc/passwd', '/%2e%2e/%2e%2e', '?page=-1&sort=x', '/%ff', '//'], r) : '';
  const url = path + suffix;
  if (method === 'GET') return agent.get(url).query(r() < 0.5 ? { status: pick(NASTY, r), q: pick(NASTY, r), page: pick(NASTY, r) } : {});
  const req = agent.post(url).set('X-CSRF-Token', r() < 0.9 ? csrf : 'nep');
  switch (mode) {
    case 0: return req.set('Content-Type', 'application/json').send(JSON.stringify(randomValue(r)));
    case 1: return req.set('Content-Type', 'application/json').send('{"broken": ' + pick(NASTY, r));
    case 2: return req.type('form').send({ _csrf: csrf, ...(randomValue(r) as object) });
    case 3: return req.set('Content-Type', 'application/x-www-form-urlencoded').send(Buffer.from([0x74, 0x65, 0x78, 0x74, 0x3d, 0xff, 0xfe, 0xc3, 0x28]));
    case 4: return req.set('Content-Type', 'text/plain; charset=utf-1000').send('hallo');
    default: return req.set('Content-Type', 'application/json').send(JSON.stringify({ text: 'y'.repeat(200_000) }));
  }
}

test('the list above covers every route the app has', () => {
  const uncovered = appRoutes(t.app).filter((route) => !ROUTES.some(([m, p]) => m === route.method && route.matches(p)));
  expect(uncovered.map((r) => `${r.method} ${r.path}`)).toEqual([]);
});

test('thousands of malformed requests: no 5xx, and every 400 carries a message', async () => {
  const r = seededRandom(42);
  const agents = [t.teacher, admin, request.agent(t.app)];
  const csrfs = [t.csrf, adminCsrf, ''];
  const failures: string[] = [];
  let count = 0;
  // Routes where some request got past sign-in and CSRF to the handler's own answer.
  const reached = new Set<string>();
  for (let round = 0; round < 70; round++) {
    for (const [method, path] of ROUTES) {
      const a = Math.floor(r() * agents.length);
      const res = await send(agents[a]!, method, path, r, csrfs[a]!);
      count++;
      if ((res.status >= 200 && res.status < 300) || [400, 404, 409, 413].includes(res.status)) reached.add(`${method} ${path}`);
      if (res.status >= 500) failures.push(`${method} ${path} -> ${res.status}: ${res.text.slice(0, 200)}`);
      if (res.status === 400) {
        const message = res.body?.error ?? res.text;
        if (!message || String(message).length < 10) failures.push(`${method} ${path} -> 400 without a message`);
      }
    }
  }
  expect(count).toBeGreaterThanOrEqual(2000);
  // Not everything may be stopped at the door: most routes must have seen requests they had to judge.
  const stoppedAtTheDoor = ROUTES.map(([m, p]) => `${m} ${p}`).filter((r) => !reached.has(r));
  expect(stoppedAtTheDoor.length).toBeLessThanOrEqual(Math.floor(ROUTES.length * 0.2));
  expect(failures.slice(0, 20)).toEqual([]);
}, 120_000);
