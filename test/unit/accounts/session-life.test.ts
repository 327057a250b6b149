import { ABSOLUTE_MS, IDLE_MS, ROLL_EVERY_MS, noteActivity, sessionVerdict } from '../../../src/accounts/session-life';

const T0 = Date.UTC(2026, 11, 1);

test('a session from before these limits starts counting at its next request', () => {
  expect(sessionVerdict({}, T0, true)).toBe('roll');
});

test('activity is written down at most once an hour', () => {
  expect(sessionVerdict({ signedInAt: T0, activeAt: T0 }, T0 + ROLL_EVERY_MS - 1, true)).toBe('keep');
  expect(sessionVerdict({ signedInAt: T0, activeAt: T0 }, T0 + ROLL_EVERY_MS, true)).toBe('roll');
});

test('idle for longer than the limit ends the session, whatever the request', () => {
  expect(sessionVerdict({ signedInAt: T0, activeAt: T0 }, T0 + IDLE_MS, false)).toBe('roll');
  expect(sessionVerdict({ signedInAt: T0, activeAt: T0 }, T0 + IDLE_MS + 1, false)).toBe('idle');
});

test('the absolute limit ends a session only when a page is opened', () => {
  const active = T0 + ABSOLUTE_MS + 1000;
  expect(sessionVerdict({ signedInAt: T0, activeAt: active - 10 }, active, false)).toBe('keep');
  expect(sessionVerdict({ signedInAt: T0, activeAt: active - 10 }, active, true)).toBe('absolute');
});

test('writing activity down: the first time is also the sign-in; later ones keep it', () => {
  const times: { signedInAt?: number; activeAt?: number } = {};
  noteActivity(times, 1_000);
  expect(times).toEqual({ signedInAt: 1_000, activeAt: 1_000 });
  noteActivity(times, 5_000);
  expect(times).toEqual({ signedInAt: 1_000, activeAt: 5_000 });
  expect(sessionVerdict(times, 5_000 + 60_000, true)).toBe('keep');
});

test('whether the request opens a page is asked only past the absolute limit, and then decides', () => {
  let asked = 0;
  const opens = (answer: boolean) => () => {
    asked++;
    return answer;
  };
  expect(sessionVerdict({ signedInAt: T0, activeAt: T0 }, T0 + 10, opens(true))).toBe('keep');
  expect(sessionVerdict({ signedInAt: T0, activeAt: T0 }, T0 + ROLL_EVERY_MS, opens(true))).toBe('roll');
  expect(sessionVerdict({ signedInAt: T0, activeAt: T0 }, T0 + IDLE_MS + 1, opens(true))).toBe('idle');
  expect(asked).toBe(0);
  const active = T0 + ABSOLUTE_MS + 1;
  expect(sessionVerdict({ signedInAt: T0, activeAt: active - 10 }, active, opens(false))).toBe('keep');
  expect(sessionVerdict({ signedInAt: T0, activeAt: active - 10 }, active, opens(true))).toBe('absolute');
  expect(asked).toBe(2);
});
