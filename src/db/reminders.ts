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
    // Teachers who signed in at least once, are active, want reminders, were quiet since `before`,
    // and got no reminder for this quiet period yet (the key names the period's last activity).
    quiet: db.prepare<[string, number], { id: number; email: string; name: string; last: string }>(
      `SELECT id, email, name, last FROM (
         SELECT u.id, u.email, u.name,
                max(u.last_active_at,
                    coalesce((SELECT MAX(p.last_seen_at) FROM lesson_progress p WHERE p.user_id = u.id), ''),
                    coalesce((SELECT MAX(a.submitted_at) FROM quiz_attempts a WHERE a.user_id = u.id AND a.submitted_at IS NOT NULL), '')) AS last
         FROM users u
         WHERE u.role = 'teacher' AND u.active = 1 AND u.reminders = 1 AND u.last_active_at IS NOT NULL)
       WHERE last < ?
         AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.dedupe_key = 'reminder:' || id || ':' || last)
         -- Who got the certificate mail has finished: no need to compute their state again.
         AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.dedupe_key = 'certificate:' || id)
       -- The most recently quiet first, a bounded number per run: one run never stalls the server.
       ORDER BY last DESC LIMIT ?`,
    ),
    // Teachers with course activity since `since` who have had no certificate mail.
    activeSince: db.prepare<[string, string], Recipient>(
      `SELECT u.id, u.email, u.name FROM users u
       WHERE u.role = 'teacher' AND u.active = 1
         AND u.id IN (SELECT user_id FROM lesson_progress WHERE completed_at > ?
                      UNION SELECT user_id FROM quiz_attempts WHERE submitted_at > ? AND passed = 1)
         AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.dedupe_key = 'certificate:' || u.id)`,
    ),
    setReminders: db.prepare('UPDATE users SET reminders = ? WHERE id = ?'),
    reminders: db.prepare<[number], { reminders: number }>('SELECT reminders FROM users WHERE id = ?'),
    getCursor: db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?'),
    setCursor: db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
  };
  return {
    quietTeachers(before: string, limit = 1000): QuietTeacher[] {
      return s.quiet.all(before, limit).map((r) => ({ id: r.id, email: r.email, name: r.name, lastActivity: r.last }));
    },
    completedSince(since: string): Recipient[] {
      return s.activeSince.all(since, since);
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
