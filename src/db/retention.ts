// Keeping personal data no longer than needed: teachers without activity for a long time (told
// first, erased later through accounts.deleteUser), and whole schools that leave.
import type { Sqlite } from './connection';
import { stamper } from './connection';
import type { Clock } from '../clock';

export interface InactiveTeacher {
  id: number;
  email: string;
  name: string;
  /** The last sign-in, lesson visit or quiz (or, never active, when the account was made). */
  lastActivity: string;
}

/** A teacher's last sign-in, lesson visit or quiz; the account's creation when there is none. */
const LAST_ACTIVITY = `max(coalesce(u.last_active_at, u.created_at), u.created_at,
  coalesce((SELECT MAX(p.last_seen_at) FROM lesson_progress p WHERE p.user_id = u.id), ''),
  coalesce((SELECT MAX(a.submitted_at) FROM quiz_attempts a WHERE a.user_id = u.id AND a.submitted_at IS NOT NULL), ''))`;

export interface SchoolCounts {
  people: number;
  teachers: number;
  coordinators: number;
  others: number;
  invitations: number;
  lessonProgress: number;
  reflections: number;
  quizAttempts: number;
  certificates: number;
  studyParticipants: number;
}

export function retentionStore(db: Sqlite, clock: Clock) {
  const now = stamper(clock);
  const s = {
    // Inactive since `before`, and not told since their last activity.
    toTell: db.prepare<[{ before: string; limit: number }], InactiveTeacher>(
      `SELECT id, email, name, last AS lastActivity FROM (
         SELECT u.id, u.email, u.name, u.inactive_notice_at, ${LAST_ACTIVITY} AS last FROM users u WHERE u.role = 'teacher')
       WHERE last < @before AND (inactive_notice_at IS NULL OR inactive_notice_at < last)
       ORDER BY last LIMIT @limit`,
    ),
    // Told before `toldBefore`, and no activity since.
    toErase: db.prepare<[{ before: string; limit: number }], { id: number; schoolId: number | null }>(
      `SELECT id, school_id AS schoolId FROM (
         SELECT u.id, u.school_id, u.inactive_notice_at, ${LAST_ACTIVITY} AS last FROM users u WHERE u.role = 'teacher' AND u.inactive_notice_at IS NOT NULL)
       WHERE inactive_notice_at < @before AND last < inactive_notice_at
       ORDER BY id LIMIT @limit`,
    ),
    told: db.prepare('UPDATE users SET inactive_notice_at = ? WHERE id = ?'),
    schoolPeople: db.prepare<[number], { id: number; role: string }>('SELECT id, role FROM users WHERE school_id = ? ORDER BY id'),
    activeAdminsOutside: db.prepare<[number], { n: number }>(`SELECT COUNT(*) AS n FROM users WHERE role = 'admin' AND active = 1 AND (school_id IS NULL OR school_id <> ?)`),
    schoolCounts: db.prepare<[{ school: number }], Omit<SchoolCounts, 'people' | 'teachers' | 'coordinators' | 'others'>>(
      `SELECT (SELECT COUNT(*) FROM invitations WHERE school_id = @school) AS invitations,
              (SELECT COUNT(*) FROM lesson_progress WHERE user_id IN (SELECT id FROM users WHERE school_id = @school)) AS lessonProgress,
              (SELECT COUNT(*) FROM reflections WHERE user_id IN (SELECT id FROM users WHERE school_id = @school)) AS reflections,
              (SELECT COUNT(*) FROM quiz_attempts WHERE user_id IN (SELECT id FROM users WHERE school_id = @school)) AS quizAttempts,
              (SELECT COUNT(*) FROM certificates WHERE user_id IN (SELECT id FROM users WHERE school_id = @school)) AS certificates,
              (SELECT COUNT(*) FROM study_participants WHERE user_id IN (SELECT id FROM users WHERE school_id = @school)) AS studyParticipants`,
    ),
    deleteSchool: db.prepare('DELETE FROM schools WHERE id = ?'),
  };
  return {
    /** Teachers inactive since `before` who have not been told since (at most `limit`, longest inactive first). */
    toTell(before: string, limit = 200): InactiveTeacher[] {
      return s.toTell.all({ before, limit });
    },
    markTold(userId: number, at = now()): void {
      s.told.run(at, userId);
    },
    /** Teachers told before `toldBefore` who have not been active since (at most `limit`). */
    toErase(toldBefore: string, limit = 200): { id: number; schoolId: number | null }[] {
      return s.toErase.all({ before: toldBefore, limit });
    },
    /** Everyone whose account belongs to the school. */
    schoolPeople(schoolId: number): { id: number; role: string }[] {
      return s.schoolPeople.all(schoolId);
    },
    /** Active administrators who do not belong to this school (erasing it must leave one). */
    activeAdminsOutside(schoolId: number): number {
      return s.activeAdminsOutside.get(schoolId)!.n;
    },
    /** What erasing the school would erase. */
    schoolCounts(schoolId: number): SchoolCounts {
      const people = s.schoolPeople.all(schoolId);
      const teachers = people.filter((p) => p.role === 'teacher').length;
      const coordinators = people.filter((p) => p.role === 'coordinator').length;
      return { people: people.length, teachers, coordinators, others: people.length - teachers - coordinators, ...s.schoolCounts.get({ school: schoolId })! };
    },
    /** The school row; its invitations and wave openings go with it (foreign keys). Accounts first: accounts.deleteUser. */
    deleteSchool(schoolId: number): void {
      s.deleteSchool.run(schoolId);
    },
  };
}

export type RetentionStore = ReturnType<typeof retentionStore>;
