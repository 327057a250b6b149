// Active study time: the browser counts seconds in which the page was visible and the teacher active
// and reports them now and then. One clock per teacher, across lessons and tabs: a report credits
// at most the wall-clock time between the teacher's clock and now, and moves the clock on by what it
// credited. Parallel or repeated reports therefore add nothing beyond the time that really passed,
// and a long pause adds at most MAX_REPORT_SECONDS, so a forged client cannot inflate the figure
// coordinators and authors see.

export const MAX_REPORT_SECONDS = 300;

export interface StudyClock {
  /** The instant up to which the teacher's time has been credited (ms), or null before the first report. */
  creditedUntil: number | null;
  /** When the teacher first opened the lesson the report is about (ms): no time is studied before that. */
  lessonOpenedAt: number;
}

/** Seconds to credit for one report at `now`, and where the teacher's clock stands afterwards. */
export function creditStudyTime(reportedSeconds: number, now: number, clock: StudyClock): { seconds: number; creditedUntil: number } {
  const from = Math.max(clock.creditedUntil ?? clock.lessonOpenedAt, clock.lessonOpenedAt, now - MAX_REPORT_SECONDS * 1000);
  const available = Math.max(0, (now - from) / 1000);
  const reported = Number.isFinite(reportedSeconds) ? Math.max(0, reportedSeconds) : 0;
  const seconds = Math.floor(Math.min(reported, available, MAX_REPORT_SECONDS));
  return { seconds, creditedUntil: Math.max(clock.creditedUntil ?? 0, from + seconds * 1000) };
}
