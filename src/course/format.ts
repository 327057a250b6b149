// How problems and the course summary are printed by `steun check` and at start-up.
import type { Course, Diagnostic } from './model';

/**
 * The line format is part of the interface (`path:line: error|warning: message`, and the summary
 * line below), so editors and scripts can read it; the messages themselves are Dutch.
 */
export const SEVERITY: Record<Diagnostic['severity'], string> = { error: 'error', warning: 'warning' };

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}: ${SEVERITY[d.severity]}: ${d.message}`;
}

export function summarize(course: Course): string {
  const lessons = course.modules.reduce((n, m) => n + m.lessons.length, 0);
  const quizzes = course.modules.filter((m) => m.quiz).length;
  const videos = course.modules.reduce((n, m) => n + m.lessons.reduce((k, l) => k + l.videos.length, 0), 0);
  const appendix = course.modules.reduce((n, m) => n + (m.appendix?.length ?? 0), 0);
  return `${course.modules.length} modules, ${lessons} lessons, ${appendix ? `${appendix} appendix ${appendix === 1 ? 'page' : 'pages'}, ` : ''}${quizzes} quizzes, ${videos} videos, about ${course.minutes} minutes${course.study ? `, ${course.study.waves.length} research waves, ${course.study.questionnaires.length} questionnaires` : ''}`;
}
