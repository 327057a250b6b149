// Every participant of the study at once, read in bulk past the per-person memos: where each stands
// in the schedule (for an opening's reach) and the plain data the analysis, exports and scripts are
// computed from (src/study/). Course dates and study time come from the same bulk reads as the
// coordinator's report, judged by the same rules (reportRow, courseCompletedOn).
import type { Course } from '../course/model';
import type { Stores } from '../db';
import type { ParticipantWithSchool } from '../db/research';
import { courseCompletedOn } from '../learning/course-state';
import { reportRow } from '../learning/report';
import { isoDay } from '../learning/dates';
import { consentCurrent, formKey, waveStatuses, type Participation } from '../study/schedule';
import { consentedAfterStart } from '../study/course-hold';
import type { FormData, ParticipantData, StudyData } from '../study/data';

export interface CohortMember {
  participant: ParticipantWithSchool;
  participation: Participation;
  studySeconds: number;
}

/** Every teacher who decided anything about the study, with her place in the schedule. */
export function readCohort(course: Course, stores: Stores): CohortMember[] {
  return stores.withoutMemos(() => {
    const completions = stores.reports.completions();
    const activity = stores.reports.activity();
    const quizzes = new Map<number, { moduleSlug: string; bestScore: number | null; passedAt: string | null }[]>();
    for (const q of stores.reports.quizzes()) {
      let list = quizzes.get(q.userId);
      if (!list) quizzes.set(q.userId, (list = []));
      list.push(q);
    }
    const starts = stores.progress.courseStarts();
    const pupils = stores.research.allPupils();
    const finished = new Map<number, Map<string, string>>();
    for (const f of stores.research.allForms()) {
      let m = finished.get(f.userId);
      if (!m) finished.set(f.userId, (m = new Map()));
      m.set(formKey(f.wave, f.questionnaire, f.pupil), f.finishedAt);
    }
    return stores.research.allParticipants().map((p) => {
      const done = completions.get(p.userId) ?? new Map<string, string>();
      const passed = quizzes.get(p.userId) ?? [];
      const row = reportRow(course, { teacher: { id: p.userId, name: '', email: '', active: true, lastActiveAt: null }, completions: done, activity: activity.get(p.userId) ?? null, quizzes: passed });
      const complete = course.modules.length > 0 && row.modulesComplete === row.modulesTotal;
      const named = pupils.get(p.userId) ?? [];
      const participation: Participation = {
        decision: p.decision,
        consentVersion: p.consentVersion,
        consentedAt: p.consentedAt,
        pupils: named.length,
        pupilsAddedAt: named.map((x) => x.addedAt),
        finished: finished.get(p.userId) ?? new Map(),
        courseCompletedAt: complete ? courseCompletedOn(course, (k) => done.get(k), (slug) => passed.find((q) => q.moduleSlug === slug)?.passedAt) : null,
        courseStartedAt: starts.get(p.userId) ?? null,
        schoolId: p.schoolId,
      };
      return { participant: p, participation, studySeconds: row.activeSeconds };
    });
  });
}

/** The researcher's data: every teacher who said yes (and has not withdrawn), as plain values with days for times. */
export function readStudyData(course: Course, stores: Stores, now: Date): StudyData {
  const study = course.study!;
  const members = readCohort(course, stores).filter((m) => m.participant.decision === 'yes');
  const ids = new Set(members.map((m) => m.participant.userId));
  const answers = new Map<number, Map<string, { answers: Map<string, string>; on: Map<string, string>; first: string; last: string }>>();
  for (const a of stores.research.allAnswers()) {
    if (!ids.has(a.userId)) continue;
    let forms = answers.get(a.userId);
    if (!forms) answers.set(a.userId, (forms = new Map()));
    const key = formKey(a.wave, a.questionnaire, a.pupil);
    let form = forms.get(key);
    if (!form) forms.set(key, (form = { answers: new Map(), on: new Map(), first: a.answeredAt, last: a.answeredAt }));
    form.answers.set(a.item, a.value);
    form.on.set(a.item, isoDay(a.answeredAt));
    if (a.answeredAt < form.first) form.first = a.answeredAt;
    if (a.answeredAt > form.last) form.last = a.answeredAt;
  }
  const participants: ParticipantData[] = members.map(({ participant: p, participation, studySeconds }) => {
    const forms = new Map<string, FormData>();
    for (const [key, f] of answers.get(p.userId) ?? []) {
      const finishedAt = participation.finished.get(key);
      forms.set(key, { answers: f.answers, answeredOn: f.on, finishedOn: finishedAt ? isoDay(finishedAt) : null, firstOn: isoDay(f.first), lastOn: isoDay(f.last) });
    }
    const statuses = waveStatuses(study, participation, [], now);
    const waveDoneOn = new Map(statuses.filter((s) => s.doneAt).map((s) => [s.wave.id, isoDay(s.doneAt!)]));
    // A wave answered while the schedule alone had it shut: a researcher's opening kept it open.
    const viaOpening = new Set<string>();
    for (const s of statuses) {
      const first = [...(answers.get(p.userId) ?? new Map()).entries()].filter(([k]) => k.startsWith(`${s.wave.id}/`)).map(([, f]) => f.first as string).sort()[0];
      if (!first) continue;
      const t = Date.parse(first);
      if (!s.opensAt || t < s.opensAt.getTime() || (s.closesAt && t >= s.closesAt.getTime())) viaOpening.add(s.wave.id);
    }
    return {
      code: p.code,
      schoolId: p.schoolId,
      consentVersion: p.consentVersion,
      consentCurrent: consentCurrent(study, participation),
      consentedOn: isoDay(p.decidedAt),
      courseStartedOn: participation.courseStartedAt ? isoDay(participation.courseStartedAt) : null,
      courseCompletedOn: participation.courseCompletedAt ? isoDay(participation.courseCompletedAt) : null,
      studyMinutes: Math.floor(studySeconds / 60),
      afterStart: consentedAfterStart(participation),
      pupils: participation.pupils,
      forms,
      waveDoneOn,
      viaOpening,
    };
  });
  const openings = stores.research.openings().map((o) => ({
    wave: o.wave,
    schoolId: o.schoolId,
    openedOn: isoDay(o.openedAt),
    untilOn: isoDay(o.until),
    closedOn: o.closedAt ? isoDay(o.closedAt) : null,
    teachers: o.teachers,
  }));
  return { participants, openings };
}
