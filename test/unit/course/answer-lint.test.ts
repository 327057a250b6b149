// The author warnings on guessable answer keys, on small temporary courses.
import fs from 'node:fs';
import { compileCourse } from '../../../src/course/compile';
import { formatDiagnostic } from '../../../src/course/format';
import { makeCourse, lesson, type Files } from '../../fixtures/course-builder';

const made: string[] = [];
afterAll(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

async function warnings(files: Files): Promise<string[]> {
  const dir = makeCourse(files);
  made.push(dir);
  const result = await compileCourse(dir);
  expect(result.course).not.toBeNull();
  return result.diagnostics.filter((d) => d.severity === 'warning').map(formatDiagnostic);
}

/** A single-answer question; `right` is the index of the right option among `options`. */
function single(title: string, options: string[], right: number): string {
  return `## ${title}\n\n${options.map((o, i) => `- [${i === right ? 'x' : ' '}] ${o}\n  > Uitleg.`).join('\n')}\n\n> Toelichting.\n\n`;
}
function multiple(title: string, options: string[], right: number[]): string {
  return `## ${title}\n\n${options.map((o, i) => `- [${right.includes(i) ? 'x' : ' '}] ${o}\n  > Uitleg.`).join('\n')}\n\n> Toelichting.\n\n`;
}
const quiz = (body: string) => `---\ntitle: Toets\n---\n\n${body}`;
const exercise = (id: string, body: string) => `\n\`\`\`exercise\nid: ${id}\n---\n${body}\`\`\`\n`;

/** Three options of clearly different lengths: short, middle, long. */
const S = 'Kort antwoord';
const M = 'Een antwoord van middellengte';
const L = 'Een veel langer antwoord, met nog een zinsdeel erachter';

/** Three single-answer questions whose right option is the `rank` one, in varying places. */
function byLength(rank: 'S' | 'M' | 'L'): string {
  const sets = [[S, M, L], [L, S, M], [M, L, S]];
  return sets.map((options, i) => single(`Vraag ${i + 1}`, options.map((o, j) => `${o} ${i}${j}`), options.indexOf({ S, M, L }[rank]))).join('');
}

describe('the test-wise guesser', () => {
  test.each([
    ['L', 'het langste antwoord kiest'],
    ['S', 'het kortste antwoord kiest'],
    ['M', 'het antwoord van middelmatige lengte kiest'],
  ] as const)('a key that is always the %s option passes the quiz for a guesser who %s', async (rank, does) => {
    expect(await warnings({ '01-start/quiz.md': quiz(byLength(rank)) })).toEqual([
      `01-start/quiz.md:5: warning: wie in deze toets steeds ${does}, heeft naar verwachting 3 van de 3 vragen goed en haalt de toets (80 % nodig) zonder de stof te kennen (goed bij regels 5, 16, 27); verdeel het goede antwoord over lange, korte en middellange opties`,
    ]);
  });

  test('keys spread over short, middle and long: no strategy gets more than one of three', async () => {
    const body = single('Een', [S, M, L], 0) + single('Twee', [S, M, L], 1) + single('Drie', [S, M, L], 2);
    expect(await warnings({ '01-start/quiz.md': quiz(body) })).toEqual([]);
  });

  test('the option that repeats the words of the question', async () => {
    const body = [
      single('Wat helpt een kind met spanning in de klas?', ['Rust helpt een kind met spanning in de klas', 'Straffen werkt beter dan praten', 'Niets, het gaat over'], 0),
      single('Waarom is voorspelbaarheid belangrijk voor een gestrest kind?', ['Zo went het aan regels', 'Voorspelbaarheid maakt een gestrest kind rustiger', 'Dat is het niet'], 1),
      single('Wie moet het steunplan van een leerling kennen?', ['Alleen de directeur van de school', 'De ouders van de klasgenoten', 'Wie met de leerling werkt, kent het steunplan'], 2),
    ].join('');
    expect(await warnings({ '01-start/quiz.md': quiz(body) })).toContainEqual(
      expect.stringMatching(/^01-start\/quiz\.md:5: warning: wie in deze toets steeds het antwoord kiest dat de meeste woorden met de vraag deelt, heeft naar verwachting 3 van de 3 vragen goed en haalt de toets/),
    );
  });

  test('striking the options with absolute words', async () => {
    const body = [
      single('Een', ['Dat werkt altijd', 'Dat kan helpen', 'Dat werkt nooit'], 1),
      single('Twee', ['Alle kinderen hebben het', 'Geen enkele leerling heeft het', 'Sommige leerlingen hebben het'], 2),
      single('Drie', ['Een kleine stap helpt', 'Het gaat vanzelf over', 'Je moet meteen bellen'], 0),
    ].join('');
    expect(await warnings({ '01-start/quiz.md': quiz(body) })).toContainEqual(
      expect.stringMatching(/^01-start\/quiz\.md:5: warning: wie in deze toets steeds antwoorden met 'altijd', 'nooit', 'alleen' en dergelijke wegstreept, heeft naar verwachting 3 van de 3 vragen goed/),
    );
  });

  test('multiple answers: ticking all but the odd one out, here the longest', async () => {
    const body = [0, 1, 2]
      .map((i) => multiple(`Meer ${i}`, ['Goed a', 'Goed b', 'Goed c', 'Een fout antwoord dat veel langer is dan de rest'].map((o) => `${o} ${i}`), [0, 1, 2]))
      .join('');
    expect(await warnings({ '01-start/quiz.md': quiz(body) })).toContainEqual(expect.stringMatching(/warning: wie in deze toets steeds het kortste antwoord kiest, heeft naar verwachting 3 van de 3 vragen goed/));
  });

  describe('places, where the options are not shuffled', () => {
    // Lengths spread so that no length strategy gets more than one right: only the place gives the key away.
    const placed = (shuffle: boolean) =>
      lesson(
        'Intro',
        exercise(
          `a${shuffle ? '' : '\nshuffle: false'}`,
          single('Een', [M, S, L], 1) + single('Twee', [S, M, L], 1) + single('Drie', [S, L, M], 1) + single('Vier', [L, S, M], 1),
        ),
      );

    test.each([
      [[0, 0, 0], 'het eerste antwoord kiest'],
      [[1, 1, 1], 'het tweede antwoord kiest'],
      [[2, 2, 2], 'het laatste antwoord kiest'],
    ] as const)('the key always in place %j: %s', async (places, does) => {
      const lengths = [
        [S, M, L],
        [M, L, S],
        [L, S, M],
      ];
      const body = places.map((p, i) => single(`Vraag ${i}`, lengths[i]!, p)).join('');
      const found = await warnings({ '01-start/01-intro.md': lesson('Intro', exercise('a\nshuffle: false', body)) });
      expect(found).toEqual([expect.stringMatching(new RegExp(`^01-start/01-intro\\.md:\\d+: warning: wie in de oefeningen van deze les steeds ${does}, heeft naar verwachting 3 van de 3 vragen goed, meer dan de helft, zonder de stof te kennen`))]);
    });

    test('shuffled, the same key place is no cue: a teacher sees it anywhere', async () => {
      expect((await warnings({ '01-start/01-intro.md': placed(false) })).filter((w) => w.includes('het tweede antwoord'))).toHaveLength(1);
      expect(await warnings({ '01-start/01-intro.md': placed(true) })).toEqual([]);
    });
  });

  test('lessons with one question each are judged together, with every place named', async () => {
    const one = (n: number) => lesson(`Les ${n}`, exercise(`a${n}`, single(`Vraag ${n}`, [S, L, M].map((o) => `${o} ${n}`), 1)));
    const found = await warnings({ '01-start/01-intro.md': one(1), '01-start/02-meer.md': one(2), '01-start/03-slot.md': one(3) });
    expect(found).toEqual([
      expect.stringMatching(
        /^01-start\/01-intro\.md:\d+: warning: wie in alle oefeningen van de cursus samen steeds het langste antwoord kiest, heeft naar verwachting 3 van de 3 vragen goed, meer dan de helft, zonder de stof te kennen \(goed bij 01-start\/01-intro\.md:\d+, 01-start\/02-meer\.md:\d+, 01-start\/03-slot\.md:\d+\)/,
      ),
    ]);
  });

  test('a tie is broken at random: two equally long options make half a right answer', async () => {
    const body = single('Een', ['Even lang A', 'Even lang B', 'Kort'], 0) + single('Twee', [S, M, L], 0) + single('Drie', [S, M, L], 1);
    // Longest: 0.5 + 0 + 0 = 0.5 of 3; shortest: 0 + 1 + 0; middle: 0 + 0 + 1. Nobody gets past half.
    expect(await warnings({ '01-start/quiz.md': quiz(body) })).toEqual([]);
  });

  test('a quiz with a low pass mark warns when a guesser reaches it, though below half', async () => {
    const body = single('Een', [S, M, L], 2) + single('Twee', [S, M, L], 0) + single('Drie', [S, M, L], 1) + single('Vier', [S, M, L], 2);
    const found = await warnings({ '01-start/quiz.md': `---\ntitle: Toets\npassScore: 0.4\n---\n\n${body}` });
    expect(found).toEqual([expect.stringMatching(/steeds het langste antwoord kiest, heeft naar verwachting 2 van de 4 vragen goed en haalt de toets \(40 % nodig\)/)]);
  });

  test('two questions are too few to judge on their own', async () => {
    expect(await warnings({ '01-start/quiz.md': quiz(single('Een', [S, M, L], 2) + single('Twee', [S, M, L], 2)) })).toEqual([]);
  });

  test('markup does not count towards the length', async () => {
    const body = single('Een', ['**Vet** kort', 'Middellang antwoord', 'Het langste antwoord van de drie'], 0) + single('Twee', [S, M, L], 1) + single('Drie', [S, M, L], 2);
    expect(await warnings({ '01-start/quiz.md': quiz(body) })).toEqual([]);
  });
});

describe('the same number of right options in every multiple-answer question', () => {
  const balanced = (title: string) => single(title, ['Een lang fout antwoord', 'Goed', 'Fout'], 1);

  test('in one quiz', async () => {
    const body = multiple('A', ['a', 'b', 'c', 'd'], [0, 1, 2]) + multiple('B', ['a', 'b', 'c', 'd'], [1, 2, 3]) + balanced('C');
    expect(await warnings({ '01-start/quiz.md': quiz(body) })).toEqual([
      expect.stringMatching(/^01-start\/quiz\.md:5: warning: in deze toets hebben beide vragen met meer goede antwoorden er precies 3 goed \(regels 5, 18\)/),
    ]);
  });

  test('across the course: one per quiz, each with three right, is the same pattern', async () => {
    const found = await warnings({
      '01-start/quiz.md': quiz(multiple('A', ['a', 'b', 'c', 'd'], [0, 1, 2]) + balanced('B')),
      '02-verder/module.yml': 'title: Verder\nsummary: Meer.\n',
      '02-verder/01-les.md': lesson('Les', 'Tekst.\n'),
      '02-verder/quiz.md': quiz(multiple('C', ['a', 'b', 'c', 'd'], [0, 2, 3]) + balanced('D')),
    });
    expect(found).toEqual([
      expect.stringMatching(/^01-start\/quiz\.md:5: warning: in de cursus hebben beide vragen met meer goede antwoorden er precies 3 goed \(01-start\/quiz\.md:5, 02-verder\/quiz\.md:5\)/),
    ]);
  });

  test('varying numbers, or a single multiple-answer question: no warning', async () => {
    expect(await warnings({ '01-start/quiz.md': quiz(multiple('A', ['a', 'b', 'c', 'd'], [0, 1, 2]) + multiple('B', ['a', 'b', 'c'], [0, 1]) + balanced('C')) })).toEqual([]);
    expect(await warnings({ '01-start/quiz.md': quiz(multiple('A', ['a', 'b', 'c', 'd'], [0, 1, 2]) + balanced('C')) })).toEqual([]);
  });
});

describe('"alle bovenstaande" and "geen van bovenstaande"', () => {
  test.each([['Alle bovenstaande'], ['Geen van de bovenstaande.'], ['geen van bovenstaande'], ['All of the above']])('%s is named with its question\'s line', async (text) => {
    const body = `\nTekst.\n${exercise('a', single('Een', ['Een lang fout antwoord', 'Goed antwoord', text, 'Kort'], 1))}`;
    expect(await warnings({ '01-start/01-intro.md': lesson('Intro', body) })).toEqual([
      expect.stringMatching(new RegExp(`^01-start/01-intro\\.md:10: warning: het antwoord "${text.replace('.', '\\.')}" verwijst naar de andere antwoorden`)),
    ]);
  });

  test('the words elsewhere in an option are fine', async () => {
    const body = single('Een', ['Een lang fout antwoord', 'Goed antwoord', 'Alle kinderen in de klas', 'Kort'], 1);
    expect(await warnings({ '01-start/quiz.md': quiz(body) })).toEqual([]);
  });
});
