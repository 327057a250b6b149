// Schedules inside the server: reminders for quiet teachers, the certificate mail and the study's
// wave mails. What was sent is in the outbox (a dedupe key per reminder period and per
// certificate), so a restart never sends one twice. Each reads where a teacher stands through the
// front door (src/teacher/read.ts): a mail never decides a hold or "done" itself.
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

/** Writes one reminder per quiet period for every quiet teacher who has not finished. Returns how many. */
export function sendReminders(deps: ScheduleDeps, now = new Date(deps.now())): number {
  const { stores } = deps;
  let written = 0;
  for (const t of stores.reminders.quietTeachers(quietBefore(now))) {
    const mail = reminderFor(deps, t, now);
    if (mail && stores.outbox.enqueue(mail, { userId: t.id, dedupeKey: reminderKey(t.id, t.lastActivity) })) written++;
  }
  if (written > 0) deps.logger.info({ reminders: written }, 'reminders written');
  return written;
}

/** Mails teachers who can have the certificate since the last run: once, when the PDF really downloads. Returns how many. */
export function sendCertificateMails(deps: ScheduleDeps, now = new Date(deps.now())): number {
  const { stores } = deps;
  const course = deps.course.course;
  if (!course.certificate) return 0;
  // The first run looks back a day; afterwards from where the last run started.
  const since = stores.reminders.cursor('certificate') ?? new Date(now.getTime() - 86_400_000).toISOString();
  const lessons = course.modules.reduce((n, m) => n + m.lessons.length, 0);
  let written = 0;
  for (const t of stores.reminders.certificateCandidates(since, lessons)) {
    const user = stores.accounts.userById(t.id);
    if (!user || !readTeacher(course, stores, user, now).standing.certificateReady) continue;
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
export function sendStudyMails(deps: ScheduleDeps, now = new Date(deps.now())): number {
  const { stores } = deps;
  const course = deps.course.course;
  const study = course.study;
  if (!study) return 0;
  const since = stores.reminders.cursor('study') ?? new Date(now.getTime() - 86_400_000).toISOString();
  const teachers = statusesForNotifications(course, stores, now);
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
  }
  stores.reminders.setCursor('study', now.toISOString());
  if (written > 0) deps.logger.info({ studyMails: written }, 'study mails written');
  return written;
}

/** Messages are kept this long for /admin/mail and the export, then forgotten. */
export const KEEP_MAIL_DAYS = 180;

/** Reminders and the study's mails need no better than hourly precision, and each teacher they look at costs a state computation. */
const REMINDER_EVERY_MS = 3_600_000;

/** Runs the schedules now and then every `everyMs` (reminders at most hourly); returns a stop function. */
export function startSchedules(deps: ScheduleDeps, everyMs = 60_000): () => void {
  let remindedAt = 0;
  const run = () => {
    try {
      sendCertificateMails(deps);
      if (deps.now() - remindedAt >= REMINDER_EVERY_MS) {
        remindedAt = deps.now();
        sendReminders(deps);
        // A wave's mails need no better than hourly precision either, and they read every
        // consenting teacher's state (which would also crowd active teachers out of the memos).
        sendStudyMails(deps);
        deps.housekeeping?.(new Date(deps.now()));
      }
      deps.stores.outbox.prune(new Date(deps.now() - KEEP_MAIL_DAYS * 86_400_000).toISOString());
      // An expired invitation link works no more anyway; its hash need not stay either.
      deps.stores.invitations.dropExpiredLinks();
      // A used link's note is kept long enough for someone to open an old mail again.
      deps.stores.accounts.forgetUsedLinks(new Date(deps.now() - KEEP_MAIL_DAYS * 86_400_000).toISOString());
    } catch (err) {
      deps.logger.error({ err }, 'mail schedules failed; next run in a minute');
    }
  };
  // The first run comes before the server takes requests (bounded: at most 1,000 reminder
  // candidates a run), so it never stalls a request in flight.
  run();
  const timer = setInterval(run, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
