// The study's wave mails, sent by the server's schedule: a wave closing soon is mailed once per
// teacher and wave; the first wave, which opens on the consent page itself, is not mailed.
import path from 'node:path';
import { createLogger } from '../../src/logger';
import { sendReminders, sendStudyMails, type ScheduleDeps } from '../../src/mail/schedules';
import { statusesForNotifications } from '../../src/teacher/read';
import { miniCourseApp, post, type CourseTestApp } from '../support/course-app';

const CONTENT = path.resolve(__dirname, '..', '..', 'content');
const DAY = 86_400_000;
let t: CourseTestApp;
let deps: ScheduleDeps;

beforeEach(async () => {
  t = await miniCourseApp(CONTENT);
  deps = { stores: t.stores, course: t.course, logger: createLogger('silent'), baseUrl: 'https://steun.test', platform: 'steun', now: t.clock.now };
});
afterEach(() => t.close());

const studyMails = () => t.stores.outbox.recent().filter((m) => m.kind.startsWith('study-wave'));

test('consenting opens the first wave without a mail; three days before it closes the teacher is told, once', async () => {
  const consented = Date.now();
  expect((await post(t.teacher, '/study/consent', t.csrf, { decision: 'yes' })).status).toBe(303);
  expect(await sendStudyMails(deps, new Date(consented + 60_000))).toBe(0);
  expect(studyMails()).toEqual([]);

  // The first wave closes 21 open days after consent (school holidays not counted); the warning is due three days before.
  const closes = (await statusesForNotifications(t.course.course, t.stores, new Date(consented + 60_000)))[0]!.statuses[0]!.closesAt!.getTime();
  expect(closes).toBeGreaterThanOrEqual(consented + 21 * DAY);
  expect(await sendStudyMails(deps, new Date(closes - 4 * DAY))).toBe(0);
  expect(await sendStudyMails(deps, new Date(closes - 2 * DAY))).toBe(1);
  const [mail] = studyMails();
  expect(mail).toMatchObject({ kind: 'study-wave-closing', to: 'juf@regenboog.nl' });
  expect(mail!.subject).toContain('Eerste meting');
  expect(mail!.text).toContain('https://steun.test/study');
  // Running again, or from a second process reading the same outbox, writes nothing more.
  expect(await sendStudyMails(deps, new Date(closes - 2 * DAY + 60_000))).toBe(0);
  expect(studyMails()).toHaveLength(1);
});

test('a teacher who declined gets no study mail', async () => {
  const declined = Date.now();
  expect((await post(t.teacher, '/study/consent', t.csrf, { decision: 'no' })).status).toBe(303);
  expect(await sendStudyMails(deps, new Date(declined + 19 * DAY))).toBe(0);
  expect(studyMails()).toEqual([]);
});

test('no reminder for a teacher whose course still waits for the study', async () => {
  // Quiet for three weeks, and never said whether they take part: the course has not opened for them.
  t.stores.accounts.touchActive(t.teacherId, new Date(Date.now() - 21 * DAY).toISOString());
  expect(await sendReminders(deps)).toBe(0);
  expect(t.stores.outbox.recent().filter((m) => m.kind === 'reminder')).toEqual([]);
});
