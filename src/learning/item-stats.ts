// Quiz item statistics for authors: per question, the share right at the first attempt and the
// wrong option chosen most, so a confusing question stands out.
import type { Quiz } from '../course/model';
import { mostlyUnanswered, type Grade } from './grading';

export interface ItemStat {
  q: number;
  answered: number;
  shareRight: number | null;
  /** Index (as written) of the wrong option chosen most, and how often. */
  commonWrong: { option: number; count: number } | null;
}

/**
 * Each teacher's first attempt that was really made: attempts handed in with most questions empty
 * (by mistake, or to see the questions) say nothing about the questions and are passed over.
 * Attempts come per teacher in the order they were made.
 */
export function firstRealAttempts<G extends Pick<Grade, 'questions'>>(attempts: readonly { userId: number; result: G }[]): G[] {
  const seen = new Set<number>();
  const out: G[] = [];
  for (const a of attempts) {
    if (seen.has(a.userId) || mostlyUnanswered(a.result)) continue;
    seen.add(a.userId);
    out.push(a.result);
  }
  return out;
}

export function itemStats(quiz: Quiz, firstAttempts: readonly Pick<Grade, 'questions'>[]): ItemStat[] {
  return quiz.questions.map((question) => {
    let answered = 0;
    let right = 0;
    const wrongCounts = new Map<number, number>();
    for (const attempt of firstAttempts) {
      const g = attempt.questions.find((x) => x.q === question.index);
      if (!g) continue;
      answered++;
      if (g.correct) right++;
      for (const c of g.chosen) if (question.options[c] && !question.options[c]!.correct) wrongCounts.set(c, (wrongCounts.get(c) ?? 0) + 1);
    }
    let commonWrong: ItemStat['commonWrong'] = null;
    for (const [option, count] of wrongCounts) if (!commonWrong || count > commonWrong.count) commonWrong = { option, count };
    return { q: question.index, answered, shareRight: answered ? right / answered : null, commonWrong };
  });
}
