// Guards and loaders for the course pages: which module and lesson, the teacher's state in the
// course (computed per request from their progress), and the lock that follows from it.
import type { Request, Response, NextFunction, RequestHandler } from 'express';
import type { Course, Lesson, Module } from '../course/model';
import type { LiveCourse } from '../course/live';
import type { Stores } from '../db';
import type { StoredLessonProgress } from '../db/progress';
import { nextStepHref, quizGate } from '../learning/course-state';
import { lessonState } from '../learning/lesson-state';
import { describeRemaining, opensWhen } from '../learning/remaining-text';
import type { Remaining } from '../learning/lesson-state';
import { HttpError } from './errors';
import { dutchClock } from '../learning/dates';
import { answeredWithStudyLock } from './study-state';
import { readLearner, type Learner } from '../learner/read';
import { readTeacherStudy } from '../learner/study';

export interface Located {
  module: Module;
  lesson?: Lesson;
}

export function learnerOf(res: Response): Learner {
  return res.locals.learner as Learner;
}
export function locatedOf(res: Response): Required<Located> {
  return res.locals.located as Required<Located>;
}
export function moduleOf(res: Response): Module {
  return (res.locals.located as Located).module;
}

/** Loads the signed-in teacher's progress and state in the course being served now. */
export function loadLearner(deps: { course: LiveCourse; stores: Stores }): RequestHandler {
  return (req, res, next) => {
    const learner = readLearner(deps.course.course, deps.stores, req.user!.id);
    res.locals.learner = learner;
    res.locals.teacherStudy = readTeacherStudy(learner.course, deps.stores, req.user!, learner);
    next();
  };
}

/** :module (and :lesson when the route has it) must exist: 404 otherwise. */
export function findLesson(req: Request, res: Response, next: NextFunction): void {
  const { course } = learnerOf(res);
  const module = course.modules.find((m) => m.slug === req.params.module);
  if (!module) return next(new HttpError(404, 'Deze module bestaat niet.'));
  let lesson: Lesson | undefined;
  if (req.params.lesson !== undefined) {
    lesson = module.lessons.find((l) => l.slug === req.params.lesson);
    if (!lesson) return next(new HttpError(404, 'Deze les bestaat niet (meer).'));
  }
  res.locals.located = { module, lesson } satisfies Located;
  next();
}

export interface RemainingItem {
  text: string;
  href: string | null;
}

export function remainingItems(remaining: readonly Remaining[]): RemainingItem[] {
  return remaining.map((r) => ({
    text: describeRemaining(r),
    href: r.kind === 'quiz' ? (r.exhausted ? null : `/course/${r.moduleSlug}/quiz`) : `/course/${r.lessonKey}`,
  }));
}

function renderLock(
  req: Request,
  res: Response,
  title: string,
  explanation: string,
  remaining: readonly Remaining[] | { items: RemainingItem[]; heading: string; continueHref: string; continueText: string },
): void {
  const { state } = learnerOf(res);
  res.status(403);
  if (req.path.startsWith('/api/') || req.accepts(['html', 'json']) === 'json') {
    res.json({ error: `${title}. ${explanation}` });
    return;
  }
  if ('items' in remaining) {
    const { items, heading, continueHref, continueText } = remaining;
    return res.render('course/locked', { title, explanation, remaining: items, remainingHeading: heading, continueHref, continueText });
  }
  res.render('course/locked', { title, explanation, remaining: remainingItems(remaining), remainingHeading: 'Nog te doen', continueHref: nextStepHref(state.next), continueText: 'Naar je volgende stap' });
}

/** A locked module is locked everywhere: its lessons, quiz, media and endpoints answer 403 with what remains. */
export function moduleOpen(req: Request, res: Response, next: NextFunction): void {
  if (answeredWithStudyLock(req, res)) return;
  const { state } = learnerOf(res);
  const module = moduleOf(res);
  const m = state.modules[module.index]!;
  if (m.state !== 'locked') return next();
  const blocker = state.modules[m.lockedBy!]!;
  renderLock(
    req,
    res,
    `Module ${module.index + 1} is nog op slot`,
    `Module ${module.index + 1} gaat open ${opensWhen(module.index, blocker.index)}.`,
    blocker.remaining,
  );
}

/**
 * The quiz exists and can be taken now: all lessons of the module complete, attempts left, and any
 * waiting time after a failed attempt over (by the app's clock).
 */
export const quizOpen = (now: () => number) => (req: Request, res: Response, next: NextFunction): void => {
  const { state } = learnerOf(res);
  const module = moduleOf(res);
  if (!module.quiz) return next(new HttpError(404, 'Deze module heeft geen toets.'));
  const gate = quizGate(state, module.index, now());
  if (gate.ok) return next();
  if (gate.reason === 'waiting') {
    const minutes = Math.max(1, Math.ceil((gate.retryAt - now()) / 60_000));
    return renderLock(
      req,
      res,
      'Even de lessen teruglezen',
      `Je kunt de toets om ${dutchClock(new Date(gate.retryAt))} opnieuw maken (over ${minutes} ${minutes === 1 ? 'minuut' : 'minuten'}). Lees intussen de lessen van deze module nog eens; de uitslag van je vorige poging zegt welke.`,
      {
        items: module.lessons.map((l) => ({ text: l.title, href: `/course/${l.key}` })),
        heading: 'Lees nog eens',
        continueHref: `/course/${module.lessons[0]!.key}`,
        continueText: 'Naar de eerste les van deze module',
      },
    );
  }
  if (gate.reason === 'attempts-exhausted') {
    return renderLock(req, res, 'Geen pogingen meer', `Je hebt alle ${module.quiz.maxAttempts} pogingen voor deze toets gebruikt. Neem contact op met de coördinator van je school om verder te gaan.`, []);
  }
  renderLock(req, res, 'Eerst de lessen afronden', `De toets van module ${module.index + 1} gaat open als je alle lessen van deze module hebt afgerond.`, gate.remaining);
};

/** Recomputes one lesson's completion and stores the mark reports are built from. */
export function refreshCompletion(stores: Stores, course: Course, userId: number, lesson: Lesson, known?: StoredLessonProgress): boolean {
  const progress = known ?? stores.progress.progressForTeacher(userId).get(lesson.key);
  const complete = lessonState(lesson, progress, course).complete;
  // Only a change of state is written; a beacon every ten seconds mostly changes nothing here.
  if (!known || complete !== (known.completedAt !== null)) stores.progress.setCompleted(userId, lesson.key, complete);
  return complete;
}
