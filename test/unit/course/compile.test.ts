import fs from 'node:fs';
import { compileCourse } from '../../../src/course/compile';
import { formatDiagnostic, summarize } from '../../../src/course/format';
import type { CompileResult } from '../../../src/course/model';
import { makeCourse, lesson, MINI_COURSE, type Files } from '../../fixtures/course-builder';

const made: string[] = [];
afterAll(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

async function compile(files: Files): Promise<CompileResult> {
  const dir = makeCourse(files);
  made.push(dir);
  return compileCourse(dir);
}

function lines(result: CompileResult, severity?: 'error' | 'warning'): string[] {
  return result.diagnostics.filter((d) => !severity || d.severity === severity).map(formatDiagnostic);
}

describe('the mini course', () => {
  let result: CompileResult;
  beforeAll(async () => {
    result = await compileCourse(MINI_COURSE);
  });

  test('compiles without problems', () => {
    expect(lines(result)).toEqual([]);
    expect(result.course).not.toBeNull();
  });

  test('modules and lessons in order, with slugs and keys', () => {
    const c = result.course!;
    expect(c.modules.map((m) => m.slug)).toEqual(['begin', 'verder']);
    expect(c.modules[0]!.lessons.map((l) => l.key)).toEqual(['begin/welkom', 'begin/oefenen']);
    expect(c.modules[0]!.lessons[1]!.file).toBe('01-begin/02-oefenen.md');
    expect(c.modules[1]!.quiz).toBeNull();
    expect(c.certificate).toEqual({ hours: 1, issuer: 'Testacademie', signatory: { name: 'Drs. Marieke de Vries', role: 'opleidingscoördinator' } });
    expect(c.passScore).toBe(0.5);
  });

  test('the video block becomes a part with its length read from the file', () => {
    const welkom = result.course!.modules[0]!.lessons[0]!;
    const video = welkom.videos[0]!;
    expect(video).toMatchObject({ src: 'clip.mp4', type: 'video/mp4', captions: 'clip.nl.vtt', poster: 'clip.jpg', title: 'Een korte clip' });
    expect(video.durationSeconds).toBeGreaterThan(2.5);
    expect(video.durationSeconds).toBeLessThan(3.5);
    expect(welkom.parts.map((p) => p.kind)).toEqual(['html', 'video', 'html']);
  });

  test('links between lessons become lesson URLs, media paths /media/ URLs', () => {
    const html = result.course!.modules[0]!.lessons[0]!.parts.map((p) => (p.kind === 'html' ? p.html : '')).join('');
    expect(html).toContain('href="/course/begin/oefenen"');
    expect(html).toContain('href="/course/verder/afsluiten#slot"');
    expect(html).toContain('src="/media/clip.jpg"');
    expect(html).toContain('alt="Een grijs vlak"');
    expect(html).toMatch(/<h2 id="een-video">/);
  });

  test('reflection and exercise blocks', () => {
    const oefenen = result.course!.modules[0]!.lessons[1]!;
    expect(oefenen.reflections).toEqual([{ id: 'eigen-ervaring', prompt: 'Wat neem je mee uit deze les?' }]);
    const q = oefenen.exercises[0]!.questions[0]!;
    expect(q.text).toBe('Wat doe je als een leerling onrustig is?');
    expect(q.options.map((o) => o.correct)).toEqual([false, true, false]);
    expect(q.options[0]!.feedbackHtml).toContain('spanning groter');
    expect(q.multiple).toBe(false);
  });

  test('quiz: single and multiple choice, feedback, explanation, case text', () => {
    const quiz = result.course!.modules[0]!.quiz!;
    expect(quiz).toMatchObject({ title: 'Toets beginnen', passScore: 0.5, shuffle: false, maxAttempts: 3, minutes: 2 });
    const [q1, q2] = quiz.questions;
    expect(q1!.multiple).toBe(false);
    expect(q1!.options[1]!.feedbackHtml).toContain('Precies.');
    expect(q1!.explanationHtml).toContain('Rust helpt het brein');
    expect(q2!.multiple).toBe(true);
    expect(q2!.bodyHtml).toContain('Kies alle goede antwoorden.');
    expect(q2!.options.filter((o) => o.correct).map((o) => o.index)).toEqual([0, 2]);
    expect(q2!.line).toBe(17);
  });

  test('estimates: reading + video + 2 per reflection + 1 per exercise question; minutes override; quiz 1 per question', () => {
    const c = result.course!;
    const [welkom, oefenen] = c.modules[0]!.lessons;
    expect(welkom!.minutes).toBe(1);
    expect(oefenen!.minutes).toBe(3);
    expect(c.modules[1]!.lessons[0]!.minutes).toBe(3);
    expect(c.modules[0]!.minutes).toBe(1 + 3 + 2);
    expect(c.minutes).toBe(6 + 3);
    expect(summarize(c)).toBe('2 modules, 3 lessons, 1 quizzes, 1 videos, about 9 minutes');
  });

  test('the model is deeply immutable', () => {
    const c = result.course!;
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.modules[0]!.lessons[0]!.videos[0])).toBe(true);
    expect(Object.isFrozen(c.modules[0]!.quiz!.questions[1]!.options)).toBe(true);
  });
});

describe('structure', () => {
  test('modules order by number, not by name; lessons too; renumbering keeps keys', async () => {
    const r = await compile({
      '01-start/module.yml': null,
      '01-start/01-intro.md': null,
      '10-laatste/module.yml': 'title: Laatste\nsummary: x\n',
      '10-laatste/01-a.md': lesson('A', 'a'),
      '2-tweede/module.yml': 'title: Tweede\nsummary: x\n',
      '2-tweede/10-later.md': lesson('Later', 'x'),
      '2-tweede/9-eerder.md': lesson('Eerder', 'x'),
    });
    expect(lines(r, 'error')).toEqual([]);
    expect(r.course!.modules.map((m) => m.slug)).toEqual(['tweede', 'laatste']);
    expect(r.course!.modules[0]!.lessons.map((l) => l.key)).toEqual(['tweede/eerder', 'tweede/later']);
  });

  test('slug overrides from module.yml and front matter', async () => {
    const r = await compile({
      '01-start/module.yml': 'title: Start\nsummary: x\nslug: begin\n',
      '01-start/01-intro.md': lesson('Intro', 'x', 'slug: welkom\n'),
    });
    expect(r.course!.modules[0]!.lessons[0]!.key).toBe('begin/welkom');
  });

  test('names that do not match NN-name are ignored with a warning', async () => {
    const r = await compile({ 'notities/x.md': 'x', 'README.md': 'x', '01-start/kladje.md': 'x', '01-start/Intro.MD': 'x' });
    expect(r.course).not.toBeNull();
    expect(lines(r, 'warning')).toEqual([
      expect.stringMatching(/^01-start\/Intro\.MD:1: warning: genegeerd/),
      expect.stringMatching(/^01-start\/kladje\.md:1: warning: genegeerd/),
      expect.stringMatching(/^README\.md:1: warning: genegeerd/),
      expect.stringMatching(/^notities:1: warning: genegeerd/),
    ]);
  });

  test('a course in another language compiles just the same', async () => {
    const r = await compile({ 'course.yml': 'title: Support at school\nlanguage: en-GB\ndescription: A test.\n' });
    expect(r.course?.language).toBe('en-GB');
  });

  test.each([
    [{ 'course.yml': null }, 'course.yml:1: error: course.yml niet gevonden'],
    [{ 'course.yml': 'title: X\nlanguage: nl\n' }, 'course.yml:1: error: description is verplicht'],
    [{ 'course.yml': 'title: X\nlanguage: nl\ndescription: d\npassScore: 1.5\n' }, 'course.yml:4: error: passScore moet een getal tussen 0 en 1 zijn'],
    [{ 'course.yml': 'title: X\nlanguage: nl\ndescription: d\nvideoCompletion: nul\n' }, 'course.yml:4: error: videoCompletion moet een getal tussen 0 en 1 zijn'],
    [{ 'course.yml': 'title: X\nlanguage: nederlands!\ndescription: d\n' }, 'course.yml:2: error: language moet een BCP 47-taalcode zijn'],
    [{ 'course.yml': 'title: X\nlanguage: nl\ndescription: d\ncertificate:\n  hours: -2\n  issuer: Y\n' }, 'course.yml:5: error: certificate.hours moet een positief aantal uren zijn'],
    [{ 'course.yml': 'title: X\nlanguage: nl\ndescription: d\n  broken: indent\n' }, 'course.yml:3: error: ongeldige YAML: Nested mappings are not allowed in compact mappings'],
    [{ '01-start/module.yml': null }, '01-start/module.yml:1: error: module.yml niet gevonden'],
    [{ '01-start/module.yml': 'title: Start\n' }, '01-start/module.yml:1: error: summary is verplicht'],
    [{ '01-start/01-intro.md': 'Geen front matter' }, '01-start/01-intro.md:1: error: de les heeft geen front matter'],
    [{ '01-start/01-intro.md': '---\nminutes: 3\n---\nx' }, '01-start/01-intro.md:2: error: title is verplicht'],
    [{ '01-start/01-intro.md': '---\ntitle: X\nminutes: -1\n---\nx' }, '01-start/01-intro.md:3: error: minutes moet een positief getal zijn'],
    [{ '01-start/01-intro.md': null, '01-start/01-a.md': lesson('A', 'x'), '01-start/02-a.md': lesson('B', 'x', 'slug: a\n') }, '01-start/02-a.md:1: error: lesslug "a" wordt ook gebruikt door 01-start/01-a.md'],
    [{ '02-start/module.yml': 'title: Weer\nsummary: x\n', '02-start/01-x.md': lesson('X', 'x') }, '02-start/module.yml:1: error: moduleslug "start" wordt ook gebruikt door 01-start'],
    [{ '01-start/01-quiz.md': lesson('Q', 'x') }, '01-start/01-quiz.md:1: error: "quiz" kan geen lesslug zijn'],
    [{ '01-start/01-intro.md': null }, '01-start/module.yml:1: error: de module heeft geen lessen'],
  ])('a broken course: %j reports %s', async (files, expected) => {
    const r = await compile(files as Files);
    expect(r.course).toBeNull();
    expect(lines(r, 'error').some((l) => l.startsWith(expected))).toBe(true);
  });

  test('a lesson with broken front matter is one problem, not also a missing link and an empty module', async () => {
    const r = await compile({
      '01-start/01-intro.md': lesson('Intro', '\nVerder: [les twee](../02-verder/01-twee.md).\n'),
      '02-verder/module.yml': 'title: Verder\nsummary: x\n',
      '02-verder/01-twee.md': '---\ntitle: [Twee\n---\nTekst.\n',
    });
    expect(r.course).toBeNull();
    expect(lines(r, 'error')).toHaveLength(1);
    expect(lines(r, 'error')[0]).toMatch(/^02-verder\/01-twee\.md:2: error: ongeldige YAML/);
    const missing = await compile({ '01-start/01-intro.md': lesson('Intro', '\nVerder: [les twee](../02-verder/01-twee.md).\n') });
    expect(lines(missing, 'error')).toEqual([expect.stringContaining('les "../02-verder/01-twee.md" van deze link niet gevonden')]);
  });

  test('diagnostics are sorted by file and line', async () => {
    const r = await compile({ '01-start/01-intro.md': lesson('Intro', '\n[a](nope.md)\n\n[b](../media/nope.png)\n') });
    expect(lines(r)).toEqual([
      '01-start/01-intro.md:5: error: les "nope.md" van deze link niet gevonden',
      '01-start/01-intro.md:7: error: mediabestand "../media/nope.png" niet gevonden',
    ]);
  });
});

describe('lessons', () => {
  const video = (yaml: string) => lesson('Video', `\nTekst.\n\n\`\`\`video\n${yaml}\n\`\`\`\n`);
  const ok = 'src: ../media/clip.mp4\ncaptions: ../media/clip.nl.vtt\ntitle: Clip';

  test.each([
    [video('captions: ../media/clip.nl.vtt\ntitle: Clip'), '01-start/01-intro.md:8: error: src is verplicht'],
    [video('src: ../media/clip.avi\ncaptions: ../media/clip.nl.vtt\ntitle: Clip'), '01-start/01-intro.md:8: error: video "../media/clip.avi" moet een .mp4-bestand'],
    [video('src: ../media/weg.mp4\ncaptions: ../media/clip.nl.vtt\ntitle: Clip'), '01-start/01-intro.md:8: error: video "../media/weg.mp4" niet gevonden'],
    [video('src: ../media/clip.mp4\ncaptions: ../media/dag.nl.vtt\ntitle: Clip'), '01-start/01-intro.md:9: error: ondertitels "../media/dag.nl.vtt" niet gevonden'],
    [video('src: ../media/clip.mp4\ncaptions: ../media/clip.srt\ntitle: Clip'), '01-start/01-intro.md:9: error: ondertitels "../media/clip.srt" moeten een WebVTT'],
    [video('src: ../media/clip.mp4\ncaptions: ../media/clip.nl.vtt\ntitle: Clip\nposter: ../media/geen.jpg'), '01-start/01-intro.md:11: error: poster "../media/geen.jpg" niet gevonden'],
    [video('src: ../media/clip.mp4\ncaptions: ../media/clip.nl.vtt'), '01-start/01-intro.md:8: error: title is verplicht'],
    [video('src: ../../geheim.mp4\ncaptions: ../media/clip.nl.vtt\ntitle: Clip'), `01-start/01-intro.md:8: error: video "../../geheim.mp4" moet een bestand in de map media/ van de cursus zijn`],
    [video('src: ../media/clip.nl.vtt\ncaptions: ../media/clip.nl.vtt\ntitle: Clip'), '01-start/01-intro.md:8: error: video "../media/clip.nl.vtt" moet een .mp4-bestand'],
    [video('src: ../media/kapot.mp4\ncaptions: ../media/clip.nl.vtt\ntitle: Clip'), '01-start/01-intro.md:8: error: video "kapot.mp4" kon niet worden gelezen'],
    [video('src: ok\ntitle: "unterminated'), '01-start/01-intro.md:9: error: ongeldige YAML'],
    [lesson('R', '\n```reflection\nprompt: Waarom?\n```\n'), '01-start/01-intro.md:6: error: id is verplicht'],
    [lesson('R', '\n```reflection\nid: a\n```\n'), '01-start/01-intro.md:6: error: prompt is verplicht'],
    [lesson('R', '\n```reflection\nid: a\nprompt: x\n```\n\n```reflection\nid: a\nprompt: y\n```\n'), '01-start/01-intro.md:11: error: id van de reflectie "a" wordt al gebruikt in deze les (regel 6)'],
    [lesson('E', '\n```exercise\nid: e\n## Vraag\n- [x] a\n- [ ] b\n```\n'), '01-start/01-intro.md:6: error: een oefening begint met een YAML-kop'],
    [lesson('E', '\n```exercise\nid: e\n---\n## Vraag zonder goed antwoord\n\n- [ ] a\n- [ ] b\n```\n'), '01-start/01-intro.md:8: error: vraag "Vraag zonder goed antwoord" heeft geen goede optie ([x])'],
    [lesson('L', '\nZie [elders](../02-nergens/01-x.md).\n'), '01-start/01-intro.md:5: error: les "../02-nergens/01-x.md" van deze link niet gevonden'],
    [lesson('I', '\nTekst\n\n![](../media/clip.jpg)\n'), '01-start/01-intro.md:7: error: afbeelding "../media/clip.jpg" heeft geen alt-tekst'],
    [lesson('I', '\n![Logo](https://example.org/logo.png)\n'), `01-start/01-intro.md:5: error: afbeelding "https://example.org/logo.png" moet een bestand in de map media/ van de cursus zijn`],
    [lesson('I', '\n[geheim](../../etc/passwd)\n'), '01-start/01-intro.md:5: error: link "../../etc/passwd" moet naar een les (.md) of naar een bestand'],
  ])('problem in a lesson (%#) reports %s', async (content, expected) => {
    const r = await compile({ '01-start/01-intro.md': content, 'media/kapot.mp4': 'geen video' });
    expect(lines(r, 'error')).toEqual(expect.arrayContaining([expect.stringMatching(`^${expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)]));
  });

  test('unknown keys in a block are a warning with their line', async () => {
    const r = await compile({ '01-start/01-intro.md': video(`${ok}\nautoplay: true`) });
    expect(r.course).not.toBeNull();
    expect(lines(r, 'warning')).toEqual([expect.stringMatching(/^01-start\/01-intro\.md:11: warning: onbekende sleutel "autoplay"/)]);
  });

  test('raw HTML is sanitized: no scripts, event handlers or iframes', async () => {
    const r = await compile({
      '01-start/01-intro.md': lesson('X', '\n<script>alert(1)</script>\n\n<p onclick="alert(2)">Klik</p>\n\n<iframe src="https://evil.example"></iframe>\n\n<a href="javascript:alert(3)">link</a>\n\n<details><summary>Meer</summary>Inhoud</details>\n'),
    });
    const html = r.course!.modules[0]!.lessons[0]!.parts.map((p) => (p.kind === 'html' ? p.html : '')).join('');
    expect(html).not.toMatch(/<script|onclick|<iframe|javascript:/i);
    expect(html).toContain('<p>Klik</p>');
    expect(html).toContain('<details><summary>Meer</summary>Inhoud</details>');
  });

  test('ordinary code fences stay code', async () => {
    const r = await compile({ '01-start/01-intro.md': lesson('X', '\n```js\nconst a = 1;\n```\n') });
    const part = r.course!.modules[0]!.lessons[0]!.parts[0]!;
    expect(part.kind === 'html' && part.html).toContain('<code');
  });

  test('reading time counts the words of the text', async () => {
    const words = Array.from({ length: 600 }, (_, i) => `woord${i}`).join(' ');
    const r = await compile({ '01-start/01-intro.md': lesson('X', `\n${words}\n\n\`\`\`reflection\nid: r\nprompt: Waarom?\n\`\`\`\n`) });
    expect(r.course!.modules[0]!.lessons[0]!.minutes).toBe(3 + 2);
  });
});

describe('quizzes', () => {
  const quiz = (body: string, fm = 'title: Toets\n') => ({ '01-start/quiz.md': `---\n${fm}---\n${body}` });

  test.each([
    [quiz('\n## Hoeveel procent van de leerlingen in groep 7 en 8?\n\n- [ ] 5\n- [ ] 10\n'), '01-start/quiz.md:5: error: vraag "Hoeveel procent van de leerlingen in gro ..." heeft geen goede optie ([x])'],
    [quiz('\n## Vraag\n\n- [x] enige\n'), '01-start/quiz.md:7: error: vraag "Vraag" heeft minstens twee opties nodig'],
    [quiz('\n## Vraag\n\nAlleen tekst.\n'), '01-start/quiz.md:5: error: vraag "Vraag" heeft geen opties'],
    [quiz('\n## Vraag\n\n- [x] a\n- gewoon item\n'), '01-start/quiz.md:8: error: "gewoon item" is geen optie'],
    [quiz('\nAlleen een inleiding.\n'), '01-start/quiz.md:4: error: de toets heeft geen vragen'],
    [quiz('\n## V\n\n- [x] a\n- [ ] b\n', 'passScore: 2\n'), '01-start/quiz.md:2: error: passScore moet een getal tussen 0 en 1 zijn'],
    [quiz('\n## V\n\n- [x] a\n- [ ] b\n', 'title: T\nmaxAttempts: 1.5\n'), '01-start/quiz.md:3: error: maxAttempts moet een heel getal zijn'],
    [quiz('\n## V\n\n- [x] a\n- [ ] b\n', 'title: T\nshuffle: misschien\n'), '01-start/quiz.md:3: error: shuffle moet true of false zijn'],
    [quiz('\n## V\n\n- [x] a\n- [ ] b\n', 'title: T\nshuffle: false\n'), null],
  ])('quiz problem (%#): %s', async (files, expected) => {
    const r = await compile(files);
    if (expected === null) expect(lines(r, 'error')).toEqual([]);
    else expect(lines(r, 'error')).toEqual(expect.arrayContaining([expect.stringMatching(`^${expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)]));
  });

  test('text before the first question is a warning; defaults come from course.yml', async () => {
    const r = await compile({ ...quiz('\nInleiding.\n\n## V\n\n- [x] a\n- [ ] b\n'), 'course.yml': 'title: X\nlanguage: nl\ndescription: d\npassScore: 0.7\n' });
    expect(lines(r, 'warning')).toEqual(['01-start/quiz.md:5: warning: tekst vóór de eerste vraag (kop ##) wordt genegeerd']);
    expect(r.course!.modules[0]!.quiz).toMatchObject({ passScore: 0.7, shuffle: true, maxAttempts: 0 });
  });
});

test('tables are wrapped in a keyboard-reachable scroll region', async () => {
  const r = await compile({ '01-start/01-intro.md': lesson('T', '\n| a | b |\n| --- | --- |\n| 1 | 2 |\n') });
  const part = r.course!.modules[0]!.lessons[0]!.parts[0]!;
  expect(part.kind === 'html' && part.html).toMatch(/^<div class="table-wrap" tabindex="0" role="region" aria-label="Tabel"><table>/);
});

describe('appendix pages (appendix: true)', () => {
  const WORDS = Array.from({ length: 600 }, (_, i) => `woord${i}`).join(' ');

  test('a page beside the lessons: not a lesson, not in the estimate, linked both ways', async () => {
    const result = await compile({
      '01-start/01-intro.md': lesson('Intro', '\nLees ook [de bronnen](02-bronnen.md#boeken).\n', 'minutes: 4\n'),
      '01-start/02-bronnen.md': lesson('Bronnen', `\n## Boeken\n\n${WORDS}\n\nTerug naar [de intro](01-intro.md).\n`, 'appendix: true\n'),
    });
    expect(lines(result)).toEqual([]);
    const m = result.course!.modules[0]!;
    expect(m.lessons.map((l) => l.slug)).toEqual(['intro']);
    expect(m.minutes).toBe(4);
    expect(result.course!.minutes).toBe(4);
    expect(m.appendix).toEqual([{ slug: 'bronnen', moduleSlug: 'start', file: '01-start/02-bronnen.md', title: 'Bronnen', html: expect.stringContaining('href="/course/start/intro"') }]);
    const intro = m.lessons[0]!.parts.map((p) => (p.kind === 'html' ? p.html : '')).join('');
    expect(intro).toContain('href="/course/start/appendix/bronnen#boeken"');
    expect(summarize(result.course!)).toBe('1 modules, 1 lessons, 1 appendix page, 0 quizzes, 0 videos, about 4 minutes');
  });

  test('text only: a video, reflection or exercise is something to complete', async () => {
    const result = await compile({
      '01-start/02-bronnen.md': lesson('Bronnen', '\n```reflection\nid: r\nprompt: Wat?\n```\n', 'appendix: true\nminutes: 3\n'),
    });
    expect(lines(result)).toEqual([
      "01-start/02-bronnen.md:1: error: een bijlage (appendix: true) bevat alleen tekst: video's, reflecties en oefeningen horen in een les, want die rond je af",
      '01-start/02-bronnen.md:1: warning: minutes wordt genegeerd: een bijlage telt niet mee in de geschatte studietijd',
    ]);
  });

  test('a module of appendix pages alone has no lessons', async () => {
    const result = await compile({ '01-start/01-intro.md': lesson('Intro', '\nTekst.\n', 'appendix: true\n') });
    expect(lines(result, 'error')).toEqual(['01-start/module.yml:1: error: de module heeft geen lessen (bestanden met een naam als NN-slug.md; een bijlage telt niet als les)']);
  });

  test('its slug is shared with the lessons: two of the same name is an error', async () => {
    const result = await compile({ '01-start/02-intro.md': lesson('Ook intro', '\nTekst.\n', 'appendix: true\nslug: intro\n') });
    expect(lines(result, 'error')).toEqual([expect.stringMatching(/lesslug "intro" wordt ook gebruikt door/)]);
  });
});
