// Which wave is open for whom, whether the course waits for the study, and which mails are due:
// pure functions over one teacher's participation, the openings a researcher made, and the clock.
import type { Study, Wave } from '../research/model';

const DAY_MS = 86_400_000;

export type Decision = 'yes' | 'no' | 'withdrawn';

export interface Participation {
  /** The latest decision, for any consent version; null: never decided. */
  decision: Decision | null;
  /** The consent version the decision was about. */
  consentVersion: string | null;
  /** When the teacher first consented (waves that open at `start` count from here). */
  consentedAt: string | null;
  /** Pupils in mind the teacher named (numbers 1..pupils). */
  pupils: number;
  /** Finished questionnaires: `formKey(wave, questionnaire, pupil)` -> when. */
  finished: ReadonlyMap<string, string>;
  /** When the teacher completed the course; null while not complete. */
  courseCompletedAt: string | null;
  schoolId: number | null;
}

/** A researcher or admin opened a wave early or extended it, for one school or (null) for all. */
export interface WaveOpening {
  wave: string;
  schoolId: number | null;
  openedAt: string;
  until: string;
}

export interface Form {
  questionnaire: string;
  /** 0 for `about: self` questionnaires. */
  pupil: number;
  finishedAt: string | null;
}

export type WaveState = 'waiting' | 'open' | 'done' | 'closed';

export interface WaveStatus {
  wave: Wave;
  state: WaveState;
  /** For waiting waves: what it waits for. */
  waitingFor: 'consent' | 'pupils' | 'wave' | 'course' | 'date' | null;
  opensAt: Date | null;
  closesAt: Date | null;
  forms: Form[];
  doneAt: Date | null;
}

export function formKey(wave: string, questionnaire: string, pupil: number): string {
  return `${wave}/${questionnaire}/${pupil}`;
}

/** True when the teacher consented to the study's current consent text. */
export function consentCurrent(study: Study, p: Participation): boolean {
  return p.decision === 'yes' && p.consentVersion === study.consent.version;
}

/** Midnight at the start of a calendar day in Europe/Amsterdam, as an instant. */
export function amsterdamMidnight(date: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  let guess = Date.UTC(y, m - 1, d);
  // Two rounds settle the offset, also on the days the clocks change.
  for (let i = 0; i < 2; i++) guess = Date.UTC(y, m - 1, d) - offsetMs(new Date(guess));
  return new Date(guess);
}

const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
function offsetMs(at: Date): number {
  const p = Object.fromEntries(parts.formatToParts(at).map((x) => [x.type, x.value]));
  const local = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return local - Math.floor(at.getTime() / 1000) * 1000;
}

function addDays(iso: string | Date, days: number): Date {
  return new Date(new Date(iso).getTime() + days * DAY_MS);
}

/** Every wave's state for one teacher at `now`, in study order. */
export function waveStatuses(study: Study, p: Participation, openings: readonly WaveOpening[], now: Date): WaveStatus[] {
  const out: WaveStatus[] = [];
  const byId = new Map<string, WaveStatus>();
  const consented = p.decision === 'yes';
  for (const wave of study.waves) {
    const forms: Form[] = [];
    let needsPupils = false;
    for (const qid of wave.questionnaires) {
      const q = study.questionnaires.find((x) => x.id === qid);
      if (q?.about === 'pupil') {
        if (p.pupils < (study.pupils?.min ?? 1)) needsPupils = true;
        for (let pupil = 1; pupil <= p.pupils; pupil++) forms.push({ questionnaire: qid, pupil, finishedAt: p.finished.get(formKey(wave.id, qid, pupil)) ?? null });
      } else forms.push({ questionnaire: qid, pupil: 0, finishedAt: p.finished.get(formKey(wave.id, qid, 0)) ?? null });
    }
    const done = consented && !needsPupils && forms.length > 0 && forms.every((f) => f.finishedAt !== null);
    const doneAt = done ? new Date(Math.max(...forms.map((f) => Date.parse(f.finishedAt!)))) : null;

    let opensAt: Date | null = null;
    let waitingFor: WaveStatus['waitingFor'] = null;
    let missed = false;
    if (!consented) waitingFor = 'consent';
    else if (wave.opens.kind === 'start') opensAt = p.consentedAt ? new Date(p.consentedAt) : null;
    else if (wave.opens.kind === 'date') opensAt = amsterdamMidnight(wave.opens.date);
    else if (wave.opens.kind === 'after-course') {
      if (p.courseCompletedAt) opensAt = addDays(p.courseCompletedAt, wave.opens.days);
      else waitingFor = 'course';
    } else {
      const before = byId.get(wave.opens.wave);
      if (before?.doneAt) opensAt = addDays(before.doneAt, wave.opens.days);
      else if (before?.state === 'closed') missed = true;
      else waitingFor = 'wave';
    }
    let closesAt = opensAt && wave.closesAfterDays !== null ? addDays(opensAt, wave.closesAfterDays) : null;

    const extra = consented
      ? openings.filter((o) => o.wave === wave.id && (o.schoolId === null || o.schoolId === p.schoolId) && Date.parse(o.openedAt) <= now.getTime() && now.getTime() < Date.parse(o.until))
      : [];
    let state: WaveState;
    if (done) state = 'done';
    else if (extra.length > 0) {
      state = 'open';
      const until = new Date(Math.max(...extra.map((o) => Date.parse(o.until))));
      closesAt = closesAt && closesAt > until ? closesAt : until;
      if (!opensAt || opensAt > now) opensAt = new Date(Math.min(...extra.map((o) => Date.parse(o.openedAt))));
      waitingFor = null;
    } else if (missed) state = 'closed';
    else if (!opensAt) state = 'waiting';
    else if (now < opensAt) {
      state = 'waiting';
      waitingFor = 'date';
    } else if (closesAt && now >= closesAt) state = 'closed';
    else state = 'open';
    // An open wave with a questionnaire about pupils first needs the pupils.
    if (state === 'open' && needsPupils) waitingFor = 'pupils';
    const status: WaveStatus = { wave, state, waitingFor, opensAt, closesAt, forms, doneAt };
    out.push(status);
    byId.set(wave.id, status);
  }
  return out;
}

export type CourseWait = { reason: 'consent' } | { reason: 'wave'; status: WaveStatus } | null;

/**
 * Whether the course waits for the study. Only a study with a beforeCourse wave makes it wait:
 * until the teacher has decided about consent (a decline is enough unless participation is
 * required), and for a teacher who consented, until every wave up to and including that wave is
 * done or closed.
 */
export function courseWait(study: Study | null | undefined, p: Participation, statuses: readonly WaveStatus[]): CourseWait {
  if (!study) return null;
  const gate = study.waves.findIndex((w) => w.beforeCourse);
  if (gate < 0) return null;
  if (p.decision === null) return { reason: 'consent' };
  if (p.decision !== 'yes') return study.participation === 'required' ? { reason: 'consent' } : null;
  const pending = statuses.slice(0, gate + 1).find((s) => s.state !== 'done' && s.state !== 'closed');
  return pending ? { reason: 'wave', status: pending } : null;
}

export interface Notification {
  userId: number;
  wave: string;
  kind: 'opened' | 'closing-soon';
  at: Date;
}

export const CLOSING_SOON_DAYS = 3;

/**
 * The mails due between `since` (exclusive) and `now` (inclusive): a wave that opened for a
 * teacher, and an open wave that closes within CLOSING_SOON_DAYS. The sender runs this on a
 * schedule and remembers `now` for the next run.
 */
export function dueNotifications(teachers: readonly { userId: number; statuses: readonly WaveStatus[] }[], since: Date, now: Date): Notification[] {
  const out: Notification[] = [];
  const within = (d: Date | null) => d !== null && d > since && d <= now;
  for (const t of teachers) {
    for (const s of t.statuses) {
      if (s.state !== 'open') continue;
      if (within(s.opensAt)) out.push({ userId: t.userId, wave: s.wave.id, kind: 'opened', at: s.opensAt! });
      const warnAt = s.closesAt ? new Date(s.closesAt.getTime() - CLOSING_SOON_DAYS * DAY_MS) : null;
      if (within(warnAt)) out.push({ userId: t.userId, wave: s.wave.id, kind: 'closing-soon', at: warnAt! });
    }
  }
  return out;
}

/** Waves before the course (up to the beforeCourse wave, or any wave not counted from the course) and after it. */
export function courseSides(study: Study): { before: Wave[]; after: Wave[] } {
  const afterIds = new Set<string>();
  for (const w of study.waves) {
    if (w.opens.kind === 'after-course' || (w.opens.kind === 'after-wave' && afterIds.has(w.opens.wave))) afterIds.add(w.id);
  }
  return { before: study.waves.filter((w) => !afterIds.has(w.id)), after: study.waves.filter((w) => afterIds.has(w.id)) };
}
