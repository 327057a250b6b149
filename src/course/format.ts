// How problems and the course summary are printed by `steun check` and at start-up.
import type { Course, Diagnostic } from './model';

/** Authors read Dutch: `fout` stops the course from compiling, `waarschuwing` does not. */
export const SEVERITY: Record<Diagnostic['severity'], string> = { error: 'fout', warning: 'waarschuwing' };

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}: ${SEVERITY[d.severity]}: ${d.message}`;
}

export function summarize(course: Course): string {
  const lessons = course.modules.reduce((n, m) => n + m.lessons.length, 0);
  const quizzes = course.modules.filter((m) => m.quiz).length;
  const videos = course.modules.reduce((n, m) => n + m.lessons.reduce((k, l) => k + l.videos.length, 0), 0);
  const count = (n: number, one: string, more: string) => `${n} ${n === 1 ? one : more}`;
  return `${count(course.modules.length, 'module', 'modules')}, ${count(lessons, 'les', 'lessen')}, ${count(quizzes, 'toets', 'toetsen')}, ${count(videos, 'video', "video's")}, ongeveer ${course.minutes} minuten`;
}
