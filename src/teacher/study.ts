// One teacher's place in the study: the decision, pupils, every wave's state, the hold the study
// puts on the course (src/study/course-hold.ts) and the study's step in words. Read by the front
// door (read.ts) with the course state, so every page and mail shares it.
import type { Course } from '../course/model';
import type { Study } from '../research/model';
import type { Stores } from '../db';
import type { StudyParticipant, StudyPupil } from '../db/research';
import type { User } from '../db/accounts';
import type { Hold } from '../learning/course-state';
import { amsterdamMidnight, consentCurrent, waveStatusesWithin, type Participation, type WaveOpening, type WaveStatus } from '../study/schedule';
import { consentedAfterStart, studyHold } from '../study/course-hold';
import { dutchDate } from '../learning/dates';

export interface TeacherStudy {
  study: Study;
  participant: StudyParticipant | null;
  participation: Participation;
  /** Consented to the current consent text: answers can be given. */
  current: boolean;
  pupils: readonly StudyPupil[];
  statuses: WaveStatus[];
  /** The study's hold on the course, or null. */
  hold: Hold | null;
  /** Said yes after starting the course: the measurements come after the start. */
  afterStart: boolean;
  /** What the overview shows: the study's current step. */
  step: StudyStep;
}

export interface StudyStep {
  heading: string;
  text: string;
  href: string;
  linkText: string;
  /** Something to do now (a measurement open, a decision to make); otherwise one muted line suffices. */
  actionable: boolean;
}

/** The study as it stands for this person; null when the course has no study or they are not a teacher. */
export function readTeacherStudy(course: Course, stores: Stores, user: User, started: { completedOn: string | null; startedAt: string | null }, now: Date): TeacherStudy | null {
  const study = course.study;
  if (!study || user.role !== 'teacher') return null;
  const participant = stores.research.participant(user.id);
  const pupils = stores.research.pupils(user.id);
  const participation: Participation = {
    decision: participant?.decision ?? null,
    consentVersion: participant?.consentVersion ?? null,
    consentedAt: participant?.consentedAt ?? null,
    pupils: pupils.length,
    pupilsAddedAt: pupils.map((p) => p.addedAt),
    finished: participant?.decision === 'yes' ? stores.research.finished(user.id) : NONE_FINISHED,
    courseCompletedAt: started.completedOn,
    courseStartedAt: started.startedAt,
    schoolId: user.schoolId,
  };
  const statuses = keptStatuses(study, participant, pupils, participation, participant?.decision === 'yes' ? stores.research.openings() : NO_OPENINGS, now);
  const current = consentCurrent(study, participation);
  const hold = studyHold(study, participation, statuses, now);
  return { study, participant, participation, current, pupils, statuses, hold, afterStart: consentedAfterStart(participation), step: studyStep(study, participation, current, statuses) };
}

const NONE_FINISHED: ReadonlyMap<string, string> = new Map();
const NO_OPENINGS: readonly WaveOpening[] = Object.freeze([]);

interface KeptStatuses {
  study: Study;
  participant: StudyParticipant | null;
  finished: ReadonlyMap<string, string>;
  openings: readonly WaveOpening[];
  courseCompletedAt: string | null;
  courseStartedAt: string | null;
  schoolId: number | null;
  from: number;
  until: number;
  statuses: WaveStatus[];
}
/**
 * Wave states kept beside the pupil list the store hands out (a new list after any write about the
 * teacher's part in the study): the same inputs give the same states for as long as `now` stays in
 * the span waveStatusesWithin names, so the teacher's next request (a video report every few
 * seconds) need not work them out again. Everything else they are worked out from is compared here.
 */
const kept = new WeakMap<readonly StudyPupil[], KeptStatuses>();

function keptStatuses(study: Study, participant: StudyParticipant | null, pupils: readonly StudyPupil[], p: Participation, openings: readonly WaveOpening[], now: Date): WaveStatus[] {
  const t = now.getTime();
  const known = kept.get(pupils);
  if (
    known &&
    known.study === study &&
    known.participant === participant &&
    known.finished === p.finished &&
    known.openings === openings &&
    known.courseCompletedAt === p.courseCompletedAt &&
    known.courseStartedAt === p.courseStartedAt &&
    known.schoolId === p.schoolId &&
    known.from <= t &&
    t < known.until
  ) {
    return known.statuses;
  }
  const { statuses, from, until } = waveStatusesWithin(study, p, openings, now);
  // Shared by the requests that follow: nobody may change them.
  for (const s of statuses) Object.freeze(Object.freeze(s).forms);
  Object.freeze(statuses);
  kept.set(pupils, { study, participant, finished: p.finished, openings, courseCompletedAt: p.courseCompletedAt, courseStartedAt: p.courseStartedAt, schoolId: p.schoolId, from, until, statuses });
  return statuses;
}

export function opensText(s: WaveStatus): string {
  if (s.waitingFor === 'date' && s.opensAt) return `Deze meting gaat open op ${dutchDate(s.opensAt)}.`;
  const latest = s.wave.notAfter ? `, uiterlijk op ${dutchDate(amsterdamMidnight(s.wave.notAfter))}` : '';
  if (s.waitingFor === 'course') {
    const days = s.wave.opens.kind === 'after-course' ? s.wave.opens.days : 0;
    return days > 0 ? `Deze meting gaat open ${days} dagen nadat je de cursus hebt afgerond${latest}.` : 'Deze meting gaat open als je de cursus hebt afgerond.';
  }
  if (s.waitingFor === 'wave' && s.wave.opens.kind === 'after-wave') {
    const days = s.wave.opens.days;
    return days > 0 ? `Deze meting gaat open ${days} dagen nadat je de vorige meting hebt afgerond${latest}.` : 'Deze meting gaat open als je de vorige meting hebt afgerond.';
  }
  if (s.waitingFor === 'wave') return 'Deze meting gaat open na de meting ervoor: als je die hebt afgerond of als die gesloten is.';
  if (s.waitingFor === 'consent') return 'Deze meting gaat open als je meedoet aan het onderzoek.';
  return '';
}

/** The one thing the overview says about the study now. */
export function studyStep(study: Study, p: Participation, current: boolean, statuses: readonly WaveStatus[]): StudyStep {
  if (p.decision === 'no' || p.decision === 'withdrawn') {
    return { heading: 'Onderzoek', text: 'Je doet niet mee aan het onderzoek bij deze cursus. Je kunt je keuze altijd veranderen.', href: '/study', linkText: 'Meer over het onderzoek', actionable: false };
  }
  if (!current) {
    return {
      heading: p.decision === 'yes' ? 'Het onderzoek is veranderd' : 'Doe je mee aan het onderzoek?',
      text: (p.decision === 'yes' ? 'Lees de nieuwe uitleg en laat weten of je blijft meedoen.' : 'Bij deze cursus hoort een onderzoek. Lees wat het inhoudt en laat weten of je meedoet.'),
      href: '/study',
      linkText: 'Naar het onderzoek',
      actionable: true,
    };
  }
  const open = statuses.find((s) => s.state === 'open');
  if (open?.waitingFor === 'pupils') {
    return { heading: `${open.wave.title} is open`, text: `Schrijf eerst op aan welke ${study.pupils?.label ?? 'leerling'}en je denkt.`, href: '/study#leerlingen', linkText: 'Leerlingen kiezen', actionable: true };
  }
  if (open) {
    const done = open.forms.filter((f) => f.finishedAt !== null).length;
    const until = open.closesAt ? ` tot ${dutchDate(open.closesAt)}` : '';
    return { heading: `${open.wave.title} is open${until}`, text: `${done} van ${open.forms.length} vragenlijsten afgerond.`, href: '/study#metingen', linkText: done === 0 ? 'Beginnen met de vragenlijsten' : 'Verder met de vragenlijsten', actionable: true };
  }
  const next = statuses.find((s) => s.state === 'waiting');
  if (next) return { heading: `Volgende meting: ${next.wave.title}`, text: `${opensText(next)}`, href: '/study', linkText: 'Naar het onderzoek', actionable: false };
  const allDone = statuses.every((s) => s.state === 'done');
  return { heading: 'Onderzoek', text: allDone ? 'Je hebt alle metingen gedaan. Dank je wel voor je hulp!' : 'De metingen van het onderzoek zijn voorbij. Dank je wel voor je hulp!', href: '/study', linkText: 'Naar het onderzoek', actionable: false };
}
