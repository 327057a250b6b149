// What the lesson page shows: its parts with the teacher's answers, the completion box (also served
// alone, so the page can follow the server while a video plays) and the way on.
import type { Response } from 'express';
import type { LiveCourse } from '../course/live';
import type { Course, Lesson, Module } from '../course/model';
import type { Stores } from '../db';
import { lessonState, videoFraction, type LessonState } from '../learning/lesson-state';
import { exerciseShown, gradeExercise } from '../learning/grading';
import { percentBelow } from '../learning/numbers';
import { dutchClock, shortDutchDate } from '../learning/dates';
import { nextStepHref } from '../learning/course-state';
import { teacherOf, locatedOf } from './teacher';
import { moduleOutline } from './outline';
import { transcriptFor, type Transcript } from './transcript';
import { lessonHref, transcriptHref, videoElementId } from './course-links';
import { lessonDescription } from './descriptions';
import { posterSources } from './image-variants';

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

const LESSON_SCRIPTS = ['/static/js/csrf.js', '/static/js/finish-box.js', '/static/js/drafts.js', '/static/js/autosave.js', '/static/js/study-time.js'];

/** Answers given to an exercise that was sent in with open questions: shown again, not stored. */
export interface ExerciseDraft {
  exerciseId: string;
  /** Chosen option indexes as written, per question. */
  answers: number[][];
  /** Indexes of the questions without an answer. */
  missing: number[];
}

export interface FinishTodo {
  text: string;
  href: string;
  /** Videos only: which one, the whole percentage that counts, and how much is left. */
  video?: { src: string; needed: number; left: number };
}

export interface FinishBox {
  complete: boolean;
  done: boolean;
  todo: FinishTodo[];
  next: { href: string; title: string } | null;
  action: string;
  url: string;
}

/** The completion box: what is left in the teacher's own words ("Kijk de video af (nog 40 %)"). */
export function finishBox(lesson: Lesson, state: LessonState, videoCompletion: number, base: string, next: FinishBox['next']): FinishBox {
  const needed = Math.round(videoCompletion * 100);
  const todo: FinishTodo[] = [];
  for (const r of state.remaining) {
    if (r.kind === 'video') {
      const video = lesson.videos.find((v) => v.title === r.videoTitle)!;
      // Never "nog 0 %" while the video does not count yet.
      const left = Math.max(1, needed - percentBelow(r.fraction, videoCompletion));
      todo.push({ text: `Kijk de video ‘${r.videoTitle}’ af`, href: `#${videoElementId(video.src)}`, video: { src: video.src, needed, left } });
    } else if (r.kind === 'reflection') {
      todo.push({ text: 'Schrijf je reflectie', href: `#reflectie-${r.reflectionId}` });
    } else if (r.kind === 'exercise') {
      todo.push({ text: 'Maak de oefening', href: `#oefening-${r.exerciseId}` });
    }
  }
  return { complete: state.complete, done: state.done, todo, next, action: `${base}/done`, url: `${base}/finish` };
}

const orders = new WeakMap<Course, { all: { m: Module; l: Lesson }[]; at: Map<string, number> }>();
/** Every lesson of the course in order, and where each is: worked out once per compile of the course. */
function courseOrder(course: Course) {
  let order = orders.get(course);
  if (!order) {
    const all = course.modules.flatMap((m) => m.lessons.map((l) => ({ m, l })));
    orders.set(course, (order = { all, at: new Map(all.map((x, i) => [x.l.key, i])) }));
  }
  return order;
}

/**
 * What follows from the teacher's state around the lesson's content: the completion box, the module
 * outline and the way on. The lesson page shows it with the content; GET …/finish serves it alone
 * while a video plays, so that reads nothing else.
 */
export function lessonFrame(res: Response, preview = false) {
  const { course, progress, state } = teacherOf(res);
  const { module, lesson } = locatedOf(res);
  const lessonStateNow = lessonState(lesson, progress.get(lesson.key), course);
  const moduleState = state.modules[module.index]!;
  const { all, at: index } = courseOrder(course);
  const at = index.get(lesson.key)!;
  const prev = all[at - 1];
  const next = all[at + 1];
  const hrefBase = preview ? '/author/preview' : '/course';
  const quizHref = `${hrefBase}/${module.slug}/quiz`;
  // Lessons of a module, then its quiz, then the next module (if it is open).
  let nextLink: { href: string; title: string } | null = null;
  if (next && next.m.index === module.index) nextLink = { href: `${hrefBase}/${next.m.slug}/${next.l.slug}`, title: next.l.title };
  else if (module.quiz && (preview || moduleState.quiz?.available)) nextLink = { href: quizHref, title: module.quiz.title };
  else if (next && (preview || state.modules[next.m.index]!.state !== 'locked')) nextLink = { href: `${hrefBase}/${next.m.slug}/${next.l.slug}`, title: next.l.title };
  const base = lessonHref(module.slug, lesson.slug);
  // The last lesson of a module without a quiz, with the next module still locked: the way on is
  // whatever the course has next for this teacher (an earlier lesson left open, say).
  let finishNext = nextLink;
  const step = state.next;
  if (!finishNext && !preview && (step.kind === 'lesson' || step.kind === 'quiz')) {
    const m = course.modules.find((x) => x.slug === step.moduleSlug)!;
    const target = step.kind === 'quiz' ? m.quiz : m.lessons.find((l) => l.slug === step.lessonSlug);
    if (target) finishNext = { href: nextStepHref(step), title: target.title };
  } else if (!finishNext && !preview && step.kind === 'hold') {
    finishNext = { href: step.hold.href, title: step.hold.linkText.charAt(0).toLowerCase() + step.hold.linkText.slice(1) };
  } else if (!finishNext && !preview && course.certificate) {
    finishNext = { href: '/certificate', title: 'je certificaat' };
  }
  return {
    preview,
    base,
    finish: finishBox(lesson, lessonStateNow, course.videoCompletion, base, finishNext),
    state: lessonStateNow,
    prev: prev ? { href: `${hrefBase}/${prev.m.slug}/${prev.l.slug}`, title: prev.l.title } : null,
    next: nextLink,
    outline: moduleOutline(module, moduleState, hrefBase, lesson.key),
  };
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Links in lesson text to lessons or quizzes of the locked modules (by slug), as text marked "nog op slot". */
export function closeLockedLinks(html: string, lockedSlugs: readonly string[]): string {
  if (!html.includes('href="/course/')) return html;
  const slugs = lockedSlugs.map(escapeRegExp).join('|');
  return html.replace(new RegExp(`<a href="/course/(?:${slugs})/[^"]*"[^>]*>([\\s\\S]*?)</a>`, 'g'), '<span class="link-locked">$1 <small class="muted">(nog op slot)</small></span>');
}

const lockedParts = new WeakMap<Lesson, Map<string, Lesson['parts']>>();
/**
 * The lesson's parts with links into these locked modules closed: worked out once per lesson and set
 * of locked modules (a handful per compile of the course), not on every request.
 */
function partsWithLocks(lesson: Lesson, locked: readonly string[]): Lesson['parts'] {
  if (locked.length === 0) return lesson.parts;
  let byLocks = lockedParts.get(lesson);
  if (!byLocks) lockedParts.set(lesson, (byLocks = new Map()));
  const key = locked.join('/');
  let parts = byLocks.get(key);
  if (!parts) byLocks.set(key, (parts = lesson.parts.map((p) => (p.kind === 'html' ? { ...p, html: closeLockedLinks(p.html, locked) } : p))));
  return parts;
}

/** Everything the lesson page shows, for the signed-in teacher (or an author's preview with `preview`). */
export function lessonView(deps: { course: LiveCourse; stores: Stores }, userId: number, res: Response, preview = false, draft?: ExerciseDraft) {
  const { course, progress, state } = teacherOf(res);
  const { module, lesson } = locatedOf(res);
  const mine = progress.get(lesson.key);
  // A link in the text to a lesson of a module that is locked for this teacher would answer with a
  // lock page: it reads as text that says so until the module opens.
  const locked = preview ? [] : course.modules.filter((m) => state.modules[m.index]!.state === 'locked').map((m) => m.slug);
  const parts = partsWithLocks(lesson, locked);
  const videos: Record<string, { id: string; position: number; percent: number; counts: boolean; poster: string | null; posterSet: string; transcript: Transcript; transcriptHref: string | null; withoutScript: { shown: string; action: string } | null }> = {};
  const base = lessonHref(module.slug, lesson.slug);
  for (const [index, v] of lesson.videos.entries()) {
    const p = mine?.videos.find((x) => x.src === v.src);
    const fraction = videoFraction(v, mine);
    // What the caption says agrees with the completion box: below the threshold it never shows the threshold.
    const shown = percentBelow(fraction, course.videoCompletion);
    videos[v.src] = {
      id: videoElementId(v.src),
      position: p?.position ?? 0,
      percent: shown,
      counts: fraction + 1e-9 >= course.videoCompletion,
      // The poster in WebP at a phone column's size; the player offers the larger one by srcset.
      ...(v.poster ? posterSources(v.poster) : { poster: null, posterSet: '' }),
      transcript: transcriptFor(course, v),
      transcriptHref: preview ? null : transcriptHref(module.slug, lesson.slug, index),
      // A page without JavaScript reports nothing: its <noscript> starts the clock and offers "Ik heb de video bekeken".
      withoutScript: preview || !(v.durationSeconds > 0) ? null : { shown: `${base}/video/${index + 1}/shown`, action: `${base}/video/${index + 1}` },
    };
  }
  // "Opgeslagen op 3 dec. 2026 om 10:12": after a reload the teacher still sees when it was saved.
  const reflections = preview
    ? {}
    : Object.fromEntries(
        [...deps.stores.progress.reflectionsForLesson(userId, lesson.key)].map(([id, r]) => [id, { ...r, savedText: `Opgeslagen op ${shortDutchDate(r.updatedAt)} om ${dutchClock(new Date(r.updatedAt))}` }]),
      );
  const exercises: Record<string, { questions: ReturnType<typeof gradeExercise> }> = {};
  if (!preview) {
    for (const [id, answers] of deps.stores.progress.exerciseAnswersForLesson(userId, lesson.key)) {
      const ex = lesson.exercises.find((e) => e.id === id);
      if (ex) exercises[id] = { questions: gradeExercise(ex, answers) };
    }
  }
  // Per exercise and question, the options as written in the order this teacher sees them.
  const exerciseOrders = Object.fromEntries(lesson.exercises.map((e) => [e.id, exerciseShown(e, { userId, lessonKey: lesson.key }).map((q) => q.options)]));
  return {
    title: lesson.title,
    description: lessonDescription(lesson),
    language: course.language,
    languageName: languageName(course.language),
    module,
    lesson,
    parts,
    ...lessonFrame(res, preview),
    videos,
    reflections,
    exercises,
    exerciseOrders,
    draft: draft ?? null,
    // The players' own files (video.js, its style sheet, the progress reports) are fetched by
    // player-loader.js when a video's stand-in is pressed or comes into view (views/course/_video.ejs names them).
    scripts: [...(preview ? ['/static/js/csrf.js'] : LESSON_SCRIPTS), ...(lesson.videos.length ? ['/static/js/player-loader.js'] : [])],
  };
}

