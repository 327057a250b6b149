// The bundled course itself: it compiles cleanly, comes to about two hours (115–125 minutes), and a teacher can walk it
// from the first lesson to the certificate by answering every quiz from its own answer key.
import path from 'node:path';
import { compileCourse } from '../../src/course/compile';
import { exerciseShown, type AttemptOrder } from '../../src/learning/grading';
import { miniCourseApp, post, watch, type CourseTestApp } from '../support/course-app';

const CONTENT = path.resolve(__dirname, '..', '..', 'content');

test('the bundled course compiles without errors or warnings and comes to 115–125 minutes', async () => {
  const result = await compileCourse(CONTENT);
  expect(result.diagnostics).toEqual([]);
  const course = result.course!;
  expect(course.modules).toHaveLength(5);
  expect(course.minutes).toBeGreaterThanOrEqual(115);
  expect(course.minutes).toBeLessThanOrEqual(125);
  for (const m of course.modules) {
    expect(m.lessons.length).toBeGreaterThanOrEqual(3);
    expect(m.lessons.flatMap((l) => l.videos).length).toBeGreaterThanOrEqual(1);
    expect(m.quiz!.questions.length).toBeGreaterThanOrEqual(5);
    expect(m.quiz!.questions.length).toBeLessThanOrEqual(8);
    for (const q of m.quiz!.questions) expect(q.explanationHtml).not.toBe('');
    for (const l of m.lessons) {
      for (const e of l.exercises) for (const q of e.questions) for (const o of q.options) expect(o.feedbackHtml).not.toBe('');
      for (const v of l.videos) {
        expect(v.durationSeconds).toBeGreaterThanOrEqual(60);
        expect(v.durationSeconds).toBeLessThanOrEqual(180);
      }
    }
  }
});

describe('a teacher walks the whole bundled course', () => {
  let t: CourseTestApp;
  beforeAll(async () => {
    t = await miniCourseApp(CONTENT);
  });
  afterAll(() => t.close());

  test('from the first lesson to the certificate', async () => {
    const course = t.course.course;
    // The bundled course comes with a study; this teacher declines it, and the course opens.
    expect((await post(t.teacher, '/study/consent', t.csrf, { decision: 'no' })).status).toBe(303);
    for (const m of course.modules) {
      for (const lesson of m.lessons) {
        const page = await t.teacher.get(`/course/${m.slug}/${lesson.slug}`);
        expect(page.status).toBe(200);
        for (const v of lesson.videos) {
          const res = await watch(t, t.teacher, t.csrf, { lesson: lesson.key, src: v.src, watched: [[0, v.durationSeconds]], position: v.durationSeconds, duration: v.durationSeconds });
          expect(res.status).toBe(204);
        }
        for (const r of lesson.reflections) {
          expect((await post(t.teacher, `/course/${m.slug}/${lesson.slug}/reflection/${r.id}`, t.csrf, { text: 'Mijn gedachten hierover.' })).status).toBe(303);
        }
        for (const e of lesson.exercises) {
          // The answer key, translated to the places this teacher sees the options in.
          const shown = exerciseShown(e, { userId: t.teacherId, lessonKey: lesson.key });
          const fields = Object.fromEntries(shown.map(({ question, options }, i) => [`q${i}`, options.flatMap((written, place) => (question.options[written]!.correct ? [String(place)] : []))]));
          expect((await post(t.teacher, `/course/${m.slug}/${lesson.slug}/exercise/${e.id}`, t.csrf, fields)).status).toBe(303);
        }
        // Reading takes the lesson's minutes; the time is credited when the lesson is marked done.
        t.clock.advance(lesson.minutes * 60);
        expect((await post(t.teacher, `/course/${m.slug}/${lesson.slug}/done`, t.csrf)).status).toBe(303);
      }
      const quizPage = await t.teacher.get(`/course/${m.slug}/quiz`);
      expect(quizPage.status).toBe(200);
      const attemptId = /name="attempt" value="([^"]+)"/.exec(quizPage.text)![1]!;
      const { order } = t.stores.attempts.byId<AttemptOrder, never>(attemptId)!;
      // The answer key, translated to the positions this attempt shows.
      const fields: Record<string, string[]> = { attempt: [attemptId] };
      order.questions.forEach((entry, i) => {
        const question = m.quiz!.questions[entry.q]!;
        fields[`q${i}`] = entry.options.map((written, shown) => (question.options[written]!.correct ? String(shown) : null)).filter((x): x is string => x !== null);
      });
      const result = await post(t.teacher, `/course/${m.slug}/quiz`, t.csrf, { ...fields, attempt: attemptId }).redirects(1);
      expect(result.status).toBe(200);
      expect(result.text).toContain('Gehaald!');
      expect(result.text).toContain('100&nbsp;%');
    }
    const home = await t.teacher.get('/');
    expect(home.text).toContain('Gefeliciteerd');
    const pdf = await t.teacher.get('/certificate');
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
  });
});

describe('the bundled study', () => {
  test('follows the design: two waves before the course, the second beforeCourse, a follow-up 90 days after it but before the summer holiday', async () => {
    const study = (await compileCourse(CONTENT)).course!.study!;
    expect(study.waves.map((w) => [w.id, w.opens, w.beforeCourse])).toEqual([
      ['t0', { kind: 'start' }, false],
      ['t1', { kind: 'after-wave', wave: 't0', days: 28 }, true],
      ['t2', { kind: 'after-course', days: 90 }, false],
    ]);
    const summer = study.holidays.find((h) => h.name === 'Zomervakantie')!;
    expect(study.waves[2]!.lastDay! < summer.from).toBe(true);
    expect(study.waves[2]!.notAfter! < study.waves[2]!.lastDay!).toBe(true);
    const keuze = study.questionnaires.find((q) => q.id === 'keuze')!;
    expect(keuze.items.map((i) => i.id)).toEqual(expect.arrayContaining(['reden', 'jaren']));
    expect(study.questionnaires.find((q) => q.id === 'relatie')).toMatchObject({ about: 'pupil', subscales: ['nabijheid', 'conflict'] });
    expect(study.questionnaires.find((q) => q.id === 'vertrouwen')).toMatchObject({ about: 'self', subscales: ['vertrouwen'] });
    expect(study.consent.text).toContain('vervangt ze door zijn eigen, gevalideerde vragenlijsten');
  });

  test("measures the pupil's cognitive and social functioning at every wave, marked as a placeholder like every bundled questionnaire", async () => {
    const study = (await compileCourse(CONTENT)).course!.study!;
    expect(study.questionnaires.find((q) => q.id === 'functioneren')).toMatchObject({ about: 'pupil', subscales: ['cognitief', 'sociaal'], placeholder: true });
    for (const wave of study.waves) expect(wave.questionnaires).toContain('functioneren');
    for (const q of study.questionnaires) expect([q.id, q.placeholder, q.instrument]).toEqual([q.id, true, null]);
  });

  test('every wave takes under 20 minutes (as the consent says), with the most pupils and 15 seconds an item', async () => {
    const study = (await compileCourse(CONTENT)).course!.study!;
    for (const wave of study.waves) {
      const items = wave.questionnaires.reduce((n, id) => {
        const q = study.questionnaires.find((x) => x.id === id)!;
        return n + q.items.length * (q.about === 'pupil' ? study.pupils!.max : 1);
      }, 0);
      expect(items * 15).toBeLessThan(20 * 60);
    }
  });
});
