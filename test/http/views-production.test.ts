// The views as production renders them (compiled ahead, each include given only the names it can
// read: src/web/views.ts) against EJS's own render, on the real views and the data of real pages:
// a teacher's pages before and after she watched, answered, reflected and sent an exercise in part,
// an author's previews (whose included views read `preview` from the page) and a coordinator's report.
import path from 'node:path';
import { miniCourseApp, post, beacon, type CourseTestApp } from '../support/course-app';
import { addUser, signIn } from '../support/app';
import { viewEngine } from '../../src/web/views';

type Done = (err: Error | null, html?: string) => void;
const VIEWS = path.join(__dirname, '..', '..', 'views');

let t: CourseTestApp;
afterEach(() => t.close());

test('every page a teacher reaches renders the same in production as EJS renders it', async () => {
  t = await miniCourseApp();
  const production = viewEngine(VIEWS, true);
  const own = viewEngine(VIEWS, false);
  const compared: string[] = [];
  const differ: string[] = [];
  const render = (engine: typeof own, file: string, data: object) =>
    new Promise<string>((resolve, reject) => engine(file, data, (err, html) => (err ? reject(err) : resolve(html!))));
  // Both renders of one page see the same form token (a new mask is drawn at every call).
  t.app.engine('ejs', (file: string, data: object, done: Done) => {
    const fixed = { ...data, csrfToken: () => 'token' };
    Promise.all([render(production, file, fixed), render(own, file, fixed)])
      .then(([ahead, ejsOwn]) => {
        compared.push(path.relative(VIEWS, file));
        if (ahead !== ejsOwn) differ.push(path.relative(VIEWS, file));
        return render(own, file, data);
      })
      .then((html) => done(null, html), done);
  });

  const pages = ['/', '/cursus', '/course/begin/welkom', '/course/begin/oefenen', '/me', '/me/reflections', '/certificate', '/course/begin/welkom/transcript/1'];
  const visit = async () => {
    for (const url of pages) expect([url, (await t.teacher.get(url)).status]).toEqual([url, expect.any(Number)]);
  };
  await visit();
  // Watched, reflected, an exercise sent with a question left open (the draft), then answered.
  expect((await beacon(t.teacher, t.csrf, { lesson: 'begin/welkom', src: 'clip.mp4', watched: [], position: 0, duration: 3 })).status).toBe(204);
  t.clock.advance(3);
  expect((await beacon(t.teacher, t.csrf, { lesson: 'begin/welkom', src: 'clip.mp4', watched: [[0, 3]], position: 3, duration: 3 })).status).toBe(204);
  expect((await post(t.teacher, '/course/begin/oefenen/reflection/eigen-ervaring', t.csrf, { text: 'Rust <geven> & "helpen".' })).status).toBe(303);
  expect((await post(t.teacher, '/course/begin/oefenen/exercise/keuze', t.csrf, {})).status).toBe(400);
  expect((await post(t.teacher, '/course/begin/oefenen/exercise/keuze', t.csrf, { q0: '1' })).status).toBe(303);
  await visit();
  const school = t.stores.accounts.userById(t.teacherId)!.schoolId;
  await addUser(t.stores, { email: 'auteur@steun.nl', role: 'author' });
  await addUser(t.stores, { email: 'ib@regenboog.nl', role: 'coordinator', schoolId: school });
  const author = await signIn(t.app, 'auteur@steun.nl');
  for (const url of ['/author', '/author/preview/begin/welkom', '/author/preview/begin/oefenen', '/author/preview/begin/quiz']) expect([url, (await author.get(url)).status]).toEqual([url, 200]);
  const coordinator = await signIn(t.app, 'ib@regenboog.nl');
  for (const url of ['/reports', '/school']) expect([url, (await coordinator.get(url)).status]).toEqual([url, 200]);

  expect(differ).toEqual([]);
  // The lesson pages with their includes (video, reflection, exercise and its questions, the box, the outline) were among them.
  expect(compared.filter((f) => f === path.join('course', 'lesson.ejs')).length).toBeGreaterThanOrEqual(4);
  expect(compared.length).toBeGreaterThanOrEqual(15);
});
