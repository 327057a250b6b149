// The outbox: every e-mail steun sends, written in the same transaction as its cause and sent by
// the mail worker (src/mail/worker.ts) with retries.
import type { Clock } from '../clock';
import type { Sqlite } from './connection';
import { stamper } from './connection';

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'kept';

export interface OutgoingMail {
  kind: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface OutboxMessage extends OutgoingMail {
  id: number;
  userId: number | null;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

interface Row {
  id: number;
  kind: string;
  recipient: string;
  subject: string;
  text: string;
  html: string;
  user_id: number | null;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

const toMessage = (r: Row): OutboxMessage => ({
  id: r.id,
  kind: r.kind,
  to: r.recipient,
  subject: r.subject,
  text: r.text,
  html: r.html,
  userId: r.user_id,
  status: r.status,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  lastError: r.last_error,
  createdAt: r.created_at,
  sentAt: r.sent_at,
});

export interface EnqueueOptions {
  userId?: number | null;
  /** A message with a key that was written before is not written again (returns false). */
  dedupeKey?: string;
}

/** One-time links (`/password/<token>`) with the token replaced. */
export function redactLinks(text: string): string {
  return text.replace(/\/password\/[A-Za-z0-9_-]{16,}/g, '/password/[verstuurd]');
}

/** What became of one attempt to send a message (for the metrics). */
export type SendOutcome = 'sent' | 'retry' | 'failed';

export function outboxStore(db: Sqlite, options: { sending: boolean; clock: Clock }) {
  const now = stamper(options.clock);
  const listeners = new Set<() => void>();
  const outcomeListeners = new Set<(outcome: SendOutcome) => void>();
  const told = (outcome: SendOutcome) => outcomeListeners.forEach((listener) => listener(outcome));
  const s = {
    insert: db.prepare(
      `INSERT INTO outbox (kind, recipient, subject, text, html, user_id, dedupe_key, status, next_attempt_at, created_at)
       VALUES (@kind, @to, @subject, @text, @html, @userId, @dedupeKey, @status, @now, @now)
       ON CONFLICT (dedupe_key) DO NOTHING`,
    ),
    due: db.prepare<[string, number], Row>(`SELECT * FROM outbox WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`),
    nextDue: db.prepare<[], { at: string | null }>(`SELECT MIN(next_attempt_at) AS at FROM outbox WHERE status = 'pending'`),
    claim: db.prepare(`UPDATE outbox SET status = 'sending', attempts = attempts + 1 WHERE id = ? AND status = 'pending'`),
    sent: db.prepare(`UPDATE outbox SET status = 'sent', sent_at = ?, last_error = NULL, text = ?, html = ? WHERE id = ?`),
    content: db.prepare<[number], { text: string; html: string }>('SELECT text, html FROM outbox WHERE id = ?'),
    prune: db.prepare(`DELETE FROM outbox WHERE status IN ('sent', 'failed', 'kept') AND created_at < ?`),
    retry: db.prepare(`UPDATE outbox SET status = 'pending', next_attempt_at = ?, last_error = ? WHERE id = ?`),
    failed: db.prepare(`UPDATE outbox SET status = 'failed', last_error = ? WHERE id = ?`),
    interrupted: db.prepare(`UPDATE outbox SET status = 'pending' WHERE status = 'sending'`),
    recent: db.prepare<[number], Row>('SELECT * FROM outbox ORDER BY id DESC LIMIT ?'),
    byId: db.prepare<[number], Row>('SELECT * FROM outbox WHERE id = ?'),
    forRecipient: db.prepare<[string], Row>('SELECT * FROM outbox WHERE recipient = ? ORDER BY id'),
    counts: db.prepare<[], { status: OutboxStatus; n: number }>('SELECT status, COUNT(*) AS n FROM outbox GROUP BY status'),
    hasKey: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM outbox WHERE dedupe_key = ?'),
    backlog: db.prepare<[], { n: number; oldest: string | null }>(`SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM outbox WHERE status IN ('pending', 'sending')`),
    latestTo: db.prepare<[string, string], Row>(
      `SELECT * FROM outbox WHERE id IN (
         SELECT MAX(id) FROM outbox
         WHERE kind IN (SELECT value FROM json_each(?)) AND recipient IN (SELECT value FROM json_each(?))
         GROUP BY recipient)`,
    ),
  };
  return {
    /** True when messages are sent (SMTP configured); otherwise they are kept for /admin/mail. */
    sending: options.sending,
    /**
     * Writes a message; call it inside the transaction of what caused it. Returns false when a
     * message with the same dedupe key exists already.
     */
    enqueue(mail: OutgoingMail, opts: EnqueueOptions = {}): boolean {
      const info = s.insert.run({
        ...mail,
        userId: opts.userId ?? null,
        dedupeKey: opts.dedupeKey ?? null,
        status: options.sending ? 'pending' : 'kept',
        now: now(),
      });
      // Woken after the caller's transaction: a message whose cause is rolled back is never sent.
      if (info.changes > 0 && options.sending) setImmediate(() => listeners.forEach((wake) => wake()));
      return info.changes > 0;
    },
    /** Called after each enqueue that needs sending (the worker wakes up). */
    onEnqueue(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    due(now: string, limit = 20): OutboxMessage[] {
      return s.due.all(now, limit).map(toMessage);
    },
    nextDueAt(): string | null {
      return s.nextDue.get()?.at ?? null;
    },
    /** Marks a message as being handed to SMTP (committed before the hand-over). False if another worker took it. */
    claim(id: number): boolean {
      return s.claim.run(id).changes === 1;
    },
    /**
     * Marks a message sent. One-time links in it are blotted out: the database (and its backups)
     * keeps only hashes of tokens, and a delivered message no longer needs its link.
     */
    markSent(id: number, at = now()): void {
      const row = s.content.get(id);
      if (!row) return;
      s.sent.run(at, redactLinks(row.text), redactLinks(row.html), id);
      told('sent');
    },
    /** Forgets messages written before `before` that need nothing more. Returns how many. */
    prune(before: string): number {
      return s.prune.run(before).changes;
    },
    retryAt(id: number, at: string, error: string): void {
      s.retry.run(at, error, id);
      told('retry');
    },
    markFailed(id: number, error: string): void {
      s.failed.run(error, id);
      told('failed');
    },
    /** Called after each attempt to send a message, with what became of it. */
    onOutcome(listener: (outcome: SendOutcome) => void): () => void {
      outcomeListeners.add(listener);
      return () => outcomeListeners.delete(listener);
    },
    /** Messages still to be sent, and when the oldest of them was written. */
    backlog(): { count: number; oldestCreatedAt: string | null } {
      const row = s.backlog.get()!;
      return { count: row.n, oldestCreatedAt: row.oldest };
    },
    /** After a crash: messages that were being handed over go back to the queue. Returns how many. */
    requeueInterrupted(): number {
      return s.interrupted.run().changes;
    },
    recent(limit = 200): OutboxMessage[] {
      return s.recent.all(limit).map(toMessage);
    },
    byId(id: number): OutboxMessage | undefined {
      const row = s.byId.get(id);
      return row ? toMessage(row) : undefined;
    },
    forRecipient(email: string): OutboxMessage[] {
      return s.forRecipient.all(email.trim().toLowerCase()).map(toMessage);
    },
    counts(): Record<OutboxStatus, number> {
      const out: Record<OutboxStatus, number> = { pending: 0, sending: 0, sent: 0, failed: 0, kept: 0 };
      for (const r of s.counts.all()) out[r.status] = r.n;
      return out;
    },
    hasKey(key: string): boolean {
      return s.hasKey.get(key) !== undefined;
    },
    /** The newest message of one of these kinds to each of these addresses (that has one). */
    latestTo(kinds: readonly string[], recipients: readonly string[]): Map<string, OutboxMessage> {
      if (recipients.length === 0) return new Map();
      const rows = s.latestTo.all(JSON.stringify(kinds), JSON.stringify(recipients.map((r) => r.trim().toLowerCase())));
      return new Map(rows.map((r) => [r.recipient, toMessage(r)]));
    },
  };
}

export type OutboxStore = ReturnType<typeof outboxStore>;
