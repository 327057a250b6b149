// The attack test's reproductions, against the bundled course's real videos: a client that claims
// to have watched gets no more credit than can have been played since it pressed play.
import path from 'node:path';
import type { Lesson, Video } from '../../src/course/model';
import { playableSeconds } from '../../src/learning/segments';
import { miniCourseApp, beacon, post, type CourseTestApp } from '../support/course-app';

const CONTENT = path.resolve(__dirname, '..', '..', 'content');

let t: CourseTestApp;
let lesson: Lesson;
let video: Video;
beforeEach(async () => {
  t = await miniCourseApp(CONTENT);
  // The bundled course comes with a study; this teacher declines it, and the course opens.
  expect((await post(t.teacher, '/study/consent', t.csrf, { decision: 'no' })).status).toBe(303);
  const first = t.course.course.modules[0]!;
  lesson = first.lessons.find((l) => l.videos.length > 0)!;
  video = lesson.videos[0]!;
  await t.teacher.get(`/course/${first.slug}/${lesson.slug}`);
});
afterEach(() => t.close());

const claim = (watched: [number, number][], position = video.durationSeconds) =>
  beacon(t.teacher, t.csrf, { lesson: lesson.key, src: video.src, watched, position, duration: video.durationSeconds });
const credited = () => Number(t.stores.progress.progressForTeacher(t.teacherId).get(lesson.key)?.videos.find((v) => v.src === video.src)?.segments.reduce((n, [s, e]) => n + e - s, 0) ?? 0);

/** The most that can have been played between `since` and now, by the app's clock. */
const bound = (since: number) => playableSeconds((t.clock.now() - since) / 1000, video.durationSeconds);

test('one beacon that claims the whole video credits a few seconds, not 100 %', async () => {
  expect(video.durationSeconds).toBeGreaterThan(30);
  const since = t.clock.now();
  const res = await claim([[0, video.durationSeconds]]);
  expect(res.status).toBe(204);
  expect(Number(res.headers['x-steun-watched'])).toBeLessThan(15);
  expect(credited()).toBeLessThanOrEqual(bound(since));
});

test('50 parallel beacons of one chunk each add nothing beyond the bound', async () => {
  const d = video.durationSeconds;
  const chunks = Array.from({ length: 50 }, (_, i) => [(i * d) / 50, ((i + 1) * d) / 50] as [number, number]);
  const since = t.clock.now();
  const results = await Promise.all(chunks.map((c) => claim([c])));
  expect(results.every((r) => r.status === 204)).toBe(true);
  // However long the 50 requests took on a busy machine, never more than could have been played.
  expect(credited()).toBeLessThanOrEqual(bound(since));
  expect(credited()).toBeLessThan(d / 2);
});

test('146 fragments of 1 ms, half a second apart, count as nothing', async () => {
  t.clock.advance(600);
  const fragments = Array.from({ length: 146 }, (_, i) => [i * 0.5, i * 0.5 + 0.001] as [number, number]).filter(([, e]) => e <= video.durationSeconds);
  const res = await claim(fragments);
  expect(res.status).toBe(204);
  expect(Number(res.headers['x-steun-watched'])).toBe(0);
});

test('a person playing at 2x, reporting every 10 s, reaches "Bekeken" and completes the lesson', async () => {
  expect((await claim([], 0)).status).toBe(204);
  let last = 0;
  for (let wall = 10; last < 99; wall += 10) {
    t.clock.advance(10);
    const played = Math.min(video.durationSeconds, wall * 2);
    const res = await claim([[0, played]], played);
    last = Number(res.headers['x-steun-watched']);
    expect(wall).toBeLessThan(video.durationSeconds);
  }
  expect(last).toBeGreaterThanOrEqual(99);
});

test('a person at 1x who reloads halfway (the player forgets what it played) still gets every part', async () => {
  await claim([], 0);
  t.clock.advance(30);
  await claim([[0, 30]], 30);
  // After the reload the player starts again at 30 s and only knows what it played since.
  await claim([], 30);
  t.clock.advance(video.durationSeconds - 30);
  const res = await claim([[30, video.durationSeconds]]);
  expect(Number(res.headers['x-steun-watched'])).toBeGreaterThanOrEqual(99);
});

test('a script that never plays cannot complete the lesson or reach the certificate', async () => {
  const [m] = t.course.course.modules;
  await claim([[0, video.durationSeconds]]);
  await post(t.teacher, `/course/${m!.slug}/${lesson.slug}/done`, t.csrf);
  expect(t.stores.progress.progressForTeacher(t.teacherId).get(lesson.key)!.completedAt).toBeNull();
  expect((await t.teacher.get('/certificate')).text).toContain('Nog geen certificaat');
});
