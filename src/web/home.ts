// The signed-in start page: every module with its state, progress and minutes left, and one button
// to the next thing to do.
import { Router, type RequestHandler } from 'express';
import type { LiveCourse } from '../course/live';
import type { Stores } from '../db';
import { nextStepHref } from '../learning/course-state';
import { opensWhen, percent } from '../learning/remaining-text';
import { signedIn } from './guards';
import { learnerOf, loadLearner } from './learner';
import { staffLanding } from './landing';

export function homeRouter(deps: { course: LiveCourse; stores: Stores }): Router {
  const router = Router();
  const overview: RequestHandler = (_req, res) => {
    const { course, state } = learnerOf(res);
    const modules = course.modules.map((m) => {
      const s = state.modules[m.index]!;
      const first = m.lessons.find((_, i) => !s.lessons[i]!.complete) ?? m.lessons[0];
      return {
        index: m.index,
        slug: m.slug,
        title: m.title,
        summary: m.summary,
        state: s.state,
        lessonsComplete: s.lessonsComplete,
        lessonsTotal: s.lessonsTotal,
        minutesTotal: s.minutesTotal,
        minutesLeft: s.minutesLeft,
        percent: s.minutesTotal ? Math.floor(((s.minutesTotal - s.minutesLeft) / s.minutesTotal) * 100) : 0,
        href: first ? `/course/${m.slug}/${first.slug}` : null,
        lockText: s.lockedBy !== null ? `Gaat open ${opensWhen(s.index, s.lockedBy)}.` : '',
        quiz: s.quiz ? { passed: s.quiz.passed, bestPercent: s.quiz.bestScore === null ? null : percent(s.quiz.bestScore).replace(' %', '') } : null,
      };
    });
    res.render('home', {
      title: course.title,
      course,
      overview: {
        complete: state.complete,
        percent: state.percent,
        minutesLeft: state.minutesLeft,
        lessonsComplete: state.lessonsComplete,
        continueHref: state.complete && !course.certificate ? '/' : nextStepHref(state.next),
        modules,
      },
    });
  };
  // `/cursus`: the overview for everyone, also coordinators and administrators whom `/` sends to the report.
  router.get('/', signedIn, staffLanding(deps.stores), loadLearner(deps), overview);
  router.get('/cursus', signedIn, loadLearner(deps), overview);
  return router;
}
