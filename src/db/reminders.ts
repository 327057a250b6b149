// Who may need a reminder or a certificate mail: the candidates the mail schedules look at.
import type { Sqlite } from './connection';

export interface QuietTeacher {
  id: number;
  email: string;
  name: string;
  /** The latest sign-in, lesson visit or quiz submission. */
  lastActivity: string;
}

export interface Recipient {
  id: number;
  email: string;
  name: string;
}

export function remindersStore(db: Sqlite) {
  const s = {
    // Teachers with ids from..to who signed in at least once, are active, want reminders, were quiet
    // since `before`, and got no reminder for this quiet period yet (the key names the period's last
    // activity) nor the certificate mail (who got that has finished). Read a run of ids at a time
    // (the schedule gives the event loop back in between); each outbox check is one lookup in its
    // unique index on dedupe_key.
    quiet: db.prepare<{ before: string; from: number; to: number }, { id: number; email: string; name: string; last: string }>(
      `SELECT q.id, q.email, q.name, q.last FROM (
         SELECT u.id, u.email, u.name,
                max(u.last_active_at,
                    coalesce((SELECT MAX(p.last_seen_at) FROM lesson_progress p WHERE p.user_id = u.id), ''),
                    coalesce((SELECT MAX(a.submitted_at) FROM quiz_attempts a WHERE a.user_id = u.id AND a.submitted_at IS NOT NULL), '')) AS last
         FROM users u
         WHERE u.id BETWEEN @from AND @to AND u.role = 'teacher' AND u.active = 1 AND u.reminders = 1 AND u.last_active_at IS NOT NULL) q
       WHERE q.last < @before
         AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.dedupe_key = 'reminder:' || q.id || ':' || q.last)
         AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.dedupe_key = 'certificate:' || q.id)`,
    ),
    // Teachers with ids from..to who may have reached the certificate since `since` and have had no
    // certificate mail: a lesson completed, a quiz passed or study time credited since then (the
    // last of these can be what was missing), with at least `lessons` lessons complete.
    activeSince: db.prepare<{ since: string; lessons: number; from: number; to: number }, Recipient>(
      `SELECT u.id, u.email, u.name FROM users u
       WHERE u.id BETWEEN @from AND @to AND u.role = 'teacher' AND u.active = 1
         AND (EXISTS (SELECT 1 FROM lesson_progress p WHERE p.user_id = u.id AND p.completed_at > @since)
              OR EXISTS (SELECT 1 FROM quiz_attempts a WHERE a.user_id = u.id AND a.submitted_at > @since AND a.passed = 1)
              OR EXISTS (SELECT 1 FROM study_clock c WHERE c.user_id = u.id AND c.credited_until > @since))
         AND (SELECT count(*) FROM lesson_progress p WHERE p.user_id = u.id AND p.completed_at IS NOT NULL) >= @lessons
         AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.dedupe_key = 'certificate:' || u.id)`,
    ),
    lastId: db.prepare<[], number | null>('SELECT max(id) FROM users').pluck(),
    setReminders: db.prepare('UPDATE users SET reminders = ? WHERE id = ?'),
    // The latest reminder of each teacher (of one school, or of all), for the coordinator's report.
    lastRemindersOfSchool: db.prepare<[number], { user_id: number; at: string }>(
      `SELECT o.user_id, MAX(o.created_at) AS at FROM users u JOIN outbox o ON o.user_id = u.id
       WHERE u.school_id = ? AND o.kind = 'reminder' GROUP BY o.user_id`,
    ),
    lastRemindersOfAll: db.prepare<[], { user_id: number; at: string }>("SELECT user_id, MAX(created_at) AS at FROM outbox WHERE kind = 'reminder' AND user_id IS NOT NULL GROUP BY user_id"),
    lastReminderOf: db.prepare<[number], string | null>("SELECT MAX(created_at) FROM outbox WHERE user_id = ? AND kind = 'reminder'").pluck(),
    remindersOffOfSchool: db.prepare<[number], { id: number }>("SELECT id FROM users WHERE school_id = ? AND role = 'teacher' AND reminders = 0"),
    remindersOffOfAll: db.prepare<[], { id: number }>("SELECT id FROM users WHERE role = 'teacher' AND reminders = 0"),
    reminders: db.prepare<[number], { reminders: number }>('SELECT reminders FROM users WHERE id = ?'),
    getCursor: db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?'),
    setCursor: db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
  };
  return {
    /** The highest account id: the schedules read in runs of ids up to it. */
    lastUserId(): number {
      return s.lastId.get() ?? 0;
    },
    /**
     * Quiet teachers with ids `from` to `to` without a reminder for this quiet period and without the
     * certificate mail (who got that has finished).
     */
    quietTeachers(before: string, from: number, to: number): QuietTeacher[] {
      return s.quiet.all({ before, from, to }).map((r) => ({ id: r.id, email: r.email, name: r.name, lastActivity: r.last }));
    },
    /** Candidates for the certificate mail with ids `from` to `to`: the caller decides, by the teacher's standing, who can have the certificate. */
    certificateCandidates(since: string, lessons: number, from: number, to: number): Recipient[] {
      return s.activeSince.all({ since, lessons, from, to });
    },
    /** Per teacher of one school (or all: null), when the latest reminder was written. */
    lastReminders(schoolId: number | null): Map<number, string> {
      const rows = schoolId === null ? s.lastRemindersOfAll.all() : s.lastRemindersOfSchool.all(schoolId);
      return new Map(rows.map((r) => [r.user_id, r.at]));
    },
    /** For these teachers (a report's first few quiet ones), when the latest reminder was written. */
    lastRemindersOf(userIds: readonly number[]): Map<number, string> {
      const out = new Map<number, string>();
      for (const id of userIds) {
        const at = s.lastReminderOf.get(id);
        if (at) out.set(id, at);
      }
      return out;
    },
    /** The teachers of one school (or all) who turned reminders off. */
    remindersOff(schoolId: number | null): Set<number> {
      return new Set((schoolId === null ? s.remindersOffOfAll.all() : s.remindersOffOfSchool.all(schoolId)).map((r) => r.id));
    },
    wantsReminders(userId: number): boolean {
      return s.reminders.get(userId)?.reminders !== 0;
    },
    setReminders(userId: number, on: boolean): void {
      s.setReminders.run(on ? 1 : 0, userId);
    },
    /** A persistent mark of how far a schedule got (kept in settings). */
    cursor(name: string): string | undefined {
      return s.getCursor.get(`schedule:${name}`)?.value;
    },
    setCursor(name: string, value: string): void {
      s.setCursor.run(`schedule:${name}`, value);
    },
  };
}

export type RemindersStore = ReturnType<typeof remindersStore>;
