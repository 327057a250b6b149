// Active study time: the browser counts seconds in which the page was visible and the teacher active
// and reports them now and then. A report can never add more than the wall-clock time since the
// previous one (plus a little slack), nor more than 5 minutes at once, so a faulty or forged client
// cannot inflate the figure coordinators see.

export const MAX_REPORT_SECONDS = 300;
const SLACK_SECONDS = 5;

/** Seconds to add for one report, given the seconds since the lesson's previous activity. */
export function creditedSeconds(reportedSeconds: number, secondsSinceLastActivity: number): number {
  if (!Number.isFinite(reportedSeconds) || reportedSeconds <= 0) return 0;
  const elapsed = Number.isFinite(secondsSinceLastActivity) ? Math.max(0, secondsSinceLastActivity) + SLACK_SECONDS : MAX_REPORT_SECONDS;
  return Math.floor(Math.min(reportedSeconds, elapsed, MAX_REPORT_SECONDS));
}
