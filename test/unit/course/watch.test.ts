import fs from 'node:fs';
import path from 'node:path';
import { watchCourse } from '../../../src/course/watch';
import { compileCourse } from '../../../src/course/compile';
import { LiveCourse } from '../../../src/course/live';
import type { CompileResult } from '../../../src/course/model';
import { makeCourse, lesson } from '../../fixtures/course-builder';
import { STUDY, KEUZE_MD } from '../../fixtures/study';

/** The first recompile that satisfies `wanted` (a write can fire more than one recompile). */
function resultWhere(results: CompileResult[], wanted: (r: CompileResult) => boolean, timeoutMs = 30_000): Promise<CompileResult> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      const found = results.find(wanted);
      if (found) {
        clearInterval(poll);
        resolve(found);
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(poll);
        reject(new Error('no such recompile within the time limit'));
      }
    }, 20);
  });
}

// How fast a recompile is belongs to the benchmark; here only that it happens, and what it keeps.
test('an edit recompiles; a broken edit keeps the last good course online', async () => {
  const dir = makeCourse();
  const live = new LiveCourse(await compileCourse(dir));
  const results: CompileResult[] = [];
  const watcher = watchCourse(dir, { onCompiled: (r) => (results.push(r), live.update(r)), debounceMs: 50 });
  try {
    const file = path.join(dir, '01-start', '01-intro.md');
    fs.writeFileSync(file, lesson('Nieuwe titel', 'Hallo.'));
    await resultWhere(results, (r) => r.course?.modules[0]?.lessons[0]?.title === 'Nieuwe titel');
    expect(live.course.modules[0]!.lessons[0]!.title).toBe('Nieuwe titel');

    fs.writeFileSync(file, '---\nminutes: 2\n---\nkapot');
    const broken = await resultWhere(results, (r) => r.course === null);
    expect(broken.course).toBeNull();
    expect(live.course.modules[0]!.lessons[0]!.title).toBe('Nieuwe titel');
    expect(live.problems.map((d) => `${d.file}:${d.line}`)).toContain('01-start/01-intro.md:2');
  } finally {
    watcher.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the study recompiles like lessons: an edited questionnaire is served, a broken one is reported at its line', async () => {
  const dir = makeCourse(STUDY, { media: false });
  const live = new LiveCourse(await compileCourse(dir));
  const results: CompileResult[] = [];
  const watcher = watchCourse(dir, { onCompiled: (r) => (results.push(r), live.update(r)), debounceMs: 50 });
  try {
    const file = path.join(dir, 'research', '01-keuze.md');
    fs.writeFileSync(file, KEUZE_MD.replace('title: Over jou', 'title: Over jezelf'));
    await resultWhere(results, (r) => r.course?.study?.questionnaires[0]?.title === 'Over jezelf');
    expect(live.course.study!.questionnaires[0]!.title).toBe('Over jezelf');
    fs.writeFileSync(file, KEUZE_MD.replace('{#groep}', '{#groep reverse}'));
    await resultWhere(results, (r) => r.course === null);
    expect(live.course.study!.questionnaires[0]!.title).toBe('Over jezelf');
    expect(live.problems.map((d) => `${d.file}:${d.line}`)).toContain('research/01-keuze.md:13');
  } finally {
    watcher.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
