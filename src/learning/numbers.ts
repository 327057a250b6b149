// One rounding rule for every percentage and duration a person reads, so the overview, the lesson,
// the quiz result, the report and the demo's output never disagree (4 of 6 is 67 %, everywhere).
// A non-breaking space keeps "67 %" and "7 min" on one line on a phone.

export const NBSP = '\u00a0';

/**
 * A share (0..1) as a whole percentage, rounded half up. Only what is whole is 100 and only what is
 * nothing is 0: 99.6 % of a course is not done, and a started video is not "0 % bekeken".
 */
export function wholePercent(fraction: number): number {
  if (!Number.isFinite(fraction) || fraction <= 1e-9) return 0;
  if (fraction >= 1 - 1e-9) return 100;
  return Math.min(99, Math.max(1, Math.round(fraction * 100)));
}

/**
 * A share measured against a threshold (a video counts from 90 % watched): the whole percentage,
 * except that while the share is below the threshold it never reads as the threshold itself
 * (89.6 % of a video that needs 90 % is "89 %", not "90 %").
 */
export function percentBelow(fraction: number, threshold: number): number {
  const shown = wholePercent(fraction);
  return fraction + 1e-9 >= threshold ? shown : Math.min(Math.round(threshold * 100) - 1, shown);
}

/** "67 %" with a non-breaking space. */
export function percentText(fraction: number): string {
  return `${wholePercent(fraction)}${NBSP}%`;
}

/** "7 min" with a non-breaking space. */
export function minutesText(minutes: number): string {
  return `${Math.round(minutes)}${NBSP}min`;
}

/**
 * A course or module length said once, as people say it: "25 min", "1 uur", "ongeveer 2 uur" (113
 * minutes), "1 uur 20 min". Lengths of an hour or more are rounded to 5 minutes; within 10 minutes of
 * a whole hour they are that hour.
 */
export function durationText(minutes: number): string {
  const m = Math.max(0, Math.round(minutes));
  if (m < 60) return minutesText(m);
  const hours = Math.round(m / 60);
  if (Math.abs(m - hours * 60) <= 10) return `${m === hours * 60 ? '' : 'ongeveer '}${hours}${NBSP}uur`;
  const rounded = Math.round(m / 5) * 5;
  return `${Math.floor(rounded / 60)}${NBSP}uur ${minutesText(rounded % 60)}`;
}

const WORDS = ['nul', 'één', 'twee', 'drie', 'vier', 'vijf', 'zes', 'zeven', 'acht', 'negen', 'tien', 'elf', 'twaalf'];

/** A small count as a word ("vijf"), a larger one as digits: how Dutch prose writes counts. */
export function countWord(n: number): string {
  return WORDS[n] ?? String(n);
}

/** "vijf korte modules, ongeveer 2 uur": a course's size in one phrase, for invitations. */
export function courseSizeText(course: { modules: readonly unknown[]; minutes: number }): string {
  const n = course.modules.length;
  return `${countWord(n)} ${n === 1 ? 'korte module' : 'korte modules'}, ${durationText(course.minutes).startsWith('ongeveer') ? durationText(course.minutes) : `ongeveer ${durationText(course.minutes)}`}`;
}

/** "ongeveer 25 min", "ongeveer 2 uur": a time still to go, with "ongeveer" said once. */
export function aboutDuration(minutes: number): string {
  return `ongeveer ${durationText(minutes).replace('ongeveer ', '')}`;
}
