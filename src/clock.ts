// The one clock. Every part of the app that needs the time (credit bounded by elapsed time, the
// study's dates, quiz waits, mail schedules, the stamps the stores write) asks the clock it was
// handed; tests hand a clock they move on instead of back-dating rows.
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();

/** The clock's time as an ISO string, as the stores write it. */
export function isoAt(clock: Clock): string {
  return new Date(clock()).toISOString();
}
