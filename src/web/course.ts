// Lessons: reading, marking done, reflections and exercises.
import { creditStudyTime } from '../learning/study-time';
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { LiveCourse } from '../course/live';
import type { Stores } from '../db';
import { exerciseShown, parseChoices, unansweredPositions } from '../learning/grading';
import { nextStepHref } from '../learning/course-state';
import { lastSeenNeedsWrite } from '../learning/resume';
import { signedIn } from './guards';
import { findLesson, teacherOf, loadTeacher, locatedOf, moduleOpen, readSignedIn, type TeacherDeps } from './teacher';
import { refreshCompletion } from '../teacher/completion';
import { withBody } from './validate';
import { flash } from './flash';
import { HttpError, isStorageUnavailable, wantsJson } from './errors';
import { lessonFrame, lessonView } from './lesson-view';
import { lessonHref } from './course-links';
import { moduleOutline } from './outline';

export { lessonHref, lessonView };

export const REFLECTION_MAX = 5000;
const reflectionForm = z.object({
  text: z.string({ error: 'Er is geen tekst meegestuurd.' }).max(REFLECTION_MAX, `Een reflectie mag hoogstens ${REFLECTION_MAX} tekens lang zijn.`),
});

export function courseRouter(deps: TeacherDeps): Router {
  const { stores } = deps;
  const router = Router();
  const learner = loadTeacher(deps);

  // A page beside the lessons (sources, further reading): open with its module, nothing to complete.
  router.get('/course/:module/appendix/:page', signedIn, learner, findLesson, moduleOpen, (req, res) => {
    const { course, state } = teacherOf(res);
    const module = locatedOf(res).module;
    const page = module.appendix?.find((p) => p.slug === req.params.page);
    if (!page) throw new HttpError(404, 'Deze bijlage bestaat niet (meer).');
    res.render('course/appendix', {
      title: page.title,
      language: course.language,
      module,
      page,
      outline: moduleOutline(module, state.modules[module.index], '/course', `appendix/${page.slug}`),
    });
  });

  router.get('/course/:module/:lesson', signedIn, learner, findLesson, moduleOpen, (req, res) => {
    const userId = req.user!.id;
    const key = locatedOf(res).lesson.key;
    // "Last seen" needs minutes, not milliseconds: no write for every reload. But coming back from
    // another lesson is always written, since "Verder" goes to the lesson opened last.
    if (lastSeenNeedsWrite(teacherOf(res).progress, key, deps.now())) {
      try {
        stores.progress.touchLesson(userId, key, new Date(deps.now()).toISOString());
      } catch (err) {
        // Reading goes on when the disk is full or read-only; only the "last seen" mark is lost.
        if (!isStorageUnavailable(err)) throw err;
        req.log.warn({ err }, 'could not record that a lesson was opened');
      }
    }
    res.render('course/lesson', lessonView(deps, userId, res));
  });

  // The completion box and the module outline alone: the lesson page fetches them when a video has
  // reached what counts, so neither says "bezig" for a lesson that is now complete.
  router.get('/course/:module/:lesson/finish', signedIn, learner, findLesson, moduleOpen, (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.render('course/_finish-live', lessonFrame(res));
  });

  router.post('/course/:module/:lesson/done', signedIn, learner, findLesson, moduleOpen, (req, res) => {
    const { course } = teacherOf(res);
    const { module, lesson } = locatedOf(res);
    const userId = req.user!.id;
    // Without JavaScript no time reports come; the time since the teacher's last credit, bounded by
    // the same clock, is credited here (with the reports, the clock has already moved on).
    const now = deps.now();
    const at = new Date(now).toISOString();
    stores.progress.addActiveSeconds(userId, lesson.key, (clock) => creditStudyTime(lesson.minutes * 60, now, clock), new Date(now));
    stores.progress.markDone(userId, lesson.key, at);
    const complete = refreshCompletion(stores, course, userId, lesson, undefined, at);
    if (complete) {
      const after = readSignedIn(deps, req).state;
      flash(req, 'success', `Les '${lesson.title}' is afgerond.`);
      return res.redirect(303, nextStepHref(after.next));
    }
    flash(req, 'info', 'Bijna klaar: de les telt als afgerond zodra je ook de rest hebt gedaan. Wat er nog open staat, zie je onderaan bij ‘Bijna klaar’.');
    res.redirect(303, `${lessonHref(module.slug, lesson.slug)}#afronden`);
  });

  router.post(
    '/course/:module/:lesson/reflection/:id',
    signedIn,
    learner,
    findLesson,
    moduleOpen,
    withBody(reflectionForm, (req, res, input) => {
      const { course } = teacherOf(res);
      const { module, lesson } = locatedOf(res);
      const reflection = lesson.reflections.find((r) => r.id === req.params.id);
      if (!reflection) throw new HttpError(404, 'Deze reflectie bestaat niet in deze les.');
      const userId = req.user!.id;
      const at = new Date(deps.now()).toISOString();
      stores.progress.saveReflection(userId, lesson.key, reflection.id, input.text, at);
      refreshCompletion(stores, course, userId, lesson, undefined, at);
      if (wantsJson(req)) return res.json({ saved: true, savedAt: at });
      flash(req, 'success', 'Je reflectie is opgeslagen.');
      res.redirect(303, `${lessonHref(module.slug, lesson.slug)}#reflectie-${reflection.id}`);
    }),
  );

  router.post('/course/:module/:lesson/exercise/:id', signedIn, learner, findLesson, moduleOpen, (req, res) => {
    const { course } = teacherOf(res);
    const { module, lesson } = locatedOf(res);
    const exercise = lesson.exercises.find((e) => e.id === req.params.id);
    if (!exercise) throw new HttpError(404, 'Deze oefening bestaat niet in deze les.');
    const parsed = parseChoices(exerciseShown(exercise, { userId: req.user!.id, lessonKey: lesson.key }), (req.body ?? {}) as Record<string, unknown>);
    if (!parsed.ok) throw new HttpError(400, parsed.errors.join(' '));
    const back = `${lessonHref(module.slug, lesson.slug)}#oefening-${exercise.id}`;
    const missing = unansweredPositions(parsed.answers);
    if (missing.length) {
      // Shown again with every answer given and the message at the open question; nothing is stored.
      const draft = { exerciseId: exercise.id, answers: parsed.answers, missing };
      return res.status(400).render('course/lesson', lessonView(deps, req.user!.id, res, false, draft));
    }
    const userId = req.user!.id;
    const at = new Date(deps.now()).toISOString();
    stores.progress.saveExerciseAnswers(userId, lesson.key, exercise.id, parsed.answers, at);
    refreshCompletion(stores, course, userId, lesson, undefined, at);
    res.redirect(303, back);
  });

  return router;
}

