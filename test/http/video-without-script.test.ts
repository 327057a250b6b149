// A lesson with a video can be finished without JavaScript (review round 3, #12): the page says
// what to do instead, and "Ik heb de video bekeken" is credited by the server's clock alone, from
// when the page without JavaScript was shown — never faster than the video can be played.
import path from 'node:path';
import { FASTEST_RATE, CREDIT_SLACK_SECONDS } from '../../src/learning/segments';
import { miniCourseApp, post, beacon, type CourseTestApp } from '../support/course-app';
import { ROOT } from '../../src/app';

const COURSE = path.join(ROOT, 'test', 'fixtures', 'video-course');
const LESSON = '/course/kijken/video';

let t: CourseTestApp;
let duration: number;
beforeEach(async () => {
  t = await miniCourseApp(COURSE);
  duration = t.course.course.modules[0]!.lessons[0]!.videos[0]!.durationSeconds;
});
afterEach(() => t.close());

const watched = () => {
  const v = t.stores.progress.progressForTeacher(t.teacherId).get('kijken/video')?.videos[0];
  return v ? v.segments.reduce((n, [s, e]) => n + e - s, 0) : 0;
};
const complete = () => t.stores.progress.progressForTeacher(t.teacherId).get('kijken/video')?.completedAt != null;

/** What a browser without JavaScript does: the page, and the image in its <noscript>. */
async function openWithoutScript(): Promise<string> {
  const page = await t.teacher.get(LESSON);
  expect(page.status).toBe(200);
  const shown = /<div class="video-without-script">\s*<img src="([^"]+)"/.exec(page.text)?.[1];
  expect(shown).toBe(`${LESSON}/video/1/shown`);
  const image = await t.teacher.get(shown!);
  expect(image.status).toBe(200);
  expect(image.headers['content-type']).toBe('image/gif');
  return page.text;
}

const report = () => post(t.teacher, `${LESSON}/video/1`, t.csrf);

test('the page says what to do without JavaScript, with a button that counts the video', async () => {
  const page = await openWithoutScript();
  expect(page).toMatch(/<noscript>[\s\S]*Zonder JavaScript kan steun niet zien hoeveel je van deze video bekijkt[\s\S]*<form method="post" action="\/course\/kijken\/video\/video\/1">[\s\S]*Ik heb de video bekeken[\s\S]*<\/noscript>/);
});

test('pressed at once, the button credits only what can have been played since the page was shown', async () => {
  await openWithoutScript();
  const res = await report();
  expect(res.status).toBe(303);
  expect(res.headers.location).toBe(`${LESSON}#video-twintig-mp4`);
  expect(watched()).toBeLessThan(CREDIT_SLACK_SECONDS + 1);
  expect(complete()).toBe(false);
  // Pressing it again and again adds nothing the clock does not allow.
  for (let i = 0; i < 5; i++) await report();
  expect(watched()).toBeLessThan(CREDIT_SLACK_SECONDS + 1);
  const page = await t.teacher.get(LESSON);
  expect(page.text).toMatch(/telt nu voor \d+\u00a0% als bekeken[^<]*over \d+ seconden/);
  expect(page.text).toContain('<noscript>');
});

test('after the time the video takes, the button makes it count, and the lesson can be finished', async () => {
  await openWithoutScript();
  t.clock.advance(duration);
  expect((await report()).status).toBe(303);
  expect(watched()).toBeCloseTo(duration, 1);
  const page = await t.teacher.get(LESSON);
  expect(page.text).toContain('De video ‘Twintig seconden’ telt als bekeken.');
  expect(page.text).not.toContain('Ik heb de video bekeken');
  expect((await post(t.teacher, `${LESSON}/done`, t.csrf)).status).toBe(303);
  expect(complete()).toBe(true);
});

test('never faster than the fastest speed the player offers: half the length at double speed', async () => {
  await openWithoutScript();
  t.clock.advance((duration - CREDIT_SLACK_SECONDS) / FASTEST_RATE - 2);
  await report();
  expect(watched()).toBeLessThan(duration - 1);
  t.clock.advance(3);
  await report();
  expect(watched()).toBeCloseTo(duration, 1);
});

test('with images off too, the first press starts the clock; a later one counts', async () => {
  await t.teacher.get(LESSON);
  t.clock.advance(3600);
  // The lesson was open for an hour, but nothing started the video's clock: no credit at once.
  await report();
  expect(watched()).toBeLessThan(CREDIT_SLACK_SECONDS + 1);
  t.clock.advance(duration);
  await report();
  expect(watched()).toBeCloseTo(duration, 1);
});

test('a browser with JavaScript never starts the clock by opening the page: the player\'s first report does', async () => {
  await t.teacher.get(LESSON);
  t.clock.advance(600);
  const start = await beacon(t.teacher, t.csrf, { lesson: 'kijken/video', src: 'twintig.mp4', watched: [], position: 0, duration });
  expect(start.status).toBe(204);
  const claim = await beacon(t.teacher, t.csrf, { lesson: 'kijken/video', src: 'twintig.mp4', watched: [[0, duration]], position: duration, duration });
  expect(Number(claim.headers['x-steun-watched'])).toBeLessThan(20);
});

test('only the lesson\'s own videos, in open modules', async () => {
  expect((await post(t.teacher, `${LESSON}/video/2`, t.csrf)).status).toBe(404);
  expect((await post(t.teacher, `${LESSON}/video/x`, t.csrf)).status).toBe(404);
  expect((await t.teacher.get(`${LESSON}/video/0/shown`)).status).toBe(404);
});
