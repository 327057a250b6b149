// The effect overview at the level of the design. The teacher is the unit: she answers for 1 to 3
// pupils, whose changes go together, so pupil scores are averaged per teacher per wave (over the
// pupils measured at every wave compared) and each teacher counts once. Per subscale: the change
// without the course (the two measurements before it), the change across the course, and the
// difference between the two, each with a paired t-test, 95 % interval, d_z and (for the changes)
// d_av; Holm's correction across subscales; Cronbach's alpha per subscale and wave. Only teachers
// who said yes before starting the course, answered every wave compared, and completed the course
// on or before the day they began the post-measurement are in it (the shipped R script applies the
// same rule to the exported files).
import type { Questionnaire, Study } from '../research/model';
import { subscaleMeans, scoredValue } from './answers';
import { designFor, formOf, waveStartedOn, type Design, type ParticipantData } from './data';
import { mean, pairedTest, sampleSd, type TestResult } from './statistics';

export const MIN_TEACHERS = 5;

export interface Change extends TestResult {
  /** Mean of the teachers' scores at the earlier and the later wave. */
  meanBefore: number;
  meanAfter: number;
  /** Mean difference / mean of the two waves' standard deviations (Cumming's d_av). */
  dAv: number | null;
  /** p after Holm's correction across the subscales (the same comparison). */
  pHolm: number;
}

export interface Difference extends TestResult {
  pHolm: number;
}

export interface ScaleAnalysis {
  questionnaire: Questionnaire;
  subscale: string;
  /** `questionnaire.subscale`, as in the data. */
  variable: string;
  design: Design;
  /** Teachers in the analysis (each once). */
  n: number;
  /** Pupils behind them (pupil questionnaires), or null. */
  pupils: number | null;
  /** Teachers left out, by reason. */
  excluded: { afterStart: number; notCompleted: number; missingWave: number };
  control: Change | null;
  course: Change | null;
  difference: Difference | null;
  /** Per wave of the design: Cronbach's alpha over every complete form in the data. */
  alpha: { wave: string; n: number; alpha: number | null }[];
}

/** Per teacher, the subscale's score at each wave of the design, or null when she is not in the analysis. */
export function teacherScores(q: Questionnaire, subscale: string, design: Design, p: ParticipantData): number[] | null {
  const waves = [design.pre0, design.pre1, design.post].filter((w) => w !== null);
  const units = q.about === 'pupil' ? Array.from({ length: p.pupils }, (_, i) => i + 1) : [0];
  const scores: number[][] = [];
  for (const unit of units) {
    const perWave = waves.map((w) => {
      const form = formOf(p, w.id, q.id, unit);
      return form ? (subscaleMeans(q, form.answers)[subscale] ?? null) : null;
    });
    if (perWave.every((x) => x !== null)) scores.push(perWave as number[]);
  }
  if (scores.length === 0) return null;
  return waves.map((_, i) => mean(scores.map((s) => s[i]!)));
}

/** Why a participant is not in the analysis of a design, or null when she is. */
export function exclusion(p: ParticipantData, design: Design): 'afterStart' | 'notCompleted' | null {
  if (p.afterStart) return 'afterStart';
  const postStarted = waveStartedOn(p, design.post.id);
  if (postStarted !== null && (p.courseCompletedOn === null || p.courseCompletedOn > postStarted)) return 'notCompleted';
  return null;
}

/** Holm's step-down correction; nulls (too little data) stay out of the count. */
export function holm(ps: readonly (number | null)[]): (number | null)[] {
  const order = ps.map((p, i) => ({ p, i })).filter((x): x is { p: number; i: number } => x.p !== null).sort((a, b) => a.p - b.p);
  const m = order.length;
  const out: (number | null)[] = ps.map(() => null);
  let running = 0;
  order.forEach(({ p, i }, k) => {
    running = Math.max(running, Math.min(1, (m - k) * p));
    out[i] = running;
  });
  return out;
}

/** Cronbach's alpha of item scores (rows: units, columns: items); null below 2 units or without variance. */
export function cronbachAlpha(rows: readonly (readonly number[])[]): number | null {
  const k = rows[0]?.length ?? 0;
  if (rows.length < 2 || k < 2) return null;
  const itemVar = Array.from({ length: k }, (_, j) => sampleSd(rows.map((r) => r[j]!)) ** 2).reduce((a, b) => a + b, 0);
  const totalVar = sampleSd(rows.map((r) => r.reduce((a, b) => a + b, 0))) ** 2;
  return totalVar > 0 ? (k / (k - 1)) * (1 - itemVar / totalVar) : null;
}

function alphaAt(q: Questionnaire, subscale: string, wave: string, participants: readonly ParticipantData[]): { n: number; alpha: number | null } {
  const items = q.items.filter((i) => i.subscale === subscale);
  const rows: number[][] = [];
  for (const p of participants) {
    const units = q.about === 'pupil' ? Array.from({ length: p.pupils }, (_, i) => i + 1) : [0];
    for (const unit of units) {
      const form = formOf(p, wave, q.id, unit);
      if (!form || items.some((i) => !form.answers.has(i.id))) continue;
      rows.push(items.map((i) => scoredValue(i, Number(form.answers.get(i.id)))));
    }
  }
  return { n: rows.length, alpha: cronbachAlpha(rows) };
}

function change(before: number[], after: number[]): Omit<Change, 'pHolm'> | null {
  const test = pairedTest(before, after);
  if (!test) return null;
  const sdMean = (sampleSd(before) + sampleSd(after)) / 2;
  return { ...test, meanBefore: mean(before), meanAfter: mean(after), dAv: sdMean > 0 ? test.meanDifference / sdMean : null };
}

/** The overview: every subscale asked on both sides of the course, in questionnaire order. */
export function analyse(study: Study, participants: readonly ParticipantData[]): ScaleAnalysis[] {
  const out: ScaleAnalysis[] = [];
  for (const q of study.questionnaires) {
    const design = designFor(study, q.id);
    if (!design) continue;
    for (const subscale of q.subscales) {
      const excluded = { afterStart: 0, notCompleted: 0, missingWave: 0 };
      const rows: number[][] = [];
      let pupils = 0;
      for (const p of participants) {
        const why = exclusion(p, design);
        const scores = teacherScores(q, subscale, design, p);
        if (!scores) {
          if (!why) excluded.missingWave++;
          continue;
        }
        if (why) {
          excluded[why]++;
          continue;
        }
        rows.push(scores);
        if (q.about === 'pupil') pupils += pupilsMeasured(q, subscale, design, p);
      }
      const at = (i: number) => rows.map((r) => r[i]!);
      const last = design.pre0 ? 2 : 1;
      const course = rows.length >= MIN_TEACHERS ? change(at(last - 1), at(last)) : null;
      const control = design.pre0 && rows.length >= MIN_TEACHERS ? change(at(0), at(1)) : null;
      const difference = design.pre0 && rows.length >= MIN_TEACHERS ? pairedTest(rows.map((r) => r[1]! - r[0]!), rows.map((r) => r[2]! - r[1]!)) : null;
      const waves = [design.pre0, design.pre1, design.post].filter((w) => w !== null);
      out.push({
        questionnaire: q,
        subscale,
        variable: `${q.id}.${subscale}`,
        design,
        n: rows.length,
        pupils: q.about === 'pupil' ? pupils : null,
        excluded,
        control: control && { ...control, pHolm: control.p },
        course: course && { ...course, pHolm: course.p },
        difference: difference && { ...difference, pHolm: difference.p },
        alpha: waves.map((w) => ({ wave: w.id, ...alphaAt(q, subscale, w.id, participants) })),
      });
    }
  }
  for (const key of ['control', 'course', 'difference'] as const) {
    const adjusted = holm(out.map((s) => s[key]?.p ?? null));
    out.forEach((s, i) => {
      if (s[key]) s[key]!.pHolm = adjusted[i]!;
    });
  }
  return out;
}

function pupilsMeasured(q: Questionnaire, subscale: string, design: Design, p: ParticipantData): number {
  const waves = [design.pre0, design.pre1, design.post].filter((w) => w !== null);
  let n = 0;
  for (let unit = 1; unit <= p.pupils; unit++) {
    if (waves.every((w) => {
      const form = formOf(p, w.id, q.id, unit);
      return form !== null && (subscaleMeans(q, form.answers)[subscale] ?? null) !== null;
    })) n++;
  }
  return n;
}
