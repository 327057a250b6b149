// The study's one rule for the course: whether the course waits for the study, until about when,
// and in which words. Only a study with a beforeCourse wave makes the course wait, and never a
// course already under way (the study never takes away what a teacher has). The answer is a Hold,
// an input of the course state (src/learning/course-state.ts holdCourse): no page, guard or mail
// applies this rule itself.
import type { Study, Wave } from '../research/model';
import type { Hold } from '../learning/course-state';
import { dutchDate } from '../learning/dates';
import { addDays, amsterdamMidnight, type Participation, type WaveStatus } from './schedule';

export type CourseWait = { reason: 'consent' } | { reason: 'wave'; status: WaveStatus } | null;

/**
 * Whether the course waits for the study: until the teacher has decided about consent (a decline
 * is enough unless participation is required), and for a teacher who consented, until every wave
 * up to and including the beforeCourse wave is done or closed. A teacher who has started the course
 * is never held: a late yes keeps the course open (her measurements then count as after the start).
 */
export function courseWait(study: Study | null | undefined, p: Participation, statuses: readonly WaveStatus[]): CourseWait {
  if (!study) return null;
  const gate = study.waves.findIndex((w) => w.beforeCourse);
  if (gate < 0) return null;
  if (p.courseStartedAt !== null) return null;
  if (p.decision === null) return { reason: 'consent' };
  if (p.decision !== 'yes') return study.participation === 'required' ? { reason: 'consent' } : null;
  const pending = statuses.slice(0, gate + 1).find((s) => s.state !== 'done' && s.state !== 'closed');
  return pending ? { reason: 'wave', status: pending } : null;
}

/** True when the teacher said yes after she had started the course: her measurements come after the start. */
export function consentedAfterStart(p: Pick<Participation, 'decision' | 'consentedAt' | 'courseStartedAt'>): boolean {
  return p.decision === 'yes' && p.consentedAt !== null && p.courseStartedAt !== null && p.courseStartedAt < p.consentedAt;
}

/**
 * About when the course opens for a teacher who takes part: the day the beforeCourse wave can be
 * finished, if every wave is filled in on the day it opens. With `statuses` (a consenting teacher)
 * the real dates count; without (a teacher deciding now), every wave is counted from `now`.
 */
export function courseOpensAround(study: Study, now: Date, statuses: readonly WaveStatus[] = []): Date | null {
  const gate = study.waves.findIndex((w) => w.beforeCourse);
  if (gate < 0) return null;
  const around = new Map<string, Date>();
  const later = (a: Date, b: Date) => (a > b ? a : b);
  for (const wave of study.waves.slice(0, gate + 1)) {
    const s = statuses.find((x) => x.wave.id === wave.id);
    let at: Date;
    if (s?.doneAt) at = s.doneAt;
    else if (s?.state === 'open' || s?.state === 'closed') at = now;
    else if (s?.opensAt) at = later(s.opensAt, now);
    else at = estimateOpening(wave, around, now);
    around.set(wave.id, at);
  }
  return around.get(study.waves[gate]!.id) ?? null;
}

function estimateOpening(wave: Wave, around: ReadonlyMap<string, Date>, now: Date): Date {
  const o = wave.opens;
  if (o.kind === 'date') {
    const d = amsterdamMidnight(o.date);
    return d > now ? d : now;
  }
  if (o.kind === 'after-wave') return addDays(around.get(o.wave) ?? now, o.days);
  return now;
}

function lower(title: string): string {
  return title.charAt(0).toLowerCase() + title.slice(1);
}

/** The study's hold on the course for this teacher, or null when the course is open to her. */
export function studyHold(study: Study | null | undefined, p: Participation, statuses: readonly WaveStatus[], now: Date): Hold | null {
  const wait = courseWait(study, p, statuses);
  if (!wait || !study) return null;
  const gate = study.waves.find((w) => w.beforeCourse)!;
  const link = { href: '/study', linkText: 'Naar het onderzoek' };
  if (wait.reason === 'consent') {
    if (p.decision !== null) {
      return {
        title: 'De cursus hoort bij het onderzoek',
        explanation: 'Bij deze cursus is meedoen aan het onderzoek nodig. Lees wat het inhoudt op de onderzoekspagina; wil je niet meedoen, vraag dan je coördinator wat je kunt doen.',
        lockLine: 'Gaat open als je meedoet aan het onderzoek.',
        ...link,
      };
    }
    const around = courseOpensAround(study, now);
    const yes = around ? `Doe je mee, dan begin je na de ${lower(gate.title)}, rond ${dutchDate(around)}.` : `Doe je mee, dan begin je na de ${lower(gate.title)}.`;
    return {
      title: 'Eerst: doe je mee aan het onderzoek?',
      explanation: `Bij deze cursus hoort een onderzoek. Laat eerst weten of je meedoet. Doe je niet mee, dan begin je meteen. ${yes}`,
      lockLine: 'Gaat open als je hebt laten weten of je meedoet aan het onderzoek.',
      ...link,
    };
  }
  const around = courseOpensAround(study, now, statuses);
  const when = around ? `, rond ${dutchDate(around)}` : '';
  const pending = wait.status;
  let explanation: string;
  if (pending.state === 'open' && pending.wave.id === gate.id) {
    explanation = `De ${lower(gate.title)} is open${pending.closesAt ? ` tot ${dutchDate(pending.closesAt)}` : ''}. Vul hem in; daarna gaat je cursus meteen open.`;
  } else if (pending.state === 'open') {
    explanation = `Vul eerst de ${lower(pending.wave.title)} in${pending.closesAt ? ` (open tot ${dutchDate(pending.closesAt)})` : ''}. Je cursus begint na de ${lower(gate.title)}${around ? `: vul je de ${lower(pending.wave.title)} nu in, dan is dat rond ${dutchDate(around)}` : ''}.`;
  } else {
    explanation = around
      ? `Rond ${dutchDate(around)} gaat de ${lower(gate.title)} open; als je die hebt ingevuld, begint je cursus. Tot die tijd hoef je niets te doen: je krijgt een e-mail als de meting opengaat.`
      : `Als je de ${lower(gate.title)} hebt ingevuld, begint je cursus. Tot die tijd hoef je niets te doen: je krijgt een e-mail als de meting opengaat.`;
  }
  return { title: `Je cursus begint na de ${lower(gate.title)}`, explanation, lockLine: `Gaat open na de ${lower(gate.title)}${around ? ` (rond ${dutchDate(around)})` : ''}.`, ...link };
}

export interface ConsentChoice {
  /** The buttons' words: what yes and no mean for the course. */
  yes: string;
  no: string;
  /** A sentence above the buttons, or ''. */
  note: string;
}

/** What saying yes or no means for this teacher's course, with dates, for the consent page's buttons. */
export function consentChoice(study: Study, p: Participation, now: Date): ConsentChoice {
  const gate = study.waves.find((w) => w.beforeCourse);
  if (!gate) return { yes: 'Ja, ik doe mee', no: 'Nee, ik doe niet mee', note: '' };
  if (p.courseStartedAt !== null) {
    return {
      yes: 'Ja, ik doe mee – mijn cursus blijft open',
      no: 'Nee, ik doe niet mee',
      note: 'Je bent al met de cursus begonnen. Doe je nu mee, dan blijft je cursus gewoon open; je metingen tellen dan als metingen die na de start van de cursus zijn gedaan.',
    };
  }
  const around = courseOpensAround(study, now);
  const when = around ? `, rond ${dutchDate(around)}` : '';
  const required = study.participation === 'required';
  return {
    yes: `Ja, ik doe mee – ik begin aan de cursus na de ${lower(gate.title)}${when}`,
    no: required ? 'Nee, ik doe niet mee' : 'Nee – ik begin meteen met de cursus',
    note: `Doe je mee, dan vul je eerst de metingen van vóór de cursus in; de cursus gaat open na de ${lower(gate.title)}${when}. Doe je niet mee, dan ${required ? 'kun je de cursus niet volgen: meedoen is bij deze cursus nodig' : 'begin je meteen met de cursus'}.`,
  };
}
