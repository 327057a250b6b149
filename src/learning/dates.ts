// Dates and times as Dutch readers write them ("23 november 2026", "10:43:12"), in the time zone of
// the Netherlands whatever the server's own setting.
const DAY = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Amsterdam' });
const TIME = new Intl.DateTimeFormat('nl-NL', { hour: '2-digit', minute: '2-digit', second: '2-digit', timeZone: 'Europe/Amsterdam' });

export function dutchDate(at: string | Date): string {
  return DAY.format(typeof at === 'string' ? new Date(at) : at);
}

const CLOCK = new Intl.DateTimeFormat('nl-NL', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Amsterdam' });

/** "14:32", Dutch time. */
export function dutchClock(at: Date): string {
  return CLOCK.format(at);
}

export function dutchTime(at: Date): string {
  return TIME.format(at);
}

// Dutch abbreviations carry a full stop, except the short "mei" (Intl's "nov" has none).
const SHORT_MONTHS = ['jan.', 'feb.', 'mrt.', 'apr.', 'mei', 'jun.', 'jul.', 'aug.', 'sep.', 'okt.', 'nov.', 'dec.'];
const PARTS = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'numeric', year: 'numeric', timeZone: 'Europe/Amsterdam' });

/** "14 nov. 2026", with no-break spaces so a table cell never splits it; '' for no date. */
export function shortDutchDate(at: string | Date | null): string {
  if (at === null || at === '') return '';
  const parts = Object.fromEntries(PARTS.formatToParts(typeof at === 'string' ? new Date(at) : at).map((p) => [p.type, p.value]));
  return `${Number(parts.day)}\u00a0${SHORT_MONTHS[Number(parts.month) - 1]}\u00a0${parts.year}`;
}

const ISO_PARTS = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'Europe/Amsterdam' });

/**
 * "2026-11-29": the calendar day in the Netherlands, as CSV files, exports and file names write it,
 * so a file says the same day as the page (a late-evening completion is not the next UTC day's
 * date, nor the previous one's). '' for no date.
 */
export function isoDay(at: string | Date | null): string {
  if (at === null || at === '') return '';
  const ms = typeof at === 'string' ? Date.parse(at) : at.getTime();
  if (Number.isNaN(ms)) return ISO_PARTS.format(new Date(ms));
  // The Netherlands' offset from UTC is a whole number of hours, so the day is the same for every
  // instant of a UTC hour: a CSV of 100,000 teachers formats a few thousand hours, not 200,000 dates.
  const hour = Math.floor(ms / HOUR_MS);
  let day = DAY_OF_HOUR.get(hour);
  if (day === undefined) {
    if (DAY_OF_HOUR.size >= 50_000) DAY_OF_HOUR.clear();
    DAY_OF_HOUR.set(hour, (day = ISO_PARTS.format(new Date(ms))));
  }
  return day;
}
const HOUR_MS = 3_600_000;
const DAY_OF_HOUR = new Map<number, string>();
