// Quizzes and exercises: each attempt's own order, strict reading of the form, exact grading.
import { compileCourse } from '../../../src/course/compile';
import type { Exercise, Quiz } from '../../../src/course/model';
import { createAttemptOrder, exerciseShown, gradeAttempt, gradeExercise, isRight, orderFits, parseChoices, shownQuestions } from '../../../src/learning/grading';
import { MINI_COURSE } from '../../fixtures/course-builder';

let quiz: Quiz;
beforeAll(async () => {
  const course = (await compileCourse(MINI_COURSE)).course!;
  quiz = course.modules[0]!.quiz!;
});

/** A fixed sequence for the shuffle: the same order on every run. */
function sequence(...values: number[]) {
  let i = 0;
  return () => values[i++ % values.length]!;
}

describe('attempt order', () => {
  test('without shuffle, questions and options stay as written', () => {
    expect(createAttemptOrder(quiz).questions).toEqual([
      { q: 0, options: [0, 1] },
      { q: 1, options: [0, 1, 2] },
    ]);
  });

  test('with shuffle, every question and option is there exactly once', () => {
    const shuffling = { ...quiz, shuffle: true };
    const order = createAttemptOrder(shuffling, sequence(0, 0.9, 0.1));
    expect(order.questions.map((e) => e.q).sort()).toEqual([0, 1]);
    for (const e of order.questions) expect([...e.options].sort()).toEqual(quiz.questions[e.q]!.options.map((o) => o.index));
    expect(order).not.toEqual(createAttemptOrder(quiz));
    expect(orderFits(quiz, order)).toBe(true);
  });

  test('an order stored before the quiz changed no longer fits', () => {
    expect(orderFits(quiz, { questions: [{ q: 0, options: [0, 1] }] })).toBe(false);
    expect(orderFits(quiz, { questions: [{ q: 0, options: [0, 1] }, { q: 5, options: [0, 1, 2] }] })).toBe(false);
    expect(orderFits(quiz, { questions: [{ q: 0, options: [0, 2] }, { q: 1, options: [0, 1, 2] }] })).toBe(false);
  });
});

describe('reading the form', () => {
  test('positions as shown become options as written', () => {
    const order = { questions: [{ q: 1, options: [2, 0, 1] }, { q: 0, options: [1, 0] }] };
    const parsed = parseChoices(shownQuestions(quiz, order), { q0: ['0', '1'], q1: '0' });
    expect(parsed).toEqual({ ok: true, answers: [[0, 2], [1]] });
  });

  test('a missing answer is an empty choice, not an error', () => {
    expect(parseChoices(shownQuestions(quiz, createAttemptOrder(quiz)), {})).toEqual({ ok: true, answers: [[], []] });
  });

  test('malformed answers are errors that say what was wrong', () => {
    const shown = shownQuestions(quiz, createAttemptOrder(quiz));
    const bad = parseChoices(shown, { q0: ['0', '1'], q1: ['7', 'x', '0', '0'], q9: '1' });
    expect(bad.ok).toBe(false);
    expect(bad.ok === false && bad.errors).toEqual([
      'Vraag 10 bestaat niet in deze toets.',
      'Vraag 1: kies één antwoord.',
      'Vraag 2: "7" is geen van de antwoorden.',
      'Vraag 2: "x" is geen van de antwoorden.',
      'Vraag 2: hetzelfde antwoord staat er twee keer.',
    ]);
  });
});

describe('grading', () => {
  test('single choice: exactly the right option; multiple choice: exactly the right set', () => {
    const [single, multiple] = quiz.questions;
    expect(isRight(single!, [1])).toBe(true);
    expect(isRight(single!, [0])).toBe(false);
    expect(isRight(multiple!, [0, 2])).toBe(true);
    expect(isRight(multiple!, [0])).toBe(false);
    expect(isRight(multiple!, [0, 1, 2])).toBe(false);
    expect(isRight(multiple!, [])).toBe(false);
  });

  test('the score is the share right; passing needs the pass score', () => {
    const order = createAttemptOrder(quiz);
    expect(gradeAttempt(quiz, order, [[1], [0, 2]])).toMatchObject({ score: 1, correctCount: 2, total: 2, passed: true });
    expect(gradeAttempt(quiz, order, [[1], [0]])).toMatchObject({ score: 0.5, passed: true });
    expect(gradeAttempt(quiz, order, [[0], [0]])).toMatchObject({ score: 0, passed: false });
    expect(gradeAttempt(quiz, order, []).questions.map((q) => q.chosen)).toEqual([[], []]);
  });

  test('exercise feedback belongs to the options chosen', async () => {
    const course = (await compileCourse(MINI_COURSE)).course!;
    const exercise = course.modules[0]!.lessons[1]!.exercises[0]!;
    const parsed = parseChoices(exerciseShown(exercise, { userId: 1, lessonKey: 'begin/oefenen' }), { q0: '0' });
    expect(parsed.ok).toBe(true);
    const [feedback] = gradeExercise(exercise, parsed.ok ? parsed.answers : []);
    expect(feedback!.correct).toBe(false);
    expect(Object.keys(feedback!.feedback)).toEqual(['0']);
    expect(feedback!.feedback[0]).toContain('spanning groter');
  });
});

describe('exercise order', () => {
  const exercise = (shuffle: boolean): Exercise => ({
    id: 'keuze',
    shuffle,
    questions: [0, 1].map((index) => ({
      index,
      line: 1,
      text: `Vraag ${index}`,
      html: '',
      bodyHtml: '',
      multiple: false,
      explanationHtml: '',
      options: [0, 1, 2, 3].map((i) => ({ index: i, html: `optie ${i}`, correct: i === 1, feedbackHtml: '' })),
    })),
  });
  const orders = (userId: number, shuffle = true) => exerciseShown(exercise(shuffle), { userId, lessonKey: 'begin/oefenen' }).map((q) => q.options);

  test('one teacher sees the same order on every visit, each option exactly once', () => {
    expect(orders(7)).toEqual(orders(7));
    for (const order of orders(7)) expect([...order].sort()).toEqual([0, 1, 2, 3]);
  });

  test('teachers see different orders, and the right option lands in every place', () => {
    const keyPlaces = new Set<number>();
    const distinct = new Set<string>();
    for (let userId = 1; userId <= 40; userId++) {
      const [first] = orders(userId);
      keyPlaces.add(first!.indexOf(1));
      distinct.add(first!.join());
    }
    expect([...keyPlaces].sort()).toEqual([0, 1, 2, 3]);
    expect(distinct.size).toBeGreaterThan(10);
  });

  test('shuffle: false keeps the options as written', () => {
    expect(orders(7, false)).toEqual([
      [0, 1, 2, 3],
      [0, 1, 2, 3],
    ]);
  });

  test('an answer is read in the order the teacher saw', () => {
    const shown = exerciseShown(exercise(true), { userId: 7, lessonKey: 'begin/oefenen' });
    const keyShownAt = shown[0]!.options.indexOf(1);
    const parsed = parseChoices(shown, { q0: String(keyShownAt), q1: '0' });
    expect(parsed).toEqual({ ok: true, answers: [[1], [shown[1]!.options[0]]] });
  });
});

