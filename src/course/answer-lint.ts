// Author warnings on answer keys that a guesser can read without knowing the subject: the right
// option that is nearly always the longest (or, after a rewrite that overshoots, the shortest), multiple-answer questions that always have the same
// number of right options, and "alle bovenstaande" options. Pure: compiled modules in, warnings out.
import type { Module, Question } from './model';

export interface AnswerWarning {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

/** The share of single-answer questions whose right option may be the longest (or the shortest) before we warn. */
const EXTREME_SHARE = 1 / 3;

const ABOVE = /\b(alle|geen van( de)?) (bovenstaande|hierboven genoemde|antwoorden hierboven)\b|\b(all|none) of the above\b/i;

/** The visible text of an option's inline HTML, for measuring and quoting. */
export function optionText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|quot|#39|#x27|nbsp);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'", nbsp: ' ' })[e] ?? '')
    .replace(/\s+/g, ' ')
    .trim();
}

type Extreme = 'longest' | 'shortest';

/** A single-answer question whose right option is longer (or shorter) than every wrong one. */
export function rightIs(extreme: Extreme, q: Question): boolean {
  const right = q.options.filter((o) => o.correct);
  if (right.length !== 1 || q.options.length < 2) return false;
  const length = optionText(right[0]!.html).length;
  return q.options.every((o) => o.correct || (extreme === 'longest' ? optionText(o.html).length < length : optionText(o.html).length > length));
}

function lineList(questions: readonly Question[]): string {
  return `${questions.length === 1 ? 'regel' : 'regels'} ${questions.map((q) => q.line).join(', ')}`;
}

interface Scope {
  file: string;
  /** "deze toets" or "de oefeningen van deze les". */
  name: string;
  questions: readonly Question[];
}

function extremeWarning(scope: Scope, extreme: Extreme): AnswerWarning | null {
  const single = scope.questions.filter((q) => q.options.filter((o) => o.correct).length === 1);
  const found = single.filter((q) => rightIs(extreme, q));
  if (found.length === 0 || found.length <= single.length * EXTREME_SHARE) return null;
  const word = extreme === 'longest' ? 'langste' : 'kortste';
  return {
    file: scope.file,
    line: found[0]!.line,
    message:
      `in ${scope.name} is bij ${found.length} van de ${single.length} vragen met één goed antwoord het goede antwoord het ${word} (${lineList(found)}); ` +
      `wie steeds het ${word} antwoord kiest, gokt dan vaak goed. Maak de antwoorden ongeveer even lang, en laat het goede antwoord niet steeds het ${word} zijn`,
  };
}

function sameCountWarning(file: string, name: string, questions: readonly { file: string; q: Question }[]): AnswerWarning | null {
  const multiple = questions.filter((x) => x.q.multiple);
  if (multiple.length < 2) return null;
  const counts = new Set(multiple.map((x) => x.q.options.filter((o) => o.correct).length));
  if (counts.size !== 1) return null;
  const [count] = counts;
  const where = name === 'de cursus' ? multiple.map((x) => `${x.file}:${x.q.line}`).join(', ') : lineList(multiple.map((x) => x.q));
  return {
    file,
    line: multiple[0]!.q.line,
    message:
      `in ${name} hebben ${multiple.length === 2 ? 'beide' : `alle ${multiple.length}`} vragen met meer goede antwoorden er precies ${count} goed (${where}); ` +
      'dan verraadt het aantal het antwoord. Wissel af: soms twee, soms drie, soms alle antwoorden goed',
  };
}

function aboveWarnings(file: string, questions: readonly Question[]): AnswerWarning[] {
  const out: AnswerWarning[] = [];
  for (const q of questions) {
    for (const o of q.options) {
      const text = optionText(o.html);
      if (!ABOVE.test(text)) continue;
      out.push({
        file,
        line: q.line,
        message:
          `het antwoord "${text}" verwijst naar de andere antwoorden: die worden in een toets geschud, en zo'n antwoord is vaak te raden. ` +
          'Schrijf uit wat je bedoelt, of maak er een vraag met meer goede antwoorden van',
      });
    }
  }
  return out;
}

/** Every answer-key warning for a compiled course, in course order. */
export function lintAnswers(modules: readonly Module[]): AnswerWarning[] {
  const out: AnswerWarning[] = [];
  const everything: { file: string; q: Question }[] = [];
  let sameCountWarned = false;
  for (const m of modules) {
    for (const lesson of m.lessons) {
      const questions = lesson.exercises.flatMap((e) => e.questions);
      for (const extreme of ['longest', 'shortest'] as const) {
        const w = extremeWarning({ file: lesson.file, name: 'de oefeningen van deze les', questions }, extreme);
        if (w) out.push(w);
      }
      const same = sameCountWarning(lesson.file, 'de oefeningen van deze les', questions.map((q) => ({ file: lesson.file, q })));
      if (same) {
        out.push(same);
        sameCountWarned = true;
      }
      out.push(...aboveWarnings(lesson.file, questions));
      everything.push(...questions.map((q) => ({ file: lesson.file, q })));
    }
    if (m.quiz) {
      const { file, questions } = m.quiz;
      for (const extreme of ['longest', 'shortest'] as const) {
        const w = extremeWarning({ file, name: 'deze toets', questions }, extreme);
        if (w) out.push(w);
      }
      const same = sameCountWarning(file, 'deze toets', questions.map((q) => ({ file, q })));
      if (same) {
        out.push(same);
        sameCountWarned = true;
      }
      out.push(...aboveWarnings(file, questions));
      everything.push(...questions.map((q) => ({ file, q })));
    }
  }
  // Across the course too: one multiple-answer question per quiz, each with three of four right, is the same pattern.
  if (!sameCountWarned) {
    const first = everything.find((x) => x.q.multiple);
    const same = first && sameCountWarning(first.file, 'de cursus', everything);
    if (same) out.push(same);
  }
  return out;
}
