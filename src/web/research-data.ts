// The study's data as the researcher gets it: pseudonymised rows (a random participant code, the
// school's id, pupil numbers), never a name, an e-mail address or anything written in the course.
import type { Study, Questionnaire } from '../research/model';
import type { Stores } from '../db';
import type { StoredAnswer } from '../db/research';
import { subscaleMeans, variables, variableValue, type Variable } from '../study/answers';
import { courseSides, formKey, waveStatuses, type Participation } from '../study/schedule';
import { pairedEffect, type PairedEffect } from '../study/effects';
import { consentedAfterStart } from '../study/course-hold';

export interface Participant {
  userId: number;
  code: string;
  schoolId: number | null;
  pupils: number;
  /** Said yes after starting the course: the measurements were taken after the course began. */
  afterStart: boolean;
}

/** Answers of consenting participants, keyed `userId/wave/questionnaire/pupil` -> item -> value. */
export interface StudyData {
  participants: Participant[];
  answers: StoredAnswer[];
  byForm: Map<string, Map<string, string>>;
}

export function readStudyData(stores: Stores): StudyData {
  const counts = stores.research.pupilCounts();
  const starts = stores.progress.courseStarts();
  const participants = stores.research
    .allParticipants()
    .filter((p) => p.decision === 'yes')
    .map((p) => ({
      userId: p.userId,
      code: p.code,
      schoolId: p.schoolId,
      pupils: counts.get(p.userId) ?? 0,
      afterStart: consentedAfterStart({ decision: p.decision, consentedAt: p.consentedAt, courseStartedAt: starts.get(p.userId) ?? null }),
    }));
  const ids = new Set(participants.map((p) => p.userId));
  const answers = stores.research.allAnswers().filter((a) => ids.has(a.userId));
  const byForm = new Map<string, Map<string, string>>();
  for (const a of answers) {
    const key = `${a.userId}/${formKey(a.wave, a.questionnaire, a.pupil)}`;
    let form = byForm.get(key);
    if (!form) byForm.set(key, (form = new Map()));
    form.set(a.item, a.value);
  }
  return { participants, answers, byForm };
}

const none = new Map<string, string>();
function formOf(data: StudyData, userId: number, wave: string, q: string, pupil: number): ReadonlyMap<string, string> {
  return data.byForm.get(`${userId}/${formKey(wave, q, pupil)}`) ?? none;
}

/** Long shape: one row per answer; a multiple item as one row per option (item `gedaan.2`, 0 or 1). */
export function longRows(study: Study, data: StudyData): (string | number)[][] {
  const code = new Map(data.participants.map((p) => [p.userId, p]));
  const rows: (string | number)[][] = [];
  for (const a of data.answers) {
    const p = code.get(a.userId)!;
    const q = study.questionnaires.find((x) => x.id === a.questionnaire);
    const item = q?.items.find((i) => i.id === a.item);
    const base = [p.code, p.schoolId ?? '', a.wave, a.questionnaire, a.pupil === 0 ? '' : a.pupil];
    if (item?.kind === 'multiple') {
      const chosen = JSON.parse(a.value) as number[];
      item.options.forEach((_, k) => rows.push([...base, `${a.item}.${k + 1}`, chosen.includes(k + 1) ? 1 : 0, a.answeredAt]));
    } else rows.push([...base, a.item, item && item.kind !== 'text' ? Number(a.value) : a.value, a.answeredAt]);
  }
  return rows;
}

export function allVariables(study: Study): Variable[] {
  return study.questionnaires.flatMap(variables);
}

/** Wide shape: one row per participant × pupil × wave that has any answer; `self` questionnaires repeat on every pupil row. */
export function wideRows(study: Study, data: StudyData): { header: string[]; rows: (string | number)[][] } {
  const vars = allVariables(study);
  const header = ['participant', 'school', 'wave', 'pupil', ...vars.map((v) => v.name), 'after_start'];
  const rows: (string | number)[][] = [];
  const answered = new Set(data.answers.map((a) => `${a.userId}/${a.wave}`));
  for (const p of data.participants) {
    for (const wave of study.waves) {
      if (!answered.has(`${p.userId}/${wave.id}`)) continue;
      const pupils = p.pupils > 0 && study.pupils ? Array.from({ length: p.pupils }, (_, i) => i + 1) : [0];
      for (const pupil of pupils) {
        const values = vars.map((v) => {
          if (!wave.questionnaires.includes(v.questionnaire.id)) return '';
          const form = formOf(data, p.userId, wave.id, v.questionnaire.id, v.questionnaire.about === 'pupil' ? pupil : 0);
          const value = variableValue(v, form);
          return value === null ? '' : value;
        });
        rows.push([p.code, p.schoolId ?? '', wave.id, pupil === 0 ? '' : pupil, ...values, p.afterStart ? 1 : 0]);
      }
    }
  }
  return { header, rows };
}

const KIND_NAMES = { scale: 'schaal', choice: 'één keuze', multiple: 'meerkeuze (0/1 per optie)', number: 'geheel getal', text: 'vrije tekst' } as const;

export const CODEBOOK_COLUMNS = ['variable', 'questionnaire', 'item text', 'kind', 'values', 'subscale', 'reversed'];

export function codebookRows(study: Study): string[][] {
  const rows: string[][] = [
    ['participant', '', 'Code van de deelnemer (P en 6 tekens), vast voor het onderzoek', 'code', '', '', ''],
    ['school', '', 'Nummer van de school', 'code', '', '', ''],
    ['wave', '', 'Meting', 'code', study.waves.map((w) => `${w.id} = ${w.title}`).join(' | '), '', ''],
    ['pupil', '', `Nummer van de ${study.pupils?.label ?? 'leerling'} bij deze deelnemer (leeg: vragenlijst over de leerkracht)`, 'code', study.pupils ? `1..${study.pupils.max}` : '', '', ''],
  ];
  for (const v of allVariables(study)) {
    const q = v.questionnaire;
    if (v.subscale !== null) {
      const items = q.items.filter((i) => i.subscale === v.subscale);
      rows.push([v.name, q.id, `Gemiddelde van ${items.map((i) => `${i.id}${i.reverse ? ' (omgekeerd)' : ''}`).join(', ')}; leeg als niet alle items beantwoord zijn`, 'subschaal (gemiddelde)', `1..${q.scale.length}`, v.subscale, '']);
      continue;
    }
    const item = v.item!;
    let values = '';
    if (v.option !== null) values = '0 = niet gekozen | 1 = gekozen';
    else if (item.kind === 'scale' || item.kind === 'choice') values = item.options.map((o, k) => `${k + 1} = ${o}`).join(' | ');
    else if (item.kind === 'number') values = `${item.min}..${item.max}`;
    const text = v.option !== null ? `${item.text} — ${item.options[v.option - 1]}` : item.text;
    rows.push([v.name, q.id, text, KIND_NAMES[item.kind], values, item.subscale ?? '', item.reverse ? 'ja' : 'nee']);
  }
  rows.push(['after_start', '', 'De deelnemer zei ja nadat hij of zij al met de cursus was begonnen: de metingen zijn na de start van de cursus gedaan (de cursus bleef open)', 'code', '0 = nee | 1 = ja', '', '']);
  return rows;
}

export interface ResponseRow {
  schoolId: number | null;
  teachers: number;
  consented: number;
  /** Per wave id: participants who finished every questionnaire of it. */
  finished: Record<string, number>;
}

/** Per school (and in total): teachers, consents and finished waves. Never who. */
export function responseBySchool(study: Study, stores: Stores, schoolId: number | null = null): { rows: ResponseRow[]; total: ResponseRow } {
  // One school's report reads only that school's rows (the stores' school forms).
  const only = schoolId ?? undefined;
  const counts = stores.research.pupilCounts(only);
  const finishedBy = new Map<number, Map<string, string>>();
  for (const f of stores.research.allForms(only)) {
    let m = finishedBy.get(f.userId);
    if (!m) finishedBy.set(f.userId, (m = new Map()));
    m.set(formKey(f.wave, f.questionnaire, f.pupil), f.finishedAt);
  }
  const rows = new Map<string, ResponseRow>();
  const total: ResponseRow = { schoolId: null, teachers: 0, consented: 0, finished: Object.fromEntries(study.waves.map((w) => [w.id, 0])) };
  const rowOf = (id: number | null) => {
    let row = rows.get(String(id));
    if (!row) rows.set(String(id), (row = { schoolId: id, teachers: 0, consented: 0, finished: Object.fromEntries(study.waves.map((w) => [w.id, 0])) }));
    return row;
  };
  for (const { schoolId: id, teachers } of stores.research.teachersPerSchool(only)) {
    rowOf(id).teachers += teachers;
    total.teachers += teachers;
  }
  for (const p of stores.research.allParticipants(only)) {
    if (p.decision !== 'yes') continue;
    const row = rowOf(p.schoolId);
    for (const r of [row, total]) r.consented++;
    const participation: Participation = { decision: 'yes', consentVersion: p.consentVersion, consentedAt: p.consentedAt, pupils: counts.get(p.userId) ?? 0, finished: finishedBy.get(p.userId) ?? new Map(), courseCompletedAt: null, courseStartedAt: null, schoolId: p.schoolId };
    // Whether a wave is done does not depend on the clock: any instant will do.
    for (const s of waveStatuses(study, participation, [], new Date(0))) {
      if (s.state === 'done') for (const r of [row, total]) r.finished[s.wave.id]!++;
    }
  }
  return { rows: [...rows.values()].sort((a, b) => (a.schoolId ?? 0) - (b.schoolId ?? 0)), total };
}

/** For the coordinator's report: per wave how many of the school's teachers consented and finished it; null without a study. */
export function studyCounts(course: { study?: Study | null }, stores: Stores, schoolId: number | null) {
  if (!course.study) return null;
  return { waves: course.study.waves.map((w) => ({ id: w.id, title: w.title })), total: responseBySchool(course.study, stores, schoolId).total };
}

export interface SubscaleSummary {
  questionnaire: Questionnaire;
  subscale: string;
  waves: { wave: string; title: string; n: number; mean: number | null }[];
  effect: { from: string; to: string; result: PairedEffect } | null;
}

/** Per subscale: mean and n per wave, and the paired change from the last wave before the course to the first after it. */
export function subscaleSummaries(study: Study, data: StudyData): SubscaleSummary[] {
  const sides = courseSides(study);
  const out: SubscaleSummary[] = [];
  for (const q of study.questionnaires) {
    for (const subscale of q.subscales) {
      const scores = new Map<string, Map<string, number>>();
      const waves = study.waves
        .filter((w) => w.questionnaires.includes(q.id))
        .map((w) => {
          const byUnit = new Map<string, number>();
          for (const p of data.participants) {
            const pupils = q.about === 'pupil' ? Array.from({ length: p.pupils }, (_, i) => i + 1) : [0];
            for (const pupil of pupils) {
              const mean = subscaleMeans(q, formOf(data, p.userId, w.id, q.id, pupil))[subscale];
              if (mean !== null && mean !== undefined) byUnit.set(`${p.userId}/${pupil}`, mean);
            }
          }
          scores.set(w.id, byUnit);
          const values = [...byUnit.values()];
          return { wave: w.id, title: w.title, n: values.length, mean: values.length ? values.reduce((a, b) => a + b, 0) / values.length : null };
        });
      const before = sides.before.filter((w) => w.questionnaires.includes(q.id)).at(-1);
      const after = sides.after.find((w) => w.questionnaires.includes(q.id));
      let effect: SubscaleSummary['effect'] = null;
      if (before && after) {
        const a = scores.get(before.id)!;
        const b = scores.get(after.id)!;
        const pairs = [...a.entries()].filter(([unit]) => b.has(unit)).map(([unit, v]) => ({ before: v, after: b.get(unit)! }));
        effect = { from: before.id, to: after.id, result: pairedEffect(pairs) };
      }
      out.push({ questionnaire: q, subscale, waves, effect });
    }
  }
  return out;
}
