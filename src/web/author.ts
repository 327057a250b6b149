// Authors see the course as the platform sees it: structure and estimates, current problems,
// how lessons and quiz questions work out for teachers, and a preview of everything without gates.
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { LiveCourse } from '../course/live';
import type { Stores } from '../db';
import type { Grade } from '../learning/grading';
import { firstRealAttempts, itemStats } from '../learning/item-stats';
import { formatDiagnostic } from '../course/format';
import { hasRole } from './guards';
import { teacherOf } from './teacher';
import { blankTeacher } from '../teacher/read';
import { lessonView } from './course';
import { quizPageView } from './quiz';
import { moduleOutline } from './outline';
import { HttpError } from './errors';
import { dutchTime } from '../learning/dates';
import { MANAGE_CSS } from './styles';

const LIVE_SCRIPT = '/static/js/live-preview.js';

/**
 * `watching`: the server recompiles the course when its files change. The author's pages then
 * carry the time of the latest compile and a small script that reloads them after the next one,
 * so a preview follows the author's editor, errors included.
 */
export function authorRouter(deps: { course: LiveCourse; stores: Stores; watching: boolean }): Router {
  const { stores } = deps;
  const router = Router();
  const isAuthor = hasRole('author', 'admin');
  const latestCompile = () => ({ compiledAt: deps.course.lastCompiledAt.toISOString(), errors: deps.course.problems.filter((d) => d.severity === 'error').length });
  const withLive = <V extends object>(view: V & { scripts?: string[] }) => {
    const live = deps.watching ? latestCompile() : null;
    return { ...view, live, scripts: [...(view.scripts ?? []), ...(live ? [LIVE_SCRIPT] : [])] };
  };

  router.get('/author/live', isAuthor, (_req, res) => {
    res.set('Cache-Control', 'no-store');
    res.json(latestCompile());
  });

  router.get('/author', isAuthor, (_req, res) => {
    const course = deps.course.course;
    const completions = stores.reports.lessonCompletionCounts();
    const modules = course.modules.map((m) => ({
      module: m,
      lessons: m.lessons.map((l) => {
        const median = stores.reports.medianActiveSeconds(l.key);
        return { lesson: l, completed: completions.get(l.key) ?? 0, medianMinutes: median === null ? null : Math.round(median / 60) };
      }),
      items: m.quiz ? itemStats(m.quiz, firstRealAttempts(stores.reports.submittedAttemptResults<Grade>(m.slug))) : [],
    }));
    res.render(
      'author',
      withLive({
        title: 'Auteursoverzicht',
        styles: [MANAGE_CSS],
        course,
        modules,
        problems: deps.course.problems.map(formatDiagnostic),
        hasErrors: deps.course.problems.some((d) => d.severity === 'error'),
        compiledTime: dutchTime(deps.course.lastCompiledAt),
      }),
    );
  });

  const previewLesson = (req: Request, res: Response) => {
    const course = teacherOf(res).course;
    const module = course.modules.find((m) => m.slug === req.params.module);
    const lesson = module?.lessons.find((l) => l.slug === req.params.lesson);
    if (!module || !lesson) throw new HttpError(404, 'Deze les bestaat niet (meer).');
    res.locals.located = { module, lesson };
    res.render('course/lesson', withLive(lessonView(deps, req.user!.id, res, true)));
  };
  const previewQuiz = (req: Request, res: Response) => {
    const { course, state } = teacherOf(res);
    const module = course.modules.find((m) => m.slug === req.params.module);
    if (!module?.quiz) throw new HttpError(404, 'Deze toets bestaat niet.');
    const order = { questions: module.quiz.questions.map((q) => ({ q: q.index, options: q.options.map((o) => o.index) })) };
    res.render(
      'course/quiz',
      withLive(
        quizPageView(module, module.quiz, order, { language: course.language, attemptId: '', attemptsLeft: null, preview: true, outline: moduleOutline(module, state.modules[module.index], '/author/preview', 'quiz') }),
      ),
    );
  };
  const blank: RequestHandler = (_req, res, next) => {
    res.locals.teacher = blankTeacher(deps.course.course);
    next();
  };
  router.get('/author/preview/:module/quiz', isAuthor, blank, previewQuiz);
  router.get('/author/preview/:module/:lesson', isAuthor, blank, previewLesson);
  return router;
}
