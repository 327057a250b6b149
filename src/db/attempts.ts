// Quiz attempts: created with their own order, submitted once, all kept.
import type { Clock } from '../clock';
import crypto from 'node:crypto';
import type { Sqlite } from './connection';
import { stamper } from './connection';
import type { PersonMemos } from './memo';

export interface StoredAttempt<Order = unknown, Result = unknown> {
  id: string;
  userId: number;
  moduleSlug: string;
  order: Order;
  startedAt: string;
  submittedAt: string | null;
  score: number | null;
  passed: boolean | null;
  result: Result | null;
}

export interface AttemptSummary {
  attempts: number;
  bestScore: number | null;
  passed: boolean;
  passedAt: string | null;
  lastFailedAt: string | null;
}

interface AttemptRow {
  id: string;
  user_id: number;
  module_slug: string;
  question_order: string;
  started_at: string;
  submitted_at: string | null;
  score: number | null;
  passed: number | null;
  result: string | null;
}

function toAttempt<O, R>(row: AttemptRow): StoredAttempt<O, R> {
  return {
    id: row.id,
    userId: row.user_id,
    moduleSlug: row.module_slug,
    order: JSON.parse(row.question_order) as O,
    startedAt: row.started_at,
    submittedAt: row.submitted_at,
    score: row.score,
    passed: row.passed === null ? null : row.passed === 1,
    result: row.result === null ? null : (JSON.parse(row.result) as R),
  };
}

export function attemptsStore(db: Sqlite, people: PersonMemos, clock: Clock) {
  const now = stamper(clock);
  const summaries = people.memo<ReadonlyMap<string, AttemptSummary>>();
  const s = {
    insert: db.prepare('INSERT INTO quiz_attempts (id, user_id, module_slug, question_order, started_at) VALUES (?, ?, ?, ?, ?)'),
    byId: db.prepare<[string], AttemptRow>('SELECT * FROM quiz_attempts WHERE id = ?'),
    submit: db.prepare('UPDATE quiz_attempts SET submitted_at = ?, score = ?, passed = ?, result = ? WHERE id = ? AND user_id = ? AND submitted_at IS NULL'),
    openAttempt: db.prepare<[number, string], AttemptRow>(
      'SELECT * FROM quiz_attempts WHERE user_id = ? AND module_slug = ? AND submitted_at IS NULL ORDER BY started_at DESC LIMIT 1',
    ),
    summary: db.prepare<[number], { module_slug: string; attempts: number; best: number | null; passed: number; passed_at: string | null; last_failed_at: string | null }>(
      `SELECT module_slug, COUNT(*) AS attempts, MAX(score) AS best, MAX(passed) AS passed,
              MIN(CASE WHEN passed = 1 THEN submitted_at END) AS passed_at,
              MAX(CASE WHEN passed = 0 THEN submitted_at END) AS last_failed_at
       FROM quiz_attempts WHERE user_id = ? AND submitted_at IS NOT NULL GROUP BY module_slug`,
    ),
    forUser: db.prepare<[number], AttemptRow>('SELECT * FROM quiz_attempts WHERE user_id = ? ORDER BY started_at'),
  };
  return {
    create<O>(userId: number, moduleSlug: string, order: O, at = now()): string {
      const id = crypto.randomBytes(12).toString('base64url');
      people.write(userId, () => s.insert.run(id, userId, moduleSlug, JSON.stringify(order), at));
      return id;
    },
    byId<O, R>(id: string): StoredAttempt<O, R> | undefined {
      const row = s.byId.get(id);
      return row ? toAttempt<O, R>(row) : undefined;
    },
    /** The latest unsubmitted attempt, so a reload shows the same questions instead of starting anew. */
    openAttempt<O>(userId: number, moduleSlug: string): StoredAttempt<O, never> | undefined {
      const row = s.openAttempt.get(userId, moduleSlug);
      return row ? toAttempt<O, never>(row) : undefined;
    },
    /** Stores the grade once; returns false when the attempt was already submitted (a double submit changes nothing). */
    submit(userId: number, id: string, grade: { score: number; passed: boolean; result: unknown }, at = now()): boolean {
      return people.write(userId, () => s.submit.run(at, grade.score, grade.passed ? 1 : 0, JSON.stringify(grade.result), id, userId).changes === 1);
    },
    /** Submitted attempts per module for one teacher. */
    summaryForTeacher(userId: number): ReadonlyMap<string, Readonly<AttemptSummary>> {
      return summaries.get(
        userId,
        () => new Map(s.summary.all(userId).map((r) => [r.module_slug, Object.freeze({ attempts: r.attempts, bestScore: r.best, passed: r.passed === 1, passedAt: r.passed_at, lastFailedAt: r.last_failed_at })])),
      );
    },
    allForTeacher<O, R>(userId: number): StoredAttempt<O, R>[] {
      return s.forUser.all(userId).map((r) => toAttempt<O, R>(r));
    },
  };
}

