// One teacher's place in the study: the decision, pupils, every wave's state and whether the
// course waits. Read with the learner, so the course's guard, the overview and the mail share it.
import type { Course } from '../course/model';
import type { Study } from '../research/model';
import type { Stores } from '../db';
import type { StudyParticipant } from '../db/research';
import type { User } from '../db/accounts';
import { consentCurrent, courseWait, waveStatuses, type CourseWait, type Participation, type WaveStatus } from '../study/schedule';
import { readLearner, type Learner } from './read';
import { dutchDate } from '../learning/dates';

export interface TeacherStudy {
  study: Study;
  participant: StudyParticipant | null;
  participation: Participation;
  /** Consented to the current consent text: answers can be given. */
  current: boolean;
  pupils: { number: number; name: string }[];
  statuses: WaveStatus[];
  wait: CourseWait;
  /** What the overview shows: the study's current step. */
  step: StudyStep;
}

export interface StudyStep {
  heading: string;
  text: string;
  href: string;
  linkText: string;
}

/** When the course was completed: the last lesson completed or quiz passed, once everything is. */
export function courseCompletedAt(course: Course, learner: Pick<Learner, 'progress' | 'quizzes' | 'state'>): string | null {
  if (!learner.state.complete) return null;
  let last: string | null = null;
  const later = (t: string | null | undefined) => {
    if (t && (last === null || t > last)) last = t;
  };
  for (const m of course.modules) {
    for (const l of m.lessons) later(learner.progress.get(l.key)?.completedAt);
    if (m.quiz) later(learner.quizzes.get(m.slug)?.passedAt);
  }
  return last;
}

/** The study as it stands for this person; null when the course has no study or they are not a teacher. */
export function readTeacherStudy(course: Course, stores: Stores, user: User, learner: Pick<Learner, 'progress' | 'quizzes' | 'state'>, now = new Date()): TeacherStudy | null {
  const study = course.study;
  if (!study || user.role !== 'teacher') return null;
  const participant = stores.research.participant(user.id);
  const pupils = stores.research.pupils(user.id);
  const participation: Participation = {
    decision: participant?.decision ?? null,
    consentVersion: participant?.consentVersion ?? null,
    consentedAt: participant?.consentedAt ?? null,
    pupils: pupils.length,
    finished: participant?.decision === 'yes' ? stores.research.finished(user.id) : new Map(),
    courseCompletedAt: courseCompletedAt(course, learner),
    schoolId: user.schoolId,
  };
  const statuses = waveStatuses(study, participation, participant?.decision === 'yes' ? stores.research.openings() : [], now);
  const current = consentCurrent(study, participation);
  const wait = courseWait(study, participation, statuses);
  return { study, participant, participation, current, pupils, statuses, wait, step: studyStep(study, participation, current, statuses, wait) };
}

export function opensText(s: WaveStatus): string {
  if (s.waitingFor === 'date' && s.opensAt) return `Hij gaat open op ${dutchDate(s.opensAt)}.`;
  if (s.waitingFor === 'course') {
    const days = s.wave.opens.kind === 'after-course' ? s.wave.opens.days : 0;
    return days > 0 ? `Hij gaat open ${days} dagen nadat je de cursus hebt afgerond.` : 'Hij gaat open als je de cursus hebt afgerond.';
  }
  if (s.waitingFor === 'wave' && s.wave.opens.kind === 'after-wave') {
    const days = s.wave.opens.days;
    return days > 0 ? `Hij gaat open ${days} dagen nadat je de vorige meting hebt afgerond.` : 'Hij gaat open als je de vorige meting hebt afgerond.';
  }
  if (s.waitingFor === 'consent') return 'Hij gaat open als je meedoet aan het onderzoek.';
  return '';
}

/** The one thing the overview says about the study now. */
export function studyStep(study: Study, p: Participation, current: boolean, statuses: readonly WaveStatus[], wait: CourseWait): StudyStep {
  const courseNote = wait ? ' De cursus gaat open als deze stap klaar is.' : '';
  if (p.decision === 'no' || p.decision === 'withdrawn') {
    return { heading: 'Onderzoek', text: 'Je doet niet mee aan het onderzoek bij deze cursus. Je kunt je keuze altijd veranderen.', href: '/study', linkText: 'Meer over het onderzoek' };
  }
  if (!current) {
    return {
      heading: p.decision === 'yes' ? 'Het onderzoek is veranderd' : 'Doe je mee aan het onderzoek?',
      text: (p.decision === 'yes' ? 'Lees de nieuwe uitleg en laat weten of je blijft meedoen.' : 'Bij deze cursus hoort een onderzoek. Lees wat het inhoudt en laat weten of je meedoet.') + courseNote,
      href: '/study',
      linkText: 'Naar het onderzoek',
    };
  }
  const open = statuses.find((s) => s.state === 'open');
  if (open?.waitingFor === 'pupils') {
    return { heading: `${open.wave.title} is open`, text: `Schrijf eerst op aan welke ${study.pupils?.label ?? 'leerling'}en je denkt.${courseNote}`, href: '/study#leerlingen', linkText: 'Leerlingen kiezen' };
  }
  if (open) {
    const done = open.forms.filter((f) => f.finishedAt !== null).length;
    const until = open.closesAt ? ` tot ${dutchDate(open.closesAt)}` : '';
    return { heading: `${open.wave.title} is open${until}`, text: `${done} van ${open.forms.length} vragenlijsten afgerond.${courseNote}`, href: '/study#metingen', linkText: done === 0 ? 'Beginnen met de vragenlijsten' : 'Verder met de vragenlijsten' };
  }
  const next = statuses.find((s) => s.state === 'waiting');
  if (next) return { heading: `Volgende meting: ${next.wave.title}`, text: `${opensText(next)}${courseNote}`, href: '/study', linkText: 'Naar het onderzoek' };
  const allDone = statuses.every((s) => s.state === 'done');
  return { heading: 'Onderzoek', text: allDone ? 'Je hebt alle metingen gedaan. Dank je wel voor je hulp!' : 'De metingen van het onderzoek zijn voorbij. Dank je wel voor je hulp!', href: '/study', linkText: 'Naar het onderzoek' };
}

/**
 * Every consenting teacher's wave states at `now`, for `dueNotifications` (src/study/schedule.ts):
 * the mail sender runs both on a schedule and sends what is due.
 */
export function statusesForNotifications(course: Course, stores: Stores, now = new Date()): { userId: number; statuses: WaveStatus[] }[] {
  if (!course.study) return [];
  const out: { userId: number; statuses: WaveStatus[] }[] = [];
  for (const userId of stores.research.consentingUserIds()) {
    const user = stores.accounts.userById(userId);
    if (!user?.active) continue;
    const ts = readTeacherStudy(course, stores, user, readLearner(course, stores, user.id), now);
    if (ts?.current) out.push({ userId: user.id, statuses: ts.statuses });
  }
  return out;
}
