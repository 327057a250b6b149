// Reminders as rules: who is quiet, and how their next step reads in a mail.
import type { Course } from '../course/model';
import type { CourseState, NextStep } from './course-state';

/** Fourteen quiet days before a teacher who has not finished gets a reminder. */
export const REMINDER_QUIET_DAYS = 14;

/** The moment before which the last activity must lie for a reminder at `now`. */
export function quietBefore(now: Date, quietDays = REMINDER_QUIET_DAYS): string {
  return new Date(now.getTime() - quietDays * 86_400_000).toISOString();
}

/**
 * A reminder goes only to a teacher who has something to go on with: not while a hold keeps the
 * course closed (the hold's own mails say when it opens), and not once every module is complete.
 */
export function needsReminder(state: CourseState): boolean {
  return !state.complete && state.next.kind !== 'hold';
}

/** "de les 'X' in module 2 (Y)" — the next step in words. */
export function describeNextStep(course: Course, next: NextStep): string {
  if (next.kind === 'certificate') return 'je certificaat downloaden';
  if (next.kind === 'hold') return next.hold.title.charAt(0).toLowerCase() + next.hold.title.slice(1);
  const module = course.modules.find((m) => m.slug === next.moduleSlug);
  if (!module) return 'verder met de cursus';
  const where = `module ${module.index + 1} (${module.title})`;
  if (next.kind === 'quiz') return `de toets van ${where}`;
  const lesson = module.lessons.find((l) => l.slug === next.lessonSlug);
  return lesson ? `de les '${lesson.title}' in ${where}` : `verder in ${where}`;
}

export interface ReminderCandidate {
  id: number;
  name: string;
  email: string;
  lastActivity: string | null;
}

export type ReminderSkip = 'al-herinnerd' | 'uitgezet';

/**
 * Whom a coordinator's "mail deze leerkrachten" reaches: quiet teachers who did not get a reminder
 * in this quiet period (from the schedule or a coordinator: one key, so never two) and who did not
 * turn reminders off. The rest are listed with why not.
 */
export function reminderPlan(
  quiet: readonly ReminderCandidate[],
  known: { remindedThisPeriod: (c: ReminderCandidate) => boolean; off: ReadonlySet<number> },
): { send: ReminderCandidate[]; skipped: { teacher: ReminderCandidate; reason: ReminderSkip }[] } {
  const send: ReminderCandidate[] = [];
  const skipped: { teacher: ReminderCandidate; reason: ReminderSkip }[] = [];
  for (const c of quiet) {
    if (known.off.has(c.id)) skipped.push({ teacher: c, reason: 'uitgezet' });
    else if (known.remindedThisPeriod(c)) skipped.push({ teacher: c, reason: 'al-herinnerd' });
    else send.push(c);
  }
  return { send, skipped };
}
