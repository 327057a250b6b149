import fs from 'node:fs';
import { compileCourse } from '../../../src/course/compile';
import type { Study } from '../../../src/research/model';
import { amsterdamMidnight, closingAfter, courseSides, dueNotifications, formKey, openingReach, waveStatuses, waveStatusesWithin, type Participation, type WaveOpening } from '../../../src/study/schedule';
import { consentChoice, consentedAfterStart, courseOpensAround, courseWait, studyHold } from '../../../src/study/course-hold';
import { missingItems, parseAnswers, subscaleMeans, variables, variableValue } from '../../../src/study/answers';
import { mean, pairedTest, sampleSd } from '../../../src/study/statistics';
import { cronbachAlpha, holm } from '../../../src/study/analysis';
import { formatNumber, formatP } from '../../../src/study/numbers';
import { makeCourse } from '../../fixtures/course-builder';
import { STUDY, STUDY_YML } from '../../fixtures/study';

let study: Study;
let dir: string;
beforeAll(async () => {
  dir = makeCourse(STUDY, { media: false });
  study = (await compileCourse(dir)).course!.study!;
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const DAY = 86_400_000;
const T = Date.parse('2027-01-10T09:00:00Z');
const at = (days: number) => new Date(T + days * DAY);
const iso = (days: number) => at(days).toISOString();

function person(over: Partial<Participation> = {}): Participation {
  return { decision: 'yes', consentVersion: 'v1', consentedAt: iso(0), pupils: 1, finished: new Map(), courseCompletedAt: null, courseStartedAt: null, schoolId: 1, ...over };
}
const finishT0 = (day: number) => new Map([[formKey('t0', 'keuze', 0), iso(day)], [formKey('t0', 'relatie', 1), iso(day)]]);
const states = (p: Participation, now: Date, openings: WaveOpening[] = []) => waveStatuses(study, p, openings, now).map((s) => s.state);

describe('which wave is open for whom', () => {
  test('before a decision nothing is open, and the course waits for the decision', () => {
    const p = person({ decision: null, consentedAt: null });
    const s = waveStatuses(study, p, [], at(0));
    expect(s.map((x) => [x.state, x.waitingFor])).toEqual([['waiting', 'consent'], ['waiting', 'consent'], ['waiting', 'consent']]);
    expect(courseWait(study, p, s)).toEqual({ reason: 'consent' });
  });

  test('a teacher who declines may follow the course (participation optional), unless it is required', () => {
    const p = person({ decision: 'no', consentedAt: null });
    expect(courseWait(study, p, waveStatuses(study, p, [], at(0)))).toBeNull();
    expect(courseWait({ ...study, participation: 'required' }, p, waveStatuses(study, p, [], at(0)))).toEqual({ reason: 'consent' });
  });

  test('t0 opens at consent and closes after 21 days; t1 opens 28 days after t0 was finished', () => {
    expect(states(person(), at(0))).toEqual(['open', 'waiting', 'waiting']);
    expect(states(person(), at(21))).toEqual(['closed', 'closed', 'waiting']);
    const p = person({ finished: finishT0(2) });
    expect(states(p, at(29.9))).toEqual(['done', 'waiting', 'waiting']);
    const s = waveStatuses(study, p, [], at(30));
    expect(s.map((x) => x.state)).toEqual(['done', 'open', 'waiting']);
    expect(s[1]!.opensAt).toEqual(at(30));
    expect(s[1]!.closesAt).toEqual(at(51));
    expect(states(p, at(51))).toEqual(['done', 'closed', 'waiting']);
  });

  test('the course waits for t0 and t1 to be done or closed', () => {
    const p = person({ finished: finishT0(2) });
    const wait = courseWait(study, p, waveStatuses(study, p, [], at(10)));
    expect(wait).toMatchObject({ reason: 'wave', status: { state: 'waiting', wave: { id: 't1' } } });
    expect(courseWait(study, p, waveStatuses(study, p, [], at(51)))).toBeNull();
    const both = person({ finished: new Map([...finishT0(2), [formKey('t1', 'relatie', 1), iso(31)]]) });
    expect(courseWait(study, both, waveStatuses(study, both, [], at(31)))).toBeNull();
  });

  test('a late yes never holds a course under way; the measurements then count as after the start', () => {
    const p = person({ consentedAt: iso(5), courseStartedAt: iso(1) });
    const s = waveStatuses(study, p, [], at(5));
    expect(courseWait(study, p, s)).toBeNull();
    expect(studyHold(study, p, s, at(5))).toBeNull();
    expect(consentedAfterStart(p)).toBe(true);
    // The same teacher before starting the course is held until the second measurement.
    const early = person({ consentedAt: iso(5) });
    expect(courseWait(study, early, waveStatuses(study, early, [], at(5)))).toMatchObject({ reason: 'wave' });
    expect(consentedAfterStart(early)).toBe(false);
    // Nor does an undecided teacher who already started (a study added to a running course) wait.
    const undecided = person({ decision: null, consentedAt: null, courseStartedAt: iso(1) });
    expect(courseWait(study, undecided, waveStatuses(study, undecided, [], at(5)))).toBeNull();
  });

  test('the hold and the consent buttons say, with a date, when the course opens', () => {
    const undecided = person({ decision: null, consentedAt: null });
    // Deciding on 10 January: t0 that day, t1 28 days later.
    expect(courseOpensAround(study, at(0))).toEqual(at(28));
    const hold = studyHold(study, undecided, waveStatuses(study, undecided, [], at(0)), at(0))!;
    expect(hold.title).toBe('Eerst: doe je mee aan het onderzoek?');
    expect(hold.explanation).toContain('Doe je niet mee, dan begin je meteen. Doe je mee, dan begin je na de tweede meting, rond 7 februari 2027.');
    const choice = consentChoice(study, undecided, at(0));
    expect(choice.yes).toBe('Ja, ik doe mee – ik begin aan de cursus na de tweede meting, rond 7 februari 2027');
    expect(choice.no).toBe('Nee – ik begin meteen met de cursus');
    // After t0 (finished on day 2) the course opens with t1, 28 days later: the real dates count.
    const p = person({ finished: finishT0(2) });
    const waiting = studyHold(study, p, waveStatuses(study, p, [], at(10)), at(10))!;
    expect(waiting.title).toBe('Je cursus begint na de tweede meting');
    expect(waiting.lockLine).toBe('Gaat open na de tweede meting (rond 9 februari 2027).');
    expect(waiting.explanation).toContain('Tot die tijd hoef je niets te doen');
    // While t0 is open it is the step, and the date follows from today.
    const t0open = studyHold(study, person(), waveStatuses(study, person(), [], at(1)), at(1))!;
    expect(t0open.explanation).toMatch(/^Vul eerst de eerste meting in \(open tot 31 januari 2027\)\. Je cursus begint na de tweede meting: vul je de eerste meting nu in, dan is dat rond 8 februari 2027\.$/);
    // A teacher who started: yes keeps the course open, and says so.
    expect(consentChoice(study, person({ decision: 'no', consentedAt: null, courseStartedAt: iso(1) }), at(3)).yes).toBe('Ja, ik doe mee – mijn cursus blijft open');
  });

  test('a pupil named after a wave was finished is measured from the next wave on: the finished wave stays finished', () => {
    const finished = new Map([[formKey('t0', 'keuze', 0), iso(2)], [formKey('t0', 'relatie', 1), iso(2)]]);
    const before = person({ pupils: 1, pupilsAddedAt: [iso(0)], finished });
    expect(states(before, at(3))).toEqual(['done', 'waiting', 'waiting']);
    const after = person({ pupils: 2, pupilsAddedAt: [iso(0), iso(3)], finished });
    const s = waveStatuses(study, after, [], at(3));
    expect(s.map((x) => x.state)).toEqual(['done', 'waiting', 'waiting']);
    expect(s[0]!.forms.map((f) => f.pupil)).toEqual([0, 1]);
    // The second pupil is in the next wave.
    const t1 = waveStatuses(study, after, [], at(31));
    expect(t1[1]!.state).toBe('open');
    expect(t1[1]!.forms.map((f) => f.pupil)).toEqual([1, 2]);
    // A pupil named while the wave is still open belongs to it.
    const during = person({ pupils: 2, pupilsAddedAt: [iso(0), iso(1)], finished });
    expect(states(during, at(3))).toEqual(['open', 'waiting', 'waiting']);
  });

  test('a pupil questionnaire needs the pupils first: no pupils, no finished wave', () => {
    const p = person({ pupils: 0, finished: new Map([[formKey('t0', 'keuze', 0), iso(1)]]) });
    const s = waveStatuses(study, p, [], at(1));
    expect(s[0]).toMatchObject({ state: 'open', waitingFor: 'pupils', doneAt: null });
  });

  test('the follow-up opens 90 days after completing the course', () => {
    const p = person({ finished: finishT0(2), courseCompletedAt: iso(60) });
    expect(states(p, at(149))[2]).toBe('waiting');
    expect(states(p, at(150))[2]).toBe('open');
  });

  test('an opening by a researcher takes effect at once, for that school or for all', () => {
    const p = person({ finished: finishT0(2) });
    const forOther: WaveOpening = { wave: 't1', schoolId: 2, openedAt: iso(5), until: iso(12) };
    const forMine: WaveOpening = { wave: 't1', schoolId: 1, openedAt: iso(5), until: iso(12) };
    const forAll: WaveOpening = { wave: 't1', schoolId: null, openedAt: iso(5), until: iso(12) };
    expect(states(p, at(6), [forOther])[1]).toBe('waiting');
    expect(states(p, at(6), [forMine])[1]).toBe('open');
    // Opened early, before its own window: open until the opening ends (the teacher is told that
    // day, not the regular window's end weeks later), then waiting for its own window again.
    expect(waveStatuses(study, p, [forAll], at(6))[1]!.closesAt).toEqual(at(12));
    expect(states(p, at(12), [forAll])[1]).toBe('waiting');
    // Extending a closed wave opens it again until the new date.
    expect(states(person(), at(25), [{ wave: 't0', schoolId: null, openedAt: iso(24), until: iso(30) }])[0]).toBe('open');
  });

  test('an opening never skips the design: not before the earlier waves, not after the course before the course, not past lastDay; it can be closed', () => {
    const forAll = (wave: string, extra: Partial<WaveOpening> = {}): WaveOpening => ({ wave, schoolId: null, openedAt: iso(5), until: iso(40), ...extra });
    // t0 still open: neither t1 nor t2 opens, however a researcher opens them.
    const fresh = waveStatuses(study, person(), [forAll('t1'), forAll('t2')], at(6));
    expect(fresh.map((s) => [s.state, s.openingBlocked])).toEqual([['open', null], ['waiting', 'wave'], ['waiting', 'wave']]);
    // t0 and t1 done, course not completed: t2 stays shut.
    const before = person({ finished: new Map([...finishT0(2), [formKey('t1', 'relatie', 1), iso(4)]]) });
    expect(waveStatuses(study, before, [forAll('t2')], at(6))[2]).toMatchObject({ state: 'waiting', waitingFor: 'course', openingBlocked: 'course' });
    // Completed: the opening opens it at once, and closing the opening shuts it again.
    const completed = { ...before, courseCompletedAt: iso(5.5) };
    expect(states(completed, at(6), [forAll('t2')])[2]).toBe('open');
    expect(states(completed, at(8), [forAll('t2', { closedAt: iso(7) })])[2]).toBe('waiting');
    // lastDay holds against openings too.
    const bounded: Study = { ...study, waves: study.waves.map((w) => (w.id === 't2' ? { ...w, lastDay: '2027-01-20' } : w)) };
    expect(waveStatuses(bounded, completed, [forAll('t2')], at(11))[2]).toMatchObject({ state: 'closed', openingBlocked: 'last-day' });
  });

  test("an opening's reach: how many teachers it opens the wave for, and why the others are left out", () => {
    const t1Done = new Map([...finishT0(2), [formKey('t1', 'relatie', 1), iso(4)]]);
    const teachers = [
      person({ finished: t1Done, courseCompletedAt: iso(5) }),
      person({ finished: t1Done, courseCompletedAt: iso(5), schoolId: 2 }),
      person({ finished: t1Done }),
      person(),
      person({ finished: new Map([...t1Done, [formKey('t2', 'relatie', 1), iso(5)]]), courseCompletedAt: iso(4.5) }),
      person({ decision: 'no', consentedAt: null }),
    ];
    expect(openingReach(study, teachers, 't2', null, [], at(6))).toEqual({ inScope: 5, affected: 2, alreadyOpen: 0, done: 1, earlierWave: 1, course: 1, lastDay: 0 });
    expect(openingReach(study, teachers, 't2', 1, [], at(6))).toMatchObject({ inScope: 4, affected: 1 });
    expect(openingReach(study, teachers, 't0', null, [], at(6))).toMatchObject({ affected: 1, alreadyOpen: 1, done: 4 });
  });

  test('date bounds: the follow-up opens 90 days after the course but not after notAfter, and closes by lastDay', () => {
    const bounded: Study = { ...study, waves: study.waves.map((w) => (w.id === 't2' ? { ...w, notAfter: '2027-04-01', closesAfterDays: 21, lastDay: '2027-04-15' } : w)) };
    const done = new Map([...finishT0(2), [formKey('t1', 'relatie', 1), iso(4)]]);
    // Completed on day 10 (20 January): 90 days later is past 1 April, so it opens on 1 April and closes after 15 April.
    const s = waveStatuses(bounded, person({ finished: done, courseCompletedAt: iso(10) }), [], at(85))[2]!;
    expect(s.opensAt).toEqual(amsterdamMidnight('2027-04-01'));
    expect(s.closesAt).toEqual(amsterdamMidnight('2027-04-16'));
    // Completed after notAfter: it opens on the day of completion, never before it.
    const late = waveStatuses(bounded, person({ finished: done, courseCompletedAt: '2027-04-10T12:00:00.000Z' }), [], at(95))[2]!;
    expect(late.opensAt!.toISOString()).toBe('2027-04-10T12:00:00.000Z');
    // Completed after lastDay: the follow-up never opens.
    expect(waveStatuses(bounded, person({ finished: done, courseCompletedAt: '2027-04-20T12:00:00.000Z' }), [], at(101))[2]!.state).toBe('closed');
  });

  test('school holidays: a wave never opens in one, and its open days do not count them', () => {
    const holidays = [{ name: 'Voorjaarsvakantie', from: '2027-02-13', to: '2027-02-21' }];
    const withHoliday: Study = { ...study, holidays };
    // t1 would open 28 days after t0 was finished on day 2 (11 January + 28 = 8 February): outside the holiday.
    const p = person({ finished: finishT0(2) });
    const s = waveStatuses(withHoliday, p, [], at(30))[1]!;
    expect(s.opensAt).toEqual(at(30));
    // 21 open days from 9 February, the 9 holiday days not counted.
    expect(s.closesAt).toEqual(new Date(at(51).getTime() + (amsterdamMidnight('2027-02-22').getTime() - amsterdamMidnight('2027-02-13').getTime())));
    // t0 finished on day 6: t1 would open on 14 February, in the holiday: it opens on 22 February.
    const q = person({ finished: finishT0(6) });
    expect(waveStatuses(withHoliday, q, [], at(36))[1]!.opensAt).toEqual(amsterdamMidnight('2027-02-22'));
    expect(closingAfter(at(0), 3, [])).toEqual(at(3));
  });

  test('the waves keep their order: a wave that opens on a date waits for an earlier wave still open', () => {
    const dated: Study = { ...study, waves: study.waves.map((w) => (w.id === 't1' ? { ...w, opens: { kind: 'date', date: '2027-01-12' } } : w)) };
    const s = waveStatuses(dated, person(), [], at(3));
    expect(s.map((x) => [x.state, x.waitingFor])).toEqual([['open', null], ['waiting', 'wave'], ['waiting', 'wave']]);
    // Once t0 is done, t1 opens at once (its date has passed).
    expect(waveStatuses(dated, person({ finished: finishT0(4) }), [], at(4.5))[1]!).toMatchObject({ state: 'open', opensAt: at(4) });
  });

  test('a date opens at midnight in Amsterdam, winter and summer time', () => {
    expect(amsterdamMidnight('2027-01-15').toISOString()).toBe('2027-01-14T23:00:00.000Z');
    expect(amsterdamMidnight('2027-07-01').toISOString()).toBe('2027-06-30T22:00:00.000Z');
    expect(amsterdamMidnight('2027-03-28').toISOString()).toBe('2027-03-27T23:00:00.000Z');
  });

  test('due mails: a wave that opened, and one that closes within three days', () => {
    const p = person();
    const statuses = waveStatuses(study, p, [], at(18.5));
    expect(dueNotifications([{ userId: 7, statuses: waveStatuses(study, p, [], at(0)) }], at(-1), at(0))).toEqual([{ userId: 7, wave: 't0', kind: 'opened', at: at(0) }]);
    expect(dueNotifications([{ userId: 7, statuses }], at(17.5), at(18.5))).toEqual([{ userId: 7, wave: 't0', kind: 'closing-soon', at: at(18) }]);
    expect(dueNotifications([{ userId: 7, statuses }], at(18.2), at(18.5))).toEqual([]);
  });

  test('the waves before and after the course', () => {
    const sides = courseSides(study);
    expect(sides.before.map((w) => w.id)).toEqual(['t0', 't1']);
    expect(sides.after.map((w) => w.id)).toEqual(['t2']);
    expect(STUDY_YML).toContain('after: course');
  });
});

describe('answers', () => {
  const relatie = () => study.questionnaires.find((q) => q.id === 'relatie')!;
  const keuze = () => study.questionnaires.find((q) => q.id === 'keuze')!;

  test('reads every kind, ignoring empty fields', () => {
    expect(parseAnswers(keuze(), { _csrf: 'x', jaren: '12', groep: '2', gedaan: ['3', '1'], reden: '  Ze is stil. ', page: '1' })).toEqual({
      ok: true,
      answers: [{ item: 'jaren', value: '12' }, { item: 'groep', value: '2' }, { item: 'gedaan', value: '[1,3]' }, { item: 'reden', value: 'Ze is stil.' }],
    });
    expect(parseAnswers(keuze(), { jaren: '', reden: '' })).toEqual({ ok: true, answers: [] });
  });

  test.each([
    [{ jaren: '51' }, 'Bij "Hoeveel jaar werk je in het onderwijs?" hoort een heel getal van 0 tot en met 50.'],
    [{ jaren: '3.5' }, 'heel getal'],
    [{ groep: '4' }, 'kun je kiezen uit de antwoorden 1 tot en met 3'],
    [{ gedaan: ['1', '9'] }, 'opties 1 tot en met 3'],
    [{ onbekend: '1' }, '"onbekend" is geen vraag van deze vragenlijst.'],
    [{ groep: ['1', '2'] }, 'hoort één antwoord'],
  ])('rejects %j', (body, message) => {
    const r = parseAnswers(keuze(), body);
    expect(r.ok).toBe(false);
    expect(r.ok ? [] : r.errors.join(' ')).toContain(message);
  });

  test('missing required items, optional ones not counted', () => {
    expect(missingItems(keuze(), new Map([['jaren', '3'], ['gedaan', '[1]']])).map((i) => i.id)).toEqual(['groep']);
  });

  test('subscale means reverse reversed items and need every item', () => {
    // nabijheid: warm 4, troost 2 -> 3; conflict: botsen 2, rustig 5 reversed to 1 -> 1.5
    const stored = new Map([['warm', '4'], ['troost', '2'], ['botsen', '2'], ['rustig', '5']]);
    expect(subscaleMeans(relatie(), stored)).toEqual({ nabijheid: 3, conflict: 1.5 });
    stored.delete('troost');
    expect(subscaleMeans(relatie(), stored)).toEqual({ nabijheid: null, conflict: 1.5 });
  });

  test('variables: one per option of a multiple item as 0/1, then the subscale means', () => {
    expect(variables(keuze()).map((v) => v.name)).toEqual(['keuze.jaren', 'keuze.groep', 'keuze.gedaan.1', 'keuze.gedaan.2', 'keuze.gedaan.3', 'keuze.reden']);
    expect(variables(relatie()).map((v) => v.name)).toEqual(['relatie.warm', 'relatie.troost', 'relatie.botsen', 'relatie.rustig', 'relatie.nabijheid', 'relatie.conflict']);
    const stored = new Map([['gedaan', '[1,3]']]);
    expect(variables(keuze()).slice(2, 5).map((v) => variableValue(v, stored))).toEqual([1, 0, 1]);
  });
});

describe('the paired effect, against a hand calculation', () => {
  // Five pairs; differences 1, 0, 2, 1, 1: mean 1, squares of deviations 0+1+1+0+0 = 2,
  // SD = sqrt(2/4) = 0.70711, SE = 0.70711/sqrt(5) = 0.31623, t = 3.16228 with 4 df.
  // t(0.975, 4) = 2.77645 (table), half-width 0.87798: 95 % CI 0.12202 .. 1.87798.
  // d_z = 1/0.70711 = 1.41421. For 4 df, P(|T| < t) = u(3 - u^2)/2 with u = t/sqrt(t^2 + 4)
  // = 0.84515, so 0.96589 and p = 0.03411.
  const pairs = [
    { before: 2, after: 3 },
    { before: 3, after: 3 },
    { before: 2, after: 4 },
    { before: 4, after: 5 },
    { before: 3, after: 4 },
  ];
  test('mean difference, interval, d_z and p', () => {
    const e = pairedTest(pairs.map((x) => x.before), pairs.map((x) => x.after))!;
    expect(e.n).toBe(5);
    expect(e.meanDifference).toBeCloseTo(1, 10);
    expect(e.sdDifference).toBeCloseTo(0.70711, 5);
    expect(e.t).toBeCloseTo(3.16228, 5);
    expect(e.df).toBe(4);
    expect(e.ciLow).toBeCloseTo(0.12202, 4);
    expect(e.ciHigh).toBeCloseTo(1.87798, 4);
    expect(e.dZ).toBeCloseTo(1.41421, 5);
    expect(e.p).toBeCloseTo(0.03411, 4);
  });
  test('a very large t keeps a p above zero (2·F(−|t|), as R gives 2.17e-20)', () => {
    const after = [10.1, 10.2, 10.3, 10.1, 10.2, 10.3, 10.1, 10.2, 10.3, 10.2];
    const e = pairedTest(after.map(() => 0), after)!;
    expect(e.p).toBeGreaterThan(0);
    expect(e.p / 2.17248187813172e-20).toBeCloseTo(1, 6);
  });
  test('d_av, Holm and Cronbach\'s alpha as R computes them', () => {
    const before = pairs.map((x) => x.before);
    const after = pairs.map((x) => x.after);
    // R: mean(a - b) / ((sd(a) + sd(b)) / 2)
    expect(1 / ((sampleSd(before) + sampleSd(after)) / 2)).toBeCloseTo(1.19522860933439, 12);
    // R: p.adjust(c(0.01, 0.04, 0.03), "holm")
    expect(holm([0.01, 0.04, null, 0.03])).toEqual([0.03, 0.06, null, 0.06]);
    // R: k/(k-1) * (1 - sum(apply(x, 2, var)) / var(rowSums(x)))
    expect(cronbachAlpha([[1, 2, 1], [2, 3, 3], [3, 3, 2], [4, 5, 4], [5, 4, 5]])).toBeCloseTo(0.9375, 12);
    expect(cronbachAlpha([[1, 2, 1]])).toBeNull();
  });
  test('a mean of exact values stays exact, and rounds half up on the page', () => {
    expect(mean([...Array(40).fill(3.2), ...Array(24).fill(3.4)])).toBe(3.275);
    expect(formatNumber(3.2749999999999995, 2)).toBe('3,28');
    expect(formatNumber(3.275, 2)).toBe('3,28');
    expect(formatNumber(-0.0004, 3)).toBe('0,000');
    expect(formatNumber(0.1234, 3)).toBe('0,123');
    expect(formatP(0.0004)).toBe('< 0,001');
    expect(formatP(0.0162733)).toBe('0,016');
  });
});

describe('the span of time in which wave states hold (what a teacher\'s next request reuses)', () => {
  // Every kind of input that moves a boundary: consent, finished waves, the course, openings (early,
  // late, closed, for another school), date bounds, a last day and a holiday.
  const bounded = (): Study => ({
    ...study,
    holidays: [{ name: 'Voorjaarsvakantie', from: '2027-02-13', to: '2027-02-21' }],
    waves: study.waves.map((w) => (w.id === 't2' ? { ...w, notAfter: '2027-04-01', closesAfterDays: 21, lastDay: '2027-04-15' } : w)),
  });
  const cases = (): [string, Study, Participation, WaveOpening[]][] => [
    ['undecided', study, person({ decision: null, consentedAt: null }), []],
    ['declined', study, person({ decision: 'no', consentedAt: null }), []],
    ['consented', study, person(), []],
    ['t0 done', study, person({ finished: finishT0(2) }), []],
    ['course complete', bounded(), person({ finished: finishT0(2), courseStartedAt: iso(1), courseCompletedAt: iso(8) }), []],
    ['openings', study, person({ finished: finishT0(2) }), [
      { wave: 't1', schoolId: null, openedAt: iso(5), until: iso(12) },
      { wave: 't1', schoolId: 2, openedAt: iso(3), until: iso(60) },
      { wave: 't0', schoolId: 1, openedAt: iso(24), until: iso(30), closedAt: iso(27) },
    ]],
    ['late opening', bounded(), person({ courseStartedAt: iso(1), courseCompletedAt: iso(3) }), [{ wave: 't0', schoolId: null, openedAt: iso(22), until: iso(26) }]],
  ];

  test('at any moment the states are the same everywhere in the span named, and the span holds that moment', () => {
    let probes = 0;
    for (const [name, s, p, openings] of cases()) {
      const moments: number[] = [];
      for (let d = -5; d <= 130; d += 0.9) moments.push(T + d * DAY);
      // Each edge a span names, and a millisecond either side of it.
      for (const m of [...moments]) {
        const { from, until } = waveStatusesWithin(s, p, openings, new Date(m));
        for (const edge of [from, until]) if (Number.isFinite(edge)) moments.push(edge - 1, edge, edge + 1);
      }
      for (const m of moments) {
        const { statuses, from, until } = waveStatusesWithin(s, p, openings, new Date(m));
        expect(from <= m && m < until).toBe(true);
        expect(statuses).toEqual(waveStatuses(s, p, openings, new Date(m)));
        const lo = Number.isFinite(from) ? from : m - 400 * DAY;
        const hi = Number.isFinite(until) ? until - 1 : m + 400 * DAY;
        for (const q of [lo, hi, lo + (hi - lo) / 3, lo + (2 * (hi - lo)) / 3]) {
          probes++;
          const there = waveStatuses(s, p, openings, new Date(q));
          if (JSON.stringify(there) !== JSON.stringify(statuses)) throw new Error(`${name}: the states at ${new Date(m).toISOString()} are said to hold until ${new Date(hi).toISOString()}, but differ at ${new Date(q).toISOString()}`);
        }
      }
    }
    expect(probes).toBeGreaterThan(5000);
  });

  test('the span is as wide as the schedule allows: an open wave holds until it closes, a waiting one until it opens', () => {
    const open = waveStatusesWithin(study, person(), [], at(1));
    expect(open.statuses.map((x) => x.state)).toEqual(['open', 'waiting', 'waiting']);
    expect([open.from, open.until]).toEqual([at(0).getTime(), at(21).getTime()]);
    const waiting = waveStatusesWithin(study, person({ finished: finishT0(2) }), [], at(10));
    expect(waiting.statuses.map((x) => x.state)).toEqual(['done', 'waiting', 'waiting']);
    expect(waiting.until).toBe(at(30).getTime());
    // Nothing in time can change the states of a teacher who has not decided.
    const undecided = waveStatusesWithin(study, person({ decision: null, consentedAt: null }), [], at(10));
    expect([undecided.from, undecided.until]).toEqual([-Infinity, Infinity]);
  });
});
