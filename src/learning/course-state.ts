// Module and course state: what is open, complete or locked, what remains, and what to do next.
// Module 1 is open; each next module opens when the one before is complete (all lessons complete
// and its quiz passed, or no quiz). Progress under keys the course no longer has is ignored, and a
// lesson added to a finished module makes that module incomplete again: the course as it is now rules.
import type { Course } from '../course/model';
import { wholePercent } from './numbers';
import { lessonState, type CompletionSettings, type LessonProgress, type LessonState, type Remaining } from './lesson-state';

export interface QuizRecord {
  /** Submitted attempts. */
  attempts: number;
  bestScore: number | null;
  passed: boolean;
  /** When the latest failed attempt was handed in (ISO), if any. */
  lastFailedAt?: string | null;
}

export interface QuizState {
  /** All lessons complete and the module open: the quiz can be taken (unless exhausted). */
  available: boolean;
  passed: boolean;
  bestScore: number | null;
  attemptsUsed: number;
  /** null: unlimited. */
  attemptsLeft: number | null;
  /** Every allowed attempt used without passing: the teacher needs help to go on. */
  exhausted: boolean;
  /** Not passed yet and the quiz asks to wait after a failed attempt: when the next attempt may start (ms). */
  retryAt: number | null;
}

export type ModuleStatus = 'locked' | 'open' | 'complete';

export interface ModuleState {
  slug: string;
  index: number;
  state: ModuleStatus;
  lessons: LessonState[];
  lessonsComplete: number;
  lessonsTotal: number;
  quiz: QuizState | null;
  minutesTotal: number;
  minutesLeft: number;
  /** Everything still to do in this module, in order. */
  remaining: Remaining[];
  /** Why a locked module is locked: an earlier module not complete, or a hold on the course. */
  lock: ModuleLock | null;
}

/**
 * Something outside the course that keeps it closed for now (the study's measurement before the
 * course, say). It is an input of the course state: whoever adds a new kind of hold writes one
 * function that returns this, and every page, guard, mail and report follows.
 */
export interface Hold {
  /** The lock page's heading: "De cursus begint na de tweede meting". */
  title: string;
  /** Why, and until when, in a sentence or two. */
  explanation: string;
  /** One line beside a locked module: "Gaat open na de tweede meting (rond 3 januari 2027)." */
  lockLine: string;
  /** Where to go meanwhile, and the words of that link. */
  href: string;
  linkText: string;
}

export type ModuleLock = { kind: 'module'; index: number } | { kind: 'hold'; hold: Hold };

export type NextStep =
  | { kind: 'lesson'; moduleSlug: string; lessonSlug: string }
  | { kind: 'quiz'; moduleSlug: string }
  | { kind: 'hold'; hold: Hold }
  | { kind: 'certificate' };

export interface CourseState {
  modules: ModuleState[];
  complete: boolean;
  lessonsComplete: number;
  lessonsTotal: number;
  /** Share of the estimated minutes done, 0..100 (wholePercent: 100 only when complete). */
  percent: number;
  minutesLeft: number;
  next: NextStep;
}

export function courseState(
  course: Course,
  progress: ReadonlyMap<string, LessonProgress>,
  quizzes: ReadonlyMap<string, QuizRecord>,
  settings: CompletionSettings = course,
): CourseState {
  const modules: ModuleState[] = [];
  let firstIncomplete: number | null = null;
  for (const m of course.modules) {
    // One pass over the lessons (plain loops: a teacher's state is worked out again after every write).
    const lessons: LessonState[] = [];
    const remaining: Remaining[] = [];
    let lessonsComplete = 0;
    let minutesLeft = 0;
    for (const l of m.lessons) {
      const state = lessonState(l, progress.get(l.key), settings);
      lessons.push(state);
      if (state.complete) lessonsComplete++;
      else minutesLeft += l.minutes;
      for (const r of state.remaining) remaining.push(r);
    }
    const allLessons = lessonsComplete === m.lessons.length;
    const locked = firstIncomplete !== null;
    let quiz: QuizState | null = null;
    if (m.quiz) {
      const record = quizzes.get(m.slug);
      const used = record?.attempts ?? 0;
      const attemptsLeft = m.quiz.maxAttempts > 0 ? Math.max(0, m.quiz.maxAttempts - used) : null;
      const passed = record?.passed ?? false;
      const retryAt = !passed && record?.lastFailedAt && m.quiz.retryAfterMinutes > 0 ? Date.parse(record.lastFailedAt) + m.quiz.retryAfterMinutes * 60_000 : null;
      quiz = { available: !locked && allLessons, passed, bestScore: record?.bestScore ?? null, attemptsUsed: used, attemptsLeft, exhausted: !passed && attemptsLeft === 0, retryAt };
    }
    const complete = !locked && allLessons && (quiz === null || quiz.passed);
    if (m.quiz && quiz && !quiz.passed) {
      remaining.push({ kind: 'quiz', moduleSlug: m.slug, moduleIndex: m.index, quizTitle: m.quiz.title, passScore: m.quiz.passScore, bestScore: quiz.bestScore, exhausted: quiz.exhausted, available: quiz.available });
    }
    if (m.quiz && !quiz?.passed) minutesLeft += m.quiz.minutes;
    modules.push({
      slug: m.slug,
      index: m.index,
      state: locked ? 'locked' : complete ? 'complete' : 'open',
      lessons,
      lessonsComplete,
      lessonsTotal: m.lessons.length,
      quiz,
      minutesTotal: m.minutes,
      minutesLeft,
      remaining,
      lock: locked ? { kind: 'module', index: firstIncomplete! } : null,
    });
    if (!complete && firstIncomplete === null) firstIncomplete = m.index;
  }
  let lessonsTotal = 0;
  let lessonsComplete = 0;
  let minutesLeft = 0;
  for (const m of modules) {
    lessonsTotal += m.lessonsTotal;
    lessonsComplete += m.lessonsComplete;
    minutesLeft += m.minutesLeft;
  }
  const complete = course.modules.length > 0 && firstIncomplete === null;
  const percent = complete ? 100 : course.minutes > 0 ? Math.min(99, wholePercent((course.minutes - minutesLeft) / course.minutes)) : 0;
  return { modules, complete, lessonsComplete, lessonsTotal, percent, minutesLeft, next: nextStep(course, modules) };
}

/**
 * The next thing to do: in the first module that is not complete, the first lesson that is not
 * complete (in course order, so a teacher never skips ahead by accident), else that module's quiz;
 * the certificate when everything is complete.
 */
export function nextStep(course: Course, modules: readonly ModuleState[]): NextStep {
  for (const state of modules) {
    if (state.state === 'complete') continue;
    const m = course.modules[state.index]!;
    const lesson = m.lessons.find((_, i) => !state.lessons[i]!.complete);
    if (lesson) return { kind: 'lesson', moduleSlug: m.slug, lessonSlug: lesson.slug };
    return { kind: 'quiz', moduleSlug: m.slug };
  }
  return { kind: 'certificate' };
}

export function nextStepHref(next: NextStep): string {
  if (next.kind === 'lesson') return `/course/${next.moduleSlug}/${next.lessonSlug}`;
  if (next.kind === 'quiz') return `/course/${next.moduleSlug}/quiz`;
  if (next.kind === 'hold') return next.hold.href;
  return '/certificate';
}

/**
 * The course under a hold: what the teacher completed stays complete and open (a hold never takes
 * away what a teacher has); every other module is locked by the hold, its quiz not available, and
 * the next step is the hold's. A complete course is not held.
 */
export function holdCourse(state: CourseState, hold: Hold | null): CourseState {
  if (!hold || state.complete) return state;
  const lock: ModuleLock = { kind: 'hold', hold };
  const modules = state.modules.map((m): ModuleState =>
    m.state === 'complete'
      ? m
      : { ...m, state: 'locked', lock, quiz: m.quiz && { ...m.quiz, available: false }, remaining: m.remaining.map((r) => (r.kind === 'quiz' ? { ...r, available: false } : r)) },
  );
  return { ...state, modules, next: { kind: 'hold', hold } };
}

export type QuizGate =
  | { ok: true }
  | { ok: false; reason: 'locked' | 'lessons-incomplete' | 'attempts-exhausted'; remaining: Remaining[] }
  | { ok: false; reason: 'waiting'; retryAt: number; remaining: Remaining[] };

/**
 * Whether the quiz can be taken now. A passed quiz may be taken again to improve the score (within
 * maxAttempts); the module stays complete whatever the new score. After a failed attempt the quiz
 * may ask to wait (retryAfterMinutes): trying options one by one then takes hours, rereading does not.
 */
export function quizGate(state: CourseState, moduleIndex: number, now: number): QuizGate {
  const m = state.modules[moduleIndex]!;
  if (m.state === 'locked') return { ok: false, reason: 'locked', remaining: m.lock?.kind === 'module' ? state.modules[m.lock.index]!.remaining : [] };
  if (!m.quiz?.available) return { ok: false, reason: 'lessons-incomplete', remaining: m.remaining.filter((r) => r.kind !== 'quiz') };
  if (m.quiz.attemptsLeft === 0) return { ok: false, reason: 'attempts-exhausted', remaining: m.remaining };
  if (m.quiz.retryAt !== null && now < m.quiz.retryAt) return { ok: false, reason: 'waiting', retryAt: m.quiz.retryAt, remaining: [] };
  return { ok: true };
}

/**
 * When the course was completed: the last lesson completed or quiz passed. The teacher's pages, the
 * certificate and the coordinator's report all date completion by this one rule.
 */
export function courseCompletedOn(
  course: Course,
  lessonCompletedAt: (lessonKey: string) => string | null | undefined,
  quizPassedAt: (moduleSlug: string) => string | null | undefined,
): string | null {
  let last: string | null = null;
  const later = (t: string | null | undefined) => {
    if (t && (last === null || t > last)) last = t;
  };
  for (const m of course.modules) {
    for (const l of m.lessons) later(lessonCompletedAt(l.key));
    if (m.quiz) later(quizPassedAt(m.slug));
  }
  return last;
}
