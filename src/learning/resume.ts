// Where "Verder" goes: back to the last lesson the teacher opened and has not finished (the lesson
// page then resumes its video where they left it), else the next step in course order.
import type { Course } from '../course/model';
import type { CourseState } from './course-state';

export type ResumeStep =
  | { kind: 'lesson'; moduleIndex: number; lessonIndex: number; minutes: number; /** Opened before and left unfinished. */ resumed: boolean }
  | { kind: 'quiz'; moduleIndex: number; minutes: number }
  | { kind: 'hold' }
  | { kind: 'certificate' };

/** How fine "last seen" is kept: a minute, so a reload or a video's reports every few seconds write nothing. */
export const LAST_SEEN_STEP_MS = 60_000;

/**
 * Whether opening (or watching in) this lesson at `nowMs` must write its "last seen": when the lesson
 * has none yet, when another lesson was seen later ("Verder" goes to the lesson seen last), or when
 * its mark is more than LAST_SEEN_STEP_MS old. Otherwise the mark stands, and nothing is written.
 */
export function lastSeenNeedsWrite(lastSeen: ReadonlyMap<string, { lastSeenAt: string }>, lessonKey: string, nowMs: number): boolean {
  const seen = lastSeen.get(lessonKey)?.lastSeenAt;
  if (!seen || nowMs - Date.parse(seen) > LAST_SEEN_STEP_MS) return true;
  for (const p of lastSeen.values()) if (p.lastSeenAt > seen) return true;
  return false;
}

export function resumeStep(course: Course, state: CourseState, lastSeen: ReadonlyMap<string, { lastSeenAt: string }>): ResumeStep {
  if (state.complete || state.next.kind === 'certificate') return { kind: 'certificate' };
  // Under a hold nothing is left to resume: what is open is complete.
  if (state.next.kind === 'hold') return { kind: 'hold' };
  let best: { moduleIndex: number; lessonIndex: number; at: string } | null = null;
  for (const m of course.modules) {
    const ms = state.modules[m.index]!;
    if (ms.state === 'locked') continue;
    m.lessons.forEach((l, i) => {
      const seen = lastSeen.get(l.key)?.lastSeenAt;
      if (!seen || ms.lessons[i]!.complete) return;
      if (!best || seen > best.at) best = { moduleIndex: m.index, lessonIndex: i, at: seen };
    });
  }
  if (best) {
    const { moduleIndex, lessonIndex } = best;
    return { kind: 'lesson', moduleIndex, lessonIndex, minutes: course.modules[moduleIndex]!.lessons[lessonIndex]!.minutes, resumed: true };
  }
  const next = state.next as Extract<typeof state.next, { moduleSlug: string }>;
  const moduleIndex = course.modules.findIndex((m) => m.slug === next.moduleSlug);
  const module = course.modules[moduleIndex]!;
  if (next.kind === 'quiz') return { kind: 'quiz', moduleIndex, minutes: module.quiz?.minutes ?? 0 };
  const lessonIndex = module.lessons.findIndex((l) => l.slug === next.lessonSlug);
  return { kind: 'lesson', moduleIndex, lessonIndex, minutes: module.lessons[lessonIndex]!.minutes, resumed: false };
}
