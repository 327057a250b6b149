// Where a teacher stands in the course as one word, and what "done" means. The course is "afgerond"
// for the teacher, the coordinator's report, the CSV and every mail only when the certificate can be
// had: every module complete *and* enough study time credited. The certificate says the teacher
// spent about the course's hours on it; a script that completes everything in three minutes gets
// no certificate, a fast reader does (study time: one clock per teacher, see study-time.ts).
import type { Course } from '../course/model';
import { minutesText } from './numbers';
import { nextStepHref, type NextStep } from './course-state';

/** The share of the course's estimated minutes that must be credited as study time. */
export const MIN_STUDY_SHARE = 1 / 3;

/**
 * niet-gestart: nothing opened yet; bezig: under way; studietijd: every module complete, study time
 * short; afgerond: the certificate can be had. (The values are also the report's filter words.)
 */
export type TeacherStatus = 'niet-gestart' | 'bezig' | 'studietijd' | 'afgerond';
export const TEACHER_STATUSES: readonly TeacherStatus[] = ['niet-gestart', 'bezig', 'studietijd', 'afgerond'];

export interface StudyTime {
  /** Seconds credited so far, over every lesson. */
  studied: number;
  /** Seconds the certificate needs. */
  required: number;
  met: boolean;
  /** Whole minutes credited (rounded down) and needed (rounded up): "12 van 43 min". */
  studiedMinutes: number;
  requiredMinutes: number;
  /** Minutes still to study (rounded up; 0 when met). */
  minutesLeft: number;
}

export interface Standing {
  status: TeacherStatus;
  /** Every module complete (the certificate may still wait for study time). */
  modulesComplete: boolean;
  /** The certificate can be had: the one meaning of "afgerond". */
  certificateReady: boolean;
  studyTime: StudyTime;
}

export function studyTime(course: Pick<Course, 'minutes'>, studiedSeconds: number): StudyTime {
  const required = Math.round(course.minutes * 60 * MIN_STUDY_SHARE);
  const studied = Math.max(0, studiedSeconds);
  const met = studied >= required;
  return {
    studied,
    required,
    met,
    studiedMinutes: Math.floor(studied / 60),
    requiredMinutes: Math.ceil(required / 60),
    minutesLeft: met ? 0 : Math.max(1, Math.ceil((required - studied) / 60)),
  };
}

/** Seconds credited over a teacher's lessons. */
export function studiedSeconds(progress: ReadonlyMap<string, { activeSeconds: number }>): number {
  let studied = 0;
  for (const p of progress.values()) studied += p.activeSeconds;
  return studied;
}

/**
 * The one rule: `modulesComplete` from the course state (or the report's completion marks),
 * `started` when the teacher opened any lesson or handed in any quiz.
 */
export function standing(course: Pick<Course, 'minutes' | 'modules'>, input: { modulesComplete: boolean; started: boolean; studiedSeconds: number }): Standing {
  const time = studyTime(course, input.studiedSeconds);
  const modulesComplete = input.modulesComplete && course.modules.length > 0;
  const certificateReady = modulesComplete && time.met;
  const status: TeacherStatus = certificateReady ? 'afgerond' : modulesComplete ? 'studietijd' : input.started ? 'bezig' : 'niet-gestart';
  return { status, modulesComplete, certificateReady, studyTime: time };
}

/** The status as a report cell and a CSV value: the same words everywhere. */
export function statusText(s: Pick<Standing, 'status' | 'studyTime'>): string {
  switch (s.status) {
    case 'niet-gestart':
      return 'niet gestart';
    case 'bezig':
      return 'bezig';
    case 'studietijd':
      return `alle modules klaar, studietijd nog ${minutesText(s.studyTime.minutesLeft)}`;
    case 'afgerond':
      return 'afgerond';
  }
}

/** What a teacher reads when every module is complete and study time is short (overview and certificate page). */
export function studyTimeShortText(t: StudyTime): string {
  return `Alle modules zijn klaar. Voor je certificaat telt ook je studietijd: je hebt ${minutesText(t.studiedMinutes)} van de ${minutesText(t.requiredMinutes)}, nog ongeveer ${minutesText(t.minutesLeft)}.`;
}

/** Where a "Verder" button goes after a step, and its words: the next step, a hold's page, or the certificate (ready or not). */
export function wayOn(next: NextStep, s: Pick<Standing, 'certificateReady'>): { href: string; label: string } {
  if (next.kind === 'certificate') return s.certificateReady ? { href: '/certificate', label: 'Download je certificaat (PDF)' } : { href: '/certificate', label: 'Wat je certificaat nog nodig heeft' };
  if (next.kind === 'hold') return { href: next.hold.href, label: next.hold.linkText };
  return { href: nextStepHref(next), label: 'Verder met de cursus' };
}
