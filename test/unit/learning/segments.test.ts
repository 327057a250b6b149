// Watched video: only what was played counts; seeking ahead adds nothing.
import { clampSegments, creditWatched, isValidSegment, mergeSegments, playableSeconds, subtractSegments, watchedFraction, watchedSeconds, type Segment } from '../../../src/learning/segments';
import { creditStudyTime, MAX_REPORT_SECONDS } from '../../../src/learning/study-time';

describe('segments', () => {
  test('a segment is two finite numbers, 0 <= start < end <= duration (+1 s of rounding)', () => {
    expect(isValidSegment([0, 10], 60)).toBe(true);
    expect(isValidSegment([59, 61], 60)).toBe(true);
    expect(isValidSegment([59, 61.5], 60)).toBe(false);
    expect(isValidSegment([-1, 5], 60)).toBe(false);
    expect(isValidSegment([5, 5], 60)).toBe(false);
    expect(isValidSegment([6, 5], 60)).toBe(false);
    expect(isValidSegment([0, NaN], 60)).toBe(false);
    expect(isValidSegment([0, Infinity], 60)).toBe(false);
    expect(isValidSegment(['0', 5], 60)).toBe(false);
    expect(isValidSegment([0, 5, 6], 60)).toBe(false);
    expect(isValidSegment(null, 60)).toBe(false);
  });

  test('clamping keeps what lies inside the video and drops the rest', () => {
    expect(clampSegments([[-5, 10], [50, 70], [80, 90]], 60)).toEqual([[0, 10], [50, 60]]);
  });

  test('merging sorts, joins overlaps and gaps under half a second, and keeps real gaps', () => {
    expect(mergeSegments([[20, 30], [0, 10]], [[9, 12], [12.4, 15], [16, 18]])).toEqual([[0, 15], [16, 18], [20, 30]]);
    expect(mergeSegments([[0, 10]], [[10.6, 12]])).toEqual([[0, 10], [10.6, 12]]);
    expect(mergeSegments([[5, 5], [3, 2]])).toEqual([]);
  });

  test('merging does not change its inputs', () => {
    const a: [number, number][] = [[0, 10]];
    mergeSegments(a, [[5, 20]]);
    expect(a).toEqual([[0, 10]]);
  });

  test('seeking to the end watches nothing; the fraction counts played seconds, at most 1', () => {
    // Played the first 10 s, jumped to 55 s and played to the end: 15 of 60 s.
    expect(watchedFraction([[0, 10], [55, 60]], 60)).toBeCloseTo(0.25);
    expect(watchedSeconds([[0, 10], [5, 12]])).toBe(12);
    expect(watchedFraction([[0, 30], [0, 30], [10, 20]], 60)).toBeCloseTo(0.5);
    expect(watchedFraction([[0, 61]], 60)).toBe(1);
    // A played range a few frames short of the end is the whole video; a second short is not.
    expect(watchedFraction([[0, 72.7]], 72.77)).toBe(1);
    expect(watchedFraction([[0, 71.77]], 72.77)).toBeLessThan(1);
    expect(watchedFraction([[0, 10]], 0)).toBe(0);
    expect(watchedFraction([[0, 10]], NaN)).toBe(0);
  });
});

test('fragments far shorter than the gaps between them do not merge into coverage', () => {
  // The attack test's 146 fragments of 1 ms, 0.5 s apart, over a 72.77 s video.
  const fragments: Segment[] = Array.from({ length: 146 }, (_, i) => [i * 0.5, i * 0.5 + 0.001]);
  expect(watchedFraction(fragments, 72.77)).toBeLessThan(0.01);
  // Quarter-second parts a quarter second apart: half the time, never joined into all of it.
  const quarters: Segment[] = Array.from({ length: 100 }, (_, i) => [i * 0.5, i * 0.5 + 0.25]);
  expect(watchedSeconds(quarters)).toBeCloseTo(25);
  // Real playback with a rounding gap is still joined.
  expect(mergeSegments([[0, 10], [10.3, 20]])).toEqual([[0, 20]]);
});

describe('credit bounded by what can have been played', () => {
  test('subtracting leaves exactly the parts not covered yet', () => {
    expect(subtractSegments([[0, 30]], [[5, 10], [20, 25]])).toEqual([[0, 5], [10, 20], [25, 30]]);
    expect(subtractSegments([[0, 10]], [[0, 10]])).toEqual([]);
    expect(subtractSegments([[40, 50]], [[0, 10]])).toEqual([[40, 50]]);
  });

  test('the most that can have been played is twice the time since pressing play, plus a little slack, at most the video', () => {
    expect(playableSeconds(0, 72.77)).toBe(3);
    expect(playableSeconds(10, 72.77)).toBe(23);
    expect(playableSeconds(100, 72.77)).toBe(72.77);
    expect(playableSeconds(-5, 72.77)).toBe(3);
    expect(playableSeconds(NaN, 72.77)).toBe(3);
  });

  test('one report of the whole video right after pressing play credits only the slack, in time order', () => {
    const credited = creditWatched([], [[0, 72.77]], 72.77, playableSeconds(0.2, 72.77));
    expect(credited).toEqual([[0, 3.4]]);
  });

  test('later reports add what fits; what did not fit is credited once it can have been played', () => {
    let watched = creditWatched([], [[0, 10]], 60, playableSeconds(2, 60));
    expect(watchedSeconds(watched)).toBeCloseTo(7);
    watched = creditWatched(watched, [[0, 20]], 60, playableSeconds(10, 60));
    expect(watched).toEqual([[0, 20]]);
    // Repeating the same report adds nothing.
    expect(creditWatched(watched, [[0, 20]], 60, playableSeconds(10, 60))).toEqual([[0, 20]]);
  });

  test('a real viewer at 1x and at 2x keeps up with the bound', () => {
    let at1: Segment[] = [];
    let at2: Segment[] = [];
    for (let t = 10; t <= 80; t += 10) {
      at1 = creditWatched(at1, [[0, Math.min(60, t)]], 60, playableSeconds(t, 60));
      at2 = creditWatched(at2, [[0, Math.min(60, 2 * t)]], 60, playableSeconds(t, 60));
    }
    expect(watchedFraction(at1, 60)).toBe(1);
    expect(watchedFraction(at2, 60)).toBe(1);
  });

  test('what was credited before is kept even when the bound is lower than it (an older record)', () => {
    expect(creditWatched([[0, 50]], [[50, 60]], 60, 3)).toEqual([[0, 50]]);
  });

  test('fragments are not credited', () => {
    expect(creditWatched([], [[0, 0.1], [1, 1.1]], 60, 60)).toEqual([]);
  });
});

describe('study time', () => {
  const T = Date.parse('2026-11-23T10:00:00Z');
  test('a report adds what was reported, at most the time since the teacher\'s clock or since opening the lesson', () => {
    expect(creditStudyTime(30, T + 40_000, { creditedUntil: null, lessonOpenedAt: T })).toEqual({ seconds: 30, creditedUntil: T + 30_000 });
    expect(creditStudyTime(60, T + 40_000, { creditedUntil: null, lessonOpenedAt: T })).toEqual({ seconds: 40, creditedUntil: T + 40_000 });
    expect(creditStudyTime(60, T + 100_000, { creditedUntil: T + 90_000, lessonOpenedAt: T }).seconds).toBe(10);
    expect(creditStudyTime(12.9, T + 100_000, { creditedUntil: null, lessonOpenedAt: T }).seconds).toBe(12);
  });

  test('a long pause adds at most five minutes, whatever the reports say', () => {
    let clock: number | null = T;
    let total = 0;
    for (let i = 0; i < 20; i++) {
      const r = creditStudyTime(MAX_REPORT_SECONDS, T + 86_400_000, { creditedUntil: clock, lessonOpenedAt: T });
      total += r.seconds;
      clock = r.creditedUntil;
    }
    expect(total).toBe(MAX_REPORT_SECONDS);
  });

  test('400 reports in one second credit at most about a second', () => {
    let clock: number | null = null;
    let total = 0;
    for (let i = 0; i < 400; i++) {
      const r = creditStudyTime(300, T + 1000 + i * 2.5, { creditedUntil: clock, lessonOpenedAt: T });
      total += r.seconds;
      clock = r.creditedUntil;
    }
    expect(total).toBeLessThanOrEqual(2);
  });

  test('nonsense reports add nothing', () => {
    for (const bad of [-5, NaN, 0, Infinity]) {
      expect(creditStudyTime(bad, T + 100_000, { creditedUntil: null, lessonOpenedAt: T }).seconds).toBe(0);
    }
  });
});

test('a reported part a little longer than the last one adds its few hundredths of a second', () => {
  let watched: Segment[] = [];
  for (let end = 0.5; end <= 2; end += 0.05) watched = creditWatched(watched, [[0, end]], 60, 60);
  expect(watchedSeconds(watched)).toBeCloseTo(2, 1);
});
