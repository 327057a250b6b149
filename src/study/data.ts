// The study's data as plain values, the one input of the analysis, the exports and the scripts:
// per participant a pseudonym, consent, course dates and every questionnaire form with its answers.
// Dates are calendar days in Amsterdam (YYYY-MM-DD): the files never carry a time of day.
import type { Study, Wave } from '../research/model';
import { courseSides, formKey } from './schedule';

export interface FormData {
  /** Item id -> the stored value (a whole number, JSON [1,3] for a multiple item, or text). */
  answers: ReadonlyMap<string, string>;
  /** Item id -> the day it was answered. */
  answeredOn: ReadonlyMap<string, string>;
  /** The day the questionnaire was finished; null when it was started but not finished. */
  finishedOn: string | null;
  /** The day of the first and of the last answer. */
  firstOn: string;
  lastOn: string;
}

export interface ParticipantData {
  /** The pseudonym: random, new after withdrawing and taking part again. */
  code: string;
  schoolId: number | null;
  consentVersion: string;
  /** Consented to the study's current consent text. */
  consentCurrent: boolean;
  /** The day of the yes to `consentVersion`. */
  consentedOn: string;
  /** The day the course was first opened / every module was complete; null before. */
  courseStartedOn: string | null;
  courseCompletedOn: string | null;
  /** Study time credited in the course, whole minutes. */
  studyMinutes: number;
  /** Said yes after starting the course: every measurement came after the course began. */
  afterStart: boolean;
  /** Pupils in mind (numbers 1..pupils). */
  pupils: number;
  /** `formKey(wave, questionnaire, pupil)` -> the form; only forms with an answer. */
  forms: ReadonlyMap<string, FormData>;
  /** Per wave id: the day the wave was done (every questionnaire finished); absent while not done. */
  waveDoneOn: ReadonlyMap<string, string>;
  /** Waves this participant answered while only a researcher's opening had them open. */
  viaOpening: ReadonlySet<string>;
}

export interface OpeningData {
  wave: string;
  /** null: every school. */
  schoolId: number | null;
  openedOn: string;
  untilOn: string;
  closedOn: string | null;
  teachers: number | null;
}

export interface StudyData {
  participants: readonly ParticipantData[];
  openings: readonly OpeningData[];
}

export function formOf(p: ParticipantData, wave: string, questionnaire: string, pupil: number): FormData | null {
  return p.forms.get(formKey(wave, questionnaire, pupil)) ?? null;
}

/** The first day this participant answered anything in a wave, or null. */
export function waveStartedOn(p: ParticipantData, wave: string): string | null {
  let first: string | null = null;
  for (const [key, form] of p.forms) if (key.startsWith(`${wave}/`) && (first === null || form.firstOn < first)) first = form.firstOn;
  return first;
}

/**
 * The waves a subscale is compared over: the control period (the last two waves before the course,
 * `pre0` → `pre1`, when there are two) and the course period (`pre1` → `post`, the first wave after
 * the course). Null when the questionnaire is not asked on both sides of the course.
 */
export interface Design {
  pre0: Wave | null;
  pre1: Wave;
  post: Wave;
}

export function designFor(study: Study, questionnaire: string): Design | null {
  const sides = courseSides(study);
  const before = sides.before.filter((w) => w.questionnaires.includes(questionnaire));
  const post = sides.after.find((w) => w.questionnaires.includes(questionnaire));
  if (before.length === 0 || !post) return null;
  return { pre0: before.length >= 2 ? before.at(-2)! : null, pre1: before.at(-1)!, post };
}
