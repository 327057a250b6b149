import fs from 'node:fs';
import { main } from '../../src/cli/main';
import { makeCourse, MINI_COURSE } from '../fixtures/course-builder';

async function check(dir: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['check', dir], { out: (l) => out.push(l), err: (l) => err.push(l), env: { NODE_ENV: 'test' } });
  return { code, out, err };
}

test('a good course: no problems, the summary line, exit 0', async () => {
  const res = await check(MINI_COURSE);
  expect(res.code).toBe(0);
  expect(res.err).toEqual([]);
  expect(res.out).toEqual(['2 modules, 3 lessen, 1 toets, 1 video, ongeveer 9 minuten']);
});

test('a broken course: one line per problem, exit 1', async () => {
  const dir = makeCourse({ '01-start/quiz.md': '---\ntitle: T\n---\n\n## Vraag\n\n- [ ] a\n- [ ] b\n', 'rommel.txt': 'x' });
  try {
    const res = await check(dir);
    expect(res.code).toBe(1);
    expect(res.err).toEqual([
      '01-start/quiz.md:5: fout: vraag "Vraag" heeft geen goede optie ([x])',
      'rommel.txt:1: waarschuwing: genegeerd: een bestand hier moet NN-slug heten (bijvoorbeeld 01-introductie); bovenin horen alleen course.yml en modulemappen',
    ]);
    expect(res.out).toEqual(['1 fout, 1 waarschuwing: de cursus compileert niet']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('warnings alone pass', async () => {
  const dir = makeCourse({ 'notes.md': 'x' });
  try {
    const res = await check(dir);
    expect(res.code).toBe(0);
    expect(res.err).toHaveLength(1);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
