// The test-wise guesser on the bundled course: no strategy passes a quiz or gets more than half of
// the exercise questions right, in the course as a whole and in any lesson the checker judges alone.
import path from 'node:path';
import { compileCourse } from '../../../src/course/compile';
import type { Course } from '../../../src/course/model';
import { MIN_QUESTIONS, playStrategy, scopesOf, STRATEGIES } from '../../../src/course/guessers';

const CONTENT = path.resolve(__dirname, '..', '..', '..', 'content');
let course: Course;
beforeAll(async () => {
  course = (await compileCourse(CONTENT)).course!;
});

test('no guessing strategy passes any quiz, nor gets more than half of one right', () => {
  const quizzes = scopesOf(course.modules).filter((s) => s.kind === 'quiz');
  expect(quizzes).toHaveLength(5);
  for (const scope of quizzes) {
    const n = scope.questions.length;
    for (const strategy of STRATEGIES) {
      const { expected } = playStrategy(strategy, scope.questions);
      const result = { quiz: scope.file, strategy: strategy.id, passes: expected + 1e-9 >= scope.passScore! * n, overHalf: expected > n / 2 + 1e-9 };
      expect(result).toEqual({ ...result, passes: false, overHalf: false });
    }
  }
});

test('no guessing strategy gets more than half of the exercise questions right, in the course or in a lesson judged alone', () => {
  const scopes = scopesOf(course.modules).filter((s) => s.kind === 'course-exercises' || (s.kind === 'lesson' && s.questions.length >= MIN_QUESTIONS));
  expect(scopes.find((s) => s.kind === 'course-exercises')!.questions.length).toBeGreaterThanOrEqual(25);
  for (const scope of scopes) {
    for (const strategy of STRATEGIES) {
      const { expected } = playStrategy(strategy, scope.questions);
      expect({ scope: scope.file ?? 'alle oefeningen', strategy: strategy.id, atMostHalf: expected <= scope.questions.length / 2 + 1e-9 }).toEqual({
        scope: scope.file ?? 'alle oefeningen',
        strategy: strategy.id,
        atMostHalf: true,
      });
    }
  }
});

test('exercise options are shuffled, so a place says nothing about the key', () => {
  for (const m of course.modules) for (const l of m.lessons) for (const e of l.exercises) expect({ exercise: `${l.file}#${e.id}`, shuffle: e.shuffle }).toEqual({ exercise: `${l.file}#${e.id}`, shuffle: true });
});
