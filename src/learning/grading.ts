// Quiz attempts and exercises: each attempt's own order, strict reading of the submitted fields,
// and grading. Single choice: exactly the correct option. Multiple choice: exactly the correct set.
import { shuffled } from './shuffle';
import type { Exercise, Question, Quiz } from '../course/model';

export interface AttemptOrder {
  /** In the order shown: the question index as written, and its option indexes as written, in the order shown. */
  questions: { q: number; options: number[] }[];
}

export interface GradedQuestion {
  /** Question index as written. */
  q: number;
  /** Chosen option indexes as written. */
  chosen: number[];
  correct: boolean;
}

export interface Grade {
  score: number;
  correctCount: number;
  total: number;
  passed: boolean;
  /** In the order shown. */
  questions: GradedQuestion[];
}


export function createAttemptOrder(quiz: Quiz, random: () => number = Math.random): AttemptOrder {
  const identity = (n: number) => Array.from({ length: n }, (_, i) => i);
  const questionOrder = quiz.shuffle ? shuffled(identity(quiz.questions.length), random) : identity(quiz.questions.length);
  return {
    questions: questionOrder.map((q) => {
      const count = quiz.questions[q]!.options.length;
      return { q, options: quiz.shuffle ? shuffled(identity(count), random) : identity(count) };
    }),
  };
}

/** An order stored with an attempt still fits the quiz (the course may have changed since). */
export function orderFits(quiz: Quiz, order: AttemptOrder): boolean {
  return (
    order.questions.length === quiz.questions.length &&
    order.questions.every((e) => {
      const q = quiz.questions[e.q];
      return q !== undefined && e.options.length === q.options.length && e.options.every((o) => o >= 0 && o < q.options.length);
    })
  );
}

export type ParsedAnswers = { ok: true; answers: number[][] } | { ok: false; errors: string[] };

/**
 * Reads `q<N>` fields: N is the position shown (0-based), values the positions of the options as
 * shown. Returns the chosen options as written, per position. A missing field is an unanswered
 * question (graded wrong); malformed values are errors (the web layer answers 400).
 */
export function parseChoices(shown: readonly { question: Question; options: readonly number[] }[], body: Record<string, unknown>): ParsedAnswers {
  const errors: string[] = [];
  for (const key of Object.keys(body)) {
    const m = /^q(\d+)$/.exec(key);
    if (m && Number(m[1]) >= shown.length) errors.push(`Vraag ${Number(m[1]) + 1} bestaat niet in deze toets.`);
  }
  const answers = shown.map(({ question, options }, i) => {
    const raw = body[`q${i}`];
    const values = raw === undefined || raw === '' ? [] : Array.isArray(raw) ? raw : [raw];
    const chosen: number[] = [];
    for (const v of values) {
      const n = typeof v === 'string' && /^\d{1,3}$/.test(v) ? Number(v) : NaN;
      if (!Number.isInteger(n) || n < 0 || n >= options.length) {
        errors.push(`Vraag ${i + 1}: "${String(v).slice(0, 20)}" is geen van de antwoorden.`);
        continue;
      }
      const written = options[n]!;
      if (chosen.includes(written)) errors.push(`Vraag ${i + 1}: hetzelfde antwoord staat er twee keer.`);
      else chosen.push(written);
    }
    if (!question.multiple && chosen.length > 1) errors.push(`Vraag ${i + 1}: kies één antwoord.`);
    return chosen.sort((a, b) => a - b);
  });
  return errors.length ? { ok: false, errors } : { ok: true, answers };
}

export function isRight(question: Question, chosen: readonly number[]): boolean {
  const correct = question.options.filter((o) => o.correct).map((o) => o.index);
  return chosen.length === correct.length && correct.every((i) => chosen.includes(i));
}

export function shownQuestions(quiz: Quiz, order: AttemptOrder): { question: Question; options: number[] }[] {
  return order.questions.map((e) => ({ question: quiz.questions[e.q]!, options: e.options }));
}

export function gradeAttempt(quiz: Quiz, order: AttemptOrder, answers: readonly number[][]): Grade {
  const questions = order.questions.map((e, i) => {
    const chosen = answers[i] ?? [];
    return { q: e.q, chosen, correct: isRight(quiz.questions[e.q]!, chosen) };
  });
  const correctCount = questions.filter((q) => q.correct).length;
  const total = questions.length;
  const score = total ? correctCount / total : 0;
  return { score, correctCount, total, passed: score + 1e-9 >= quiz.passScore, questions };
}

/** Positions (0-based, as shown) of the questions without an answer. */
export function unansweredPositions(answers: readonly (readonly number[])[]): number[] {
  return answers.flatMap((a, i) => (a.length === 0 ? [i] : []));
}

/** Handed in with more than half of the questions empty: says nothing about how hard the questions are. */
export function mostlyUnanswered(grade: Pick<Grade, 'questions'>): boolean {
  return grade.questions.filter((q) => q.chosen.length === 0).length * 2 > grade.questions.length;
}

export interface ExerciseFeedback {
  chosen: readonly number[];
  correct: boolean;
  /** Feedback per chosen option (index as written). */
  feedback: Record<number, string>;
}

/** FNV-1a: a 32-bit number from a string, the seed of one teacher's order of one question. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a small, well-spread generator, so the same seed gives the same order on every visit. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** Whose exercise page it is: the teacher and the lesson. */
export interface ExerciseViewer {
  userId: number;
  lessonKey: string;
}

/**
 * The options of an exercise in the order this teacher sees them: shuffled like a quiz's (a key that
 * is always written second would be a cue), unless the exercise says `shuffle: false`. Exercises have
 * no attempts to keep an order with, so the order follows from the teacher, the lesson, the exercise
 * and the question: the same on every visit and after "Antwoord aanpassen", different between teachers.
 */
export function exerciseShown(exercise: Exercise, viewer: ExerciseViewer): { question: Question; options: number[] }[] {
  return exercise.questions.map((question) => {
    const written = question.options.map((o) => o.index);
    if (!exercise.shuffle) return { question, options: written };
    const random = seeded(hash32(`${viewer.userId}|${viewer.lessonKey}|${exercise.id}|${question.index}`));
    return { question, options: shuffled(written, random) };
  });
}

export function gradeExercise(exercise: Exercise, answers: readonly (readonly number[])[]): ExerciseFeedback[] {
  return exercise.questions.map((question, i) => {
    const chosen = answers[i] ?? [];
    const feedback: Record<number, string> = {};
    for (const c of chosen) {
      const option = question.options[c];
      if (option?.feedbackHtml) feedback[c] = option.feedbackHtml;
    }
    return { chosen, correct: isRight(question, chosen), feedback };
  });
}
