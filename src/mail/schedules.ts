// Schedules inside the server: reminders for quiet teachers, the certificate mail and the study's
// wave mails. What was sent is in the outbox (a dedupe key per reminder period and per
// certificate), so a restart never sends one twice. Each reads where a teacher stands through the
// front door (src/teacher/read.ts): a mail never decides a hold or "done" itself. Every schedule
// reads its candidates a run of accounts at a time and gives the event loop back in between
// (src/turns.ts): with 100,000 teachers no run stalls a teacher's request.
import type { Stores } from '../db';
import type { LiveCourse } from '../course/live';
import type { Logger } from '../logger';
import type { Clock } from '../clock';
import { readTeacher, statusesForNotifications } from '../teacher/read';
import { nextStepHref } from '../learning/course-state';
import { REMINDER_QUIET_DAYS, describeNextStep, needsReminder, quietBefore } from '../learning/reminders';
import { certificateReadyMail, reminderMail } from './compose';
import { queueStudyWaveMail } from './study';
import { dueNotifications } from '../study/schedule';
import { Turns } from '../turns';

/** Accounts whose candidacy one statement reads (a few milliseconds' work). */
const ACCOUNTS_PER_READ = 500;

/** Calls `read` for runs of account ids up to the highest, a turn at a time; returns what they found. */
async function inRuns<T>(stores: Stores, read: (from: number, to: number) => T[], turns: Turns): Promise<T[]> {
  const out: T[] = [];
  const last = stores.reminders.lastUserId();
  for (let from = 1; from <= last; from += ACCOUNTS_PER_READ) {
    for (const x of read(from, from + ACCOUNTS_PER_READ - 1)) out.push(x);
    await turns.maybeYield();
  }
  return out;
}

export interface ScheduleDeps {
  stores: Stores;
  course: LiveCourse;
  logger: Logger;
  baseUrl: string;
  platform: string;
  now: Clock;
  /** Hourly housekeeping beside the mails (mail/housekeeping.ts: the audit log's age, inactive accounts). */
  housekeeping?: (now: Date) => void;
}

/**
 * The reminder for one quiet teacher, or null when they have nothing to go on with (a hold, every
 * module done). The same mail whether the schedule sends it or a coordinator asks for it.
 */
export function reminderFor(deps: Pick<ScheduleDeps, 'stores' | 'course' | 'baseUrl' | 'platform'>, t: { id: number; email: string; name: string }, now: Date) {
  const course = deps.course.course;
  const user = deps.stores.accounts.userById(t.id);
  if (!user) return null;
  const { state } = readTeacher(course, deps.stores, user, now);
  if (!needsReminder(state)) return null;
  return reminderMail({
    platform: deps.platform,
    baseUrl: deps.baseUrl,
    to: t.email,
    name: t.name,
    courseTitle: course.title,
    quietDays: REMINDER_QUIET_DAYS,
    nextStep: describeNextStep(course, state.next),
    link: `${deps.baseUrl}${nextStepHref(state.next)}`,
    settingsLink: `${deps.baseUrl}/me`,
  });
}

/** One reminder per quiet period: the automatic one and a coordinator's share this key, so a teacher never gets two. */
export function reminderKey(userId: number, lastActivity: string): string {
  return `reminder:${userId}:${lastActivity}`;
}

/** How many reminders one run writes at most: the most recently quiet first, the rest in the next run. */
const REMINDERS_PER_RUN = 1000;

/** Writes one reminder per quiet period for every quiet teacher who has not finished. Returns how many. */
export async function sendReminders(deps: ScheduleDeps, now = new Date(deps.now()), turns = new Turns()): Promise<number> {
  const { stores } = deps;
  const quiet = await inRuns(stores, (from, to) => stores.reminders.quietTeachers(quietBefore(now), from, to), turns);
  quiet.sort((a, b) => (a.lastActivity < b.lastActivity ? 1 : a.lastActivity > b.lastActivity ? -1 : 0));
  let written = 0;
  for (const t of quiet.slice(0, REMINDERS_PER_RUN)) {
    const mail = reminderFor(deps, t, now);
    if (mail && stores.outbox.enqueue(mail, { userId: t.id, dedupeKey: reminderKey(t.id, t.lastActivity) })) written++;
    await turns.maybeYield();
  }
  if (written > 0) deps.logger.info({ reminders: written }, 'reminders written');
  return written;
}

/** Mails teachers who can have the certificate since the last run: once, when the PDF really downloads. Returns how many. */
export async function sendCertificateMails(deps: ScheduleDeps, now = new Date(deps.now()), turns = new Turns()): Promise<number> {
  const { stores } = deps;
  const course = deps.course.course;
  if (!course.certificate) return 0;
  // The first run looks back a day; afterwards from where the last run started.
  const since = stores.reminders.cursor('certificate') ?? new Date(now.getTime() - 86_400_000).toISOString();
  const lessons = course.modules.reduce((n, m) => n + m.lessons.length, 0);
  const candidates = await inRuns(stores, (from, to) => stores.reminders.certificateCandidates(since, lessons, from, to), turns);
  let written = 0;
  for (const t of candidates) {
    const user = stores.accounts.userById(t.id);
    const ready = user && stores.withoutMemos(() => readTeacher(course, stores, user, now).standing.certificateReady);
    await turns.maybeYield();
    if (!ready) continue;
    const mail = certificateReadyMail({ platform: deps.platform, baseUrl: deps.baseUrl, to: t.email, name: t.name, courseTitle: course.title, link: `${deps.baseUrl}/certificate` });
    if (stores.outbox.enqueue(mail, { userId: t.id, dedupeKey: `certificate:${t.id}` })) written++;
  }
  stores.reminders.setCursor('certificate', now.toISOString());
  return written;
}

const CLOSES_ON = new Intl.DateTimeFormat('nl-NL', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'Europe/Amsterdam' });

/**
 * The study's mails: a wave that opened for a teacher since the last run (not the first wave, which
 * opens while they are on the consent page), and a wave that closes in a few days. Each is written
 * once per teacher and wave (the outbox's dedupe key), however often this runs. Returns how many.
 */
export async function sendStudyMails(deps: ScheduleDeps, now = new Date(deps.now()), turns = new Turns()): Promise<number> {
  const { stores } = deps;
  const course = deps.course.course;
  const study = course.study;
  if (!study) return 0;
  const since = stores.reminders.cursor('study') ?? new Date(now.getTime() - 86_400_000).toISOString();
  const teachers = await statusesForNotifications(course, stores, now, turns);
  const statusesOf = new Map(teachers.map((t) => [t.userId, t.statuses]));
  let written = 0;
  for (const n of dueNotifications(teachers, new Date(since), now)) {
    const wave = study.waves.find((w) => w.id === n.wave);
    const user = stores.accounts.userById(n.userId);
    if (!wave || !user || (n.kind === 'opened' && wave.opens.kind === 'start')) continue;
    const closesAt = statusesOf.get(n.userId)?.find((s) => s.wave.id === n.wave)?.closesAt ?? null;
    const queued = queueStudyWaveMail(stores.outbox, {
      kind: n.kind === 'opened' ? 'open' : 'closing',
      waveId: wave.id,
      userId: user.id,
      to: user.email,
      name: user.name,
      studyTitle: study.title,
      waveTitle: wave.title,
      closesOn: closesAt ? CLOSES_ON.format(closesAt) : null,
      link: `${deps.baseUrl}/study`,
      baseUrl: deps.baseUrl,
    });
    if (queued) written++;
    await turns.maybeYield();
  }
  stores.reminders.setCursor('study', now.toISOString());
  if (written > 0) deps.logger.info({ studyMails: written }, 'study mails written');
  return written;
}

/** Messages are kept this long for /admin/mail and the export, then forgotten. */
export const KEEP_MAIL_DAYS = 180;

/** Reminders and the study's mails need no better than hourly precision, and each teacher they look at costs a state computation. */
const REMINDER_EVERY_MS = 3_600_000;

/**
 * Runs the schedules every `everyMs` (reminders at most hourly), the first time `everyMs` after the
 * start (a process that has just started has cold caches and perhaps a waiting coordinator; mail can
 * wait a minute), each run in turns and never two at once; returns a stop function that resolves
 * when a run under way has finished. `mayRun` says whether this process runs them now (one process
 * of several does: src/db/lease.ts).
 */
export function startSchedules(deps: ScheduleDeps, everyMs = 60_000, mayRun: () => boolean = () => true): () => Promise<void> {
  let remindedAt = 0;
  let running: Promise<void> | null = null;
  let stopped = false;
  const run = async () => {
    const turns = new Turns();
    try {
      if (!mayRun()) return;
      await sendCertificateMails(deps, new Date(deps.now()), turns);
      if (deps.now() - remindedAt >= REMINDER_EVERY_MS) {
        remindedAt = deps.now();
        await sendReminders(deps, new Date(deps.now()), turns);
        // A wave's mails need no better than hourly precision either, and they read every
        // consenting teacher's state.
        await sendStudyMails(deps, new Date(deps.now()), turns);
        deps.housekeeping?.(new Date(deps.now()));
      }
      deps.stores.outbox.prune(new Date(deps.now() - KEEP_MAIL_DAYS * 86_400_000).toISOString());
      // An expired invitation link works no more anyway; its hash need not stay either.
      deps.stores.invitations.dropExpiredLinks();
      // A used link's note is kept long enough for someone to open an old mail again.
      deps.stores.accounts.forgetUsedLinks(new Date(deps.now() - KEEP_MAIL_DAYS * 86_400_000).toISOString());
    } catch (err) {
      // A database closed under a run that was stopping is no failure.
      if (!stopped) deps.logger.error({ err }, 'mail schedules failed; next run in a minute');
    }
  };
  const tick = () => {
    if (stopped || running) return;
    running = run().finally(() => (running = null));
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
