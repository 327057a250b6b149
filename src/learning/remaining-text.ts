// What remains, in Dutch, for the lock page and the lesson page.
import type { Remaining } from './lesson-state';
import type { ModuleState } from './course-state';
import { NBSP, aboutDuration, percentBelow, percentText as percent } from './numbers';

export function describeRemaining(r: Remaining): string {
  switch (r.kind) {
    case 'video':
      // A lesson may hold more than one video: each is named by its own title.
      return r.videoTitle && r.videoTitle !== r.lessonTitle
        ? `video '${r.videoTitle}' in '${r.lessonTitle}' (${percentBelow(r.fraction, r.threshold)}${NBSP}% bekeken)`
        : `video in '${r.lessonTitle}' (${percentBelow(r.fraction, r.threshold)}${NBSP}% bekeken)`;
    case 'reflection':
      return `reflectie in '${r.lessonTitle}'`;
    case 'exercise':
      return `oefening in '${r.lessonTitle}'`;
    case 'done':
      return `les '${r.lessonTitle}' afronden`;
    case 'quiz':
      if (r.exhausted) return `toets module ${r.moduleIndex + 1}: geen pogingen meer (neem contact op met je coördinator)`;
      return `toets module ${r.moduleIndex + 1} (${percent(r.passScore)} nodig${r.bestScore !== null ? `, je beste score is ${percentBelow(r.bestScore, r.passScore)}${NBSP}%` : ''})`;
  }
}

/** "a", "a en b", "a, b en c" */
export function joinDutch(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} en ${items[items.length - 1]}`;
}

/**
 * When a locked module opens, after "gaat open": each module opens once every module before it is
 * complete, so module 5 waiting on module 2 needs modules 2 to 4 ("als je module 2 tot en met 4
 * hebt afgerond"), not only module 2. Indexes are 0-based.
 */
export function opensWhen(moduleIndex: number, lockedBy: number): string {
  const first = lockedBy + 1;
  const last = moduleIndex;
  if (first >= last) return `als je module ${last} hebt afgerond`;
  if (first === last - 1) return `als je module ${first} en ${last} hebt afgerond`;
  return `als je module ${first} tot en met ${last} hebt afgerond`;
}

/** Why a locked module is locked, in one line for the overview and the certificate page; '' when open. */
export function lockText(m: Pick<ModuleState, 'index' | 'lock'>): string {
  if (!m.lock) return '';
  if (m.lock.kind === 'hold') return m.lock.hold.lockLine;
  return `Gaat open ${opensWhen(m.index, m.lock.index)}.`;
}

/**
 * What remains of a module that is not complete, in one line: "nog ongeveer 24 min · 3 lessen en de
 * toets". A quiz with no attempts left says so.
 */
export function moduleRemainingText(m: Pick<ModuleState, 'lessonsTotal' | 'lessonsComplete' | 'quiz' | 'minutesLeft'>): string {
  const lessons = m.lessonsTotal - m.lessonsComplete;
  const parts: string[] = [];
  if (lessons > 0) parts.push(`${lessons} ${lessons === 1 ? 'les' : 'lessen'}`);
  if (m.quiz && !m.quiz.passed) parts.push(m.quiz.exhausted ? 'de toets (geen pogingen meer)' : 'de toets');
  return [`nog ${aboutDuration(m.minutesLeft)}`, joinDutch(parts)].filter(Boolean).join(' · ');
}
