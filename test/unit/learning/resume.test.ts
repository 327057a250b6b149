import { courseState } from '../../../src/learning/course-state';
import { lastSeenNeedsWrite, resumeStep } from '../../../src/learning/resume';
import type { LessonProgress } from '../../../src/learning/lesson-state';
import type { Course, Lesson, Module } from '../../../src/course/model';

function lessonOf(moduleSlug: string, slug: string, index: number, minutes: number): Lesson {
  return { slug, moduleSlug, key: `${moduleSlug}/${slug}`, file: `${slug}.md`, index, title: slug, minutes, parts: [], videos: [], reflections: [], exercises: [] };
}
function moduleOf(slug: string, index: number, lessons: string[]): Module {
  const ls = lessons.map((l, i) => lessonOf(slug, l, i, 5));
  return { slug, folder: slug, index, title: slug, summary: '', lessons: ls, quiz: null, minutes: ls.length * 5 };
}
const course: Course = {
  dir: '/x', title: 'C', language: 'nl', description: '', descriptionHtml: '', passScore: 0.8, videoCompletion: 0.9, certificate: null, minutes: 25,
  modules: [moduleOf('een', 0, ['a', 'b', 'c']), moduleOf('twee', 1, ['d', 'e'])],
};

type Seen = LessonProgress & { lastSeenAt: string };
function seen(key: string, at: string, done = false): [string, Seen] {
  return [key, { lessonKey: key, done, videos: [], reflectionIds: [], exerciseIds: [], activeSeconds: 0, lastSeenAt: at }];
}
const resume = (entries: [string, Seen][]) => {
  const progress = new Map(entries);
  return resumeStep(course, courseState(course, progress, new Map()), progress);
};

test('nothing opened yet: the first lesson, not as a resumption', () => {
  expect(resume([])).toEqual({ kind: 'lesson', moduleIndex: 0, lessonIndex: 0, minutes: 5, resumed: false });
});

test('the lesson opened last that is not finished, even when an earlier one is open too', () => {
  expect(resume([seen('een/a', '2026-11-01T10:00:00Z'), seen('een/c', '2026-11-02T10:00:00Z')])).toMatchObject({ moduleIndex: 0, lessonIndex: 2, resumed: true });
});

test('a finished lesson opened last does not count; the unfinished one before it does', () => {
  expect(resume([seen('een/b', '2026-11-01T10:00:00Z'), seen('een/a', '2026-11-03T10:00:00Z', true)])).toMatchObject({ lessonIndex: 1, resumed: true });
});

test('a lesson of a locked module is never where Verder goes', () => {
  expect(resume([seen('twee/d', '2026-11-05T10:00:00Z')])).toEqual({ kind: 'lesson', moduleIndex: 0, lessonIndex: 0, minutes: 5, resumed: false });
});

test('everything finished: the certificate', () => {
  const all = ['een/a', 'een/b', 'een/c', 'twee/d', 'twee/e'].map((k) => seen(k, '2026-11-01T10:00:00Z', true));
  expect(resume(all)).toEqual({ kind: 'certificate' });
});

describe('lastSeenNeedsWrite: "last seen" kept to the minute', () => {
  const at = (iso: string) => Date.parse(iso);
  const seenMap = (entries: [string, string][]) => new Map(entries.map(([k, v]) => [k, { lastSeenAt: v }]));
  test('a lesson without a mark is written', () => {
    expect(lastSeenNeedsWrite(seenMap([]), 'een/a', at('2026-11-01T10:00:00Z'))).toBe(true);
  });
  test('within the minute nothing is written; after it, it is', () => {
    const seen = seenMap([['een/a', '2026-11-01T10:00:00.000Z']]);
    expect(lastSeenNeedsWrite(seen, 'een/a', at('2026-11-01T10:00:59.000Z'))).toBe(false);
    expect(lastSeenNeedsWrite(seen, 'een/a', at('2026-11-01T10:01:00.000Z'))).toBe(false);
    expect(lastSeenNeedsWrite(seen, 'een/a', at('2026-11-01T10:01:00.001Z'))).toBe(true);
  });
  test('another lesson seen later: written at once, so "Verder" goes to the lesson seen last', () => {
    const seen = seenMap([['een/a', '2026-11-01T10:00:00.000Z'], ['een/b', '2026-11-01T10:00:20.000Z']]);
    expect(lastSeenNeedsWrite(seen, 'een/a', at('2026-11-01T10:00:30.000Z'))).toBe(true);
    expect(lastSeenNeedsWrite(seen, 'een/b', at('2026-11-01T10:00:30.000Z'))).toBe(false);
  });
});
