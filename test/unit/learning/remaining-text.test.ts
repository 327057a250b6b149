import { moduleRemainingText } from '../../../src/learning/remaining-text';

const quiz = (passed: boolean, exhausted = false) => ({ available: false, passed, bestScore: null, attemptsUsed: 0, attemptsLeft: null, exhausted, retryAt: null });

test('what remains of a module in one line: minutes, lessons and the quiz', () => {
  expect(moduleRemainingText({ lessonsTotal: 4, lessonsComplete: 1, quiz: quiz(false), minutesLeft: 22 })).toBe('nog ongeveer 22\u00a0min · 3 lessen en de toets');
  expect(moduleRemainingText({ lessonsTotal: 2, lessonsComplete: 1, quiz: null, minutesLeft: 5 })).toBe('nog ongeveer 5\u00a0min · 1 les');
  expect(moduleRemainingText({ lessonsTotal: 2, lessonsComplete: 2, quiz: quiz(false), minutesLeft: 6 })).toBe('nog ongeveer 6\u00a0min · de toets');
  expect(moduleRemainingText({ lessonsTotal: 2, lessonsComplete: 2, quiz: quiz(false, true), minutesLeft: 6 })).toBe('nog ongeveer 6\u00a0min · de toets (geen pogingen meer)');
});
