// A coordinator acts on quiet teachers: the report says steun reminds them and when it last did, and
// "mail deze leerkrachten" sends the same reminder through the outbox after a preview, never twice
// in one quiet period (the schedule and the coordinator share one key), never to who turned them off.
import { miniCourseApp, post, request, type CourseTestApp } from '../support/course-app';
import { addUser, csrfFrom, signIn, type Agent } from '../support/app';
import { sendReminders } from '../../src/mail/schedules';
import { createLogger } from '../../src/logger';

const DAY = 86_400;
let t: CourseTestApp;
let coordinator: Agent;

async function setUp(env: NodeJS.ProcessEnv = {}) {
  t = await miniCourseApp(undefined, { env });
  const school = t.stores.accounts.userById(t.teacherId)!.schoolId;
  await addUser(t.stores, { email: 'ib@regenboog.nl', name: 'Ilse', role: 'coordinator', schoolId: school });
  const other = await addUser(t.stores, { email: 'meester@regenboog.nl', name: 'Meester Bob', schoolId: school });
  // Both teachers open a lesson, then two weeks and a day pass.
  await t.teacher.get('/course/begin/welkom');
  t.stores.accounts.touchActive(other.id, new Date(t.clock.now()).toISOString());
  t.stores.progress.touchLesson(other.id, 'begin/welkom', new Date(t.clock.now()).toISOString());
  t.clock.advance(15 * DAY);
  coordinator = await signIn(t.app, 'ib@regenboog.nl');
  return other;
}
afterEach(() => t.close());

test('the report says steun reminds quiet teachers, and when it last did', async () => {
  await setUp({ SMTP_URL: 'smtp://127.0.0.1:9', BASE_URL: 'https://steun.test' });
  const before = (await coordinator.get('/reports')).text;
  expect(before).toContain('steun stuurt hun zelf één herinnering per stille periode');
  expect(before).toMatch(/Juf Anna<\/strong> <span class="muted">· stil sinds [^<]+ · nog geen herinnering/);
  expect(before).toContain('href="/reports/herinneren"');
  expect(await sendReminders({ stores: t.stores, course: t.course, logger: createLogger('silent'), baseUrl: 'https://steun.test', platform: 'steun', now: t.clock.now })).toBe(2);
  expect((await coordinator.get('/reports')).text).toMatch(/Juf Anna<\/strong> <span class="muted">· stil sinds [^<]+ · herinnering gestuurd op \d+\u00a0\w+\.?\u00a0\d{4}/);
});

test('"mail deze leerkrachten": a preview, then one reminder each, never a second in the same quiet period', async () => {
  await setUp({ SMTP_URL: 'smtp://127.0.0.1:9', BASE_URL: 'https://steun.test' });
  // Bob turned reminders off: he is named, with why, and gets nothing.
  const bob = t.stores.accounts.userByEmailWithHash('meester@regenboog.nl')!;
  t.stores.reminders.setReminders(bob.id, false);
  const page = await coordinator.get('/reports/herinneren');
  expect(page.status).toBe(200);
  expect(page.text).toContain('Krijgen de herinnering (1)');
  expect(page.text).toMatch(/Meester Bob <small class="muted">· heeft herinneringen uitgezet/);
  expect(page.text).toContain('Onderwerp:</strong> Ga je verder met Minicursus?');
  const sent = await coordinator.post('/reports/herinneren').type('form').send({ _csrf: csrfFrom(page.text) });
  expect(sent.status).toBe(303);
  expect(t.stores.outbox.forRecipient('juf@regenboog.nl').filter((m) => m.kind === 'reminder')).toHaveLength(1);
  expect(t.stores.outbox.forRecipient('meester@regenboog.nl')).toHaveLength(0);
  // Asked again, and the schedule's own run: nobody gets a second.
  const again = await coordinator.get('/reports/herinneren');
  expect(again.text).toContain('Er is nu niemand om te herinneren.');
  expect(again.text).toMatch(/Juf Anna <small class="muted">· kreeg al een herinnering op/);
  await coordinator.post('/reports/herinneren').type('form').send({ _csrf: csrfFrom(again.text) });
  expect(await sendReminders({ stores: t.stores, course: t.course, logger: createLogger('silent'), baseUrl: 'https://steun.test', platform: 'steun', now: t.clock.now })).toBe(0);
  expect(t.stores.outbox.forRecipient('juf@regenboog.nl').filter((m) => m.kind === 'reminder')).toHaveLength(1);
});

test('without mail the page offers the coordinator\'s own mail program (BCC), and sending is refused with why', async () => {
  await setUp();
  const page = await coordinator.get('/reports/herinneren');
  expect(page.text).toContain('Op deze server is geen mail ingesteld');
  expect(page.text).toMatch(/href="mailto:\?bcc=juf%40regenboog\.nl%2Cmeester%40regenboog\.nl&amp;subject=/);
  const refused = await post(coordinator, '/reports/herinneren', csrfFrom(page.text));
  expect(refused.status).toBe(400);
  expect(refused.text).toContain('Er is geen mail ingesteld');
  expect(t.stores.outbox.recent()).toEqual([]);
});

test('a teacher cannot send reminders, and an administrator must choose a school', async () => {
  await setUp();
  expect((await t.teacher.get('/reports/herinneren')).status).toBe(403);
  await addUser(t.stores, { email: 'beheer@steun.nl', role: 'admin' });
  const admin = await signIn(t.app, 'beheer@steun.nl');
  const all = await admin.get('/reports/herinneren');
  expect(all.status).toBe(400);
  expect(all.text).toContain('Kies eerst een school');
  const school = t.stores.accounts.schools()[0]!.id;
  expect((await admin.get(`/reports/herinneren?school=${school}`)).text).toContain('Krijgen de herinnering (2)');
});

test('without mail, a coordinator makes a one-day password link for a teacher of her school: shown once, logged, it works once', async () => {
  await setUp();
  const page = await coordinator.get('/school');
  expect(page.text).toContain(`action="/school/teachers/${t.teacherId}/password-link"`);
  const made = await post(coordinator, `/school/teachers/${t.teacherId}/password-link`, csrfFrom(page.text));
  expect(made.status).toBe(200);
  expect(made.text).toContain('Geef deze link alleen aan de leerkracht zelf.');
  const link = /https?:\/\/[^\s<"]+\/password\/[\w-]+/.exec(made.text)![0];
  const path = new URL(link).pathname;
  expect((await t.teacher.get('/school')).status).toBe(403);
  // Logged for the administrators, and valid one day.
  expect(t.stores.audit.page(0, 10).some((r) => r.action === 'password-link' && r.subjectUserId === t.teacherId)).toBe(true);
  // The teacher sets a new password with it; then it is used up.
  const fresh = request.agent(t.app);
  const form = await fresh.get(path);
  expect((await fresh.post(path).type('form').send({ _csrf: csrfFrom(form.text), password: 'een-nieuw-wachtwoord-1' })).status).toBe(303);
  expect((await request(t.app).get(path)).text).toContain('Je account is al geactiveerd');
  // A second link expires after a day.
  const second = await post(coordinator, `/school/teachers/${t.teacherId}/password-link`, csrfFrom((await coordinator.get('/school')).text));
  const secondPath = new URL(/https?:\/\/[^\s<"]+\/password\/[\w-]+/.exec(second.text)![0]).pathname;
  t.clock.advance(DAY + 60);
  const expired = await request(t.app).get(secondPath);
  expect(expired.status).toBe(410);
  expect(expired.text).toContain('Deze link is verlopen');
});

test('with mail, the teacher uses "Wachtwoord vergeten" and the coordinator gets no password link', async () => {
  await setUp({ SMTP_URL: 'smtp://127.0.0.1:9', BASE_URL: 'https://steun.test' });
  const page = await coordinator.get('/school');
  expect(page.text).not.toContain('/password-link');
  expect((await post(coordinator, `/school/teachers/${t.teacherId}/password-link`, csrfFrom(page.text))).status).toBe(400);
});
