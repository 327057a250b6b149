// Reads what the researcher's pages count from the stores (the coordinator's report counts its schools'
// in src/report/cache.ts); the counting itself is a pure function (src/study/response.ts).
import type { Study } from '../research/model';
import type { Stores } from '../db';
import { formKey, type Participation } from '../study/schedule';
import { countResponse, type ResponseRow } from '../study/response';

export type { ResponseRow };

/** Per school (and in total): teachers, consents and finished waves. */
export function responseBySchool(study: Study, stores: Stores): { rows: ResponseRow[]; total: ResponseRow } {
  const counts = stores.research.pupilCounts();
  const finishedBy = new Map<number, Map<string, string>>();
  for (const f of stores.research.allForms()) {
    let m = finishedBy.get(f.userId);
    if (!m) finishedBy.set(f.userId, (m = new Map()));
    m.set(formKey(f.wave, f.questionnaire, f.pupil), f.finishedAt);
  }
  const participants: Participation[] = stores.research.allParticipants().map((p) => ({
    decision: p.decision,
    consentVersion: p.consentVersion,
    consentedAt: p.consentedAt,
    pupils: counts.get(p.userId) ?? 0,
    finished: finishedBy.get(p.userId) ?? new Map(),
    courseCompletedAt: null,
    courseStartedAt: null,
    schoolId: p.schoolId,
  }));
  return countResponse(study, stores.research.teachersPerSchool(), participants);
}
