// The write side of a lesson's completion: after anything a teacher did in a lesson, the lesson's
// state is computed by the same rule the pages use, and the completion mark the coordinator's report
// reads is stored when it changed.
import type { Course, Lesson } from '../course/model';
import type { Stores } from '../db';
import type { StoredLessonProgress } from '../db/progress';
import { lessonState } from '../learning/lesson-state';

/** Recomputes one lesson's completion and stores the mark reports are built from. Returns whether it is complete. */
export function refreshCompletion(stores: Stores, course: Course, userId: number, lesson: Lesson, known?: StoredLessonProgress, at?: string): boolean {
  const progress = known ?? stores.progress.progressForTeacher(userId).get(lesson.key);
  const complete = lessonState(lesson, progress, course).complete;
  // Only a change of state is written (the statement would change nothing otherwise, or find no row):
  // a beacon every ten seconds or an autosave while typing mostly changes nothing here.
  if (complete !== (progress?.completedAt != null)) stores.progress.setCompleted(userId, lesson.key, complete, at);
  return complete;
}
