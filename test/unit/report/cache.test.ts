// The report kept per school says exactly what the rules say over every teacher computed afresh:
// after any write, from any connection, for one school and for all schools together, at any time.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compileCourse } from '../../../src/course/compile';
import type { Course } from '../../../src/course/model';
import { openDatabase, type Sqlite } from '../../../src/db/connection';
import { migrate } from '../../../src/db/migrate';
import { createStores, type Stores } from '../../../src/db';
import { NO_SCHOOL } from '../../../src/db/school-changes';
import { seedTeacherProgress, seededRandom } from '../../../src/cli/demo';
import { moduleFunnel, quietTeachers, sortRows, SORT_KEYS, statusCounts, stoppingPoints, type ReportRow, type SortKey } from '../../../src/learning/report';
import { QUIET_SHOWN, ReportCache, uncachedSchoolRows } from '../../../src/report/cache';
import { nextTurn, Turns } from '../../../src/turns';
import { countResponse } from '../../../src/study/response';
import { responseBySchool } from '../../../src/web/research-data';
import { studyCourseDir } from '../../support/study-app';

let course: Course;
let courseDir: string;
let dir: string;
let db: Sqlite;
let stores: Stores;
let schools: number[];
let teachers: { id: number; schoolId: number | null }[];

beforeAll(async () => {
  courseDir = studyCourseDir();
  course = (await compileCourse(courseDir)).course!;
});
afterAll(() => fs.rmSync(courseDir, { recursive: true, force: true }));

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'steun-report-cache-'));
  db = openDatabase(path.join(dir, 'steun.db'));
  migrate(db);
  stores = createStores(db);
  const random = seededRandom(3);
  schools = ['De Regenboog', 'De Sterrenkijker', 'Het Kompas'].map((name) => stores.accounts.addSchool(name).id);
  teachers = [];
  for (const schoolId of [...schools, null]) {
    for (let i = 0; i < 6; i++) {
      const user = stores.accounts.addUser({ email: `t${teachers.length}@school.nl`, name: `${['Anna', 'bram', 'Özlem', 'Cor'][i % 4]} ${teachers.length}`, role: 'teacher', schoolId, passwordHash: null });
      teachers.push({ id: user.id, schoolId });
      const fraction = [0, 0.3, 0.6, 1, 0.5, 0.1][i]!;
      if (fraction > 0) seedTeacherProgress(stores, course, user.id, fraction, random);
      if (i % 2 === 0) stores.research.decide(user.id, 'yes', 'v1');
      if (i === 2) stores.research.setPupils(user.id, ['Sam']);
    }
  }
  stores.invitations.create({ email: 'uitgenodigd@elders.nl', schoolId: schools[0]!, invitedBy: null, days: 7 });
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const byId = (rows: readonly ReportRow[]) => [...rows].sort((a, b) => a.id - b.id);
const everyone = () => [...schools, NO_SCHOOL].flatMap((s) => uncachedSchoolRows(course, stores, s === NO_SCHOOL ? null : s).filter((r) => teachers.some((t) => t.id === r.id)));

/** Everything the report of all schools shows, from the cache and from the rules over every row computed afresh. */
async function allSchoolsBothWays(cache: ReportCache, now: Date, keys: readonly SortKey[] = [...SORT_KEYS, 'toets1']) {
  const all = everyone();
  const quiet = quietTeachers(course, all, now);
  const study = responseBySchool(course.study!, stores).total;
  const fresh = { counts: statusCounts(all), funnel: moduleFunnel(course, all), stops: stoppingPoints(course, all, now), quiet: quiet.slice(0, QUIET_SHOWN), quietCount: quiet.length, study };
  const cached = await cache.allSchools(now);
  const sorted: Record<string, [string[], string[]]> = {};
  for (const key of keys) {
    for (const descending of [false, true]) {
      sorted[`${key} ${descending}`] = [(await cache.sortedRows(key, descending)).map((k) => k.row.name), sortRows(all, key, descending).map((r) => r.name)];
    }
  }
  return { cached: { ...cached, sorted: Object.fromEntries(Object.entries(sorted).map(([k, v]) => [k, v[0]])) }, fresh: { ...fresh, sorted: Object.fromEntries(Object.entries(sorted).map(([k, v]) => [k, v[1]])) } };
}

test("a teacher's write moves only her school's generation; a move between schools moves both; so does a write from another connection", () => {
  const [a, b, c] = schools as [number, number, number];
  const anna = teachers.find((t) => t.schoolId === a)!.id;
  const before = stores.schoolChanges.generations();
  stores.progress.touchLesson(anna, course.modules[0]!.lessons[0]!.key);
  let now = stores.schoolChanges.generations();
  expect(now.get(a)).toBeGreaterThan(before.get(a)!);
  expect([now.get(b), now.get(c), now.get(NO_SCHOOL)]).toEqual([before.get(b), before.get(c), before.get(NO_SCHOOL)]);
  stores.accounts.setSchool(anna, b);
  const moved = stores.schoolChanges.generations();
  expect(moved.get(a)).toBeGreaterThan(now.get(a)!);
  expect(moved.get(b)).toBeGreaterThan(now.get(b)!);
  expect(moved.get(c)).toBe(now.get(c));
  now = moved;
  const other = openDatabase(path.join(dir, 'steun.db'));
  other.prepare("UPDATE users SET name = 'Van buiten' WHERE id = ?").run(anna);
  other.close();
  expect(stores.schoolChanges.generation(b)).toBeGreaterThan(now.get(b)!);
  expect(stores.schoolChanges.generation(c)).toBe(now.get(c));
});

test("a school's kept rows follow every kind of write to what they are computed from", () => {
  const cache = new ReportCache(course, stores);
  const [a, b] = schools as [number, number];
  const anna = teachers.find((t) => t.schoolId === a)!.id;
  const lesson = course.modules[0]!.lessons[0]!.key;
  const check = () => {
    for (const s of [a, b, NO_SCHOOL]) expect(byId(cache.schoolRows(s))).toEqual(byId(uncachedSchoolRows(course, stores, s === NO_SCHOOL ? null : s)));
    for (const s of [a, b]) expect(cache.schoolStudy(s)).toEqual(countResponse(course.study!, stores.research.teachersPerSchool().filter((x) => x.schoolId === s), stores.research.allParticipants().filter((p) => p.schoolId === s).map((p) => ({ decision: p.decision, consentVersion: p.consentVersion, consentedAt: p.consentedAt, pupils: stores.research.pupilCounts().get(p.userId) ?? 0, finished: new Map(stores.research.allForms().filter((f) => f.userId === p.userId).map((f) => [`${f.wave}/${f.questionnaire}/${f.pupil}`, f.finishedAt])), courseCompletedAt: null, courseStartedAt: null, schoolId: s }))).total);
  };
  check();
  const writes: (() => void)[] = [
    () => stores.progress.touchLesson(anna, lesson),
    () => stores.progress.addActiveSeconds(anna, lesson, () => ({ seconds: 600, creditedUntil: Date.now() })),
    () => stores.progress.setCompleted(anna, lesson, true),
    () => stores.attempts.submit(anna, stores.attempts.create(anna, course.modules[0]!.slug, { questions: [] }), { score: 1, passed: true, result: {} }),
    () => stores.accounts.setName(anna, 'Anna Anders'),
    () => stores.accounts.setActive(anna, false),
    () => stores.accounts.touchActive(anna),
    () => stores.research.decide(anna, 'yes', 'v1'),
    () => stores.research.setPupils(anna, ['Sam', 'Noor']),
    () => stores.research.finish(anna, 't0', 'keuze', 0),
    () => stores.accounts.addUser({ email: 'nieuw@school.nl', name: 'Nieuw', role: 'teacher', schoolId: a, passwordHash: null }),
    () => stores.invitations.create({ email: 'tweede@elders.nl', schoolId: a, invitedBy: null, days: 7 }),
    () => stores.accounts.setRole(anna, 'coordinator'),
    () => stores.accounts.setSchool(anna, b),
    () => stores.accounts.deleteUser(anna),
    () => stores.testing.run("UPDATE lesson_progress SET active_seconds = active_seconds + 60 WHERE user_id IN (SELECT id FROM users WHERE school_id = ?)", b),
  ];
  for (const write of writes) {
    write();
    check();
  }
});

test('the report of all schools says what the rules say over every teacher, after writes and as time passes', async () => {
  const cache = new ReportCache(course, stores);
  let now = new Date();
  let both = await allSchoolsBothWays(cache, now);
  expect(both.cached).toEqual(both.fresh);
  // Writes in two schools: the kept sorted tables (a few at a time) take out the old rows and merge in the new ones.
  const kept: SortKey[] = ['modules', 'tijd'];
  await allSchoolsBothWays(cache, now, kept);
  const [a, b] = schools as [number, number];
  const inA = teachers.filter((t) => t.schoolId === a);
  stores.progress.addActiveSeconds(inA[1]!.id, course.modules[0]!.lessons[0]!.key, () => ({ seconds: 3600, creditedUntil: Date.now() }));
  seedTeacherProgress(stores, course, inA[0]!.id, 1, seededRandom(9));
  stores.accounts.setSchool(inA[2]!.id, b);
  stores.accounts.setName(teachers.find((t) => t.schoolId === null)!.id, 'Aäron zonder school');
  both = await allSchoolsBothWays(cache, now, kept);
  expect(both.cached).toEqual(both.fresh);
  both = await allSchoolsBothWays(cache, now);
  expect(both.cached).toEqual(both.fresh);
  // Three weeks on, nothing written: who is quiet changes with the clock alone.
  now = new Date(now.getTime() + 21 * 86_400_000);
  both = await allSchoolsBothWays(cache, now);
  expect(both.fresh.quietCount).toBeGreaterThan(0);
  expect(both.cached).toEqual(both.fresh);
});

test('built in advance, the report of all schools needs no read of the teachers when it is opened, and says what the rules say', async () => {
  const cache = new ReportCache(course, stores);
  const now = new Date();
  await cache.warm(now, new AbortController().signal);
  const read = jest.spyOn(stores.reports, 'schoolsData');
  const rows = await cache.sortedRows('naam', false);
  const figures = await cache.allSchools(now);
  expect(read).not.toHaveBeenCalled();
  expect(figures.counts).toEqual(statusCounts(everyone()));
  expect(rows.map((k) => k.row.name)).toEqual(sortRows(everyone(), 'naam', false).map((r) => r.name));
  read.mockRestore();
});

test('building in advance stops at its next turn when the server closes, and a stop before it starts builds nothing', async () => {
  const stopped = new AbortController();
  stopped.abort();
  const read = jest.spyOn(stores.reports, 'schoolsData');
  await expect(new ReportCache(course, stores).warm(new Date(), stopped.signal)).rejects.toThrow();
  expect(read).not.toHaveBeenCalled();
  // Stopped while under way (every step is a turn here): it ends at the next yield, with its reason.
  const closing = new AbortController();
  const warming = new ReportCache(course, stores).warm(new Date(), closing.signal, 0);
  closing.abort(new Error('steun stopt'));
  await expect(warming).rejects.toThrow('steun stopt');
  read.mockRestore();
});


test('an order asked for while the same one is being sorted waits for that sort; after a write it is sorted anew', async () => {
  const cache = new ReportCache(course, stores);
  // Turns of no length: every step yields, so the two calls overlap.
  const [a, b] = await Promise.all([cache.sortedRows('naam', false, new Turns(0)), cache.sortedRows('naam', false, new Turns(0))]);
  expect(b).toBe(a);
  const [school] = schools as [number];
  const anna = teachers.find((t) => t.schoolId === school)!.id;
  const first = cache.sortedRows('tijd', true, new Turns(0));
  await nextTurn();
  stores.accounts.setName(anna, 'Aaltje Nieuw');
  const second = await cache.sortedRows('tijd', true, new Turns(0));
  expect(second).not.toBe(await first);
  expect(second.map((k) => k.row.name)).toEqual(sortRows(everyone(), 'tijd', true).map((r) => r.name));
});
