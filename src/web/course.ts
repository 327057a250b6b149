// Lessons: reading, marking done, reflections and exercises.
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { LiveCourse } from '../course/live';
import type { Stores } from '../db';
import { lessonState, videoFraction } from '../learning/lesson-state';
import { describeAll } from '../learning/remaining-text';
import { exerciseShown, gradeExercise, parseChoices } from '../learning/grading';
import { nextStepHref } from '../learning/course-state';
import { signedIn } from './guards';
import { findLesson, learnerOf, loadLearner, locatedOf, moduleOpen, readLearner, refreshCompletion } from './learner';
import { withBody } from './validate';
import { flash } from './flash';
import { HttpError, isStorageUnavailable } from './errors';
import { moduleOutline } from './outline';

const LANGUAGE_NAMES = new Intl.DisplayNames(['nl'], { type: 'language' });
const languageNames = new Map<string, string>();
/** The course language's name in Dutch, for the captions menu ("Nederlands", "Engels"); looked up once per tag. */
function languageName(tag: string): string {
  let name = languageNames.get(tag);
  if (name === undefined) {
    try {
      const found = LANGUAGE_NAMES.of(tag);
      name = found ? found.charAt(0).toUpperCase() + found.slice(1) : tag;
    } catch {
      name = tag;
    }
    languageNames.set(tag, name);
  }
  return name;
}

const VIDEO_SCRIPTS = ['/static/js/videojs-config.js', '/vendor/video.js/video.min.js', '/vendor/video.js/lang/nl.js'];
const LESSON_SCRIPTS = ['/static/js/csrf.js', '/static/js/autosave.js', '/static/js/study-time.js'];

export const REFLECTION_MAX = 5000;
const reflectionForm = z.object({
  text: z.string({ error: 'Er is geen tekst meegestuurd.' }).max(REFLECTION_MAX, `Een reflectie mag hoogstens ${REFLECTION_MAX} tekens lang zijn.`),
});

function wantsJson(req: Request): boolean {
  return req.accepts(['html', 'json']) === 'json';
}

export function lessonHref(moduleSlug: string, lessonSlug: string): string {
  return `/course/${moduleSlug}/${lessonSlug}`;
}

export function courseRouter(deps: { course: LiveCourse; stores: Stores }): Router {
  const { stores } = deps;
  const router = Router();
  const learner = loadLearner(deps);

  router.get('/course/:module/:lesson', signedIn, learner, findLesson, moduleOpen, (req, res) => {
    const userId = req.user!.id;
    const key = locatedOf(res).lesson.key;
    // "Last seen" needs minutes, not milliseconds: no write for every reload.
    const seen = learnerOf(res).progress.get(key)?.lastSeenAt;
    if (!seen || Date.now() - Date.parse(seen) > 60_000) {
      try {
        stores.progress.touchLesson(userId, key);
      } catch (err) {
        // Reading goes on when the disk is full or read-only; only the "last seen" mark is lost.
        if (!isStorageUnavailable(err)) throw err;
        req.log.warn({ err }, 'could not record that a lesson was opened');
      }
    }
    res.render('course/lesson', lessonView(deps, userId, res));
  });

  router.post('/course/:module/:lesson/done', signedIn, learner, findLesson, moduleOpen, (req, res) => {
    const { course } = learnerOf(res);
    const { module, lesson } = locatedOf(res);
    const userId = req.user!.id;
    stores.progress.markDone(userId, lesson.key);
    const complete = refreshCompletion(stores, course, userId, lesson);
    if (complete) {
      const after = readLearner(course, stores, userId).state;
      flash(req, 'success', `Les '${lesson.title}' is afgerond.`);
      return res.redirect(303, nextStepHref(after.next));
    }
    const remaining = lessonState(lesson, stores.progress.progressForTeacher(userId).get(lesson.key), course).remaining;
    flash(req, 'info', `Je hebt de les als gedaan gemarkeerd. ${describeAll(remaining)}`);
    res.redirect(303, `${lessonHref(module.slug, lesson.slug)}#afronden-title`);
  });

  router.post(
    '/course/:module/:lesson/reflection/:id',
    signedIn,
    learner,
    findLesson,
    moduleOpen,
    withBody(reflectionForm, (req, res, input) => {
      const { course } = learnerOf(res);
      const { module, lesson } = locatedOf(res);
      const reflection = lesson.reflections.find((r) => r.id === req.params.id);
      if (!reflection) throw new HttpError(404, 'Deze reflectie bestaat niet in deze les.');
      const userId = req.user!.id;
      stores.progress.saveReflection(userId, lesson.key, reflection.id, input.text);
      refreshCompletion(stores, course, userId, lesson);
      if (wantsJson(req)) return res.json({ saved: true, savedAt: new Date().toISOString() });
      flash(req, 'success', 'Je reflectie is opgeslagen.');
      res.redirect(303, `${lessonHref(module.slug, lesson.slug)}#reflectie-${reflection.id}`);
    }),
  );

  router.post('/course/:module/:lesson/exercise/:id', signedIn, learner, findLesson, moduleOpen, (req, res) => {
    const { course } = learnerOf(res);
    const { module, lesson } = locatedOf(res);
    const exercise = lesson.exercises.find((e) => e.id === req.params.id);
    if (!exercise) throw new HttpError(404, 'Deze oefening bestaat niet in deze les.');
    const parsed = parseChoices(exerciseShown(exercise), (req.body ?? {}) as Record<string, unknown>);
    if (!parsed.ok) throw new HttpError(400, parsed.errors.join(' '));
    const back = `${lessonHref(module.slug, lesson.slug)}#oefening-${exercise.id}`;
    if (parsed.answers.some((a) => a.length === 0)) {
      flash(req, 'error', 'Kies bij elke vraag van de oefening een antwoord.');
      return res.redirect(303, back);
    }
    const userId = req.user!.id;
    stores.progress.saveExerciseAnswers(userId, lesson.key, exercise.id, parsed.answers);
    refreshCompletion(stores, course, userId, lesson);
    res.redirect(303, back);
  });

  return router;
}

/** Everything the lesson page shows, for the signed-in teacher (or an author's preview with `preview`). */
export function lessonView(deps: { course: LiveCourse; stores: Stores }, userId: number, res: Response, preview = false) {
  const { course, progress, state } = learnerOf(res);
  const { module, lesson } = locatedOf(res);
  const mine = progress.get(lesson.key);
  const lessonStateNow = lessonState(lesson, mine, course);
  const videos: Record<string, { position: number; percent: number }> = {};
  for (const v of lesson.videos) {
    const p = mine?.videos.find((x) => x.src === v.src);
    videos[v.src] = { position: p?.position ?? 0, percent: Math.floor(videoFraction(v, mine) * 100) };
  }
  const reflections = preview ? {} : Object.fromEntries(deps.stores.progress.reflectionsForLesson(userId, lesson.key));
  const exercises: Record<string, { questions: ReturnType<typeof gradeExercise> }> = {};
  if (!preview) {
    for (const [id, answers] of deps.stores.progress.exerciseAnswersForLesson(userId, lesson.key)) {
      const ex = lesson.exercises.find((e) => e.id === id);
      if (ex) exercises[id] = { questions: gradeExercise(ex, answers) };
    }
  }
  const moduleState = state.modules[module.index]!;
  const all = course.modules.flatMap((m) => m.lessons.map((l) => ({ m, l })));
  const at = all.findIndex((x) => x.l.key === lesson.key);
  const prev = all[at - 1];
  const next = all[at + 1];
  const hrefBase = preview ? '/author/preview' : '/course';
  const quizHref = `${hrefBase}/${module.slug}/quiz`;
  // Lessons of a module, then its quiz, then the next module (if it is open).
  let nextLink: { href: string; title: string } | null = null;
  if (next && next.m.index === module.index) nextLink = { href: `${hrefBase}/${next.m.slug}/${next.l.slug}`, title: next.l.title };
  else if (module.quiz) nextLink = { href: quizHref, title: module.quiz.title };
  else if (next && (preview || state.modules[next.m.index]!.state !== 'locked')) nextLink = { href: `${hrefBase}/${next.m.slug}/${next.l.slug}`, title: next.l.title };
  return {
    title: lesson.title,
    language: course.language,
    languageName: languageName(course.language),
    module,
    lesson,
    preview,
    base: lessonHref(module.slug, lesson.slug),
    videos,
    reflections,
    exercises,
    state: { ...lessonStateNow, remainingText: describeAll(lessonStateNow.remaining.filter((r) => r.kind !== 'done')) },
    prev: prev ? { href: `${hrefBase}/${prev.m.slug}/${prev.l.slug}`, title: prev.l.title } : null,
    next: nextLink,
    outline: moduleOutline(module, moduleState, hrefBase, lesson.key),
    scripts: [...(lesson.videos.length ? VIDEO_SCRIPTS : []), ...(preview ? ['/static/js/csrf.js'] : LESSON_SCRIPTS), ...(lesson.videos.length ? ['/static/js/video-progress.js'] : [])],
    styles: lesson.videos.length ? ['/vendor/video.js/video-js.min.css'] : [],
  };
}
