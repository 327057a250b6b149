// A simulated study with known structure for the fixture's `relatie` questionnaire (two items per
// subscale, `rustig` reversed): pupils nested in teachers, teachers differing in level and in how
// much their pupils change together. nabijheid changes by +0.5 across the course and not before
// it; conflict has no true change at all, only a change each teacher's pupils share (as a teacher's
// mood or class would), which is what made the old pupil-level overview report a false change.
import { seededRandom } from '../../src/cli/demo';
import type { ParticipantData } from '../../src/study/data';
import { formKey } from '../../src/study/schedule';

export interface SimTeacher {
  pupils: number;
  /** answers[wave][pupil - 1]: item id -> raw value as the teacher ticked it (reversed items unreversed). */
  answers: Record<'t0' | 't1' | 't2', Record<string, string>[]>;
}

/** The demo's seeded generator (mulberry32), so every run builds the same data. */
export const seeded = seededRandom;

function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

const clamp = (x: number) => Math.min(5, Math.max(1, Math.round(x)));

export function simulateStudy(seed: number, teachers: number): SimTeacher[] {
  const random = seeded(seed);
  const out: SimTeacher[] = [];
  for (let j = 0; j < teachers; j++) {
    const pupils = random() < 0.2 ? 1 : 2;
    const level = { nabijheid: 3 + 0.5 * normal(random), conflict: 2.8 + 0.5 * normal(random) };
    // Changes shared by a teacher's pupils: in the control period and across the course.
    const shared = { nabijheid: [0.25 * normal(random), 0.25 * normal(random)], conflict: [0.4 * normal(random), 0.4 * normal(random)] };
    const truth = { nabijheid: [0, 0.5], conflict: [0, 0] };
    const answers: SimTeacher['answers'] = { t0: [], t1: [], t2: [] };
    for (let i = 0; i < pupils; i++) {
      const own = { nabijheid: level.nabijheid + 0.4 * normal(random), conflict: level.conflict + 0.4 * normal(random) };
      (['t0', 't1', 't2'] as const).forEach((wave, w) => {
        const at = (s: 'nabijheid' | 'conflict') => own[s] + (w >= 1 ? truth[s][0]! + shared[s][0]! : 0) + (w >= 2 ? truth[s][1]! + shared[s][1]! : 0) + 0.1 * normal(random);
        const item = (latent: number) => clamp(latent + 0.45 * normal(random));
        const n = at('nabijheid');
        const c = at('conflict');
        answers[wave].push({ warm: String(item(n)), troost: String(item(n)), botsen: String(item(c)), rustig: String(6 - item(c)) });
      });
    }
    out.push({ pupils, answers });
  }
  return out;
}

/** The same data as the analysis reads it, without a database: everyone said yes in time and completed the course before t2. */
export function asParticipants(sim: readonly SimTeacher[]): ParticipantData[] {
  return sim.map((t, j) => {
    const forms = new Map<string, ParticipantData['forms'] extends ReadonlyMap<string, infer F> ? F : never>();
    (['t0', 't1', 't2'] as const).forEach((wave, w) => {
      const day = ['2027-01-11', '2027-02-08', '2027-06-07'][w]!;
      t.answers[wave].forEach((a, i) => {
        const answers = new Map(Object.entries(a));
        forms.set(formKey(wave, 'relatie', i + 1), { answers, answeredOn: new Map([...answers.keys()].map((k) => [k, day])), finishedOn: day, firstOn: day, lastOn: day });
      });
    });
    return {
      code: `P${String(j).padStart(6, '0')}`,
      schoolId: 1,
      consentVersion: 'v1',
      consentCurrent: true,
      consentedOn: '2027-01-10',
      courseStartedOn: '2027-02-10',
      courseCompletedOn: '2027-03-01',
      studyMinutes: 60,
      afterStart: false,
      pupils: t.pupils,
      forms,
      waveDoneOn: new Map(),
      viaOpening: new Set(),
    };
  });
}
