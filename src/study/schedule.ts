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
  /** When the teacher first opened a lesson; null before. */
  courseStartedAt: string | null;
  /**
   * When each pupil (by number, 1-based: index 0 is pupil 1) was named; null for pupils named
   * before this was recorded. A pupil named after a wave was finished is measured from the next
   * wave on: a finished wave is never reopened.
   */
  pupilsAddedAt?: readonly (string | null)[];
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

export function addDays(iso: string | Date, days: number): Date {
  return new Date(new Date(iso).getTime() + days * DAY_MS);
}

function formsFor(study: Study, wave: Wave, p: Participation, pupils: readonly number[]): Form[] {
  const forms: Form[] = [];
  for (const qid of wave.questionnaires) {
    const q = study.questionnaires.find((x) => x.id === qid);
    if (q?.about === 'pupil') for (const pupil of pupils) forms.push({ questionnaire: qid, pupil, finishedAt: p.finished.get(formKey(wave.id, qid, pupil)) ?? null });
    else forms.push({ questionnaire: qid, pupil: 0, finishedAt: p.finished.get(formKey(wave.id, qid, 0)) ?? null });
  }
  return forms;
}

/**
 * A wave's questionnaires for this teacher, and whether it is done. The wave is done once every
 * questionnaire is finished for the pupils named by then: a pupil named after that moment is not
 * part of it (measured from the next wave on), so naming a pupil never reopens a finished wave.
 */
function waveForms(study: Study, wave: Wave, p: Participation, consented: boolean): { forms: Form[]; needsPupils: boolean; done: boolean } {
  const min = study.pupils?.min ?? 1;
  const aboutPupils = wave.questionnaires.some((qid) => study.questionnaires.find((x) => x.id === qid)?.about === 'pupil');
  const all = Array.from({ length: p.pupils }, (_, i) => i + 1);
  const needsPupils = aboutPupils && p.pupils < min;
  const finished = (forms: Form[]) => forms.length > 0 && forms.every((f) => f.finishedAt !== null);
  if (!consented || needsPupils) return { forms: formsFor(study, wave, p, all), needsPupils, done: false };
  if (aboutPupils) {
    // Pupils in the order they were named; the first `k` of them may already make the wave done.
    const addedAt = (n: number) => p.pupilsAddedAt?.[n - 1] ?? '';
    const order = [...all].sort((a, b) => addedAt(a).localeCompare(addedAt(b)) || a - b);
    for (let k = min; k < order.length; k++) {
      const forms = formsFor(study, wave, p, order.slice(0, k).sort((a, b) => a - b));
      if (!finished(forms)) continue;
      const doneAt = forms.reduce((t, f) => (f.finishedAt! > t ? f.finishedAt! : t), '');
      if (addedAt(order[k]!) > doneAt) return { forms, needsPupils, done: true };
    }
  }
  const forms = formsFor(study, wave, p, all);
  return { forms, needsPupils, done: finished(forms) };
}

/** Every wave's state for one teacher at `now`, in study order. */
export function waveStatuses(study: Study, p: Participation, openings: readonly WaveOpening[], now: Date): WaveStatus[] {
  const out: WaveStatus[] = [];
  const byId = new Map<string, WaveStatus>();
  const consented = p.decision === 'yes';
  for (const wave of study.waves) {
    const { forms, needsPupils, done } = waveForms(study, wave, p, consented);
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

/** Waves before the course (every wave not counted from the course) and after it. */
export function courseSides(study: Study): { before: Wave[]; after: Wave[] } {
  const afterIds = new Set<string>();
  for (const w of study.waves) {
    if (w.opens.kind === 'after-course' || (w.opens.kind === 'after-wave' && afterIds.has(w.opens.wave))) afterIds.add(w.id);
  }
  return { before: study.waves.filter((w) => !afterIds.has(w.id)), after: study.waves.filter((w) => afterIds.has(w.id)) };
}
