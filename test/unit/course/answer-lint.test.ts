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

const LONG_RIGHT = ['Kort', 'Een veel langer en genuanceerder antwoord', 'Ook kort'];

describe('the right option is the longest', () => {
  test('in more than a third of a quiz\'s single-answer questions: one warning on the first such question, naming every line', async () => {
    const body = single('Een', LONG_RIGHT, 1) + single('Twee', LONG_RIGHT, 1) + single('Drie', ['Langer fout antwoord hier', 'Goed', 'Fout'], 1);
    expect(await warnings({ '01-start/quiz.md': quiz(body) })).toEqual([
      expect.stringMatching(/^01-start\/quiz\.md:5: warning: in deze toets is bij 2 van de 3 vragen met één goed antwoord het goede antwoord het langste \(regels 5, 16\)/),
    ]);
  });

  test('in exactly a third of them: no warning', async () => {
    const body = single('Een', LONG_RIGHT, 1) + single('Twee', ['Een lang fout antwoord', 'Goed', 'Fout'], 1) + single('Drie', ['Fout', 'Goed', 'Nog een lang fout antwoord'], 1);
    expect(await warnings({ '01-start/quiz.md': quiz(body) })).toEqual([]);
  });

  test('a tie for longest does not count: the guesser cannot tell them apart', async () => {
    const body = single('Een', ['Even lang A', 'Even lang B', 'Kort'], 0);
    expect(await warnings({ '01-start/quiz.md': quiz(body) })).toEqual([]);
  });

  test('markup does not count towards the length', async () => {
    const body = single('Een', ['**Vet** fout antwoord', 'Goed antwoord', 'Ander fout'], 1);
    expect(await warnings({ '01-start/quiz.md': quiz(body) })).toEqual([]);
  });

  test('across all exercises of one lesson, with the lesson file and line', async () => {
    const body = `\nTekst.\n${exercise('a', single('Een', LONG_RIGHT, 1))}${exercise('b', single('Twee', LONG_RIGHT, 1) + single('Drie', ['Een lang fout antwoord', 'Goed', 'Fout'], 1))}`;
    const found = await warnings({ '01-start/01-intro.md': lesson('Intro', body) });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^01-start\/01-intro\.md:10: warning: in de oefeningen van deze les is bij 2 van de 3 vragen/);
  });

  test('lessons are judged apart: one guessable exercise in each of two lessons warns in both', async () => {
    const found = await warnings({
      '01-start/01-intro.md': lesson('Intro', exercise('a', single('Een', LONG_RIGHT, 1))),
      '01-start/02-meer.md': lesson('Meer', exercise('b', single('Twee', LONG_RIGHT, 1))),
    });
    expect(found.map((l) => l.split(':')[0])).toEqual(['01-start/01-intro.md', '01-start/02-meer.md']);
  });

  test('the opposite overshoot, the right option nearly always the shortest, warns too', async () => {
    const body = single('Een', ['Een lang fout antwoord', 'Goed', 'Ook een fout antwoord'], 1) + single('Twee', ['Kort', 'Een lang fout antwoord', 'Nog een fout antwoord'], 0);
    expect(await warnings({ '01-start/quiz.md': quiz(body) })).toEqual([
      expect.stringMatching(/^01-start\/quiz\.md:5: warning: in deze toets is bij 2 van de 2 vragen met één goed antwoord het goede antwoord het kortste \(regels 5, 16\)/),
    ]);
  });

  test('multiple-answer questions are not part of the count', async () => {
    const body = multiple('Meer', ['Een heel lang goed antwoord', 'Goed', 'Fout'], [0, 1]) + single('Een', ['Een lang fout antwoord', 'Goed', 'Fout'], 1);
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
