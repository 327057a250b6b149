import fs from 'node:fs';
import { compileCourse } from '../../../src/course/compile';
import { formatDiagnostic, summarize } from '../../../src/course/format';
import type { CompileResult } from '../../../src/course/model';
import { makeCourse, type Files } from '../../fixtures/course-builder';
import { STUDY, STUDY_YML, KEUZE_MD, RELATIE_MD } from '../../fixtures/study';

const made: string[] = [];
afterAll(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

async function compile(files: Files): Promise<CompileResult> {
  const dir = makeCourse(files, { media: false });
  made.push(dir);
  return compileCourse(dir);
}
const errors = (r: CompileResult) => r.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);

describe('a course with a study', () => {
  test('compiles the waves, questionnaires, pages and items', async () => {
    const r = await compile(STUDY);
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
    const study = r.course!.study!;
    expect(study.waves.map((w) => [w.id, w.opens, w.beforeCourse, w.closesAfterDays])).toEqual([
      ['t0', { kind: 'start' }, false, 21],
      ['t1', { kind: 'after-wave', wave: 't0', days: 28 }, true, 21],
      ['t2', { kind: 'after-course', days: 90 }, false, null],
    ]);
    expect(study.pupils).toEqual({ min: 1, max: 2, label: 'leerling' });
    const [keuze, relatie] = study.questionnaires;
    expect(keuze!.items.map((i) => [i.variable, i.kind, i.page, i.optional])).toEqual([
      ['keuze.jaren', 'number', 0, false],
      ['keuze.groep', 'choice', 0, false],
      ['keuze.gedaan', 'multiple', 1, false],
      ['keuze.reden', 'text', 1, true],
    ]);
    expect(keuze!.items[0]).toMatchObject({ min: 0, max: 50 });
    expect(keuze!.items[1]!.options).toEqual(['Groep 1-2', 'Groep 3-5', 'Groep 6-8']);
    expect(keuze!.pages.map((p) => p.title)).toEqual(['Jij', 'Wat je deed']);
    expect(relatie!.about).toBe('pupil');
    expect(relatie!.subscales).toEqual(['nabijheid', 'conflict']);
    expect(relatie!.items.find((i) => i.id === 'rustig')).toMatchObject({ kind: 'scale', reverse: true, subscale: 'conflict', options: ['Helemaal niet', 'Niet', 'Neutraal', 'Wel', 'Helemaal wel'] });
    expect(relatie!.items[0]!.html).toContain('{pupil}');
    expect(relatie!.introHtml).toContain('Denk aan {pupil}.');
  });

  test('the summary counts research waves and questionnaires', async () => {
    const r = await compile(STUDY);
    expect(summarize(r.course!)).toMatch(/, 3 research waves, 2 questionnaires$/);
  });

  test('a course without a research folder has no study and the summary says nothing of it', async () => {
    const r = await compile({});
    expect(r.course!.study).toBeNull();
    expect(summarize(r.course!)).not.toContain('research');
  });
});

describe('every broken study is reported at path:line', () => {
  const cases: [string, Files, string][] = [
    ['a wave naming a questionnaire that does not exist', { 'research/study.yml': STUDY_YML.replace('[keuze, relatie]', '[keuze, relaties]') }, 'research/study.yml:14: error: wave "t0" names questionnaire "relaties", but research/ has no file NN-relaties.md'],
    ['a wave after an unknown wave', { 'research/study.yml': STUDY_YML.replace('after: t0', 'after: t9') }, 'research/study.yml:19: error: wave "t1" opens after "t9": no such wave (or "course")'],
    ['a wave after a later wave', { 'research/study.yml': STUDY_YML.replace('after: t0', 'after: t2') }, 'research/study.yml:19: error: wave "t1" opens after "t2", which is not an earlier wave'],
    ['a duplicate wave id', { 'research/study.yml': STUDY_YML.replace('id: t2', 'id: t1') }, 'research/study.yml:22: error: wave id "t1" is used twice; every wave needs its own id'],
    ['a duplicate item id', { 'research/02-relatie.md': RELATIE_MD.replace('{#troost', '{#warm') }, 'research/02-relatie.md:13: error: item id "warm" is also used at line 11; every item in a questionnaire needs its own id'],
    ['an item without an id', { 'research/02-relatie.md': RELATIE_MD.replace(' {#troost scale=nabijheid}', '') }, 'research/02-relatie.md:13: error: item "{pupil} komt naar mij toe als het moeilijk is." has no id: end the heading with {#id}, for example {#warm}'],
    ['reverse on an item that is not a scale item', { 'research/01-keuze.md': KEUZE_MD.replace('{#groep}', '{#groep reverse}') }, 'research/01-keuze.md:12: error: reverse only applies to scale items; "groep" is a choice item'],
    ['min above max', { 'research/01-keuze.md': KEUZE_MD.replace('min=0 max=50', 'min=60 max=50') }, 'research/01-keuze.md:10: error: item "jaren": min (60) is above max (50)'],
    ['an option list under a text item', { 'research/01-keuze.md': KEUZE_MD + '\n- Een\n- Twee\n' }, 'research/01-keuze.md:28: error: item "reden" is a text item and cannot have an option list'],
    ['an option list under a number item', { 'research/01-keuze.md': KEUZE_MD.replace('min=0 max=50}', 'min=0 max=50}\n\n- Een') }, 'research/01-keuze.md:12: error: item "jaren" is a number item and cannot have an option list'],
    ['about: pupil without pupils in study.yml', { 'research/study.yml': STUDY_YML.replace(/pupils:\n(  .*\n){3}/, '') }, 'research/02-relatie.md:1: error: about: pupil needs pupils (min, max, label) in study.yml'],
    ['a missing consent text', { 'research/study.yml': STUDY_YML.replace(/  text: \|\n    .*\n/, '') }, 'research/study.yml:2: error: consent.text is required (who, what, why, how long kept, who sees what, that taking part is voluntary)'],
    ['a missing consent version', { 'research/study.yml': STUDY_YML.replace('  version: v1\n', '') }, 'research/study.yml:2: error: consent.version is required (a new version asks everyone again)'],
    ['a subscale named like an item', { 'research/02-relatie.md': RELATIE_MD.replace('{#botsen scale=conflict}', '{#conflict scale=conflict}') }, 'research/02-relatie.md:17: error: subscale "conflict" has the name of an item (line 17); in the data both would be relatie.conflict'],
    ['no study.yml', { 'research/study.yml': null }, 'research/study.yml:1: error: study.yml not found: a research/ folder needs one (title, consent, waves)'],
  ];
  test.each(cases)('%s', async (_name, files, expected) => {
    const r = await compile({ ...STUDY, ...files });
    expect(r.course).toBeNull();
    expect(errors(r)).toContain(expected);
  });
});
