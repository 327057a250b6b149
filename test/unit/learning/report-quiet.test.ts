// Who has been quiet, and the lists a coordinator reaches from a count: by next step and by quiet.
import { compileCourse } from '../../../src/course/compile';
import type { Course } from '../../../src/course/model';
import { filterRows, quietSince, quietTeachers, reportRow, stepKey, stepTitle, type ReportInput } from '../../../src/learning/report';
import { shortDutchDate } from '../../../src/learning/dates';
import { certificateFileName, fileSlug } from '../../../src/certificate/pdf';
import { MINI_COURSE } from '../../fixtures/course-builder';

let course: Course;
beforeAll(async () => {
  course = (await compileCourse(MINI_COURSE)).course!;
});

const NOW = new Date('2026-11-23T12:00:00.000Z');
let nextId = 1;
function row(name: string, lastSeenAt: string | null, completions: [string, string][] = []) {
  const input: ReportInput = {
    teacher: { id: nextId++, name, email: `${name.toLowerCase()}@school.nl`, active: true, lastActiveAt: null },
    completions: new Map(completions),
    activity: lastSeenAt === null ? null : { activeSeconds: 60, lastSeenAt },
    quizzes: [],
  };
  return reportRow(course, input);
}

test('quiet means started and not active for 14 days; the longest quiet come first, with their next step', () => {
  const rows = [
    row('Recent', '2026-11-20T10:00:00.000Z'),
    row('Lang', '2026-10-01T10:00:00.000Z', [['begin/welkom', '2026-10-01T10:00:00.000Z']]),
    row('Grens', '2026-11-09T11:59:00.000Z'),
    row('Nooit', null),
  ];
  const quiet = quietTeachers(course, rows, NOW);
  expect(quiet.map((q) => q.name)).toEqual(['Lang', 'Grens']);
  expect(quiet[0]!.step).toEqual({ moduleIndex: 0, lessonIndex: 1, title: 'Oefenen' });
  // Exactly 14 days is not yet quiet; a minute more is.
  expect(quietTeachers(course, [row('Net', '2026-11-09T12:00:00.000Z')], NOW)).toEqual([]);
});

test('filters by next step and by quiet, alone and together', () => {
  const rows = [row('A', '2026-11-20T10:00:00.000Z'), row('B', '2026-10-01T10:00:00.000Z', [['begin/welkom', '2026-10-01T10:00:00.000Z']]), row('C', null)];
  const names = (filter: Parameters<typeof filterRows>[1]) => filterRows(rows, filter).map((r) => r.name);
  expect(names({ status: null, search: '', step: '1-1' })).toEqual(['A']);
  expect(names({ status: null, search: '', step: '1-2' })).toEqual(['B']);
  expect(names({ status: null, search: '', quietSince: quietSince(NOW) })).toEqual(['B']);
  expect(names({ status: null, search: '', step: '1-1', quietSince: quietSince(NOW) })).toEqual([]);
  // Someone who never started has no next step in the "in progress" sense.
  expect(names({ status: null, search: '', step: '1-1' })).not.toContain('C');
});

test('steps are keyed 1-based, the quiz as "toets", with their titles', () => {
  expect(stepKey({ moduleIndex: 1, lessonIndex: 2 })).toBe('2-3');
  expect(stepKey({ moduleIndex: 0, lessonIndex: null })).toBe('1-toets');
  expect(stepTitle(course, { moduleIndex: 0, lessonIndex: null })).toBe('Toets beginnen');
  expect(stepTitle(course, { moduleIndex: 9, lessonIndex: 0 })).toBe('');
});

test('dates as Dutch readers write them, in the Netherlands\' time zone', () => {
  expect(shortDutchDate('2026-11-14T10:00:00.000Z')).toBe('14\u00a0nov.\u00a02026');
  expect(shortDutchDate('2026-05-03T10:00:00.000Z')).toBe('3\u00a0mei\u00a02026');
  // 23:30 UTC on 31 December is already New Year in Amsterdam.
  expect(shortDutchDate('2026-12-31T23:30:00.000Z')).toBe('1\u00a0jan.\u00a02027');
  expect(shortDutchDate(null)).toBe('');
});

test('certificate file names are plain ASCII slugs of course and name', () => {
  expect(certificateFileName('Steun in het onderwijs', 'Joris Meijer')).toBe('certificaat-steun-in-het-onderwijs-joris-meijer.pdf');
  expect(fileSlug('Zoë Çelik-van Dijk / "IB"')).toBe('zoe-celik-van-dijk-ib');
  expect(fileSlug('名前')).toBe('certificaat');
});
