// A teacher's progress: lessons seen and done, watched video segments, reflections, exercise answers, study time.
import type { Clock } from '../clock';
import type { Sqlite } from './connection';
import { nowIso, stamper } from './connection';
import type { PersonMemo, PersonMemos } from './memo';

export type Segment = [number, number];

export interface StoredVideo {
  src: string;
  segments: Segment[];
  position: number;
  duration: number;
}

/** The shape the learning rules read (src/learning LessonProgress). */
export interface StoredLessonProgress {
  lessonKey: string;
  done: boolean;
  videos: StoredVideo[];
  reflectionIds: string[];
  exerciseIds: string[];
  activeSeconds: number;
  firstSeenAt: string;
  lastSeenAt: string;
  doneAt: string | null;
  completedAt: string | null;
}

interface LessonRow {
  lesson_key: string;
  first_seen_at: string;
  last_seen_at: string;
  done_at: string | null;
  completed_at: string | null;
  active_seconds: number;
}
interface VideoRow {
  lesson_key: string;
  src: string;
  segments: string;
  position: number;
  duration: number;
}

interface LessonInputs {
  lessonKey: string;
  reflections: ReadonlyMap<string, Readonly<{ text: string; updatedAt: string }>>;
  exercises: ReadonlyMap<string, readonly (readonly number[])[]>;
}

/** The progress with one lesson changed; undefined (read it again) when the memo does not know the lesson yet. */
function withLesson(progress: ReadonlyMap<string, StoredLessonProgress>, lessonKey: string, change: (lesson: StoredLessonProgress) => StoredLessonProgress): Map<string, StoredLessonProgress> | undefined {
  const lesson = progress.get(lessonKey);
  if (!lesson) return undefined;
  return new Map(progress).set(lessonKey, change(lesson));
}

export function progressStore(db: Sqlite, people: PersonMemos, clock: Clock) {
  const now = stamper(clock);
  // Read on every course request; every write below goes through the gateway (people.write).
  const memo = people.memo<ReadonlyMap<string, StoredLessonProgress>>();
  // What the teacher wrote in the lesson they have open: reflections and exercise answers.
  const inputs = people.memo<LessonInputs>();
  // This store writes only its own tables, which only its own memos read: a beacon every few
  // seconds leaves the teacher's account, quiz results and study memoised.
  const mine = [memo, inputs] as PersonMemo<unknown>[];
  // Study time, a lesson opened again and a video's report change only the progress, which they patch.
  const progressOnly = [memo] as PersonMemo<unknown>[];
  const write = <R>(userId: number, fn: () => R): R => people.write(userId, fn, undefined, mine);
  const s = {
    lessons: db.prepare<[number], LessonRow>('SELECT lesson_key, first_seen_at, last_seen_at, done_at, completed_at, active_seconds FROM lesson_progress WHERE user_id = ?'),
    videos: db.prepare<[number], VideoRow>('SELECT lesson_key, src, segments, position, duration FROM video_progress WHERE user_id = ?'),
    reflectionKeys: db.prepare<[number], { lesson_key: string; reflection_id: string }>(
      "SELECT lesson_key, reflection_id FROM reflections WHERE user_id = ? AND trim(text) <> ''",
    ),
    exerciseKeys: db.prepare<[number], { lesson_key: string; exercise_id: string }>('SELECT lesson_key, exercise_id FROM exercise_answers WHERE user_id = ?'),
    touch: db.prepare(
      `INSERT INTO lesson_progress (user_id, lesson_key, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (user_id, lesson_key) DO UPDATE SET last_seen_at = excluded.last_seen_at`,
    ),
    markDone: db.prepare('UPDATE lesson_progress SET done_at = coalesce(done_at, ?), last_seen_at = ? WHERE user_id = ? AND lesson_key = ?'),
    setCompleted: db.prepare(
      'UPDATE lesson_progress SET completed_at = CASE WHEN ? THEN coalesce(completed_at, ?) ELSE NULL END WHERE user_id = ? AND lesson_key = ?',
    ),
    // Opens the lesson if need be, and adds the seconds: one statement (one trigger) per report.
    addTime: db.prepare(
      `INSERT INTO lesson_progress (user_id, lesson_key, first_seen_at, last_seen_at, active_seconds) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (user_id, lesson_key) DO UPDATE SET active_seconds = active_seconds + excluded.active_seconds, last_seen_at = excluded.last_seen_at`,
    ),
    lessonOpenedAt: db.prepare<[number, string], { first_seen_at: string }>('SELECT first_seen_at FROM lesson_progress WHERE user_id = ? AND lesson_key = ?'),
    studyClock: db.prepare<[number], { credited_until: string }>('SELECT credited_until FROM study_clock WHERE user_id = ?'),
    setStudyClock: db.prepare(
      `INSERT INTO study_clock (user_id, credited_until) VALUES (?, ?)
       ON CONFLICT (user_id) DO UPDATE SET credited_until = excluded.credited_until`,
    ),
    video: db.prepare<[number, string, string], VideoRow & { started_at: string | null }>(
      'SELECT lesson_key, src, segments, position, duration, started_at FROM video_progress WHERE user_id = ? AND lesson_key = ? AND src = ?',
    ),
    saveVideo: db.prepare(
      `INSERT INTO video_progress (user_id, lesson_key, src, segments, position, duration, updated_at, started_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (user_id, lesson_key, src) DO UPDATE SET segments = excluded.segments, position = excluded.position,
         duration = excluded.duration, updated_at = excluded.updated_at, started_at = coalesce(video_progress.started_at, excluded.started_at)`,
    ),
    reflections: db.prepare<[number, string], { reflection_id: string; text: string; updated_at: string }>(
      'SELECT reflection_id, text, updated_at FROM reflections WHERE user_id = ? AND lesson_key = ?',
    ),
    saveReflection: db.prepare(
      `INSERT INTO reflections (user_id, lesson_key, reflection_id, text, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (user_id, lesson_key, reflection_id) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at`,
    ),
    exercises: db.prepare<[number, string], { exercise_id: string; answers: string }>('SELECT exercise_id, answers FROM exercise_answers WHERE user_id = ? AND lesson_key = ?'),
    saveExercise: db.prepare(
      `INSERT INTO exercise_answers (user_id, lesson_key, exercise_id, answers, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (user_id, lesson_key, exercise_id) DO UPDATE SET answers = excluded.answers, updated_at = excluded.updated_at`,
    ),
    storedKeys: db.prepare<[], { lesson_key: string }>('SELECT DISTINCT lesson_key FROM lesson_progress'),
    courseStarts: db.prepare<[], { user_id: number; started: string }>('SELECT user_id, MIN(first_seen_at) AS started FROM lesson_progress GROUP BY user_id'),
    allReflections: db.prepare<[number], { lesson_key: string; reflection_id: string; text: string; updated_at: string }>(
      "SELECT lesson_key, reflection_id, text, updated_at FROM reflections WHERE user_id = ? AND trim(text) <> '' ORDER BY updated_at",
    ),
  };

  function ensureLesson(userId: number, lessonKey: string, at: string): void {
    s.touch.run(userId, lessonKey, at, at);
  }

  function lessonInputs(userId: number, lessonKey: string): LessonInputs {
    const read = (): LessonInputs => ({
      lessonKey,
      reflections: new Map(s.reflections.all(userId, lessonKey).map((r) => [r.reflection_id, Object.freeze({ text: r.text, updatedAt: r.updated_at })])),
      exercises: new Map(s.exercises.all(userId, lessonKey).map((r) => [r.exercise_id, JSON.parse(r.answers) as number[][]])),
    });
    const known = inputs.get(userId, read);
    if (known.lessonKey === lessonKey) return known;
    inputs.forget(userId);
    return inputs.get(userId, read);
  }

  function readProgress(userId: number): Map<string, StoredLessonProgress> {
    const out = new Map<string, StoredLessonProgress>();
    for (const r of s.lessons.all(userId)) {
      out.set(r.lesson_key, {
        lessonKey: r.lesson_key,
        done: r.done_at !== null,
        videos: [],
        reflectionIds: [],
        exerciseIds: [],
        activeSeconds: r.active_seconds,
        firstSeenAt: r.first_seen_at,
        lastSeenAt: r.last_seen_at,
        doneAt: r.done_at,
        completedAt: r.completed_at,
      });
    }
    for (const v of s.videos.all(userId)) {
      out.get(v.lesson_key)?.videos.push({ src: v.src, segments: JSON.parse(v.segments) as Segment[], position: v.position, duration: v.duration });
    }
    for (const r of s.reflectionKeys.all(userId)) out.get(r.lesson_key)?.reflectionIds.push(r.reflection_id);
    for (const e of s.exerciseKeys.all(userId)) out.get(e.lesson_key)?.exerciseIds.push(e.exercise_id);
    return out;
  }

  return {
    /** Everything the learning rules need for one teacher, by lesson key. */
    progressForTeacher(userId: number): ReadonlyMap<string, StoredLessonProgress> {
      return memo.get(userId, () => readProgress(userId));
    },
    /** Records that the teacher opened the lesson (first and last seen). */
    touchLesson(userId: number, lessonKey: string, at = now()): void {
      people.write(userId, () => ensureLesson(userId, lessonKey, at), { memo, change: (progress) => withLesson(progress, lessonKey, (lesson) => ({ ...lesson, lastSeenAt: at })) }, progressOnly);
    },
    markDone(userId: number, lessonKey: string, at = now()): void {
      write(userId, () => {
        ensureLesson(userId, lessonKey, at);
        s.markDone.run(at, at, userId, lessonKey);
      });
    },
    setCompleted(userId: number, lessonKey: string, complete: boolean, at = now()): void {
      write(userId, () => s.setCompleted.run(complete ? 1 : 0, at, userId, lessonKey));
    },
    /**
     * Adds study time in one transaction: `credit` gets the teacher's study clock and when the lesson
     * was first opened, and says how many seconds to add and where the clock stands afterwards.
     */
    addActiveSeconds(
      userId: number,
      lessonKey: string,
      credit: (clock: { creditedUntil: number | null; lessonOpenedAt: number }) => { seconds: number; creditedUntil: number },
      at = new Date(clock()),
    ): number {
      const iso = nowIso(at);
      // A report of study time every minute per open lesson: the progress memo takes the new time
      // as written instead of being read again, and the lesson's own inputs stay memoised.
      return people.write(
        userId,
        () => {
          const opened = s.lessonOpenedAt.get(userId, lessonKey)?.first_seen_at ?? iso;
          const until = s.studyClock.get(userId)?.credited_until;
          const result = credit({ creditedUntil: until ? Date.parse(until) : null, lessonOpenedAt: Date.parse(opened) });
          s.setStudyClock.run(userId, new Date(result.creditedUntil).toISOString());
          s.addTime.run(userId, lessonKey, iso, iso, result.seconds);
          return result.seconds;
        },
        { memo, change: (progress, seconds) => withLesson(progress, lessonKey, (lesson) => ({ ...lesson, activeSeconds: lesson.activeSeconds + seconds, lastSeenAt: iso })) },
        progressOnly,
      );
    },
    /**
     * Reads, updates and writes one video's progress in one transaction. The first report about a
     * video starts its clock; `update` gets the previous state and the seconds since that start.
     * With `touch` false the lesson's "last seen" stays as it is (it is kept to the minute; see
     * lastSeenNeedsWrite in src/learning/resume.ts), and so does the report of the teacher's school.
     */
    updateVideo(
      userId: number,
      lessonKey: string,
      src: string,
      update: (previous: StoredVideo | undefined, secondsSinceStart: number) => StoredVideo,
      at = new Date(clock()),
      touch = true,
    ): StoredVideo {
      const iso = nowIso(at);
      // Beacons come every few seconds while a video plays: the progress memo takes the new state as
      // written instead of being read again (a lesson it does not know yet means a fresh read).
      return people.write(
        userId,
        () => {
          if (touch) s.touch.run(userId, lessonKey, iso, iso);
          const row = s.video.get(userId, lessonKey, src);
          const previous = row ? { src: row.src, segments: JSON.parse(row.segments) as Segment[], position: row.position, duration: row.duration } : undefined;
          const startedAt = row?.started_at || iso;
          const next = update(previous, (at.getTime() - Date.parse(startedAt)) / 1000);
          s.saveVideo.run(userId, lessonKey, src, JSON.stringify(next.segments), next.position, next.duration, iso, startedAt);
          return next;
        },
        {
          memo,
          change: (progress, saved) =>
            withLesson(progress, lessonKey, (lesson) => ({ ...lesson, lastSeenAt: touch ? iso : lesson.lastSeenAt, videos: [...lesson.videos.filter((v) => v.src !== src), saved] })),
        },
        progressOnly,
      );
    },
    reflectionsForLesson(userId: number, lessonKey: string): ReadonlyMap<string, Readonly<{ text: string; updatedAt: string }>> {
      return lessonInputs(userId, lessonKey).reflections;
    },
    saveReflection(userId: number, lessonKey: string, reflectionId: string, text: string, at = now()): void {
      write(userId, () => {
        ensureLesson(userId, lessonKey, at);
        s.saveReflection.run(userId, lessonKey, reflectionId, text, at);
      });
    },
    exerciseAnswersForLesson(userId: number, lessonKey: string): ReadonlyMap<string, readonly (readonly number[])[]> {
      return lessonInputs(userId, lessonKey).exercises;
    },
    saveExerciseAnswers(userId: number, lessonKey: string, exerciseId: string, answers: number[][], at = now()): void {
      write(userId, () => {
        ensureLesson(userId, lessonKey, at);
        s.saveExercise.run(userId, lessonKey, exerciseId, JSON.stringify(answers), at);
      });
    },
    /** Everything the teacher wrote in reflections, oldest change first. */
    reflectionsForTeacher(userId: number): { lessonKey: string; reflectionId: string; text: string; updatedAt: string }[] {
      return s.allReflections.all(userId).map((r) => ({ lessonKey: r.lesson_key, reflectionId: r.reflection_id, text: r.text, updatedAt: r.updated_at }));
    },
    /** Per teacher who opened any lesson: when they opened the first (for the study's export). */
    courseStarts(): Map<number, string> {
      return new Map(s.courseStarts.all().map((r) => [r.user_id, r.started]));
    },
    /** Every lesson key any teacher has progress on (for the checker's renamed-slug warning). */
    storedLessonKeys(): string[] {
      return s.storedKeys.all().map((r) => r.lesson_key);
    },
  };
}

