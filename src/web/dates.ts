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
