// The certificate says a teacher spent about the course's hours on it. Every lesson, video and quiz
// can be done in any order of minutes, but the study time credited (one clock per teacher, never
// faster than the wall clock; see study-time.ts) must reach a share of the course's estimate: a
// script that completes everything in three minutes gets no certificate, a fast reader does.
import type { Course } from '../course/model';

/** The share of the course's estimated minutes that must be credited as study time. */
export const MIN_STUDY_SHARE = 1 / 3;

export interface StudyMinimum {
  /** Seconds credited so far, over every lesson. */
  studied: number;
  required: number;
  met: boolean;
}

export function studyMinimum(course: Pick<Course, 'minutes'>, progress: ReadonlyMap<string, { activeSeconds: number }>): StudyMinimum {
  let studied = 0;
  for (const p of progress.values()) studied += p.activeSeconds;
  const required = Math.round(course.minutes * 60 * MIN_STUDY_SHARE);
  return { studied, required, met: studied >= required };
}
