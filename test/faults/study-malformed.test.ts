// Malformed requests to the study's and the researcher's routes, by a teacher in the study and a
// researcher: no 5xx, every 400 says what was wrong, and nothing invalid is stored.
import request from 'supertest';
import { post, type CourseTestApp } from '../support/course-app';
import { addUser, signIn, csrfFrom, type Agent } from '../support/app';
import { studyApp } from '../support/study-app';
import { seededRandom } from '../../src/cli/demo';

let t: CourseTestApp;
let researcher: Agent;
let researcherCsrf: string;
beforeAll(async () => {
  t = await studyApp();
  await post(t.teacher, '/study/consent', t.csrf, { decision: 'yes' });
  await post(t.teacher, '/study/pupils', t.csrf, { pupil: ['Sam'] });
  await addUser(t.stores, { email: 'onderzoek@uni.nl', role: 'researcher' });
  researcher = await signIn(t.app, 'onderzoek@uni.nl');
  researcherCsrf = csrfFrom((await researcher.get('/research')).text);
});
afterAll(() => t.close());

const ROUTES: [string, string][] = [
  ['GET', '/study'], ['POST', '/study/pupils'], ['GET', '/study/t0/keuze'], ['GET', '/study/t0/relatie/1'], ['POST', '/study/t0/keuze'],
  ['POST', '/study/t0/relatie/1'], ['POST', '/study/t0/relatie/2'], ['POST', '/study/t1/relatie/1'], ['GET', '/research'],
  ['GET', '/research/export.csv'], ['GET', '/research/codebook.csv'], ['POST', '/research/waves/t0/open'], ['POST', '/study/consent'],
];
const NASTY = ['', ' ', '0', '6', '-1', '1.5', '1e309', 'NaN', '<script>', "' OR 1=1", 'x'.repeat(3000), '\u0000', '𝕳'];
const FIELDS = ['jaren', 'groep', 'gedaan', 'reden', 'warm', 'troost', 'botsen', 'rustig', 'onbekend', 'finish', 'page', 'go', 'pupil', 'decision', 'school', 'days', 'shape'];

test('a thousand malformed requests: no 5xx, every 400 with a message, only valid answers stored', async () => {
  const r = seededRandom(7);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const failures: string[] = [];
  for (let i = 0; i < 1000; i++) {
    const [method, path] = pick(ROUTES);
    const [agent, csrf] = r() < 0.6 ? [t.teacher, t.csrf] : r() < 0.7 ? [researcher, researcherCsrf] : [request.agent(t.app), ''];
    const body: Record<string, unknown> = { _csrf: csrf };
    for (let k = 0; k < 3; k++) body[pick(FIELDS)] = r() < 0.2 ? [pick(NASTY), pick(NASTY)] : pick(NASTY);
    const res =
      method === 'GET'
        ? await agent.get(path).query({ page: pick(NASTY), shape: pick(['long', 'wide', ...NASTY]) })
        : r() < 0.8
          ? await agent.post(path).type('form').send(body)
          : await agent.post(path).set('X-CSRF-Token', csrf).set('Content-Type', 'application/json').send(JSON.stringify(body));
    if (res.status >= 500) failures.push(`${method} ${path} -> ${res.status}`);
    if (res.status === 400 && String(res.body?.error ?? res.text).length < 10) failures.push(`${method} ${path} -> 400 without a message`);
  }
  expect(failures.slice(0, 10)).toEqual([]);
  const stored = t.stores.sqlite.prepare('SELECT questionnaire, item, value FROM study_answers').all() as { questionnaire: string; item: string; value: string }[];
  for (const a of stored) {
    if (a.item === 'jaren') expect(Number(a.value)).toBeGreaterThanOrEqual(0);
    else if (a.item === 'reden') expect(a.value.length).toBeLessThanOrEqual(2000);
    else if (a.item === 'gedaan') expect(a.value).toMatch(/^\[[1-3](,[1-3])*\]$/);
    else expect(a.value).toMatch(a.questionnaire === 'keuze' ? /^[1-3]$/ : /^[1-5]$/);
  }
}, 120_000);
