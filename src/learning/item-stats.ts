// Quiz item statistics for authors: per question, the share right at the first attempt and the
// wrong option chosen most, so a confusing question stands out.
import type { Quiz } from '../course/model';
import type { Grade } from './grading';

export interface ItemStat {
  q: number;
  answered: number;
  shareRight: number | null;
  /** Index (as written) of the wrong option chosen most, and how often. */
  commonWrong: { option: number; count: number } | null;
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
