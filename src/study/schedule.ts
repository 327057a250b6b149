// Which wave is open for whom, whether the course waits for the study, and which mails are due:
// pure functions over one teacher's participation, the openings a researcher made, and the clock.
import type { Holiday, Study, Wave } from '../research/model';

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

/**
 * A researcher or admin opened a wave early or extended it, for one school or (null) for all. It
 * never opens a wave for a teacher before her earlier waves are done or closed, nor a wave counted
 * from the course before she completed the course, nor past the wave's lastDay.
 */
export interface WaveOpening {
  wave: string;
  schoolId: number | null;
  openedAt: string;
  until: string;
  /** Closed again by a researcher before `until`; null while it runs its course. */
  closedAt?: string | null;
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
  /** Why a researcher's opening cannot open this wave for this teacher now; null when it can. */
  openingBlocked: 'wave' | 'course' | 'last-day' | null;
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
  let at = midnights.get(date);
  if (at === undefined) {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    at = Date.UTC(y, m - 1, d);
    // Two rounds settle the offset, also on the days the clocks change.
    for (let i = 0; i < 2; i++) at = Date.UTC(y, m - 1, d) - offsetMs(new Date(at));
    // A study names a few dozen days (waves' last days, holidays): each is worked out once.
    if (midnights.size >= 10_000) midnights.clear();
    midnights.set(date, at);
  }
  return new Date(at);
}
const midnights = new Map<string, number>();

const after = new Map<string, number>();
/** The midnight that ends a calendar day, worked out once per day named. */
function midnightAfter(day: string): Date {
  let at = after.get(day);
  if (at === undefined) {
    if (after.size >= 10_000) after.clear();
    after.set(day, (at = amsterdamMidnight(nextDay(day)).getTime()));
  }
  return new Date(at);
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

/** The calendar day after `day` (YYYY-MM-DD). */
function nextDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** A holiday as instants: from its first day's midnight to the midnight after its last day. */
function holidaySpan(h: Holiday): [number, number] {
  return [amsterdamMidnight(h.from).getTime(), amsterdamMidnight(nextDay(h.to)).getTime()];
}

const spans = new WeakMap<readonly Holiday[], [number, number][]>();
/** A study's holidays as instants in order, worked out once per compile of the study (every request asks). */
function holidaySpans(holidays: readonly Holiday[]): [number, number][] {
  let known = spans.get(holidays);
  if (!known) spans.set(holidays, (known = holidays.map(holidaySpan).sort((a, b) => a[0] - b[0])));
  return known;
}

/** A wave never opens in a school holiday: an opening day inside one moves to the day after it. */
export function afterHolidays(at: Date, holidays: readonly Holiday[]): Date {
  let t = at.getTime();
  for (const [from, to] of holidaySpans(holidays)) if (t >= from && t < to) t = to;
  return new Date(t);
}

/** `days` open days from `opensAt`, the school holidays not counted: a holiday pauses the count until it ends. */
export function closingAfter(opensAt: Date, days: number, holidays: readonly Holiday[]): Date {
  let end = opensAt.getTime() + days * DAY_MS;
  for (const [from, to] of holidaySpans(holidays)) {
    if (to <= opensAt.getTime()) continue;
    if (from >= end) break;
    end += to - Math.max(from, opensAt.getTime());
  }
  return new Date(end);
}

const later = (a: Date, b: Date | null) => (b && b > a ? b : a);

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

/**
 * Every wave's state for one teacher at `now`, in study order. A wave opens when what it waits for
 * has happened (consent, an earlier wave, the course, a date), within its date bounds, never in a
 * school holiday, and never while an earlier wave is still open or to come: the waves keep their
 * order. It closes after `closesAfterDays` open days (holidays not counted), at the latest at the
 * end of its `lastDay`. A researcher's opening opens a wave early or keeps it open longer within the
 * same rules (see WaveOpening).
 */
export function waveStatuses(study: Study, p: Participation, openings: readonly WaveOpening[], now: Date): WaveStatus[] {
  return waveStatusesWithin(study, p, openings, now).statuses;
}

/**
 * The wave states at `now`, and the span of time around `now` in which they are the same: every
 * comparison of `now` below goes through `reached`, which narrows the span to the side of the
 * instant `now` is on. Between `from` (inclusive) and `until` (exclusive) each comparison gives the
 * same answer, so the same steps run and the same states come out (what src/teacher/study.ts keeps).
 */
export function waveStatusesWithin(study: Study, p: Participation, openings: readonly WaveOpening[], now: Date): { statuses: WaveStatus[]; from: number; until: number } {
  const t = now.getTime();
  let from = -Infinity;
  let until = Infinity;
  /** now ≥ at, noted. */
  const reached = (at: Date | number): boolean => {
    const ms = typeof at === 'number' ? at : at.getTime();
    if (t >= ms) {
      if (ms > from) from = ms;
      return true;
    }
    if (ms < until) until = ms;
    return false;
  };
  const out: WaveStatus[] = [];
  const byId = new Map<string, WaveStatus>();
  const consented = p.decision === 'yes';
  const afterCourse = new Set(courseSides(study).after.map((w) => w.id));
  for (const wave of study.waves) {
    const { forms, needsPupils, done } = waveForms(study, wave, p, consented);
    const doneAt = done ? new Date(Math.max(...forms.map((f) => Date.parse(f.finishedAt!)))) : null;
    // The waves before this one: none may still be open or to come, and this one opens no earlier than they settled.
    const pendingBefore = out.some((s) => s.state === 'open' || s.state === 'waiting');
    const settledAt = out.reduce<Date | null>((t, s) => {
      const at = s.doneAt ?? s.closesAt;
      return at && (!t || at > t) ? at : t;
    }, null);

    let opensAt: Date | null = null;
    let waitingFor: WaveStatus['waitingFor'] = null;
    let missed = false;
    // What the wave waits for happened at `event`; it opens `days` later, within its bounds.
    let event: Date | null = null;
    if (!consented) waitingFor = 'consent';
    else if (wave.opens.kind === 'start') event = opensAt = p.consentedAt ? new Date(p.consentedAt) : null;
    else if (wave.opens.kind === 'date') event = opensAt = amsterdamMidnight(wave.opens.date);
    else if (wave.opens.kind === 'after-course') {
      if (p.courseCompletedAt) {
        event = new Date(p.courseCompletedAt);
        opensAt = addDays(event, wave.opens.days);
      } else waitingFor = 'course';
    } else {
      const before = byId.get(wave.opens.wave);
      if (before?.doneAt) {
        event = before.doneAt;
        opensAt = addDays(event, wave.opens.days);
      } else if (before?.state === 'closed') missed = true;
      else waitingFor = 'wave';
    }
    if (opensAt && event) {
      if (wave.notAfter) {
        const latest = amsterdamMidnight(wave.notAfter);
        if (opensAt > latest) opensAt = later(latest, event);
      }
      if (wave.notBefore) opensAt = later(opensAt, amsterdamMidnight(wave.notBefore));
      opensAt = afterHolidays(later(opensAt, settledAt), study.holidays);
    }
    const lastMoment = wave.lastDay ? midnightAfter(wave.lastDay) : null;
    const capped = (d: Date) => (lastMoment && d > lastMoment ? lastMoment : d);
    let closesAt = opensAt && wave.closesAfterDays !== null ? closingAfter(opensAt, wave.closesAfterDays, study.holidays) : null;
    if (opensAt && lastMoment) closesAt = capped(closesAt ?? lastMoment);
    if (opensAt && closesAt && opensAt >= closesAt) missed = true;

    // A researcher's opening: never before the earlier waves, never a wave after the course before the course, never past lastDay.
    const openingBlocked: WaveStatus['openingBlocked'] = pendingBefore ? 'wave' : afterCourse.has(wave.id) && !p.courseCompletedAt ? 'course' : lastMoment && reached(lastMoment) ? 'last-day' : null;
    const running = (o: WaveOpening) => reached(Date.parse(o.openedAt)) && !reached(Date.parse(o.until)) && !(o.closedAt && reached(Date.parse(o.closedAt)));
    const extra = consented && openingBlocked === null ? openings.filter((o) => o.wave === wave.id && (o.schoolId === null || o.schoolId === p.schoolId) && running(o)) : [];
    let state: WaveState;
    if (done) state = 'done';
    else if (extra.length > 0) {
      state = 'open';
      const end = capped(new Date(Math.max(...extra.map((o) => Date.parse(o.until)))));
      // Opened early (the regular window has not begun): open until the opening ends, not until the
      // regular window's end weeks later, with a closed gap between that the teacher never saw.
      closesAt = opensAt && !reached(opensAt) ? end : closesAt && closesAt > end ? closesAt : end;
      if (!opensAt || !reached(opensAt)) opensAt = later(new Date(Math.min(...extra.map((o) => Date.parse(o.openedAt)))), settledAt);
      waitingFor = null;
    } else if (missed) state = 'closed';
    else if (consented && pendingBefore) {
      state = 'waiting';
      waitingFor = 'wave';
    } else if (!opensAt) state = 'waiting';
    else if (!reached(opensAt)) {
      state = 'waiting';
      waitingFor = 'date';
    } else if (closesAt && reached(closesAt)) state = 'closed';
    else state = 'open';
    // An open wave with a questionnaire about pupils first needs the pupils.
    if (state === 'open' && needsPupils) waitingFor = 'pupils';
    const status: WaveStatus = { wave, state, waitingFor, opensAt, closesAt, forms, doneAt, openingBlocked };
    out.push(status);
    byId.set(wave.id, status);
  }
  return { statuses: out, from, until };
}

/** Whom an opening of a wave would reach: the teachers in its scope who take part, by what happens to them. */
export interface OpeningReach {
  /** Consenting teachers in scope (one school, or all). */
  inScope: number;
  /** For whom the wave opens or stays open longer. */
  affected: number;
  /** Of those, for whom the wave is open already (the opening extends it). */
  alreadyOpen: number;
  /** Finished it: nothing changes for them. */
  done: number;
  /** Not reached: an earlier wave is still open or to come. */
  earlierWave: number;
  /** Not reached: a wave after the course, and the course is not completed. */
  course: number;
  /** Not reached: the wave's last day has passed. */
  lastDay: number;
}

/** What opening `wave` for `schoolId` (null: all schools) now would do, over the consenting teachers. */
export function openingReach(study: Study, teachers: readonly Participation[], wave: string, schoolId: number | null, openings: readonly WaveOpening[], now: Date): OpeningReach {
  const reach: OpeningReach = { inScope: 0, affected: 0, alreadyOpen: 0, done: 0, earlierWave: 0, course: 0, lastDay: 0 };
  for (const p of teachers) {
    if (p.decision !== 'yes' || (schoolId !== null && p.schoolId !== schoolId)) continue;
    reach.inScope++;
    const s = waveStatuses(study, p, openings, now).find((x) => x.wave.id === wave);
    if (!s) continue;
    if (s.state === 'done') reach.done++;
    else if (s.openingBlocked === 'wave') reach.earlierWave++;
    else if (s.openingBlocked === 'course') reach.course++;
    else if (s.openingBlocked === 'last-day') reach.lastDay++;
    else {
      reach.affected++;
      if (s.state === 'open') reach.alreadyOpen++;
    }
  }
  return reach;
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
