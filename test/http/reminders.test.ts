// Reminders and the certificate mail: written once per quiet period (or once ever), kept in the
// database so a restart sends none twice, and off for a teacher who turned them off in /me.
import { compileCourse } from '../../src/course/compile';
import { openDatabase } from '../../src/db/connection';
import { createStores } from '../../src/db';
import { createLogger } from '../../src/logger';
import { sendReminders, sendCertificateMails, type ScheduleDeps } from '../../src/mail/schedules';
import { Turns } from '../../src/turns';
import { makeCourse, lesson } from '../fixtures/course-builder';
import { makeTestApp, addUser, signIn, submitForm, type TestApp } from '../support/app';

const DAY = 86_400_000;
let t: TestApp;
let deps: ScheduleDeps;

beforeEach(async () => {
  const dir = makeCourse({
    'course.yml': 'title: Testcursus\nlanguage: nl\ndescription: Om te testen.\ncertificate:\n  hours: 1\n  issuer: Testacademie\n',
    '01-start/02-verder.md': lesson('Verder', '\nNog een les.\n'),
  });
  const compiled = await compileCourse(dir);
  t = makeTestApp({ compiled });
  deps = { stores: t.stores, course: t.course, logger: createLogger('silent'), baseUrl: 'https://steun.test', platform: 'steun', now: t.clock.now };
});
afterEach(() => t.close());

async function quietTeacher(email: string, lastActive: Date) {
  const school = t.stores.accounts.addSchool(`School van ${email}`);
  const user = await addUser(t.stores, { email, name: 'Juf Anna', schoolId: school.id });
  t.stores.accounts.touchActive(user.id, lastActive.toISOString());
  finish(user.id, 'start/intro', lastActive);
  return user;
}

function finish(userId: number, lessonKey: string, at: Date) {
  t.stores.progress.markDone(userId, lessonKey, at.toISOString());
  t.stores.progress.setCompleted(userId, lessonKey, true, at.toISOString());
}

test('a teacher quiet for 14 days who has not finished gets one reminder with their next step', async () => {
  const now = new Date();
  await quietTeacher('stil@school.nl', new Date(now.getTime() - 15 * DAY));
  await quietTeacher('bezig@school.nl', new Date(now.getTime() - 3 * DAY));
  expect(await sendReminders(deps, now)).toBe(1);
  const [mail] = t.stores.outbox.forRecipient('stil@school.nl');
  expect(mail!.kind).toBe('reminder');
  expect(mail!.subject).toBe('Ga je verder met Testcursus?');
  expect(mail!.text).toContain("Je volgende stap: de les 'Verder' in module 1 (Start).");
  expect(mail!.text).toContain('https://steun.test/course/start/verder');
  expect(mail!.text).toContain('https://steun.test/me');
  expect(t.stores.outbox.forRecipient('bezig@school.nl')).toEqual([]);

  // Later runs, and a run from a new process on the same database, write nothing more.
  expect(await sendReminders(deps, new Date(now.getTime() + DAY))).toBe(0);
  const other = openDatabase(t.config.databasePath);
  try {
    expect(await sendReminders({ ...deps, stores: createStores(other) }, new Date(now.getTime() + 2 * DAY))).toBe(0);
  } finally {
    other.close();
  }
  expect(t.stores.outbox.forRecipient('stil@school.nl')).toHaveLength(1);
});

test('after being active again and going quiet again, the next reminder comes', async () => {
  const now = new Date();
  const user = await quietTeacher('stil@school.nl', new Date(now.getTime() - 15 * DAY));
  expect(await sendReminders(deps, now)).toBe(1);
  t.stores.progress.touchLesson(user.id, 'start/verder', now.toISOString());
  expect(await sendReminders(deps, new Date(now.getTime() + 10 * DAY))).toBe(0);
  expect(await sendReminders(deps, new Date(now.getTime() + 15 * DAY))).toBe(1);
  expect(t.stores.outbox.forRecipient('stil@school.nl')).toHaveLength(2);
});

test('no reminder for a teacher who finished, who turned reminders off in /me, or who is deactivated', async () => {
  const now = new Date();
  const old = new Date(now.getTime() - 20 * DAY);
  const done = await quietTeacher('klaar@school.nl', old);
  finish(done.id, 'start/verder', old);
  const off = await quietTeacher('uit@school.nl', old);
  const gone = await quietTeacher('weg@school.nl', old);
  t.stores.accounts.setActive(gone.id, false);

  const agent = await signIn(t.app, 'uit@school.nl');
  expect((await agent.get('/me')).text).toContain('Geen herinneringen meer sturen');
  expect((await submitForm(agent, '/me', { reminders: '0' }, '/me/reminders')).status).toBe(303);
  expect((await agent.get('/me')).text).toContain('Je krijgt geen herinneringen per e-mail.');
  // Signing in was activity; make the teacher quiet again to test only the choice.
  t.stores.accounts.touchActive(off.id, old.toISOString());

  expect(await sendReminders(deps, now)).toBe(0);
  expect(t.stores.outbox.recent()).toEqual([]);
});

test('the certificate mail goes once, when the certificate can be had: not while study time is short', async () => {
  const now = new Date();
  const user = await quietTeacher('klaar@school.nl', new Date(now.getTime() - 60_000));
  expect(await sendCertificateMails(deps, now)).toBe(0);
  finish(user.id, 'start/verder', new Date(now.getTime() + 1000));
  // Every module complete, but no study time credited: the certificate would not download, so no mail.
  const later = new Date(now.getTime() + 2000);
  expect(await sendCertificateMails(deps, later)).toBe(0);
  const needed = Math.round(t.course.course.minutes * 60 / 3);
  const credited = new Date(later.getTime() + 1000);
  t.stores.progress.addActiveSeconds(user.id, 'start/verder', () => ({ seconds: needed, creditedUntil: credited.getTime() }), credited);
  const ready = new Date(credited.getTime() + 1000);
  expect(await sendCertificateMails(deps, ready)).toBe(1);
  finish(user.id, 'start/verder', new Date(ready.getTime() + 1000));
  expect(await sendCertificateMails(deps, new Date(ready.getTime() + 2000))).toBe(0);
  const [mail] = t.stores.outbox.forRecipient('klaar@school.nl');
  expect(mail!.subject).toBe('Je certificaat voor Testcursus staat klaar');
  expect(mail!.text).toContain('https://steun.test/certificate');
});

test('a run over thousands of quiet teachers writes the most recently quiet first and gives the event loop back while it reads', async () => {
  const now = new Date();
  const school = t.stores.accounts.addSchool('Grote school');
  // Written past the stores in one statement (the stores would take minutes): 4,500 teachers, quiet for 20 to 24 days.
  t.stores.sqlite
    .prepare(
      `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 4499)
       INSERT INTO users (email, name, role, school_id, created_at, last_active_at)
       SELECT 'stil' || i || '@school.nl', 'Leerkracht ' || i, 'teacher', ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', ?, '-' || (20 + i % 5) || ' days') FROM n`,
    )
    .run(school.id, now.toISOString(), now.toISOString());
  let others = 0;
  let running = true;
  const tick = () => {
    if (!running) return;
    others++;
    setImmediate(tick);
  };
  setImmediate(tick);
  const written = await sendReminders(deps, now, new Turns(0));
  running = false;
  expect(written).toBe(1000);
  expect(others).toBeGreaterThan(3);
  // The thousand written are the most recently quiet (20 days); the rest wait for the next run.
  const last = t.stores.sqlite.prepare("SELECT max(last_active_at) FROM users WHERE email LIKE 'stil%'").pluck().get() as string;
  expect(t.stores.outbox.hasKey(`reminder:${t.stores.accounts.userByEmailWithHash('stil0@school.nl')!.id}:${last}`)).toBe(true);
});
