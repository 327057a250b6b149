// Which modules use which media file, so a locked module's media stay locked too.
import type { Course } from './model';

const cache = new WeakMap<Course, Map<string, number[]>>();

const MEDIA_REF = /(?:src|href|poster)="\/media\/([^"?#]+)"/g;

/** Media path (relative to media/) -> indexes of the modules whose lessons use it. */
export function mediaUsage(course: Course): Map<string, number[]> {
  const known = cache.get(course);
  if (known) return known;
  const usage = new Map<string, Set<number>>();
  const use = (file: string, moduleIndex: number) => {
    const name = decodeURIComponent(file);
    if (!usage.has(name)) usage.set(name, new Set());
    usage.get(name)!.add(moduleIndex);
  };
  for (const m of course.modules) {
    for (const lesson of m.lessons) {
      for (const v of lesson.videos) {
        use(v.src, m.index);
        use(v.captions, m.index);
        if (v.poster) use(v.poster, m.index);
      }
      for (const part of lesson.parts) {
        if (part.kind !== 'html') continue;
        for (const match of part.html.matchAll(MEDIA_REF)) if (match[1]) use(match[1], m.index);
      }
    }
    for (const page of m.appendix ?? []) for (const match of page.html.matchAll(MEDIA_REF)) if (match[1]) use(match[1], m.index);
  }
  const result = new Map([...usage].map(([file, modules]) => [file, [...modules].sort((a, b) => a - b)]));
  cache.set(course, result);
  return result;
}
