// Guards and loaders for the course pages: which module and lesson, where the teacher stands (read
// once per request through the front door, src/teacher/read.ts), and the lock that follows from it.
// A lock is rendered from what the state says locked the module (an earlier module or a hold).
import type { Request, Response, NextFunction, RequestHandler } from 'express';
import type { Lesson, Module } from '../course/model';
import type { LiveCourse } from '../course/live';
import type { Stores } from '../db';
import type { Clock } from '../clock';
import { nextStepHref, quizGate } from '../learning/course-state';
import { describeRemaining, opensWhen } from '../learning/remaining-text';
import type { Remaining } from '../learning/lesson-state';
import { HttpError, wantsJson } from './errors';
import { dutchClock } from '../learning/dates';
import { readTeacher, type Teacher } from '../teacher/read';
import type { TeacherStudy } from '../teacher/study';

export interface Located {
  module: Module;
  lesson?: Lesson;
}

export function teacherOf(res: Response): Teacher {
  return res.locals.teacher as Teacher;
}
export function teacherStudyOf(res: Response): TeacherStudy | null {
  return teacherOf(res).study;
}
export function locatedOf(res: Response): Required<Located> {
  return res.locals.located as Required<Located>;
}
export function moduleOf(res: Response): Module {
  return (res.locals.located as Located).module;
}

export interface TeacherDeps {
  course: LiveCourse;
  stores: Stores;
  now: Clock;
}

/** Where the signed-in person stands in the course being served now (read again after a write). */
export function readSignedIn(deps: TeacherDeps, req: Request): Teacher {
  return readTeacher(deps.course.course, deps.stores, req.user!, new Date(deps.now()));
}

/** Loads where the signed-in person stands, for the guards and the page. */
export function loadTeacher(deps: TeacherDeps): RequestHandler {
  return (req, res, next) => {
    res.locals.teacher = readSignedIn(deps, req);
    next();
  };
}

/** :module (and :lesson when the route has it) must exist: 404 otherwise. */
export function findLesson(req: Request, res: Response, next: NextFunction): void {
  const { course } = teacherOf(res);
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
    // A quiz that cannot be taken yet (lessons open) or any more is named, not linked.
    href: r.kind === 'quiz' ? (r.exhausted || !r.available ? null : `/course/${r.moduleSlug}/quiz`) : `/course/${r.lessonKey}`,
  }));
}

function renderLock(
  req: Request,
  res: Response,
  title: string,
  explanation: string,
  remaining: readonly Remaining[] | { items: RemainingItem[]; heading: string; continueHref: string; continueText: string },
): void {
  const { state } = teacherOf(res);
  res.status(403);
  if (wantsJson(req)) {
    res.json({ error: `${title}. ${explanation}` });
    return;
  }
  if ('items' in remaining) {
    const { items, heading, continueHref, continueText } = remaining;
    return res.render('course/locked', { title, explanation, remaining: items, remainingHeading: heading, continueHref, continueText });
  }
  res.render('course/locked', { title, explanation, remaining: remainingItems(remaining), remainingHeading: 'Nog te doen', continueHref: nextStepHref(state.next), continueText: 'Naar je volgende stap' });
}

/**
 * A locked module is locked everywhere: its lessons, quiz, media and endpoints answer 403 with why —
 * what remains of the module that comes first, or the hold on the course and where to go meanwhile.
 */
export function moduleOpen(req: Request, res: Response, next: NextFunction): void {
  const { state } = teacherOf(res);
  const module = moduleOf(res);
  const m = state.modules[module.index]!;
  if (m.state !== 'locked' || !m.lock) return next();
  if (m.lock.kind === 'hold') {
    const { hold } = m.lock;
    return renderLock(req, res, hold.title, hold.explanation, { items: [], heading: '', continueHref: hold.href, continueText: hold.linkText });
  }
  renderLock(req, res, `Module ${module.index + 1} is nog op slot`, `Module ${module.index + 1} gaat open ${opensWhen(module.index, m.lock.index)}.`, state.modules[m.lock.index]!.remaining);
}

/**
 * The quiz exists and can be taken now: all lessons of the module complete, attempts left, and any
 * waiting time after a failed attempt over (by the app's clock).
 */
export const quizOpen = (now: () => number) => (req: Request, res: Response, next: NextFunction): void => {
  const { state } = teacherOf(res);
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
