import { durationText, minutesText, percentBelow, percentText, wholePercent } from '../../../src/learning/numbers';
import { describeRemaining } from '../../../src/learning/remaining-text';

test.each([
  [4 / 6, 67],
  [0.845, 85],
  [0.855, 86],
  [0.5, 50],
  [0, 0],
  [1, 100],
  [0.996, 99],
  [0.004, 1],
  [-0.2, 0],
  [1.3, 100],
  [Number.NaN, 0],
])('%p is %p %%: rounded half up, 100 only when whole, 0 only when nothing', (fraction, expected) => {
  expect(wholePercent(fraction)).toBe(expected);
});

test('percent and minutes keep their unit on the same line', () => {
  expect(percentText(4 / 6)).toBe('67\u00a0%');
  expect(minutesText(7)).toBe('7\u00a0min');
});

test.each([
  [7, '7\u00a0min'],
  [45, '45\u00a0min'],
  [60, '1\u00a0uur'],
  [113, 'ongeveer 2\u00a0uur'],
  [120, '2\u00a0uur'],
  [80, '1\u00a0uur 20\u00a0min'],
  [97, '1\u00a0uur 35\u00a0min'],
])('a length of %p minutes is said as %p', (minutes, expected) => {
  expect(durationText(minutes)).toBe(expected);
});

test('a share below its threshold never reads as the threshold; at or above it, as itself', () => {
  expect(percentBelow(0.896, 0.9)).toBe(89);
  expect(percentBelow(0.9, 0.9)).toBe(90);
  expect(percentBelow(0.996, 0.9)).toBe(99);
  expect(percentBelow(0.5, 0.9)).toBe(50);
  expect(percentBelow(0, 0.9)).toBe(0);
  // A quiz's best score of 79.6 % against a pass mark of 80 %.
  expect(percentBelow(0.796, 0.8)).toBe(79);
  expect(describeRemaining({ kind: 'video', lessonKey: 'm/l', lessonTitle: 'Les', videoTitle: 'Les', fraction: 0.896, threshold: 0.9 })).toBe('video in \'Les\' (89\u00a0% bekeken)');
});
