// What a coordinator reads at a glance and acts on: who has been quiet, with their next step and a
// link to the filtered list; counts that lead to the names behind them; dates as Dutch readers write
// them; and where coordinators and administrators land after signing in.
import { miniCourseApp, post, beacon, request, type CourseTestApp } from '../support/course-app';
import { addUser, signIn, submitForm, csrfFrom, type Agent } from '../support/app';

let t: CourseTestApp;
let coordinator: Agent;
let schoolId: number;

const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString();

beforeEach(async () => {
  t = await miniCourseApp();
  schoolId = t.stores.accounts.schools()[0]!.id;
  await addUser(t.stores, { email: 'ib@regenboog.nl', name: 'IB Regenboog', role: 'coordinator', schoolId });
  coordinator = await signIn(t.app, 'ib@regenboog.nl');
  // Juf Anna watched the first video and finished lesson 1: her next step is module 1, lesson 2.
  await beacon(t.teacher, t.csrf, { lesson: 'begin/welkom', src: 'clip.mp4', watched: [[0, 3]], position: 3, duration: 3 });
  await post(t.teacher, '/course/begin/welkom/done', t.csrf);
  // Meester Bram opened the first lesson three weeks ago and did nothing since: quiet, next step lesson 1.
  const bram = await addUser(t.stores, { email: 'bram@regenboog.nl', name: 'Meester Bram', schoolId });
  const bramAgent = await signIn(t.app, 'bram@regenboog.nl');
  await beacon(bramAgent, csrfFrom((await bramAgent.get('/')).text), { lesson: 'begin/welkom', src: 'clip.mp4', watched: [[0, 1]], position: 1, duration: 3 });
  t.stores.sqlite.prepare('UPDATE lesson_progress SET last_seen_at = ? WHERE user_id = ?').run('2026-11-02T09:00:00.000Z', bram.id);
  t.stores.sqlite.prepare('UPDATE users SET last_active_at = ? WHERE id = ?').run('2026-11-02T09:00:00.000Z', bram.id);
  // Nog Niet never started: not quiet (not started), only "niet gestart".
  await addUser(t.stores, { email: 'nognniet@regenboog.nl', name: 'Nog Niet', schoolId });
});
afterEach(() => t.close());

test('quiet teachers are listed by name, with when they were last active and their next step', async () => {
  const res = await coordinator.get('/reports');
  expect(res.status).toBe(200);
  const section = /<section aria-labelledby="stil-title">([\s\S]*?)<\/section>/.exec(res.text)![1]!;
  expect(section).toContain('<strong>Meester Bram</strong>');
  expect(section).toContain('stil sinds 2\u00a0nov.\u00a02026');
  expect(section).toContain('Volgende stap: Module 1 · les 1: Welkom');
  expect(section).not.toContain('Juf Anna');
  expect(section).not.toContain('Nog Niet');
  expect(section).toContain('href="/reports?stil=1#leerkrachten"');
});

test('when nobody is quiet the report says so instead of an empty list', async () => {
  t.stores.sqlite.prepare('UPDATE lesson_progress SET last_seen_at = ?').run(daysAgo(1));
  t.stores.sqlite.prepare("UPDATE users SET last_active_at = ? WHERE role = 'teacher'").run(daysAgo(1));
  const res = await coordinator.get('/reports');
  expect(res.text).toContain('Iedereen die bezig is, heeft de afgelopen 14 dagen nog iets gedaan.');
  expect(res.text).not.toContain('class="quiet-list"');
});

test('the quiet link and the step counts lead to exactly the teachers behind them', async () => {
  const names = (html: string) => [...html.matchAll(/<th scope="row" class="person">([^<]+)/g)].map((m) => m[1]!.trim());
  expect(names((await coordinator.get('/reports?stil=1')).text)).toEqual(['Meester Bram']);
  expect(names((await coordinator.get('/reports?stap=1-2')).text)).toEqual(['Juf Anna']);
  expect(names((await coordinator.get('/reports?stap=1-1')).text)).toEqual(['Meester Bram']);
  expect(names((await coordinator.get('/reports?stap=1-1&stil=1')).text)).toEqual(['Meester Bram']);
  expect(names((await coordinator.get('/reports?stap=1-2&stil=1')).text)).toEqual([]);
  expect(names((await coordinator.get('/reports?status=niet-gestart')).text)).toEqual(['Nog Niet']);
  const filtered = await coordinator.get('/reports?stap=1-2');
  expect(filtered.text).toContain('als volgende stap module 1 · les 2 heeft');
  expect(filtered.text).toContain('Toon iedereen');
  // The summary's counts are links to the same lists.
  const page = await coordinator.get('/reports');
  expect(page.text).toContain('<a href="/reports?status=bezig#leerkrachten"><strong>2</strong> bezig</a>');
  expect(page.text).toContain('<a href="/reports?status=niet-gestart#leerkrachten"><strong>1</strong> niet gestart</a>');
  // The CSV follows the same filter.
  const csv = await coordinator.get('/reports.csv?stil=1');
  expect(csv.text).toContain('Meester Bram');
  expect(csv.text).not.toContain('Juf Anna');
});

test('bad step and quiet parameters are a 400 that says what is wrong', async () => {
  for (const [url, message] of [
    ['/reports?stap=abc', 'stap is een module en les'],
    ['/reports?stap=0-1', 'stap is een module en les'],
    ['/reports?stil=ja', 'stil kan alleen 1 zijn'],
  ] as const) {
    const res = await coordinator.get(url);
    expect(res.status).toBe(400);
    expect(res.text).toContain(message);
  }
});

test('dates read as Dutch readers write them; the e-mail is a quiet second line under the name', async () => {
  const res = await coordinator.get('/reports');
  expect(res.text).toMatch(/<th scope="row" class="person">Meester Bram<small class="muted email">bram@regenboog.nl<\/small><\/th>/);
  expect(res.text).toContain('<td data-label="Laatst actief">2\u00a0nov.\u00a02026</td>');
  expect(res.text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  expect(res.text).toContain('<td data-label="Status" class="status-bezig">bezig <small class="quiet-mark">· stil</small></td>');
});

test('the funnel says how many of how many, and which share', async () => {
  const res = await coordinator.get('/reports');
  expect(res.text).toContain('2 van 3 bereikt<br>0 van 3 afgerond');
  expect(res.text).toContain('2 van 3 <span class="muted">(67\u00a0%)</span>');
});

describe('landing and menu', () => {
  test('a coordinator who does not follow the course lands on the report, and the menu has Rapportage, School and Cursus', async () => {
    const fresh = request.agent(t.app);
    const login = await submitForm(fresh, '/login', { email: 'ib@regenboog.nl', password: 'een-goed-wachtwoord' });
    expect(login.headers.location).toBe('/');
    const home = await fresh.get('/');
    expect(home.status).toBe(303);
    expect(home.headers.location).toBe('/reports');
    const report = await coordinator.get('/reports');
    for (const link of ['href="/reports">Rapportage', 'href="/school">School', 'href="/cursus">Cursus']) expect(report.text).toContain(link);
    expect(report.text).not.toContain('href="/admin">Beheer');
    const course = await coordinator.get('/cursus');
    expect(course.status).toBe(200);
    expect(course.text).toContain('<h1>Minicursus</h1>');
  });

  test('a coordinator who has started the course keeps the course overview at /', async () => {
    const csrf = csrfFrom((await coordinator.get('/cursus')).text);
    await beacon(coordinator, csrf, { lesson: 'begin/welkom', src: 'clip.mp4', watched: [[0, 1]], position: 1, duration: 3 });
    expect((await coordinator.get('/')).status).toBe(200);
  });

  test('an administrator lands on the report and has Beheer and Auteur in the menu; a teacher keeps the overview', async () => {
    await addUser(t.stores, { email: 'admin@steun.nl', name: 'Beheerder', role: 'admin' });
    const admin = await signIn(t.app, 'admin@steun.nl');
    expect((await admin.get('/')).headers.location).toBe('/reports');
    const page = await admin.get('/reports');
    for (const link of ['href="/reports">Rapportage', 'href="/admin">Beheer', 'href="/author">Auteur']) expect(page.text).toContain(link);
    expect(page.text).not.toContain('href="/school">School');
    const teacherHome = await t.teacher.get('/');
    expect(teacherHome.status).toBe(200);
    expect(teacherHome.text).not.toContain('href="/cursus"');
  });

  test('an author keeps the course at / and has Auteur in the menu', async () => {
    await addUser(t.stores, { email: 'auteur@steun.nl', name: 'Schrijver', role: 'author' });
    const author = await signIn(t.app, 'auteur@steun.nl');
    const home = await author.get('/');
    expect(home.status).toBe(200);
    expect(home.text).toContain('href="/author">Auteur');
    expect(home.text).not.toContain('href="/reports">Rapportage');
  });
});
