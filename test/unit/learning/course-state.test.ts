// The learning rules on the mini course: what completes a lesson, what opens a module, what is next,
// and the Dutch that tells a teacher what remains.
import { holdCourse, type Hold } from '../../../src/learning/course-state';
import { standing, statusText, studyTimeShortText, wayOn } from '../../../src/learning/standing';
import { lockText } from '../../../src/learning/remaining-text';
import { compileCourse } from '../../../src/course/compile';
import type { Course } from '../../../src/course/model';
import { courseState, nextStepHref, quizGate, type QuizRecord } from '../../../src/learning/course-state';
import { lessonState, type LessonProgress } from '../../../src/learning/lesson-state';
import { describeRemaining, joinDutch, opensWhen } from '../../../src/learning/remaining-text';
import type { Remaining } from '../../../src/learning/lesson-state';

/** What remains, said as one sentence. */
const describeAll = (remaining: readonly Remaining[]) => (remaining.length ? `Nog te doen: ${joinDutch(remaining.map(describeRemaining))}.` : '');
import { MINI_COURSE } from '../../fixtures/course-builder';

let course: Course;
beforeAll(async () => {
  const result = await compileCourse(MINI_COURSE);
  if (!result.course) throw new Error('the mini course does not compile');
  course = result.course;
});

const welkom = () => course.modules[0]!.lessons[0]!;
const oefenen = () => course.modules[0]!.lessons[1]!;
const afsluiten = () => course.modules[1]!.lessons[0]!;

function progress(key: string, p: Partial<LessonProgress> = {}): [string, LessonProgress] {
  return [key, { lessonKey: key, done: false, videos: [], reflectionIds: [], exerciseIds: [], activeSeconds: 0, ...p }];
}
function watched(fraction: number): Partial<LessonProgress> {
  const v = welkom().videos[0]!;
  return { videos: [{ src: v.src, segments: [[0, v.durationSeconds * fraction]], position: 0, duration: v.durationSeconds }] };
}
const module1Lessons = () =>
  new Map([
    progress(welkom().key, { ...watched(1), done: true }),
    progress(oefenen().key, { done: true, reflectionIds: ['eigen-ervaring'], exerciseIds: ['keuze'] }),
  ]);
const passed: QuizRecord = { attempts: 1, bestScore: 1, passed: true };

test('a new teacher: module 1 open, module 2 locked by it, the first lesson next', () => {
  const state = courseState(course, new Map(), new Map());
  expect(state.modules.map((m) => m.state)).toEqual(['open', 'locked']);
  expect(state.modules[1]!.lock).toEqual({ kind: 'module', index: 0 });
  expect(state.modules[0]!.quiz).toMatchObject({ available: false, attemptsLeft: 3, exhausted: false });
  expect(nextStepHref(state.next)).toBe(`/course/begin/${welkom().slug}`);
  expect(state.percent).toBe(0);
  expect(state.complete).toBe(false);
});

test('a video counts from the share played, not from how far the teacher jumped', () => {
  const v = welkom().videos[0]!;
  const jumped = new Map([progress(welkom().key, { done: true, videos: [{ src: v.src, segments: [[0, v.durationSeconds * 0.2], [v.durationSeconds * 0.9, v.durationSeconds]], position: v.durationSeconds, duration: v.durationSeconds }] })]);
  const s = lessonState(welkom(), jumped.get(welkom().key), course);
  expect(s.complete).toBe(false);
  expect(describeAll(s.remaining)).toBe(`Nog te doen: video 'Een korte clip' in 'Welkom' (30\u00a0% bekeken).`);
  expect(lessonState(welkom(), progress(welkom().key, { ...watched(0.9), done: true })[1], course).complete).toBe(true);
  expect(lessonState(welkom(), progress(welkom().key, { ...watched(0.89), done: true })[1], course).complete).toBe(false);
});

test('a lesson needs its reflection, its exercise and the done mark, and says which are missing', () => {
  const s = lessonState(oefenen(), progress(oefenen().key, { reflectionIds: ['eigen-ervaring'] })[1], course);
  expect(s.started).toBe(true);
  expect(describeAll(s.remaining)).toBe(`Nog te doen: oefening in 'Oefenen' en les 'Oefenen' afronden.`);
  expect(lessonState(oefenen(), undefined, course).started).toBe(false);
});

test('all lessons complete opens the quiz; passing it completes the module and opens the next', () => {
  const before = courseState(course, module1Lessons(), new Map());
  expect(before.modules[0]!.quiz!.available).toBe(true);
  expect(quizGate(before, 0, Date.now())).toEqual({ ok: true });
  expect(nextStepHref(before.next)).toBe('/course/begin/quiz');
  expect(before.modules[1]!.state).toBe('locked');
  const after = courseState(course, module1Lessons(), new Map([['begin', passed]]));
  expect(after.modules.map((m) => m.state)).toEqual(['complete', 'open']);
  expect(nextStepHref(after.next)).toBe(`/course/verder/${afsluiten().slug}`);
});

test('a failed quiz keeps the next module locked and tells the best score', () => {
  const state = courseState(course, module1Lessons(), new Map([['begin', { attempts: 1, bestScore: 0, passed: false }]]));
  expect(state.modules[1]!.state).toBe('locked');
  expect(describeAll(state.modules[0]!.remaining)).toBe('Nog te doen: toets module 1 (50\u00a0% nodig, je beste score is 0\u00a0%).');
});

test('every attempt used without passing: the quiz is closed and the teacher is sent for help', () => {
  const state = courseState(course, module1Lessons(), new Map([['begin', { attempts: 3, bestScore: 0.3, passed: false }]]));
  expect(state.modules[0]!.quiz).toMatchObject({ exhausted: true, attemptsLeft: 0 });
  const gate = quizGate(state, 0, Date.now());
  expect(gate.ok).toBe(false);
  expect(gate.ok === false && gate.reason).toBe('attempts-exhausted');
  expect(describeAll(state.modules[0]!.remaining)).toContain('geen pogingen meer');
});

test('the quiz of an open module waits for its lessons, and a locked module points at its blocker', () => {
  const lessons = quizGate(courseState(course, new Map(), new Map()), 0, Date.now());
  expect(lessons.ok === false && lessons.reason).toBe('lessons-incomplete');
  expect(lessons.ok === false && lessons.remaining.some((r) => r.kind === 'quiz')).toBe(false);
});

test('everything complete: the certificate is next, 100 %; progress under unknown keys changes nothing', () => {
  const all = module1Lessons();
  all.set(afsluiten().key, progress(afsluiten().key, { done: true })[1]);
  all.set('weg/oude-les', progress('weg/oude-les', { done: true })[1]);
  const state = courseState(course, all, new Map([['begin', passed]]));
  expect(state.complete).toBe(true);
  expect(state.percent).toBe(100);
  expect(state.minutesLeft).toBe(0);
  expect(nextStepHref(state.next)).toBe('/certificate');
  expect(state.lessonsComplete).toBe(3);
});

test('progress is counted in minutes of the estimate, rounded down', () => {
  const state = courseState(course, new Map([progress(afsluiten().key, { done: true })]), new Map());
  // A lesson of a locked module that is complete still counts as study done.
  expect(state.minutesLeft).toBe(course.minutes - afsluiten().minutes);
  expect(state.percent).toBe(Math.round((afsluiten().minutes / course.minutes) * 100));
});

describe('Dutch texts', () => {
  test('lists read as Dutch', () => {
    expect(joinDutch([])).toBe('');
    expect(joinDutch(['a'])).toBe('a');
    expect(joinDutch(['a', 'b', 'c'])).toBe('a, b en c');
  });

  test('a locked module opens after every module before it, named as a range', () => {
    expect(opensWhen(1, 0)).toBe('als je module 1 hebt afgerond');
    expect(opensWhen(4, 3)).toBe('als je module 4 hebt afgerond');
    expect(opensWhen(2, 0)).toBe('als je module 1 en 2 hebt afgerond');
    expect(opensWhen(4, 0)).toBe('als je module 1 tot en met 4 hebt afgerond');
  });
});

describe('a hold is an input of the course state', () => {
  const hold: Hold = { title: 'Je cursus begint na de tweede meting', explanation: 'Tot die tijd hoef je niets te doen.', lockLine: 'Gaat open na de tweede meting.', href: '/study', linkText: 'Naar het onderzoek' };

  test('under a hold every module not complete is locked by it and the next step is the hold', () => {
    const held = holdCourse(courseState(course, new Map(), new Map()), hold);
    expect(held.modules.map((m) => [m.state, m.lock?.kind])).toEqual([['locked', 'hold'], ['locked', 'hold']]);
    expect(held.modules[0]!.quiz?.available).toBe(false);
    expect(held.next).toEqual({ kind: 'hold', hold });
    expect(nextStepHref(held.next)).toBe('/study');
    expect(lockText(held.modules[1]!)).toBe('Gaat open na de tweede meting.');
    expect(quizGate(held, 0, Date.now())).toMatchObject({ ok: false, reason: 'locked', remaining: [] });
  });

  test('what a teacher completed stays complete and open under a hold; a complete course is not held', () => {
    const base = courseState(course, module1Lessons(), new Map([['begin', passed]]));
    expect(base.modules[0]!.state).toBe('complete');
    const held = holdCourse(base, hold);
    expect(held.modules.map((m) => m.state)).toEqual(['complete', 'locked']);
    expect(held.percent).toBe(base.percent);
    expect(holdCourse(base, null)).toBe(base);
  });
});

describe('one meaning of done', () => {
  const c = { minutes: 120, modules: [{}] as unknown as Course['modules'] };
  test('every module complete with too little study time is its own status, with the minutes it still needs', () => {
    const s = standing(c, { modulesComplete: true, started: true, studiedSeconds: 7 * 60 });
    expect(s).toMatchObject({ status: 'studietijd', modulesComplete: true, certificateReady: false });
    expect(s.studyTime).toMatchObject({ required: 40 * 60, studiedMinutes: 7, requiredMinutes: 40, minutesLeft: 33 });
    expect(statusText(s)).toBe('alle modules klaar, studietijd nog 33\u00a0min');
    expect(studyTimeShortText(s.studyTime)).toBe('Alle modules zijn klaar. Voor je certificaat telt ook je studietijd: je hebt 7\u00a0min van de 40\u00a0min, nog ongeveer 33\u00a0min.');
  });
  test('afgerond only when the certificate can be had; bezig and niet gestart before', () => {
    expect(standing(c, { modulesComplete: true, started: true, studiedSeconds: 40 * 60 })).toMatchObject({ status: 'afgerond', certificateReady: true });
    expect(standing(c, { modulesComplete: false, started: true, studiedSeconds: 99 * 60 }).status).toBe('bezig');
    expect(standing(c, { modulesComplete: false, started: false, studiedSeconds: 0 }).status).toBe('niet-gestart');
  });
  test('the way on after the last step: the certificate when ready, else what it still needs; a hold leads to its page', () => {
    expect(wayOn({ kind: 'certificate' }, { certificateReady: true })).toEqual({ href: '/certificate', label: 'Download je certificaat (PDF)' });
    expect(wayOn({ kind: 'certificate' }, { certificateReady: false }).label).not.toContain('Download');
  });
});

describe("a lesson's state kept beside a progress object that cannot change", () => {
  test('a frozen progress object gives the same (frozen) state; a changed copy, another threshold or lesson is worked out afresh', () => {
    const [, half] = progress(welkom().key, { ...watched(0.5), done: true });
    Object.freeze(half);
    const first = lessonState(welkom(), half, course);
    expect(lessonState(welkom(), half, course)).toBe(first);
    expect(Object.isFrozen(first.remaining)).toBe(true);
    expect(first.complete).toBe(false);
    // A lower threshold: the same object, a different answer.
    expect(lessonState(welkom(), half, { videoCompletion: 0.4 }).complete).toBe(true);
    expect(lessonState(welkom(), half, course).complete).toBe(false);
    // The store hands out a new object when the lesson changes: worked out again.
    const whole = Object.freeze({ ...half, ...watched(1) });
    expect(lessonState(welkom(), whole, course).complete).toBe(true);
    // Another lesson with the same object is not answered from the first.
    expect(lessonState(oefenen(), half, course).remaining.map((r) => r.kind)).toEqual(['reflection', 'exercise']);
  });

  test("a lesson nobody opened keeps its (frozen) state beside the lesson; another threshold or lesson is worked out afresh", () => {
    const first = lessonState(welkom(), undefined, course);
    expect(lessonState(welkom(), undefined, course)).toBe(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first.remaining) && first.remaining.every((r) => Object.isFrozen(r))).toBe(true);
    expect(first).toMatchObject({ complete: false, started: false, done: false });
    expect(first.remaining.map((r) => r.kind)).toEqual(['video', 'done']);
    expect(lessonState(welkom(), undefined, { videoCompletion: 0.4 })).not.toBe(first);
    expect(lessonState(welkom(), undefined, { videoCompletion: 0.4 }).remaining.map((r) => r.kind)).toEqual(['video', 'done']);
    expect(lessonState(oefenen(), undefined, course).remaining.map((r) => r.kind)).toEqual(['reflection', 'exercise', 'done']);
    expect(lessonState(welkom(), undefined, course)).not.toBe(first); // the threshold changed in between: worked out again
    expect(lessonState(welkom(), undefined, course)).toEqual(first);
  });

  test('an object that can still change is never answered from before', () => {
    const [, open] = progress(welkom().key, { ...watched(1) });
    expect(lessonState(welkom(), open, course).complete).toBe(false);
    open.done = true;
    expect(lessonState(welkom(), open, course).complete).toBe(true);
  });
});
