// The meta description of every page: what a search engine shows under its title. A lesson is
// described by its first paragraph, every other page by the course's description; each is worked
// out once per compile of the course.
import type { Course, Lesson } from '../course/model';

/** Search engines show about this many characters. */
const MAX = 160;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** The text of some HTML, on one line. */
export function plainText(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name[0] === '#') return String.fromCodePoint(name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1)));
      return ENTITIES[name.toLowerCase()] ?? whole;
    })
    .replace(/\s+/g, ' ')
    .trim();
}

/** At most `max` characters, cut between words with an ellipsis. */
export function shortened(text: string, max = MAX): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.–-]+$/, '')}…`;
}

const courses = new WeakMap<Course, string>();
const lessons = new WeakMap<Lesson, string>();

export function courseDescription(course: Course): string {
  let text = courses.get(course);
  if (text === undefined) courses.set(course, (text = shortened(plainText(course.descriptionHtml)) || course.title));
  return text;
}

export function lessonDescription(lesson: Lesson): string {
  let text = lessons.get(lesson);
  if (text === undefined) {
    const html = lesson.parts.flatMap((p) => (p.kind === 'html' ? [p.html] : [])).join('\n');
    const paragraph = [...html.matchAll(/<p\b[^>]*>([\s\S]*?)<\/p>/g)].map((m) => plainText(m[1]!)).find((t) => t.length > 0);
    lessons.set(lesson, (text = shortened(paragraph ?? plainText(html)) || lesson.title));
  }
  return text;
}
