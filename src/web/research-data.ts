// Reads what the researcher's and the coordinator's pages count from the stores; the counting
// itself is a pure function (src/study/response.ts).
import type { Study } from '../research/model';
import type { Stores } from '../db';
import { formKey, type Participation } from '../study/schedule';
import { countResponse, type ResponseRow } from '../study/response';

export type { ResponseRow };

/** Per school (and in total): teachers, consents and finished waves; one school's rows only when `schoolId` is given. */
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
  const participants: Participation[] = stores.research.allParticipants(only).map((p) => ({
    decision: p.decision,
    consentVersion: p.consentVersion,
    consentedAt: p.consentedAt,
    pupils: counts.get(p.userId) ?? 0,
    finished: finishedBy.get(p.userId) ?? new Map(),
    courseCompletedAt: null,
    courseStartedAt: null,
    schoolId: p.schoolId,
  }));
  return countResponse(study, stores.research.teachersPerSchool(only), participants);
}

/** For the coordinator's report: per wave how many of the school's teachers consented and finished it; null without a study. */
export function studyCounts(course: { study?: Study | null }, stores: Stores, schoolId: number | null) {
  if (!course.study) return null;
  return { waves: course.study.waves.map((w) => ({ id: w.id, title: w.title })), total: responseBySchool(course.study, stores, schoolId).total };
}
