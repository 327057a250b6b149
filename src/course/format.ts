// How problems and the course summary are printed by `steun check` and at start-up.
import type { Course, Diagnostic } from './model';

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}: ${d.severity}: ${d.message}`;
}

export function summarize(course: Course): string {
  const lessons = course.modules.reduce((n, m) => n + m.lessons.length, 0);
  const quizzes = course.modules.filter((m) => m.quiz).length;
  const videos = course.modules.reduce((n, m) => n + m.lessons.reduce((k, l) => k + l.videos.length, 0), 0);
  return `${course.modules.length} modules, ${lessons} lessons, ${quizzes} quizzes, ${videos} videos, about ${course.minutes} minutes${course.study ? `, ${course.study.waves.length} research waves, ${course.study.questionnaires.length} questionnaires` : ''}`;
}
