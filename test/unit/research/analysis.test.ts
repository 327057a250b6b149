// The analysis on simulated studies with known structure (test/support/simulated-study.ts): at
// teacher level the scale without any true change is called changed about as often as a 5 % test
// should; treating each teacher's pupils as independent pairs calls it changed more often.
import fs from 'node:fs';
import { compileCourse } from '../../../src/course/compile';
import type { Study } from '../../../src/research/model';
import { analyse } from '../../../src/study/analysis';
import { pairedTest } from '../../../src/study/statistics';
import { subscaleMeans } from '../../../src/study/answers';
import { formOf } from '../../../src/study/data';
import { makeCourse } from '../../fixtures/course-builder';
import { STUDY } from '../../fixtures/study';
import { asParticipants, simulateStudy } from '../../support/simulated-study';

let study: Study;
let dir: string;
beforeAll(async () => {
  dir = makeCourse(STUDY, { media: false });
  study = (await compileCourse(dir)).course!.study!;
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('over 200 simulated studies, the null scale is called changed at about the nominal 5 % at teacher level, more often with pupils as pairs', () => {
  const relatie = study.questionnaires.find((q) => q.id === 'relatie')!;
  let teacherLevel = 0;
  let pupilPairs = 0;
  let found = 0;
  const RUNS = 200;
  for (let seed = 1; seed <= RUNS; seed++) {
    const participants = asParticipants(simulateStudy(seed, 40));
    const [nabijheid, conflict] = analyse(study, participants);
    if (conflict!.course!.p < 0.05) teacherLevel++;
    if (nabijheid!.difference!.p < 0.05) found++;
    const before: number[] = [];
    const after: number[] = [];
    for (const p of participants) {
      for (let u = 1; u <= p.pupils; u++) {
        before.push(subscaleMeans(relatie, formOf(p, 't1', 'relatie', u)!.answers).conflict!);
        after.push(subscaleMeans(relatie, formOf(p, 't2', 'relatie', u)!.answers).conflict!);
      }
    }
    if (pairedTest(before, after)!.p < 0.05) pupilPairs++;
  }
  expect(teacherLevel / RUNS).toBeLessThanOrEqual(0.08);
  expect(pupilPairs).toBeGreaterThan(teacherLevel);
  // The true change is found nearly every time.
  expect(found / RUNS).toBeGreaterThanOrEqual(0.9);
});

test('who is in the analysis: a late yes and a post-measurement begun before the course was completed are left out, and counted', () => {
  const participants = asParticipants(simulateStudy(3, 12));
  participants[0] = { ...participants[0]!, afterStart: true };
  participants[1] = { ...participants[1]!, courseCompletedOn: null };
  participants[2] = { ...participants[2]!, courseCompletedOn: '2027-06-08' };
  const [nabijheid] = analyse(study, participants);
  expect(nabijheid!.n).toBe(9);
  expect(nabijheid!.excluded).toEqual({ afterStart: 1, notCompleted: 2, missingWave: 0 });
  expect(nabijheid!.course!.n).toBe(9);
  expect(nabijheid!.alpha.map((a) => a.wave)).toEqual(['t0', 't1', 't2']);
});
