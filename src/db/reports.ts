// What coordinators and authors see: completion, scores and time per teacher — never reflections,
// exercise answers or per-question quiz answers of a teacher.
import type { Sqlite } from './connection';

export interface TeacherRecord {
  id: number;
  name: string;
  email: string;
  active: boolean;
  schoolId: number | null;
  createdAt: string;
  lastActiveAt: string | null;
}

export interface TeacherActivity {
  activeSeconds: number;
  lastSeenAt: string;
}

export interface TeacherQuizRecord {
  userId: number;
  moduleSlug: string;
  attempts: number;
  bestScore: number | null;
  passedAt: string | null;
  lastSubmittedAt: string;
}

/**
 * What the report's rows are computed from for the teachers of a run of schools (src/report/),
 * one entry per teacher: the lessons completed (lesson key -> when), study time and last visit,
 * and the submitted quizzes.
 */
export interface TeacherReportData {
  teacher: TeacherRecord;
  completions: Map<string, string>;
  activity: TeacherActivity | null;
  quizzes: TeacherQuizRecord[];
}

// Separators inside group_concat: lesson keys, module slugs and ISO times never contain them.
const FIELD = '\x1f';
const ENTRY = '\x1e';
const TOTALS = '\x1d';

/**
 * What the coordinators' report and the researcher's cohort read in bulk. The report reads per run
 * of schools (`schoolsData`, through the users_school index), so a school's report never walks
 * every teacher; the cohort reads every teacher at once.
 */
export function reportsStore(db: Sqlite) {
  type TeacherRow = { id: number; name: string; email: string; active: number; school_id: number | null; created_at: string; last_active_at: string | null };
  const teacherColumns = 'id, name, email, active, school_id, created_at, last_active_at';
  const s = {
    // A school's pending invitations (migrations/008-invitations.sql) count as teachers who never
    // signed in, named by the address's local part like a new invited account: the list and the
    // report look the same whether the address had an account elsewhere or not. Not in the report
    // of all schools, where the person is counted already (with their own account).
    schoolTeachers: db.prepare<[number, number], TeacherRow>(
      `SELECT ${teacherColumns} FROM users u WHERE u.role = 'teacher' AND u.school_id = ?
       UNION ALL
       SELECT i.id, substr(i.email, 1, instr(i.email, '@') - 1), i.email, i.active, i.school_id, i.created_at, NULL FROM invitations i
       WHERE i.school_id = ? AND NOT EXISTS (SELECT 1 FROM users u WHERE u.email = i.email AND u.school_id = i.school_id)
       ORDER BY name COLLATE NOCASE, id`,
    ),
    // Rows as arrays (raw): tens of thousands of them, and objects per row cost more than the query.
    completions: db
      .prepare<[], [number, string, string]>(
        `SELECT p.user_id, p.lesson_key, p.completed_at
         FROM users u JOIN lesson_progress p ON p.user_id = u.id
         WHERE p.completed_at IS NOT NULL AND u.role = 'teacher'`,
      )
      .raw(true),
    activity: db.prepare<[], { user_id: number; seconds: number; last_seen: string }>(
      `SELECT p.user_id, SUM(p.active_seconds) AS seconds, MAX(p.last_seen_at) AS last_seen
       FROM users u JOIN lesson_progress p ON p.user_id = u.id
       WHERE u.role = 'teacher'
       GROUP BY p.user_id`,
    ),
    quizzes: db.prepare<[], { user_id: number; module_slug: string; attempts: number; best: number | null; passed_at: string | null; last_submitted_at: string }>(
      `SELECT a.user_id, a.module_slug, COUNT(*) AS attempts, MAX(a.score) AS best,
              MIN(CASE WHEN a.passed = 1 THEN a.submitted_at END) AS passed_at, MAX(a.submitted_at) AS last_submitted_at
       FROM users u JOIN quiz_attempts a ON a.user_id = u.id
       WHERE a.submitted_at IS NOT NULL AND u.role = 'teacher'
       GROUP BY a.user_id, a.module_slug`,
    ),
    lessonStats: db.prepare<[], { lesson_key: string; completed: number }>(
      `SELECT lesson_key, COUNT(*) AS completed FROM lesson_progress WHERE completed_at IS NOT NULL GROUP BY lesson_key`,
    ),
    lessonTimes: db.prepare<[string], { active_seconds: number }>(
      'SELECT active_seconds FROM lesson_progress WHERE lesson_key = ? AND completed_at IS NOT NULL ORDER BY active_seconds',
    ),
    submittedAttempts: db.prepare<[string], { user_id: number; result: string }>(
      'SELECT user_id, result FROM quiz_attempts WHERE module_slug = ? AND submitted_at IS NOT NULL ORDER BY user_id, started_at',
    ),
  };
  // The report's read per run of schools (`u.school_id BETWEEN ? AND ?`, one school when both are
  // equal) or of the teachers without a school: one row per teacher, with the lessons completed and
  // the quizzes folded into strings by SQLite (far fewer values to hand over than a row per lesson),
  // each from its own table's index on user_id (no sorting for a GROUP BY). Scores as %.17g:
  // seventeen digits bring a double back exactly.
  const teachersIn = (where: string) =>
    db
      .prepare(
        `SELECT ${teacherColumns},
                (SELECT coalesce(group_concat(CASE WHEN p.completed_at IS NOT NULL THEN p.lesson_key || char(31) || p.completed_at END, char(30)), '')
                        || char(29) || SUM(p.active_seconds) || char(29) || MAX(p.last_seen_at)
                 FROM lesson_progress p WHERE p.user_id = u.id),
                (SELECT group_concat(module_slug || char(31) || attempts || char(31) || coalesce(printf('%.17g', best), '') || char(31) || coalesce(passed_at, '') || char(31) || last_submitted_at, char(30))
                 FROM (SELECT a.module_slug, COUNT(*) AS attempts, MAX(a.score) AS best,
                              MIN(CASE WHEN a.passed = 1 THEN a.submitted_at END) AS passed_at, MAX(a.submitted_at) AS last_submitted_at
                       FROM quiz_attempts a WHERE a.user_id = u.id AND a.submitted_at IS NOT NULL
                       GROUP BY a.module_slug))
         FROM users u WHERE u.role = 'teacher' AND ${where}`,
      )
      .raw(true);
  type DataRow = [number, string, string, number, number | null, string, string | null, string | null, string | null];
  const r = {
    range: teachersIn('u.school_id BETWEEN ? AND ?'),
    none: teachersIn('u.school_id IS NULL'),
    invited: db.prepare<[number], TeacherRow>(
      `SELECT i.id, substr(i.email, 1, instr(i.email, '@') - 1) AS name, i.email, i.active, i.school_id, i.created_at, NULL AS last_active_at FROM invitations i
       WHERE i.school_id = ? AND NOT EXISTS (SELECT 1 FROM users u WHERE u.email = i.email AND u.school_id = i.school_id)`,
    ),
    schoolIds: db.prepare<[], number>('SELECT id FROM schools ORDER BY id').pluck(),
  };
  const toRecord = (row: TeacherRow): TeacherRecord => ({
    id: row.id,
    name: row.name,
    email: row.email,
    active: row.active === 1,
    schoolId: row.school_id,
    createdAt: row.created_at,
    lastActiveAt: row.last_active_at,
  });

  return {
    /** Every school's id, in order. */
    schoolIds(): number[] {
      return r.schoolIds.all();
    },
    /** The report's data for the teachers of the schools with ids `from` to `to` (both null: the teachers without a school). */
    schoolsData(from: number | null, to: number | null): TeacherReportData[] {
      const rows = (from === null || to === null ? r.none.all() : r.range.all(from, to)) as DataRow[];
      return rows.map(([id, name, email, active, schoolId, createdAt, lastActiveAt, progress, quizList]) => {
        const data: TeacherReportData = { teacher: { id, name, email, active: active === 1, schoolId, createdAt, lastActiveAt }, completions: new Map(), activity: null, quizzes: [] };
        if (progress !== null) {
          const [completed, seconds, lastSeen] = progress.split(TOTALS) as [string, string, string];
          data.activity = { activeSeconds: Number(seconds), lastSeenAt: lastSeen };
          if (completed) {
            for (const entry of completed.split(ENTRY)) {
              const cut = entry.indexOf(FIELD);
              data.completions.set(entry.slice(0, cut), entry.slice(cut + 1));
            }
          }
        }
        if (quizList !== null) {
          for (const entry of quizList.split(ENTRY)) {
            const [moduleSlug, attempts, best, passedAt, lastSubmittedAt] = entry.split(FIELD) as [string, string, string, string, string];
            data.quizzes.push({ userId: id, moduleSlug, attempts: Number(attempts), bestScore: best === '' ? null : Number(best), passedAt: passedAt || null, lastSubmittedAt });
          }
        }
        return data;
      });
    },
    /** A school's pending invitations, as teachers who never signed in (see `teachers`). */
    invited(schoolId: number): TeacherRecord[] {
      return r.invited.all(schoolId).map(toRecord);
    },
    /** The teachers of one school, with its pending invitations, in name order. */
    teachers(schoolId: number): TeacherRecord[] {
      return s.schoolTeachers.all(schoolId, schoolId).map(toRecord);
    },
    /** Per teacher: lesson key -> when it was completed. */
    completions(): Map<number, Map<string, string>> {
      const out = new Map<number, Map<string, string>>();
      let lastUser = -1;
      let m = new Map<string, string>();
      for (const [userId, lessonKey, completedAt] of s.completions.all()) {
        if (userId !== lastUser) {
          m = out.get(userId) ?? new Map<string, string>();
          out.set(userId, m);
          lastUser = userId;
        }
        m.set(lessonKey, completedAt);
      }
      return out;
    },
    /** Per teacher who opened any lesson: total study time and last activity. */
    activity(): Map<number, TeacherActivity> {
      return new Map(s.activity.all().map((r) => [r.user_id, { activeSeconds: r.seconds, lastSeenAt: r.last_seen }]));
    },
    quizzes(): TeacherQuizRecord[] {
      return s.quizzes.all().map((r) => ({ userId: r.user_id, moduleSlug: r.module_slug, attempts: r.attempts, bestScore: r.best, passedAt: r.passed_at, lastSubmittedAt: r.last_submitted_at }));
    },
    /** Per lesson key: how many teachers completed it. */
    lessonCompletionCounts(): Map<string, number> {
      return new Map(s.lessonStats.all().map((r) => [r.lesson_key, r.completed]));
    },
    /** Median active seconds of the teachers who completed the lesson, or null. */
    medianActiveSeconds(lessonKey: string): number | null {
      const rows = s.lessonTimes.all(lessonKey);
      if (rows.length === 0) return null;
      const mid = Math.floor(rows.length / 2);
      return rows.length % 2 ? rows[mid]!.active_seconds : (rows[mid - 1]!.active_seconds + rows[mid]!.active_seconds) / 2;
    },
    /** Graded results of every teacher's first submitted attempt at a module's quiz (for item statistics). */
    /** Every handed-in attempt of a module's quiz, per teacher in the order they were made. */
    submittedAttemptResults<R>(moduleSlug: string): { userId: number; result: R }[] {
      return s.submittedAttempts.all(moduleSlug).map((r) => ({ userId: r.user_id, result: JSON.parse(r.result) as R }));
    },
  };
}

