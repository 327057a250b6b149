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

test('study time and a lesson opened again update the memo in place, without a read, to exactly what a fresh read gives; the lesson\'s own inputs stay', () => {
  stores.progress.saveReflection(ann, KEY, 'r1', 'Mijn gedachte');
  stores.progress.touchLesson(ann, LESSON2, '2030-01-01T00:00:00.000Z');
  stores.progress.addActiveSeconds(ann, KEY, () => ({ seconds: 20, creditedUntil: Date.parse('2030-01-01T00:00:20.000Z') }), new Date('2030-01-01T00:00:20.000Z'));
  const before = stores.progress.progressForTeacher(ann);
  const inputs = stores.progress.reflectionsForLesson(ann, KEY);
  stores.progress.addActiveSeconds(ann, KEY, () => ({ seconds: 30, creditedUntil: Date.parse('2030-01-01T00:01:00.000Z') }), new Date('2030-01-01T00:01:00.000Z'));
  stores.progress.touchLesson(ann, KEY, '2030-01-01T00:01:30.000Z');
  const memoised = stores.progress.progressForTeacher(ann);
  expect(memoised).not.toBe(before);
  // Not read again: the other lesson's entry is the very object the memo held.
  expect(memoised.get(LESSON2)).toBe(before.get(LESSON2));
  expect(stores.progress.reflectionsForLesson(ann, KEY)).toBe(inputs);
  const fresh = createStores(openDatabase(path.join(dir, 'steun.db')));
  const read = fresh.progress.progressForTeacher(ann);
  fresh.sqlite.close();
  expect(memoised.get(KEY)).toEqual(read.get(KEY));
  expect(memoised.get(LESSON2)).toEqual(read.get(LESSON2));
  expect(memoised.get(KEY)?.activeSeconds).toBe(50);
  expect(memoised.get(KEY)?.lastSeenAt).toBe('2030-01-01T00:01:30.000Z');
  // A lesson the memo does not know yet is read afresh, with the seconds in it.
  stores.progress.addActiveSeconds(ann, 'start/derde', () => ({ seconds: 0, creditedUntil: Date.parse('2030-01-01T00:02:00.000Z') }), new Date('2030-01-01T00:02:00.000Z'));
  expect(stores.progress.progressForTeacher(ann).get('start/derde')?.firstSeenAt).toBe('2030-01-01T00:02:00.000Z');
});

// Every method of every store that memoises, sorted into what reads and what writes. A new method
// fails the first test until it is listed; every write is then called and must leave no memo of
// the person answering what was there before (checked against a read past the memos).
const LESSON2 = 'start/verder';
const READS: Record<string, string[]> = {
  accounts: ['userById', 'userByEmailWithHash', 'emailTaken', 'hasAdmin', 'schoolById', 'schoolByJoinCode', 'userForPasswordToken', 'schools', 'schoolNames', 'hasSchools', 'users', 'linkGone'],
  progress: ['progressForTeacher', 'reflectionsForLesson', 'exerciseAnswersForLesson', 'reflectionsForTeacher', 'storedLessonKeys', 'courseStarts'],
  attempts: ['byId', 'openAttempt', 'summaryForTeacher', 'allForTeacher'],
  proofs: ['isProven', 'tokenProves'],
  research: ['participant', 'pupils', 'pupilsInUseAbove', 'answers', 'finished', 'openings', 'consentingUserIds', 'consentingInSchools', 'allParticipants', 'allAnswers', 'allForms', 'teachersPerSchool', 'pupilCounts', 'exportFor', 'allPupils'],
};
/** Writes about a person (`id`); school-wide and everyone's writes are listed with what they change. */
const WRITES: Record<string, Record<string, (id: number) => unknown>> = {
  accounts: {
    addUser: () => stores.accounts.addUser({ email: 'nieuw@school.nl', name: 'Nieuw', role: 'teacher', schoolId: null, passwordHash: null }),
    addFirstAdmin: () => stores.accounts.addFirstAdmin({ email: 'beheer@school.nl', name: 'Beheer', passwordHash: 'x' }),
    setPasswordHash: (id) => stores.accounts.setPasswordHash(id, 'nieuw-hash'),
    touchActive: (id) => stores.accounts.touchActive(id, '2031-01-01T00:00:00.000Z'),
    addSchool: () => stores.accounts.addSchool('Nieuwe school'),
    createPasswordToken: (id) => stores.accounts.createPasswordToken(id),
    renewJoinCode: () => stores.accounts.renewJoinCode(school),
    renameSchool: () => stores.accounts.renameSchool(school, 'Andere naam'),
    setActive: (id) => stores.accounts.setActive(id, false),
    setRole: (id) => stores.accounts.setRole(id, 'author'),
    setSchool: (id) => stores.accounts.setSchool(id, school),
    setName: (id) => stores.accounts.setName(id, 'Ann de Vries'),
    deleteUser: (id) => stores.accounts.deleteUser(id),
    setPasswordWithToken: (id) => stores.accounts.setPasswordWithToken(id, 'ander-hash'),
    linkUsed: (id) => stores.accounts.linkUsed(stores.accounts.createPasswordToken(id)),
    forgetUsedLinks: () => stores.accounts.forgetUsedLinks('2100-01-01T00:00:00.000Z'),
  },
  progress: {
    touchLesson: (id) => stores.progress.touchLesson(id, LESSON2, '2031-01-01T00:00:00.000Z'),
    markDone: (id) => stores.progress.markDone(id, KEY, '2031-01-01T00:00:00.000Z'),
    setCompleted: (id) => stores.progress.setCompleted(id, KEY, true, '2031-01-01T00:00:00.000Z'),
    addActiveSeconds: (id) => stores.progress.addActiveSeconds(id, KEY, () => ({ seconds: 30, creditedUntil: Date.parse('2031-01-01T00:00:30.000Z') }), new Date('2031-01-01T00:00:30.000Z')),
    updateVideo: (id) => stores.progress.updateVideo(id, KEY, 'media/a.mp4', () => ({ src: 'media/a.mp4', segments: [[0, 5]], position: 5, duration: 60 })),
    saveReflection: (id) => stores.progress.saveReflection(id, KEY, 'r1', 'Een nieuwe gedachte'),
    saveExerciseAnswers: (id) => stores.progress.saveExerciseAnswers(id, KEY, 'e1', [[3]]),
  },
  attempts: {
    create: (id) => stores.attempts.create(id, 'start', { questions: [] }),
    submit: (id) => stores.attempts.submit(id, openAttemptOf(id), { score: 1, passed: true, result: {} }),
  },
  proofs: {
    prove: (id) => stores.proofs.prove(id),
    sentOnlyByMail: (id) => stores.proofs.sentOnlyByMail(stores.accounts.createPasswordToken(id)),
    takenBySchoolLogin: (id) => stores.proofs.takenBySchoolLogin(id),
    provenByMailbox: (id) => stores.proofs.provenByMailbox(id),
  },
  research: {
    decide: (id) => stores.research.decide(id, 'withdrawn', 'v1'),
    setPupils: (id) => stores.research.setPupils(id, ['Sam', 'Noor']),
    saveAnswers: (id) => stores.research.saveAnswers(id, 't0', 'q', 1, [{ item: 'a', value: '4' }]),
    finish: (id) => stores.research.finish(id, 't1', 'q', 1),
    addOpening: () => stores.research.addOpening('t1', null, '2031-01-01T00:00:00.000Z', '2031-02-01T00:00:00.000Z', 3, null),
    closeOpening: () => {
      stores.research.addOpening('t2', null, '2031-01-01T00:00:00.000Z', '2031-02-01T00:00:00.000Z', 1, null);
      stores.research.openings();
      expect(stores.research.closeOpening(stores.research.openings().at(-1)!.id, '2031-01-02T00:00:00.000Z')).toBe(true);
    },
  },
};
let school: number;
let attempt: string;
const openAttemptOf = (_id: number) => attempt;

/** What the reads that memoise answer for a person, as plain data. */
function memoised(id: number) {
  return {
    user: stores.accounts.userById(id),
    progress: stores.progress.progressForTeacher(id),
    reflections: stores.progress.reflectionsForLesson(id, KEY),
    exercises: stores.progress.exerciseAnswersForLesson(id, KEY),
    quizzes: stores.attempts.summaryForTeacher(id),
    participant: stores.research.participant(id),
    pupils: stores.research.pupils(id),
    finished: stores.research.finished(id),
    openings: stores.research.openings(),
  };
}

describe('every write of every memoising store', () => {
  beforeEach(() => {
    school = stores.accounts.addSchool('De Regenboog').id;
    stores.research.decide(ann, 'yes', 'v1');
    stores.research.setPupils(ann, ['Sam']);
    stores.research.finish(ann, 't0', 'q', 1);
    stores.progress.saveReflection(ann, KEY, 'r1', 'eerste');
    stores.progress.saveExerciseAnswers(ann, KEY, 'e1', [[1]]);
    attempt = stores.attempts.create(ann, 'start', { questions: [] });
  });

  test('is listed: a new store method must be sorted into reads or writes', () => {
    for (const store of Object.keys(READS) as (keyof typeof READS)[]) {
      const methods = Object.keys(stores[store as 'accounts']).sort();
      expect({ store, methods }).toEqual({ store, methods: [...READS[store]!, ...Object.keys(WRITES[store]!)].sort() });
    }
  });

  const cases = Object.entries(WRITES).flatMap(([store, writes]) => Object.entries(writes).map(([name, write]) => [`${store}.${name}`, write] as const));
  test.each(cases)('%s leaves no memo answering the old value', (_name, write) => {
    memoised(ann);
    memoised(bob);
    write(ann);
    expect(memoised(ann)).toEqual(stores.withoutMemos(() => memoised(ann)));
    expect(memoised(bob)).toEqual(stores.withoutMemos(() => memoised(bob)));
  });

  test('a value a store hands out cannot be changed by the caller, for anyone after', () => {
    const values = memoised(ann);
    expect(() => (values.pupils as { number: number; name: string; addedAt: null }[]).push({ number: 9, name: 'x', addedAt: null })).toThrow(/not extensible|read only|read-only|cannot be changed|Cannot assign/);
    expect(() => (values.progress as Map<string, unknown>).set('x', {})).toThrow(/not extensible|read only|read-only|cannot be changed|Cannot assign/);
    expect(() => (values.finished as Map<string, string>).delete('t0/q/1')).toThrow(/not extensible|read only|read-only|cannot be changed|Cannot assign/);
    expect(() => ((values.progress.get(KEY)!.reflectionIds as string[]).length = 0)).toThrow(/not extensible|read only|read-only|cannot be changed|Cannot assign/);
    expect(() => (values.participant as { decision: string }).decision = 'no').toThrow(/not extensible|read only|read-only|cannot be changed|Cannot assign/);
    expect(stores.research.pupils(ann).map((p) => p.name)).toEqual(['Sam']);
  });

  test('a batch read past the memos neither uses nor fills them', () => {
    const kept = stores.progress.progressForTeacher(bob);
    const past = stores.withoutMemos(() => stores.progress.progressForTeacher(bob));
    expect(past).not.toBe(kept);
    expect(past).toEqual(kept);
    expect(stores.progress.progressForTeacher(bob)).toBe(kept);
  });
});
