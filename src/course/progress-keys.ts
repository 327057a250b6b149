// Renaming a slug orphans the progress stored under the old key: the checker warns about it.
import type { Course } from './model';

/** Lesson keys that have stored progress but no longer exist in the course. */
export function missingProgressKeys(course: Course, storedKeys: readonly string[]): string[] {
  const current = new Set(course.modules.flatMap((m) => m.lessons.map((l) => l.key)));
  return [...new Set(storedKeys)].filter((k) => !current.has(k)).sort();
}
