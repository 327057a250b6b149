// The audit log: what administrators, coordinators and researchers do is recorded (who, what,
// when, about whom) and readable by administrators at /admin/audit, paged, without JavaScript.
import request from 'supertest';
import { addUser, signIn, submitForm, csrfFrom, makeTestApp, type TestApp } from '../support/app';
import { studyApp } from '../support/study-app';
import type { CourseTestApp } from '../support/course-app';
import { AUDIT_PAGE_SIZE } from '../../src/web/audit';

let t: TestApp;
afterEach(() => t.close());

/** The log's rows as text cells: [wanneer, wie, wat, over, details]. */
async function logRows(agent: ReturnType<typeof request.agent>, page = 1): Promise<string[][]> {
  const res = await agent.get(`/admin/audit?page=${page}`);
  expect(res.status).toBe(200);
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(res.text)?.[1] ?? '';
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => [...m[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => c[1]!.replace(/<br>/g, ' ').replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#39;/g, "'").replace(/&#34;/g, '"').replace(/&amp;/g, '&').trim()));
}

test('an administrator\'s and a coordinator\'s actions are logged with who, what and about whom; only administrators read it', async () => {
  t = makeTestApp();
  const school = t.stores.accounts.addSchool('De Regenboog');
  await addUser(t.stores, { email: 'baas@steun.nl', name: 'Bea Baas', role: 'admin' });
  await addUser(t.stores, { email: 'ib@regenboog.nl', name: 'Ilse IB', role: 'coordinator', schoolId: school.id });
  const admin = await signIn(t.app, 'baas@steun.nl');
  const coordinator = await signIn(t.app, 'ib@regenboog.nl');

  await submitForm(coordinator, '/school', { emails: 'anna@regenboog.nl, bram@regenboog.nl' }, '/school/invite');
  const anna = t.stores.accounts.userByEmailWithHash('anna@regenboog.nl')!;
  await submitForm(coordinator, '/school', { active: '0', bevestigd: 'ja' }, `/school/teachers/${anna.id}/active`);
  expect((await coordinator.get('/reports.csv')).status).toBe(200);

  await submitForm(admin, '/admin', { name: 'Piet Auteur', email: 'piet@steun.nl', role: 'teacher', school: String(school.id) }, '/admin/people');
  const piet = t.stores.accounts.userByEmailWithHash('piet@steun.nl')!;
  await submitForm(admin, '/admin', { role: 'author', school: '', active: '1' }, `/admin/people/${piet.id}`);
  await submitForm(admin, '/admin', {}, `/admin/people/${piet.id}/link`);
  const bram = t.stores.accounts.userByEmailWithHash('bram@regenboog.nl')!;
  await submitForm(admin, '/admin', { bevestigd: 'ja' }, `/admin/people/${bram.id}/delete`);

  const rows = await logRows(admin);
  // Newest first; the erased account is named by its number only.
  expect(rows.map((r) => [r[1], r[2], r[3], r[4]])).toEqual([
    ['Bea Baas <baas@steun.nl> (beheerder)', 'account gewist', `verwijderd account (#${bram.id}) school De Regenboog (#${school.id})`, 'leerkracht'],
    ['Bea Baas <baas@steun.nl> (beheerder)', 'wachtwoordlink gemaakt', `Piet Auteur <piet@steun.nl> (#${piet.id})`, ''],
    ['Bea Baas <baas@steun.nl> (beheerder)', 'school gewijzigd', `Piet Auteur <piet@steun.nl> (#${piet.id})`, `van school #${school.id}`],
    ['Bea Baas <baas@steun.nl> (beheerder)', 'rol gewijzigd', `Piet Auteur <piet@steun.nl> (#${piet.id})`, 'leerkracht → auteur'],
    ['Bea Baas <baas@steun.nl> (beheerder)', 'account aangemaakt', `Piet Auteur <piet@steun.nl> (#${piet.id}) school De Regenboog (#${school.id})`, 'leerkracht'],
    ['Ilse IB <ib@regenboog.nl> (coördinator)', 'gegevens gedownload', `school De Regenboog (#${school.id})`, 'rapportage (CSV)'],
    ['Ilse IB <ib@regenboog.nl> (coördinator)', 'gedeactiveerd', `anna <anna@regenboog.nl> (#${anna.id}) school De Regenboog (#${school.id})`, ''],
    ['Ilse IB <ib@regenboog.nl> (coördinator)', 'uitgenodigd', `school De Regenboog (#${school.id})`, '2 adressen'],
  ]);
  expect(rows[0]![0]).toMatch(/^\d+\s\w+\.\s\d{4}, \d\d:\d\d$/);

  expect((await coordinator.get('/admin/audit')).status).toBe(403);
  expect((await request(t.app).get('/admin/audit')).status).toBe(303);
  expect((await admin.get('/admin/audit?page=nul')).status).toBe(400);
});

test('the log is paged, newest first, with links to older and newer entries', async () => {
  t = makeTestApp();
  await addUser(t.stores, { email: 'baas@steun.nl', name: 'Bea Baas', role: 'admin' });
  for (let i = 0; i < AUDIT_PAGE_SIZE + 5; i++) t.stores.audit.record('opdrachtregel', 'school-add', { schoolId: 1000 + i });
  const admin = await signIn(t.app, 'baas@steun.nl');
  const first = await admin.get('/admin/audit');
  expect(first.text).toContain(`${AUDIT_PAGE_SIZE + 5} regels, pagina 1 van 2`);
  expect(first.text).toContain('<a href="/admin/audit?page=2" rel="next">Oudere regels</a>');
  expect((await logRows(admin, 1))[0]![3]).toContain(`#${1000 + AUDIT_PAGE_SIZE + 4}`);
  const second = await logRows(admin, 2);
  expect(second).toHaveLength(5);
  expect(second.at(-1)![3]).toContain('#1000');
  expect(second[0]![1]).toBe('opdrachtregel');
});

describe('a researcher', () => {
  let s: CourseTestApp;
  afterEach(() => s.close());
  test('downloading the study data and opening a wave are logged', async () => {
    s = await studyApp();
    t = { ...s, close: () => undefined } as unknown as TestApp;
    await addUser(s.stores, { email: 'onderzoek@uni.nl', name: 'Rita Onderzoek', role: 'researcher' });
    await addUser(s.stores, { email: 'baas@steun.nl', name: 'Bea Baas', role: 'admin' });
    const researcher = await signIn(s.app, 'onderzoek@uni.nl');
    expect((await researcher.get('/research/export.csv?shape=long')).status).toBe(200);
    const csrf = csrfFrom((await researcher.get('/research')).text);
    const wave = s.course.course.study!.waves[0]!;
    // Opening a wave asks first (how many teachers it reaches); confirmed, it is done and logged.
    expect((await researcher.post(`/research/waves/${wave.id}/open`).type('form').send({ _csrf: csrf, school: '', days: '7' })).status).toBe(200);
    expect((await researcher.post(`/research/waves/${wave.id}/open`).type('form').send({ _csrf: csrf, school: '', days: '7', bevestigd: 'ja' })).status).toBe(303);
    const rows = await logRows(await signIn(s.app, 'baas@steun.nl'));
    expect(rows.map((r) => [r[1], r[2], r[4]])).toEqual([
      ['Rita Onderzoek <onderzoek@uni.nl> (onderzoeker)', 'meting geopend of verlengd', expect.stringMatching(new RegExp(`^.+ \\(${wave.id}\\) tot .+, alle scholen, \\d+ leerkrachten?$`))],
      ['Rita Onderzoek <onderzoek@uni.nl> (onderzoeker)', 'gegevens gedownload', 'onderzoeksgegevens (lang)'],
    ]);
  });
});
