// A read-only or full database: a clear message for writes, reading goes on, and it recovers.
import { miniCourseApp, post, beacon, type CourseTestApp } from '../support/course-app';

let t: CourseTestApp;
beforeEach(async () => {
  t = await miniCourseApp();
});
afterEach(() => t.close());

test('when the database refuses writes, pages still read, writes get a 503 that says so, and it recovers', async () => {
  await post(t.teacher, '/course/begin/oefenen/reflection/eigen-ervaring', t.csrf, { text: 'eerste versie' });
  t.stores.sqlite.pragma('query_only = ON');

  const lesson = await t.teacher.get('/course/begin/oefenen');
  expect(lesson.status).toBe(200);
  expect(lesson.text).toContain('eerste versie');
  expect((await t.teacher.get('/')).status).toBe(200);

  const save = await post(t.teacher, '/course/begin/oefenen/reflection/eigen-ervaring', t.csrf, { text: 'tweede versie' });
  expect(save.status).toBe(503);
  expect(save.text).toContain('de opslag van de server is vol of alleen-lezen');
  expect(save.headers['retry-after']).toBe('120');
  const json = await beacon(t.teacher, t.csrf, { lesson: 'begin/welkom', src: 'clip.mp4', watched: [[0, 1]], position: 1, duration: 3 });
  expect(json.status).toBe(503);
  expect(json.body.error).toMatch(/niet worden opgeslagen/);

  t.stores.sqlite.pragma('query_only = OFF');
  expect((await post(t.teacher, '/course/begin/oefenen/reflection/eigen-ervaring', t.csrf, { text: 'tweede versie' })).status).toBe(303);
  expect(t.stores.progress.reflectionsForLesson(t.teacherId, 'begin/oefenen').get('eigen-ervaring')!.text).toBe('tweede versie');
});
