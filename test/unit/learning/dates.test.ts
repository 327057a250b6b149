// isoDay remembers the Amsterdam day per UTC hour: it must give the same day as formatting each
// instant, across both changes of summer time and at every minute around midnight.
import { isoDay } from '../../../src/learning/dates';

const AMSTERDAM = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'Europe/Amsterdam' });

test('the day in the Netherlands for every 7 minutes of two years, as strings and as dates', () => {
  const wrong: string[] = [];
  for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2028, 0, 1); ms += 7 * 60_000) {
    const expected = AMSTERDAM.format(new Date(ms));
    const iso = new Date(ms).toISOString();
    if (isoDay(iso) !== expected || isoDay(new Date(ms)) !== expected) wrong.push(iso);
  }
  expect(wrong).toEqual([]);
});

test('around midnight and the changes of summer time', () => {
  expect(isoDay('2026-11-29T22:59:59.999Z')).toBe('2026-11-29');
  expect(isoDay('2026-11-29T23:00:00.000Z')).toBe('2026-11-30');
  expect(isoDay('2026-06-30T21:59:59.000Z')).toBe('2026-06-30');
  expect(isoDay('2026-06-30T22:00:00.000Z')).toBe('2026-07-01');
  // 29 March 2026: clocks go forward at 01:00 UTC; 25 October 2026: back at 01:00 UTC.
  expect(isoDay('2026-03-28T22:59:00.000Z')).toBe('2026-03-28');
  expect(isoDay('2026-03-28T23:00:00.000Z')).toBe('2026-03-29');
  expect(isoDay('2026-10-24T21:59:00.000Z')).toBe('2026-10-24');
  expect(isoDay('2026-10-24T22:00:00.000Z')).toBe('2026-10-25');
  expect(isoDay(null)).toBe('');
  expect(isoDay('')).toBe('');
});
