// `steun demo` for the study: teachers at every step of it (undecided, declined, consented, pupils
// named, in the first wave, waiting for the second, done before the course, done after it) with
// plausible answers, so /study, the report and /research all have something to show.
import type { Course } from '../course/model';
import type { Questionnaire } from '../research/model';
import type { Stores } from '../db';

export type DemoStudyStep = 'undecided' | 'declined' | 'consented' | 't0-partial' | 't0' | 't1' | 't2';

const DAY = 86_400_000;
const PUPIL_NAMES = ['Sam', 'Noor', 'J.', 'Mo', 'Lotte', 'K.', 'Daan', 'Fee'];
const REASONS = ['Ze is vaak moe en stil na het weekend.', 'Hij schrikt snel en is dan lang van slag.', 'Ik hoorde van de intern begeleider over de thuissituatie.'];

/** Times of each step, counted back from `now` (the course is followed between t1 and t2). */
export interface DemoStudyTimes {
  consented: number;
  t0: number;
  t1: number;
  t2: number;
}

function answersFor(q: Questionnaire, random: () => number, shift: number): { item: string; value: string }[] {
  const out: { item: string; value: string }[] = [];
  // One teacher's tendency per questionnaire, moved by `shift` (after the course: more closeness and confidence, less conflict).
  const base = 2.4 + random() * 1.4;
  for (const item of q.items) {
    if (item.kind === 'scale') {
      const towards = item.subscale === 'conflict' ? base - shift : base + shift;
      const raw = Math.round(towards + (random() - 0.5) * 1.6);
      const scored = Math.min(item.options.length, Math.max(1, raw));
      out.push({ item: item.id, value: String(item.reverse ? item.options.length + 1 - scored : scored) });
    } else if (item.kind === 'choice') out.push({ item: item.id, value: String(1 + Math.floor(random() * item.options.length)) });
    else if (item.kind === 'multiple') out.push({ item: item.id, value: JSON.stringify([1 + Math.floor(random() * item.options.length)]) });
    else if (item.kind === 'number') out.push({ item: item.id, value: String(Math.min(item.max!, item.min! + 1 + Math.floor(random() * 25))) });
    else if (random() < 0.5) out.push({ item: item.id, value: REASONS[Math.floor(random() * REASONS.length)]! });
  }
  return out;
}

/** Writes one teacher's part in the study up to `step`. */
export function seedTeacherStudy(stores: Stores, course: Course, userId: number, step: DemoStudyStep, times: DemoStudyTimes, random: () => number, now = Date.now()): void {
  const study = course.study;
  if (!study || step === 'undecided') return;
  const at = (daysAgo: number) => new Date(now - daysAgo * DAY).toISOString();
  const research = stores.research;
  stores.sqlite.transaction(() => {
    if (step === 'declined') {
      research.decide(userId, 'no', study.consent.version, at(times.consented));
      return;
    }
    research.decide(userId, 'yes', study.consent.version, at(times.consented));
    if (step === 'consented') return;
    const pupils = study.pupils ? Array.from({ length: 1 + Math.floor(random() * study.pupils.max) }, (_, i) => PUPIL_NAMES[(userId + i) % PUPIL_NAMES.length]!) : [];
    research.setPupils(userId, pupils);
    const waves = { 't0-partial': 1, t0: 1, t1: 2, t2: 3 }[step];
    study.waves.slice(0, waves).forEach((wave, w) => {
      const when = at([times.t0, times.t1, times.t2][w]!);
      const shift = w === 2 ? 0.7 : 0;
      for (const qid of wave.questionnaires) {
        const q = study.questionnaires.find((x) => x.id === qid)!;
        for (const pupil of q.about === 'pupil' ? pupils.map((_, i) => i + 1) : [0]) {
          const answers = answersFor(q, random, shift);
          if (step === 't0-partial') {
            // Half-way through the first questionnaire: resumable, not finished.
            research.saveAnswers(userId, wave.id, q.id, pupil, answers.slice(0, Math.ceil(answers.length / 2)), when);
            return;
          }
          research.saveAnswers(userId, wave.id, q.id, pupil, answers, when);
          research.finish(userId, wave.id, q.id, pupil, when);
        }
      }
    });
  })();
}

/** The study step of each of the demo school's teachers (by position), and the times of their steps in days ago. */
export const DEMO_STUDY_PLAN: { step: DemoStudyStep; fraction?: number; times: DemoStudyTimes }[] = [
  { step: 'undecided', times: { consented: 0, t0: 0, t1: 0, t2: 0 } },
  { step: 'declined', times: { consented: 20, t0: 0, t1: 0, t2: 0 } },
  { step: 'consented', fraction: 0, times: { consented: 1, t0: 0, t1: 0, t2: 0 } },
  { step: 't0-partial', fraction: 0, times: { consented: 3, t0: 2, t1: 0, t2: 0 } },
  { step: 't0', fraction: 0, times: { consented: 12, t0: 10, t1: 0, t2: 0 } },
  { step: 't1', times: { consented: 76, t0: 75, t1: 45, t2: 0 } },
  { step: 't1', times: { consented: 76, t0: 74, t1: 44, t2: 0 } },
  { step: 't1', times: { consented: 80, t0: 78, t1: 46, t2: 0 } },
  { step: 't1', times: { consented: 77, t0: 75, t1: 45, t2: 0 } },
  { step: 't1', times: { consented: 79, t0: 77, t1: 46, t2: 0 } },
];

/** Teachers of the second demo school followed the course half a year ago: every wave done, for the effects on /research. */
export const FOLLOWED_UP = { teachers: 8, courseDaysAgo: 150, times: { consented: 221, t0: 220, t1: 190, t2: 58 } };
