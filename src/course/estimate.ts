// Estimated minutes, as the course format defines them: reading at 200 words a minute, the length
// of the videos, 2 minutes per reflection, 1 per exercise question; a quiz 1 minute per question.
// Lesson and quiz estimates are rounded to whole minutes (at least 1); modules and the course add those up.
import type { Lesson } from './model';

export const WORDS_PER_MINUTE = 200;

export function lessonMinutes(lesson: Pick<Lesson, 'videos' | 'reflections' | 'exercises'>, words: number): number {
  const videoSeconds = lesson.videos.reduce((sum, v) => sum + v.durationSeconds, 0);
  const exerciseQuestions = lesson.exercises.reduce((sum, e) => sum + e.questions.length, 0);
  const exact = words / WORDS_PER_MINUTE + videoSeconds / 60 + 2 * lesson.reflections.length + exerciseQuestions;
  return Math.max(1, Math.round(exact));
}

export function quizMinutes(questions: number): number {
  return Math.max(1, questions);
}
