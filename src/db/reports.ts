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
 * Everything a report needs for the teachers of one school (or all schools: schoolId null), in
 * three reads. Each read has a form per scope: one school's goes through the users_school index and
 * reads only its teachers' rows, where `(? IS NULL OR school_id = ?)` would scan every teacher.
 */
export function reportsStore(db: Sqlite) {
  /** The same statement for one school (`u.school_id = ?`) and for all schools. */
  const scoped = <Row>(sql: (where: string) => string, raw = false) => {
    const one = db.prepare<[number], Row>(sql('u.school_id = ?'));
    const all = db.prepare<[], Row>(sql('1'));
    if (raw) {
      one.raw(true);
      all.raw(true);
    }
    return (schoolId: number | null): Row[] => (schoolId === null ? all.all() : one.all(schoolId));
  };
  type TeacherRow = { id: number; name: string; email: string; active: number; school_id: number | null; created_at: string; last_active_at: string | null };
  const teacherColumns = 'id, name, email, active, school_id, created_at, last_active_at';
  // A school's pending invitations (migrations/008-invitations.sql) count as teachers who never
  // signed in, named by the address's local part like a new invited account: the list and the
  // report look the same whether the address had an account elsewhere or not. Not in the report
  // of all schools, where the person is counted already (with their own account).
  const schoolTeachers = db.prepare<[number, number], TeacherRow>(
    `SELECT ${teacherColumns} FROM users u WHERE u.role = 'teacher' AND u.school_id = ?
     UNION ALL
     SELECT i.id, substr(i.email, 1, instr(i.email, '@') - 1), i.email, i.active, i.school_id, i.created_at, NULL FROM invitations i
     WHERE i.school_id = ? AND NOT EXISTS (SELECT 1 FROM users u WHERE u.email = i.email AND u.school_id = i.school_id)
     ORDER BY name COLLATE NOCASE, id`,
  );
  const allTeachers = db.prepare<[], TeacherRow>(`SELECT ${teacherColumns} FROM users WHERE role = 'teacher' ORDER BY name COLLATE NOCASE, id`);
  const s = {
    teachers: (schoolId: number | null): TeacherRow[] => (schoolId === null ? allTeachers.all() : schoolTeachers.all(schoolId, schoolId)),
    // Rows as arrays (raw): tens of thousands of them, and objects per row cost more than the query.
    completions: scoped<[number, string, string]>(
      (where) => `SELECT p.user_id, p.lesson_key, p.completed_at
                  FROM users u JOIN lesson_progress p ON p.user_id = u.id
                  WHERE p.completed_at IS NOT NULL AND u.role = 'teacher' AND ${where}`,
      true,
    ),
    activity: scoped<{ user_id: number; seconds: number; last_seen: string }>(
      (where) => `SELECT p.user_id, SUM(p.active_seconds) AS seconds, MAX(p.last_seen_at) AS last_seen
                  FROM users u JOIN lesson_progress p ON p.user_id = u.id
                  WHERE u.role = 'teacher' AND ${where}
                  GROUP BY p.user_id`,
    ),
    quizzes: scoped<{ user_id: number; module_slug: string; attempts: number; best: number | null; passed_at: string | null; last_submitted_at: string }>(
      (where) => `SELECT a.user_id, a.module_slug, COUNT(*) AS attempts, MAX(a.score) AS best,
                         MIN(CASE WHEN a.passed = 1 THEN a.submitted_at END) AS passed_at, MAX(a.submitted_at) AS last_submitted_at
                  FROM users u JOIN quiz_attempts a ON a.user_id = u.id
                  WHERE a.submitted_at IS NOT NULL AND u.role = 'teacher' AND ${where}
                  GROUP BY a.user_id, a.module_slug`,
    ),
    lessonStats: db.prepare<[], { lesson_key: string; completed: number }>(
      `SELECT lesson_key, COUNT(*) AS completed FROM lesson_progress WHERE completed_at IS NOT NULL GROUP BY lesson_key`,
    ),
    lessonTimes: db.prepare<[string], { active_seconds: number }>(
      'SELECT active_seconds FROM lesson_progress WHERE lesson_key = ? AND completed_at IS NOT NULL ORDER BY active_seconds',
    ),
    changes: db.prepare<[], { changes: number }>('SELECT total_changes() AS changes'),
    submittedAttempts: db.prepare<[string], { user_id: number; result: string }>(
      'SELECT user_id, result FROM quiz_attempts WHERE module_slug = ? AND submitted_at IS NOT NULL ORDER BY user_id, started_at',
    ),
  };
  return {
    /**
     * Changes whenever any row changed, through this connection or another (the CLI, a backup
     * restore): report rows computed under the same version are still true.
     */
    version(): string {
      return `${s.changes.get()!.changes}:${db.pragma('data_version', { simple: true }) as number}`;
    },
    /** The teachers of one school, with its pending invitations, or of all schools (null). */
    teachers(schoolId: number | null): TeacherRecord[] {
      return s.teachers(schoolId).map((r) => ({
        id: r.id,
        name: r.name,
        email: r.email,
        active: r.active === 1,
        schoolId: r.school_id,
        createdAt: r.created_at,
        lastActiveAt: r.last_active_at,
      }));
    },
    /** Per teacher: lesson key -> when it was completed. */
    completions(schoolId: number | null): Map<number, Map<string, string>> {
      const out = new Map<number, Map<string, string>>();
      let lastUser = -1;
      let m = new Map<string, string>();
      for (const [userId, lessonKey, completedAt] of s.completions(schoolId)) {
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
    activity(schoolId: number | null): Map<number, TeacherActivity> {
      return new Map(s.activity(schoolId).map((r) => [r.user_id, { activeSeconds: r.seconds, lastSeenAt: r.last_seen }]));
    },
    quizzes(schoolId: number | null): TeacherQuizRecord[] {
      return s.quizzes(schoolId).map((r) => ({ userId: r.user_id, moduleSlug: r.module_slug, attempts: r.attempts, bestScore: r.best, passedAt: r.passed_at, lastSubmittedAt: r.last_submitted_at }));
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

