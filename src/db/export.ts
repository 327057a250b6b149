// Everything stored about one person, for their own download.
import type { Sqlite } from './connection';
import type { Clock } from '../clock';
import { researchStore } from './research';

export function exportStore(db: Sqlite, clock: Clock) {
  const q = {
    user: db.prepare('SELECT id, email, email_proven, name, role, school_id, active, reminders, created_at, last_active_at FROM users WHERE id = ?'),
    school: db.prepare('SELECT s.name FROM schools s JOIN users u ON u.school_id = s.id WHERE u.id = ?'),
    lessons: db.prepare('SELECT lesson_key, first_seen_at, last_seen_at, done_at, completed_at, active_seconds FROM lesson_progress WHERE user_id = ? ORDER BY lesson_key'),
    videos: db.prepare('SELECT lesson_key, src, segments, position, duration, updated_at FROM video_progress WHERE user_id = ? ORDER BY lesson_key, src'),
    reflections: db.prepare('SELECT lesson_key, reflection_id, text, updated_at FROM reflections WHERE user_id = ? ORDER BY lesson_key, reflection_id'),
    exercises: db.prepare('SELECT lesson_key, exercise_id, answers, updated_at FROM exercise_answers WHERE user_id = ? ORDER BY lesson_key, exercise_id'),
    attempts: db.prepare('SELECT id, module_slug, question_order, started_at, submitted_at, score, passed, result FROM quiz_attempts WHERE user_id = ? ORDER BY started_at'),
    certificate: db.prepare('SELECT code, name, course_title, hours, issuer, completed_at, issued_at FROM certificates WHERE user_id = ?'),
    mail: db.prepare('SELECT kind, recipient, subject, text, status, created_at, sent_at FROM outbox WHERE user_id = ? ORDER BY id'),
    schoolLogins: db.prepare('SELECT issuer, subject, created_at FROM user_identities WHERE user_id = ? ORDER BY created_at'),
  };
  const research = researchStore(db, clock);
  const json = (v: unknown) => (typeof v === 'string' ? (JSON.parse(v) as unknown) : v);
  return {
    /** Every table's rows for the user, JSON columns parsed. */
    everything(userId: number) {
      return {
        account: q.user.get(userId),
        school: (q.school.get(userId) as { name: string } | undefined)?.name ?? null,
        lessons: q.lessons.all(userId),
        videos: (q.videos.all(userId) as { segments: string }[]).map((v) => ({ ...v, segments: json(v.segments) })),
        reflections: q.reflections.all(userId),
        exercises: (q.exercises.all(userId) as { answers: string }[]).map((e) => ({ ...e, answers: json(e.answers) })),
        quizAttempts: (q.attempts.all(userId) as { question_order: string; result: string | null }[]).map((a) => ({
          ...a,
          question_order: json(a.question_order),
          result: a.result === null ? null : json(a.result),
        })),
        certificate: q.certificate.get(userId) ?? null,
        mail: q.mail.all(userId),
        schoolLogins: q.schoolLogins.all(userId),
        study: research.exportFor(userId),
      };
    },
  };
}
