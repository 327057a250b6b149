// The test-wise guesser: plays the common strategies of someone who answers without knowing the
// subject (the longest, shortest or middle-length option; the option that repeats the question's
// words; leave out options that say "altijd" or "nooit"; always the first, second or last place) on
// every quiz and every lesson's exercises, and says what each would score. Pure: questions in,
// expected scores out; answer-lint.ts turns them into warnings, `steun check --guessers` prints them.
import type { Module, Question } from './model';

export type StrategyId = 'longest' | 'shortest' | 'middle' | 'overlap' | 'absolute' | 'first' | 'second' | 'last';

export interface Strategy {
  readonly id: StrategyId;
  /** Dutch, after "wie steeds": what the guesser does. */
  readonly does: string;
  /** Dutch: what the author can change. */
  readonly advice: string;
  /** Reads the place an option is shown in, not its text. */
  readonly positional: boolean;
}

/** A set of questions shown together: its options shuffled per teacher, or as written. */
export interface QuestionSet {
  readonly questions: readonly Question[];
  readonly shuffled: boolean;
}

const LENGTH_ADVICE = 'verdeel het goede antwoord over lange, korte en middellange opties';
const PLACE_ADVICE = 'zet het goede antwoord op wisselende plaatsen, of laat de opties schudden (shuffle: true)';

export const STRATEGIES: readonly Strategy[] = [
  { id: 'longest', does: 'het langste antwoord kiest', advice: LENGTH_ADVICE, positional: false },
  { id: 'shortest', does: 'het kortste antwoord kiest', advice: LENGTH_ADVICE, positional: false },
  { id: 'middle', does: 'het antwoord van middelmatige lengte kiest', advice: LENGTH_ADVICE, positional: false },
  {
    id: 'overlap',
    does: 'het antwoord kiest dat de meeste woorden met de vraag deelt',
    advice: 'laat het goede antwoord niet vaker dan de foute de woorden van de vraag herhalen',
    positional: false,
  },
  {
    id: 'absolute',
    does: "antwoorden met 'altijd', 'nooit', 'alleen' en dergelijke wegstreept",
    advice: "zet zulke woorden ook eens in een goed antwoord, of laat ze weg uit de foute",
    positional: false,
  },
  { id: 'first', does: 'het eerste antwoord kiest', advice: PLACE_ADVICE, positional: true },
  { id: 'second', does: 'het tweede antwoord kiest', advice: PLACE_ADVICE, positional: true },
  { id: 'last', does: 'het laatste antwoord kiest', advice: PLACE_ADVICE, positional: true },
];

/** The visible text of an option's (or heading's) inline HTML, for measuring and quoting. */
export function optionText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|quot|#39|#x27|nbsp);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'", nbsp: ' ' })[e] ?? '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Words that make a statement absolute; a test-wise reader strikes such options first. */
const ABSOLUTE = /(^|[^\p{L}])(altijd|nooit|alle|allemaal|alleen|geen enkele|niemand|niets|nergens|iedereen|elke|ieder|iedere|zeker|vanzelf|moet|moeten|meteen|direct|helemaal|volledig|uitsluitend)(?![\p{L}])/iu;

export function hasAbsoluteWord(text: string): boolean {
  return ABSOLUTE.test(text);
}

/** Dutch function words: they say nothing about what an option means. */
const STOPWORDS = new Set(
  (
    'aan af al alle als dan dat de deze die dit doen doet door dus een eens en er geen had heb hebben heeft het hier hij hem hoe hun ik in is ja je jij jou jouw jullie kan ' +
    'kun kunnen maar me meer met mij mijn na naar niet nog nu of om onder ons onze ook op over te tegen toch tot u uit van veel voor waar waarom wanneer was wat we wel welk ' +
    'welke wie wij wil word wordt worden ze zich zij zijn zo zoals zou zal zelf zonder even iets bij omdat dus wordt werd'
  ).split(' '),
);

/** Content-word stems: lower case without accents, function words dropped, cut to five letters. */
export function stems(text: string): Set<string> {
  const out = new Set<string>();
  const plain = text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  for (const word of plain.split(/[^a-z0-9]+/)) {
    if (word.length < 3 || STOPWORDS.has(word)) continue;
    out.add(word.slice(0, 5));
  }
  return out;
}

/** A blind guess: one of k options, or for a multiple-answer question one of the 2^k − 1 non-empty sets. */
export function blindChance(q: Question): number {
  const k = q.options.length;
  return q.multiple ? 1 / (2 ** k - 1) : 1 / k;
}

/** What the strategy thinks of each option (higher: more likely right), by option index as written. */
function scores(strategy: StrategyId, q: Question): number[] {
  const texts = q.options.map((o) => optionText(o.html));
  const lengths = texts.map((t) => t.length);
  const place = q.options.map((o) => o.index);
  switch (strategy) {
    case 'longest':
      return lengths;
    case 'shortest':
      return lengths.map((l) => -l);
    case 'middle': {
      const sorted = [...lengths].sort((a, b) => a - b);
      const mid = sorted.length % 2 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
      return lengths.map((l) => -Math.abs(l - mid));
    }
    case 'overlap': {
      const stem = stems(`${q.text} ${optionText(q.bodyHtml)}`);
      return texts.map((t) => [...stems(t)].filter((s) => stem.has(s)).length);
    }
    case 'absolute':
      return texts.map((t) => (hasAbsoluteWord(t) ? 0 : 1));
    case 'first':
      return place.map((p) => -p);
    case 'second':
      return place.map((p) => -Math.abs(p - 1));
    case 'last':
      return place;
  }
}

/**
 * The chance that the strategy answers this question exactly right. Single answer: it picks the
 * option it rates highest, a tie broken at random. Multiple answers: it ticks every option except
 * those it rates lowest (the odd one out); when it rates them all the same it has nothing to go on
 * and guesses blind. A position strategy on shuffled options is a blind guess as well: each teacher
 * sees the key in a random place, so "always the second" is right exactly as often as chance.
 */
export function chanceRight(strategy: Strategy, q: Question, shuffled: boolean): number {
  if (q.options.length < 2) return 1;
  if (strategy.positional && shuffled) return blindChance(q);
  const s = scores(strategy.id, q);
  if (!q.multiple) {
    const top = Math.max(...s);
    const best = q.options.filter((_, i) => s[i] === top);
    return best.some((o) => o.correct) ? 1 / best.length : 0;
  }
  const low = Math.min(...s);
  if (s.every((x) => x === low)) return blindChance(q);
  return q.options.every((o, i) => o.correct === (s[i] !== low)) ? 1 : 0;
}

export interface StrategyResult {
  readonly strategy: Strategy;
  /** Expected number of questions right. */
  readonly expected: number;
  /** Questions (as given) the strategy gets right at least sometimes, with that chance. */
  readonly hits: readonly { readonly question: Question; readonly file: string; readonly chance: number }[];
}

export interface ScopeQuestion {
  readonly file: string;
  readonly question: Question;
  readonly shuffled: boolean;
}

export function playStrategy(strategy: Strategy, questions: readonly ScopeQuestion[]): StrategyResult {
  let expected = 0;
  const hits: { question: Question; file: string; chance: number }[] = [];
  for (const { file, question, shuffled } of questions) {
    const chance = chanceRight(strategy, question, shuffled);
    expected += chance;
    if (chance > 0) hits.push({ question, file, chance });
  }
  return { strategy, expected, hits };
}

/** Expected number right for a blind guesser: the floor every strategy is measured against. */
export function blindExpected(questions: readonly ScopeQuestion[]): number {
  return questions.reduce((sum, { question }) => sum + blindChance(question), 0);
}

export interface Scope {
  readonly kind: 'quiz' | 'lesson' | 'course-exercises' | 'course-quizzes';
  /** The file a warning points to: the quiz, the lesson, or (for the course) the first file with a hit. */
  readonly file: string | null;
  /** Dutch: "deze toets", "de oefeningen van deze les", ... */
  readonly name: string;
  readonly questions: readonly ScopeQuestion[];
  /** A quiz's pass mark (share of questions); null for exercises, which have none. */
  readonly passScore: number | null;
}

/**
 * Below this many questions a scope is not judged on its own (it still counts for the course):
 * with one or two questions, whatever option is right, some length or place strategy lands on it.
 */
export const MIN_QUESTIONS = 3;

/** Every scope of a course: each quiz, each lesson's exercises, and all exercises and all quiz questions of the course together. */
export function scopesOf(modules: readonly Module[]): Scope[] {
  const scopes: Scope[] = [];
  const allExercises: ScopeQuestion[] = [];
  const allQuizzes: ScopeQuestion[] = [];
  for (const m of modules) {
    for (const lesson of m.lessons) {
      const questions = lesson.exercises.flatMap((e) => e.questions.map((question) => ({ file: lesson.file, question, shuffled: e.shuffle })));
      if (questions.length === 0) continue;
      scopes.push({ kind: 'lesson', file: lesson.file, name: 'de oefeningen van deze les', questions, passScore: null });
      allExercises.push(...questions);
    }
    if (m.quiz) {
      const quiz = m.quiz;
      const questions = quiz.questions.map((question) => ({ file: quiz.file, question, shuffled: quiz.shuffle }));
      scopes.push({ kind: 'quiz', file: quiz.file, name: 'deze toets', questions, passScore: quiz.passScore });
      allQuizzes.push(...questions);
    }
  }
  // The course as a whole, where it is more than one lesson or quiz (otherwise it would say the same twice).
  if (scopes.filter((s) => s.kind === 'lesson').length > 1) scopes.push({ kind: 'course-exercises', file: null, name: 'alle oefeningen van de cursus samen', questions: allExercises, passScore: null });
  if (scopes.filter((s) => s.kind === 'quiz').length > 1) scopes.push({ kind: 'course-quizzes', file: null, name: 'alle toetsen van de cursus samen', questions: allQuizzes, passScore: null });
  return scopes;
}

export interface Verdict {
  readonly result: StrategyResult;
  /** The expected score reaches the quiz's pass mark. */
  readonly passes: boolean;
  /** The expected score is more than half of the questions. */
  readonly overHalf: boolean;
}

/** A strategy that passes a quiz, or gets more than half of a scope right, gives the key away. */
export function judge(scope: Scope, result: StrategyResult): Verdict | null {
  const n = scope.questions.length;
  if (n < MIN_QUESTIONS) return null;
  const eps = 1e-9;
  const passes = scope.passScore !== null && result.expected + eps >= scope.passScore * n;
  const overHalf = result.expected > n / 2 + eps;
  return passes || overHalf ? { result, passes, overHalf } : null;
}
