// Coordinators' report rows, the funnel of where teachers stop, filters and sorting; item statistics.
import { compileCourse } from '../../../src/course/compile';
import type { Course } from '../../../src/course/model';
import { filterRows, moduleFunnel, reportRow, sortRows, stoppingPoints, type ReportInput, type ReportRow } from '../../../src/learning/report';
import { itemStats } from '../../../src/learning/item-stats';
import { MINI_COURSE } from '../../fixtures/course-builder';

let course: Course;
beforeAll(async () => {
  course = (await compileCourse(MINI_COURSE)).course!;
});

let nextId = 1;
function teacher(name: string, input: Partial<ReportInput> = {}): ReportInput {
  const id = nextId++;
  return {
    teacher: { id, name, email: `${name.toLowerCase().replace(/\W+/g, '.')}@school.nl`, active: true, lastActiveAt: null },
    completions: new Map(),
    activity: null,
    quizzes: [],
    ...input,
  };
}
const module1 = () =>
  new Map([
    ['begin/welkom', '2026-03-01T10:00:00.000Z'],
    ['begin/oefenen', '2026-03-02T10:00:00.000Z'],
  ]);

test('not started, busy and finished, with the module a teacher is in and when they finished', () => {
  const fresh = reportRow(course, teacher('Ans'));
  expect(fresh).toMatchObject({ status: 'niet-gestart', modulesComplete: 0, currentModule: 0, completedOn: null, bestScores: [null, null] });

  const busy = reportRow(
    course,
    teacher('Bas', { completions: module1(), activity: { activeSeconds: 600, lastSeenAt: '2026-03-02T10:00:00.000Z' }, quizzes: [{ moduleSlug: 'begin', bestScore: 0.5, passedAt: '2026-03-03T09:00:00.000Z' }] }),
  );
  expect(busy).toMatchObject({ status: 'bezig', modulesComplete: 1, currentModule: 1, bestScores: [0.5, null], activeSeconds: 600, completedOn: null });

  const done = reportRow(
    course,
    teacher('Cor', {
      completions: new Map([...module1(), ['verder/afsluiten', '2026-03-05T12:00:00.000Z']]),
      activity: { activeSeconds: 3600, lastSeenAt: '2026-03-05T12:00:00.000Z' },
      quizzes: [{ moduleSlug: 'begin', bestScore: 1, passedAt: '2026-03-03T09:00:00.000Z' }],
    }),
  );
  expect(done).toMatchObject({ status: 'afgerond', modulesComplete: 2, currentModule: null, completedOn: '2026-03-05T12:00:00.000Z' });
});

test('a later module counts only once every earlier one is complete', () => {
  // Lessons of module 1 done but its quiz not passed; module 2's lesson done anyway.
  const row = reportRow(course, teacher('Dirk', { completions: new Map([...module1(), ['verder/afsluiten', '2026-03-05T12:00:00.000Z']]), activity: { activeSeconds: 60, lastSeenAt: '2026-03-05T12:00:00.000Z' } }));
  expect(row).toMatchObject({ status: 'bezig', modulesComplete: 0, currentModule: 0 });
});

test('the next step is the first lesson not complete in the current module, else its quiz', () => {
  const active = { activeSeconds: 60, lastSeenAt: '2026-03-02T10:00:00.000Z' };
  expect(reportRow(course, teacher('Hans')).currentStep).toEqual({ moduleIndex: 0, lessonIndex: 0 });
  expect(reportRow(course, teacher('Ina', { completions: new Map([['begin/welkom', '2026-03-01T10:00:00.000Z']]), activity: active })).currentStep).toEqual({ moduleIndex: 0, lessonIndex: 1 });
  // Only the second lesson done: the first is still the next step.
  expect(reportRow(course, teacher('Jan', { completions: new Map([['begin/oefenen', '2026-03-01T10:00:00.000Z']]), activity: active })).currentStep).toEqual({ moduleIndex: 0, lessonIndex: 0 });
  expect(reportRow(course, teacher('Kim', { completions: module1(), activity: active })).currentStep).toEqual({ moduleIndex: 0, lessonIndex: null });
  const passedQuiz = [{ moduleSlug: 'begin', bestScore: 1, passedAt: '2026-03-03T09:00:00.000Z' }];
  expect(reportRow(course, teacher('Lot', { completions: module1(), activity: active, quizzes: passedQuiz })).currentStep).toEqual({ moduleIndex: 1, lessonIndex: 0 });
  const all = new Map([...module1(), ['verder/afsluiten', '2026-03-05T12:00:00.000Z']]);
  expect(reportRow(course, teacher('Mo', { completions: all, activity: active, quizzes: passedQuiz })).currentStep).toBeNull();
});

test('stopping points: teachers in progress per next step, in course order, with who has gone quiet', () => {
  const now = new Date('2026-03-20T12:00:00.000Z');
  const recent = { activeSeconds: 60, lastSeenAt: '2026-03-19T10:00:00.000Z' };
  const old = { activeSeconds: 60, lastSeenAt: '2026-03-01T10:00:00.000Z' };
  const rows = [
    reportRow(course, teacher('Nel')),
    reportRow(course, teacher('Olaf', { completions: module1(), activity: old })),
    reportRow(course, teacher('Piet', { completions: module1(), activity: recent })),
    reportRow(course, teacher('Quinten', { activity: recent })),
  ];
  expect(stoppingPoints(course, rows, now)).toEqual([
    { moduleIndex: 0, lessonIndex: 0, title: 'Welkom', teachers: 1, quiet: 0 },
    { moduleIndex: 0, lessonIndex: null, title: 'Toets beginnen', teachers: 2, quiet: 1 },
  ]);
  expect(stoppingPoints(course, rows, now, 30).find((p) => p.lessonIndex === null)?.quiet).toBe(0);
});

test('a quiz attempt counts as activity, though it touches no lesson', () => {
  const now = new Date('2026-03-20T12:00:00.000Z');
  const row = reportRow(
    course,
    teacher('Roos', {
      completions: module1(),
      activity: { activeSeconds: 60, lastSeenAt: '2026-03-01T10:00:00.000Z' },
      quizzes: [{ moduleSlug: 'begin', bestScore: 0.2, passedAt: null, lastSubmittedAt: '2026-03-19T09:00:00.000Z' }],
    }),
  );
  expect(row.lastActivity).toBe('2026-03-19T09:00:00.000Z');
  expect(stoppingPoints(course, [row], now)).toEqual([{ moduleIndex: 0, lessonIndex: null, title: 'Toets beginnen', teachers: 1, quiet: 0 }]);
});

test('the funnel counts who reached and who completed each module', () => {
  const rows = [
    reportRow(course, teacher('Els')),
    reportRow(course, teacher('Fem', { activity: { activeSeconds: 10, lastSeenAt: '2026-03-01T00:00:00.000Z' } })),
    reportRow(course, teacher('Gijs', { completions: module1(), activity: { activeSeconds: 10, lastSeenAt: '2026-03-01T00:00:00.000Z' }, quizzes: [{ moduleSlug: 'begin', bestScore: 1, passedAt: '2026-03-03T09:00:00.000Z' }] })),
  ];
  expect(moduleFunnel(course, rows).map(({ reached, completed }) => ({ reached, completed }))).toEqual([
    { reached: 2, completed: 1 },
    { reached: 1, completed: 0 },
  ]);
});

describe('filter and sort', () => {
  let rows: ReportRow[];
  beforeAll(() => {
    rows = [
      reportRow(course, teacher('Özlem Kaya', { activity: { activeSeconds: 300, lastSeenAt: '2026-03-01T00:00:00.000Z' } })),
      reportRow(course, teacher('anna de Boer')),
      reportRow(course, teacher('Bram Smit', { completions: module1(), activity: { activeSeconds: 900, lastSeenAt: '2026-03-02T00:00:00.000Z' }, quizzes: [{ moduleSlug: 'begin', bestScore: 0.5, passedAt: null }] })),
    ];
  });

  test('search matches part of a name in any case, or of an address; status filters', () => {
    expect(filterRows(rows, { status: null, search: 'ÖZL' }).map((r) => r.name)).toEqual(['Özlem Kaya']);
    expect(filterRows(rows, { status: null, search: 'bram.smit@' }).map((r) => r.name)).toEqual(['Bram Smit']);
    expect(filterRows(rows, { status: 'niet-gestart', search: '' }).map((r) => r.name)).toEqual(['anna de Boer']);
    expect(filterRows(rows, { status: null, search: '  ' })).toHaveLength(3);
  });

  test('names sort as Dutch readers expect, and every column sorts both ways', () => {
    expect(sortRows(rows, 'naam', false).map((r) => r.name)).toEqual(['anna de Boer', 'Bram Smit', 'Özlem Kaya']);
    expect(sortRows(rows, 'tijd', true).map((r) => r.name)).toEqual(['Bram Smit', 'Özlem Kaya', 'anna de Boer']);
    expect(sortRows(rows, 'toets1', true).map((r) => r.name)[0]).toBe('Bram Smit');
    // Ties keep name order, whichever way the column goes.
    expect(sortRows(rows, 'modules', true).map((r) => r.name)).toEqual(['anna de Boer', 'Bram Smit', 'Özlem Kaya']);
    expect(sortRows(rows, 'status', false).map((r) => r.name)).toEqual(['anna de Boer', 'Bram Smit', 'Özlem Kaya']);
  });
});

test('item statistics: share right at the first attempt and the wrong option chosen most', () => {
  const quiz = course.modules[0]!.quiz!;
  const attempts = [
    { questions: [{ q: 0, chosen: [1], correct: true }, { q: 1, chosen: [0, 1], correct: false }] },
    { questions: [{ q: 0, chosen: [0], correct: false }, { q: 1, chosen: [1], correct: false }] },
    { questions: [{ q: 0, chosen: [1], correct: true }, { q: 1, chosen: [0, 2], correct: true }] },
  ];
  const [first, second] = itemStats(quiz, attempts);
  expect(first).toEqual({ q: 0, answered: 3, shareRight: 2 / 3, commonWrong: { option: 0, count: 1 } });
  expect(second).toEqual({ q: 1, answered: 3, shareRight: 1 / 3, commonWrong: { option: 1, count: 2 } });
  expect(itemStats(quiz, [])[0]).toEqual({ q: 0, answered: 0, shareRight: null, commonWrong: null });
});
