// A teacher's place in the course, read from the stores: progress, quiz attempts and the course
// state computed from them. Shared by the web pages and the mail schedules.
import type { Course } from '../course/model';
import type { Stores } from '../db';
import type { StoredLessonProgress } from '../db/progress';
import type { AttemptSummary } from '../db/attempts';
import { courseState, type CourseState } from '../learning/course-state';

export interface Learner {
  course: Course;
  progress: ReadonlyMap<string, StoredLessonProgress>;
  quizzes: ReadonlyMap<string, Readonly<AttemptSummary>>;
  state: CourseState;
}

// The stores hand out the same progress object until the teacher's rows change, so the state
// computed from it is kept beside it for as long as it lives.
const states = new WeakMap<object, { course: Course; quizzes: object; state: CourseState }>();

export function readLearner(course: Course, stores: Stores, userId: number): Learner {
  const progress = stores.progress.progressForTeacher(userId);
  const quizzes = stores.attempts.summaryForTeacher(userId);
  let known = states.get(progress);
  if (!known || known.course !== course || known.quizzes !== quizzes) {
    known = { course, quizzes, state: courseState(course, progress, quizzes) };
    states.set(progress, known);
  }
  return { course, progress, quizzes, state: known.state };
}

/** A learner who has done nothing yet: what an author's preview shows, whatever the author did as a learner. */
export function blankLearner(course: Course): Learner {
  const progress = new Map<string, StoredLessonProgress>();
  const quizzes = new Map<string, AttemptSummary>();
  return { course, progress, quizzes, state: courseState(course, progress, quizzes) };
}
