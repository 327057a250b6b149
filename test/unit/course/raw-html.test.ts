// Raw HTML in a lesson is held to the same rules as markdown: a relative image or link is resolved
// to its /media/ or lesson URL, and one that leads nowhere is a problem at its line (not a 404 later).
import fs from 'node:fs';
import { compileCourse } from '../../../src/course/compile';
import { formatDiagnostic } from '../../../src/course/format';
import type { CompileResult } from '../../../src/course/model';
import { makeCourse, lesson, type Files } from '../../fixtures/course-builder';

const made: string[] = [];
afterAll(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

async function compile(files: Files): Promise<CompileResult> {
  const dir = makeCourse(files);
  made.push(dir);
  return compileCourse(dir);
}

const html = (r: CompileResult) => r.course!.modules[0]!.lessons[0]!.parts.map((p) => (p.kind === 'html' ? p.html : '')).join('');

test('a relative image in raw HTML becomes its /media/ address, like a markdown image', async () => {
  const r = await compile({
    '01-start/01-intro.md': lesson('Intro', '\n<figure>\n<img src="../media/clip.jpg" alt="Een grijs vlak" width="320">\n<figcaption>Het beeld</figcaption>\n</figure>\n\n![Zelfde](../media/clip.jpg)\n'),
  });
  expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
  const out = html(r);
  expect(out).toContain('<img src="/media/clip.jpg" alt="Een grijs vlak" width="320" loading="lazy" />');
  expect(out).toContain('<img src="/media/clip.jpg" alt="Zelfde" loading="lazy" />');
  expect(out).not.toContain('../media');
});

test('a relative link in raw HTML goes to the lesson, anchors and external links are kept', async () => {
  const r = await compile({
    '01-start/01-intro.md': lesson('Intro', '\n<p>Lees <a href="02-verder.md#slot">de volgende les</a>, <a href="#boven">boven</a> of <a href="https://example.org/x">elders</a>.</p>\n'),
    '01-start/02-verder.md': lesson('Verder', '\n## Slot\n'),
  });
  expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
  const out = html(r);
  expect(out).toContain('<a href="/course/start/verder#slot">de volgende les</a>');
  expect(out).toContain('<a href="#boven">boven</a>');
  expect(out).toContain('<a href="https://example.org/x" rel="noopener noreferrer">elders</a>');
});

test('a raw image or link that leads nowhere is reported at its own line, in Dutch, and left out', async () => {
  const r = await compile({
    '01-start/01-intro.md': lesson('Intro', '\nEerst tekst.\n\n<div>\n<p>Een regel.</p>\n<img src="../media/weg.png" alt="Weg">\n</div>\n\n<a href="03-nergens.md">nergens</a>\n'),
  });
  expect(r.diagnostics.map(formatDiagnostic)).toEqual([
    '01-start/01-intro.md:9: error: afbeelding "../media/weg.png" niet gevonden',
    '01-start/01-intro.md:12: error: les "03-nergens.md" van deze link niet gevonden',
  ]);
  expect(r.course).toBeNull();
});

test('a raw image outside the media folder is an error, as in markdown', async () => {
  const r = await compile({ '01-start/01-intro.md': lesson('Intro', '\n<img src="../../geheim.png" alt="x">\n') });
  expect(r.diagnostics.map(formatDiagnostic)).toEqual(['01-start/01-intro.md:5: error: afbeelding "../../geheim.png" moet naar een les (.md) of naar een bestand in de map media/ van de cursus wijzen']);
});
