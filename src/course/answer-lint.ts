// Author warnings on answer keys that a guesser can read without knowing the subject: a test-wise
// strategy (guessers.ts) that would pass a quiz or get more than half of the exercises right,
// multiple-answer questions that always have the same number of right options, and "alle
// bovenstaande" options. Pure: compiled modules in, warnings out.
import type { Module, Question } from './model';
import { judge, optionText, playStrategy, scopesOf, STRATEGIES, type Scope, type Verdict } from './guessers';

export { optionText };

export interface AnswerWarning {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

const ABOVE = /\b(alle|geen van( de)?) (bovenstaande|hierboven genoemde|antwoorden hierboven)\b|\b(all|none) of the above\b/i;

function lineList(questions: readonly Question[]): string {
  return `${questions.length === 1 ? 'regel' : 'regels'} ${questions.map((q) => q.line).join(', ')}`;
}

/** 4.5 -> "4,5", 4 -> "4": the way a Dutch author reads a number. */
export function dutchNumber(x: number): string {
  return (Math.round(x * 10) / 10).toString().replace('.', ',');
}

const MAX_PLACES = 8;

function guessWarning(scope: Scope, verdict: Verdict): AnswerWarning {
  const { result } = verdict;
  const n = scope.questions.length;
  const first = result.hits[0]!;
  const places = scope.file
    ? `goed bij ${lineList(result.hits.map((h) => h.question))}`
    : `goed bij ${result.hits.slice(0, MAX_PLACES).map((h) => `${h.file}:${h.question.line}`).join(', ')}${result.hits.length > MAX_PLACES ? ', …' : ''}`;
  const outcome = verdict.passes ? ` en haalt de toets (${Math.round(scope.passScore! * 100)} % nodig)` : ', meer dan de helft,';
  return {
    file: scope.file ?? first.file,
    line: first.question.line,
    message:
      `wie in ${scope.name} steeds ${result.strategy.does}, heeft naar verwachting ${dutchNumber(result.expected)} van de ${n} vragen goed${outcome} ` +
      `zonder de stof te kennen (${places}); ${result.strategy.advice}`,
  };
}

/** Every strategy that gives a scope's key away, as one warning each. */
function guesserWarnings(modules: readonly Module[]): AnswerWarning[] {
  const out: AnswerWarning[] = [];
  for (const scope of scopesOf(modules)) {
    for (const strategy of STRATEGIES) {
      const verdict = judge(scope, playStrategy(strategy, scope.questions));
      if (verdict) out.push(guessWarning(scope, verdict));
    }
  }
  return out;
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
  return [...out, ...guesserWarnings(modules)];
}
