// Response per school and wave: teachers, consents and finished waves, counted, never who.
import type { Study } from '../research/model';
import { consentCurrent, waveStatuses, type Participation } from './schedule';

export interface ResponseRow {
  schoolId: number | null;
  teachers: number;
  /** Consented (to any version; `current` of them to the current consent text). */
  consented: number;
  current: number;
  /** Per wave id: participants who finished every questionnaire of it. */
  finished: Record<string, number>;
}

/** Per school (sorted by number) and in total. */
export function countResponse(study: Study, teachersPerSchool: readonly { schoolId: number | null; teachers: number }[], participants: readonly Participation[]): { rows: ResponseRow[]; total: ResponseRow } {
  const empty = (schoolId: number | null): ResponseRow => ({ schoolId, teachers: 0, consented: 0, current: 0, finished: Object.fromEntries(study.waves.map((w) => [w.id, 0])) });
  const rows = new Map<string, ResponseRow>();
  const total = empty(null);
  const rowOf = (id: number | null) => {
    let row = rows.get(String(id));
    if (!row) rows.set(String(id), (row = empty(id)));
    return row;
  };
  for (const { schoolId, teachers } of teachersPerSchool) {
    rowOf(schoolId).teachers += teachers;
    total.teachers += teachers;
  }
  for (const p of participants) {
    if (p.decision !== 'yes') continue;
    const row = rowOf(p.schoolId);
    const current = consentCurrent(study, p);
    for (const r of [row, total]) {
      r.consented++;
      if (current) r.current++;
    }
    // Whether a wave is done does not depend on the clock: any instant will do.
    for (const s of waveStatuses(study, { ...p, courseCompletedAt: null, courseStartedAt: null }, [], new Date(0))) {
      if (s.state === 'done') for (const r of [row, total]) r.finished[s.wave.id]!++;
    }
  }
  return { rows: [...rows.values()].sort((a, b) => (a.schoolId ?? 0) - (b.schoolId ?? 0)), total };
}

/** The counts of two groups of teachers together (the report of all schools adds up its schools'). */
export function addResponse(a: ResponseRow, b: ResponseRow, schoolId: number | null = null): ResponseRow {
  const finished = { ...a.finished };
  for (const [wave, n] of Object.entries(b.finished)) finished[wave] = (finished[wave] ?? 0) + n;
  return { schoolId, teachers: a.teachers + b.teachers, consented: a.consented + b.consented, current: a.current + b.current, finished };
}
