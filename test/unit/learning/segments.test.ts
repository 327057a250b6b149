// Watched video: only what was played counts; seeking ahead adds nothing.
import { clampSegments, isValidSegment, mergeSegments, watchedFraction, watchedSeconds } from '../../../src/learning/segments';
import { creditedSeconds, MAX_REPORT_SECONDS } from '../../../src/learning/study-time';

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
    expect(watchedFraction([[0, 10]], 0)).toBe(0);
    expect(watchedFraction([[0, 10]], NaN)).toBe(0);
  });
});

describe('study time', () => {
  test('a report adds what was reported, never more than the time since the previous one (+5 s) or 5 minutes', () => {
    expect(creditedSeconds(30, 40)).toBe(30);
    expect(creditedSeconds(30, 10)).toBe(15);
    expect(creditedSeconds(1000, 5000)).toBe(MAX_REPORT_SECONDS);
    expect(creditedSeconds(12.9, 100)).toBe(12);
  });

  test('nonsense reports add nothing', () => {
    expect(creditedSeconds(-5, 100)).toBe(0);
    expect(creditedSeconds(NaN, 100)).toBe(0);
    expect(creditedSeconds(0, 100)).toBe(0);
    expect(creditedSeconds(30, -100)).toBe(5);
    expect(creditedSeconds(30, NaN)).toBe(30);
  });
});
