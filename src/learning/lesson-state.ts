// When a lesson is complete: every video watched for at least `videoCompletion` (the played parts,
// merged), every reflection and exercise answered, and the lesson marked as done.
import type { Lesson } from '../course/model';
import { watchedFraction, type Segment } from './segments';

export interface VideoProgress {
  src: string;
  segments: readonly Segment[];
  position: number;
  duration: number;
}

export interface LessonProgress {
  lessonKey: string;
  done: boolean;
  videos: readonly VideoProgress[];
  reflectionIds: readonly string[];
  exerciseIds: readonly string[];
  activeSeconds: number;
}

export type Remaining =
  | { kind: 'video'; lessonKey: string; lessonTitle: string; videoTitle: string; fraction: number; threshold: number }
  | { kind: 'reflection'; lessonKey: string; lessonTitle: string; reflectionId: string }
  | { kind: 'exercise'; lessonKey: string; lessonTitle: string; exerciseId: string }
  | { kind: 'done'; lessonKey: string; lessonTitle: string }
  | { kind: 'quiz'; moduleSlug: string; moduleIndex: number; quizTitle: string; passScore: number; bestScore: number | null; exhausted: boolean; /** Can be taken now (lessons complete, module open). */ available: boolean };

export interface LessonState {
  complete: boolean;
  /** Opened (or anything recorded) before. */
  started: boolean;
  done: boolean;
  remaining: Remaining[];
}

export interface CompletionSettings {
  videoCompletion: number;
}

/** Watched share of one of the lesson's videos; the compiled length wins over what the browser reported. */
export function videoFraction(video: Lesson['videos'][number], progress: LessonProgress | undefined): number {
  const p = progress?.videos.find((v) => v.src === video.src);
  if (!p) return 0;
  const duration = video.durationSeconds > 0 ? video.durationSeconds : p.duration;
  return watchedFraction(p.segments, duration);
}

/** States worked out for progress objects that cannot change (the stores hand out frozen ones), beside the object. */
const kept = new WeakMap<LessonProgress, { lesson: Lesson; videoCompletion: number; state: LessonState }>();
/** States of lessons nobody has opened yet, beside the (compiled, unchanging) lesson. */
const untouched = new WeakMap<Lesson, { videoCompletion: number; state: LessonState }>();

/**
 * The lesson's state for this progress. A frozen progress object keeps its answer (frozen too), and
 * so does a lesson without progress: a video report changes one lesson's object, and the course
 * state of the teacher's next request works out only that lesson again.
 */
export function lessonState(lesson: Lesson, progress: LessonProgress | undefined, settings: CompletionSettings): LessonState {
  if (progress === undefined) {
    const known = untouched.get(lesson);
    if (known && known.videoCompletion === settings.videoCompletion) return known.state;
    const state = frozen(workOut(lesson, undefined, settings));
    untouched.set(lesson, { videoCompletion: settings.videoCompletion, state });
    return state;
  }
  if (!Object.isFrozen(progress)) return workOut(lesson, progress, settings);
  const known = kept.get(progress);
  if (known && known.lesson === lesson && known.videoCompletion === settings.videoCompletion) return known.state;
  const state = frozen(workOut(lesson, progress, settings));
  kept.set(progress, { lesson, videoCompletion: settings.videoCompletion, state });
  return state;
}

function frozen(state: LessonState): LessonState {
  for (const r of state.remaining) Object.freeze(r);
  Object.freeze(state.remaining);
  return Object.freeze(state);
}

function workOut(lesson: Lesson, progress: LessonProgress | undefined, settings: CompletionSettings): LessonState {
  const remaining: Remaining[] = [];
  const base = { lessonKey: lesson.key, lessonTitle: lesson.title };
  for (const video of lesson.videos) {
    const fraction = videoFraction(video, progress);
    // A hair of tolerance so 0.9 of a video is not lost to floating point.
    if (fraction + 1e-9 < settings.videoCompletion) remaining.push({ kind: 'video', ...base, videoTitle: video.title, fraction, threshold: settings.videoCompletion });
  }
  for (const r of lesson.reflections) {
    if (!progress?.reflectionIds.includes(r.id)) remaining.push({ kind: 'reflection', ...base, reflectionId: r.id });
  }
  for (const e of lesson.exercises) {
    if (!progress?.exerciseIds.includes(e.id)) remaining.push({ kind: 'exercise', ...base, exerciseId: e.id });
  }
  const done = progress?.done ?? false;
  if (!done) remaining.push({ kind: 'done', ...base });
  return { complete: remaining.length === 0, started: progress !== undefined, done, remaining };
}
