// The stores memoise the reads of every signed-in request. A memo may never outlive a change:
// every write for a person drops theirs, another connection's commit drops all, and so does
// deleting an account (its id may be given out again).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Sqlite } from '../../../src/db/connection';
import { migrate } from '../../../src/db/migrate';
import { createStores, type Stores } from '../../../src/db';
import { OUTSIDE_CHECK_MS } from '../../../src/db/memo';

let dir: string;
let db: Sqlite;
let stores: Stores;
let ann: number;
let bob: number;
const KEY = 'start/welkom';

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'steun-memo-'));
  db = openDatabase(path.join(dir, 'steun.db'));
  migrate(db);
  stores = createStores(db);
  const person = (email: string) => stores.accounts.addUser({ email, name: email, role: 'teacher', schoolId: null, passwordHash: null }).id;
  ann = person('ann@school.nl');
  bob = person('bob@school.nl');
  stores.progress.touchLesson(ann, KEY);
  stores.progress.touchLesson(bob, KEY);
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('reads without writes in between give the same object', () => {
  expect(stores.progress.progressForTeacher(ann)).toBe(stores.progress.progressForTeacher(ann));
  expect(stores.attempts.summaryForTeacher(ann)).toBe(stores.attempts.summaryForTeacher(ann));
  expect(stores.accounts.userById(ann)).toBe(stores.accounts.userById(ann));
});

const progressWrites: [string, (id: number) => void][] = [
  ['touchLesson', (id) => stores.progress.touchLesson(id, KEY, '2030-01-01T00:00:00.000Z')],
  ['markDone', (id) => stores.progress.markDone(id, KEY)],
  ['setCompleted', (id) => stores.progress.setCompleted(id, KEY, true)],
  ['addActiveSeconds', (id) => stores.progress.addActiveSeconds(id, KEY, () => ({ seconds: 30, creditedUntil: Date.now() }))],
  ['updateVideo', (id) => stores.progress.updateVideo(id, KEY, 'media/a.mp4', () => ({ src: 'media/a.mp4', segments: [[0, 5]], position: 5, duration: 60 }))],
  ['saveReflection', (id) => stores.progress.saveReflection(id, KEY, 'r1', 'Mijn gedachte')],
  ['saveExerciseAnswers', (id) => stores.progress.saveExerciseAnswers(id, KEY, 'e1', [[1]])],
];

test.each(progressWrites)('%s shows in the next progress read of that teacher only', (_name, write) => {
  const annBefore = stores.progress.progressForTeacher(ann);
  const bobBefore = stores.progress.progressForTeacher(bob);
  write(ann);
  const annAfter = stores.progress.progressForTeacher(ann);
  expect(annAfter).not.toBe(annBefore);
  expect(annAfter.get(KEY)).not.toEqual(annBefore.get(KEY));
  expect(stores.progress.progressForTeacher(bob)).toBe(bobBefore);
});

test('starting and submitting a quiz attempt show in the next summary', () => {
  const empty = stores.attempts.summaryForTeacher(ann);
  const id = stores.attempts.create(ann, 'start', { questions: [] });
  const afterCreate = stores.attempts.summaryForTeacher(ann);
  expect(afterCreate).not.toBe(empty);
  expect(stores.attempts.submit(ann, id, { score: 1, passed: true, result: {} })).toBe(true);
  expect(stores.attempts.summaryForTeacher(ann).get('start')).toMatchObject({ attempts: 1, passed: true, bestScore: 1 });
  // Someone else's id cannot submit this attempt.
  const other = stores.attempts.create(ann, 'start', { questions: [] });
  expect(stores.attempts.submit(bob, other, { score: 1, passed: true, result: {} })).toBe(false);
});

test.each([
  ['setName', (id: number) => stores.accounts.setName(id, 'Ann de Vries'), { name: 'Ann de Vries' }],
  ['setRole', (id: number) => stores.accounts.setRole(id, 'author'), { role: 'author' }],
  ['setActive', (id: number) => stores.accounts.setActive(id, false), { active: false }],
  ['touchActive', (id: number) => stores.accounts.touchActive(id, '2030-01-01T00:00:00.000Z'), { lastActiveAt: '2030-01-01T00:00:00.000Z' }],
] as const)('%s shows in the next account read', (_name, write, expected) => {
  expect(stores.accounts.userById(ann)).toBeDefined();
  write(ann);
  expect(stores.accounts.userById(ann)).toMatchObject(expected);
});

test('memoised accounts cannot be changed by a caller', () => {
  const user = stores.accounts.userById(ann)!;
  expect(() => ((user as { name: string }).name = 'x')).toThrow(TypeError);
});

test("another connection's commit is seen within OUTSIDE_CHECK_MS", async () => {
  stores.progress.progressForTeacher(ann);
  stores.accounts.userById(ann);
  const other = openDatabase(path.join(dir, 'steun.db'));
  other.prepare("UPDATE lesson_progress SET done_at = '2030-01-01T00:00:00.000Z' WHERE user_id = ?").run(ann);
  other.prepare("UPDATE users SET name = 'Van buiten' WHERE id = ?").run(ann);
  other.close();
  await new Promise((resolve) => setTimeout(resolve, OUTSIDE_CHECK_MS + 5));
  expect(stores.progress.progressForTeacher(ann).get(KEY)?.done).toBe(true);
  expect(stores.accounts.userById(ann)?.name).toBe('Van buiten');
});

test('a read inside a transaction that is rolled back is not kept', () => {
  expect(() =>
    db.transaction(() => {
      stores.progress.markDone(ann, KEY);
      expect(stores.progress.progressForTeacher(ann).get(KEY)?.done).toBe(true);
      throw new Error('rollback');
    })(),
  ).toThrow('rollback');
  expect(stores.progress.progressForTeacher(ann).get(KEY)?.done).toBe(false);
});

test('a deleted account leaves no memo behind, and its id is never given out again', () => {
  stores.progress.markDone(bob, KEY);
  expect(stores.progress.progressForTeacher(bob).get(KEY)?.done).toBe(true);
  expect(stores.accounts.userById(bob)).toBeDefined();
  stores.accounts.deleteUser(bob);
  expect(stores.accounts.userById(bob)).toBeUndefined();
  expect(stores.progress.progressForTeacher(bob).size).toBe(0);
  // bob had the highest id; SQLite alone would hand it out again.
  const again = stores.accounts.addUser({ email: 'cor@school.nl', name: 'Cor', role: 'teacher', schoolId: null, passwordHash: null });
  expect(again.id).toBe(bob + 1);
  expect(stores.accounts.userById(again.id)?.name).toBe('Cor');
  stores.accounts.deleteUser(again.id);
  stores.accounts.deleteUser(ann);
  expect(stores.accounts.addUser({ email: 'dirk@school.nl', name: 'Dirk', role: 'teacher', schoolId: null, passwordHash: null }).id).toBe(bob + 2);
});

test("a lesson's reflections and exercise answers follow every save and every switch of lesson", () => {
  const OTHER = 'start/verder';
  expect(stores.progress.reflectionsForLesson(ann, KEY).size).toBe(0);
  stores.progress.saveReflection(ann, KEY, 'r1', 'eerste');
  expect(stores.progress.reflectionsForLesson(ann, KEY).get('r1')?.text).toBe('eerste');
  stores.progress.saveReflection(ann, OTHER, 'r1', 'andere les');
  expect(stores.progress.reflectionsForLesson(ann, OTHER).get('r1')?.text).toBe('andere les');
  expect(stores.progress.reflectionsForLesson(ann, KEY).get('r1')?.text).toBe('eerste');
  expect(stores.progress.exerciseAnswersForLesson(ann, KEY).size).toBe(0);
  stores.progress.saveExerciseAnswers(ann, KEY, 'e1', [[2]]);
  expect(stores.progress.exerciseAnswersForLesson(ann, KEY).get('e1')).toEqual([[2]]);
  stores.progress.saveReflection(ann, KEY, 'r1', 'tweede');
  expect(stores.progress.reflectionsForLesson(ann, KEY).get('r1')?.text).toBe('tweede');
  expect(stores.progress.reflectionsForLesson(bob, KEY).size).toBe(0);
});

test('a video beacon updates the memo in place, to exactly what a fresh read gives', () => {
  const video = (segments: [number, number][], position: number) => () => ({ src: 'media/a.mp4', segments, position, duration: 60 });
  stores.progress.updateVideo(ann, KEY, 'media/b.mp4', () => ({ src: 'media/b.mp4', segments: [[0, 3]], position: 3, duration: 30 }));
  const before = stores.progress.progressForTeacher(ann);
  stores.progress.updateVideo(ann, KEY, 'media/a.mp4', video([[0, 10]], 10), new Date('2030-01-01T00:00:00.000Z'));
  stores.progress.updateVideo(ann, KEY, 'media/a.mp4', video([[0, 20]], 20), new Date('2030-01-01T00:00:10.000Z'));
  const memoised = stores.progress.progressForTeacher(ann);
  expect(memoised).not.toBe(before);
  expect(before.get(KEY)?.videos.map((v) => v.src)).toEqual(['media/b.mp4']);
  const fresh = createStores(openDatabase(path.join(dir, 'steun.db')));
  const read = fresh.progress.progressForTeacher(ann);
  fresh.sqlite.close();
  const bySrc = (m: typeof read) => ({ ...m.get(KEY)!, videos: [...m.get(KEY)!.videos].sort((a, b) => a.src.localeCompare(b.src)) });
  expect(bySrc(memoised)).toEqual(bySrc(read));
  expect(bySrc(memoised).lastSeenAt).toBe('2030-01-01T00:00:10.000Z');
});
