// The mail worker inside the server process: sends what the outbox holds, with retries and
// backoff, and marks each message sent or failed with the SMTP server's answer.
//
// A message is marked 'sending' (committed) before it is handed to SMTP and 'sent' right after
// the server accepted it. A process killed in between leaves it 'sending'; the next start puts
// it back in the queue, so nothing is lost. An SMTP server only delivers a message once it has
// answered 250 to its data, and a connection that dies before that delivers nothing, so the
// retry sends it once. Only a kill in the microseconds between the server's 250 and our commit
// can send a message twice; it then carries the same Message-ID both times.
import { systemClock, type Clock } from '../clock';
import type Nodemailer from 'nodemailer';
import { onFirstUse } from '../first-use';
import type { OutboxMessage, OutboxStore } from '../db/outbox';
import type { Logger } from '../logger';

export interface MailTransport {
  send(message: OutboxMessage): Promise<void>;
  close(): void;
}

export interface WorkerSettings {
  /** First retry after this long; doubles per attempt up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** After this many attempts a message is marked failed. */
  maxAttempts: number;
  /** Looks for due messages at least this often (messages written by another process). */
  pollMs: number;
}

export const DEFAULT_WORKER: WorkerSettings = { baseDelayMs: 30_000, maxDelayMs: 3_600_000, maxAttempts: 10, pollMs: 15_000 };

// Loaded only when there is an SMTP server to send to.
const nodemailer = onFirstUse(() => require('nodemailer') as typeof Nodemailer);

/**
 * A nodemailer transport for SMTP_URL; the Message-ID follows from the outbox id, so a resend is
 * recognisable. `tls` is for a relay with a self-signed certificate (its CA, or not verifying it).
 */
export function smtpTransport(smtpUrl: string, from: string, messageIdHost: string, tls: { rejectUnauthorized: boolean; ca?: string } = { rejectUnauthorized: true }): MailTransport {
  const transporter = nodemailer().createTransport({ url: smtpUrl, tls: { rejectUnauthorized: tls.rejectUnauthorized, ...(tls.ca ? { ca: tls.ca } : {}) } });
  return {
    async send(m) {
      await transporter.sendMail({
        from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        html: m.html,
        messageId: `<steun-${m.id}-${m.createdAt.replace(/\D/g, '')}@${messageIdHost}>`,
      });
    },
    close: () => transporter.close(),
  };
}

export function backoff(attempts: number, settings: WorkerSettings): number {
  return Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** Math.max(0, attempts - 1));
}

function describe(err: unknown): string {
  const e = err as { response?: string; responseCode?: number; code?: string; message?: string };
  return (e.response ?? (e.code ? `${e.code}: ${e.message ?? ''}` : e.message) ?? String(err)).slice(0, 1000);
}

export interface MailWorker {
  /** Sends everything due now; resolves when this round is done. */
  runOnce(): Promise<void>;
  stop(): Promise<void>;
}

export function startMailWorker(outbox: OutboxStore, transport: MailTransport, logger: Logger, settings: WorkerSettings = DEFAULT_WORKER, clock: Clock = systemClock): MailWorker {
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | undefined;

  const interrupted = outbox.requeueInterrupted();
  if (interrupted > 0) logger.warn({ messages: interrupted }, 'mail: messages interrupted by a restart go out again');

  const sendOne = async (m: OutboxMessage) => {
    if (!outbox.claim(m.id)) return;
    const attempt = m.attempts + 1;
    try {
      await transport.send(m);
      outbox.markSent(m.id);
      logger.info({ mail: m.id, kind: m.kind, attempt }, 'mail sent');
    } catch (err) {
      const error = describe(err);
      if (attempt >= settings.maxAttempts) {
        outbox.markFailed(m.id, error);
        logger.error({ mail: m.id, kind: m.kind, attempt, error }, 'mail failed; giving up');
      } else {
        outbox.retryAt(m.id, new Date(clock() + backoff(attempt, settings)).toISOString(), error);
        logger.warn({ mail: m.id, kind: m.kind, attempt, error }, 'mail not accepted; will retry');
      }
    }
  };

  const round = async () => {
    do {
      again = false;
      for (let batch = outbox.due(new Date(clock()).toISOString()); batch.length > 0 && !stopped; batch = outbox.due(new Date(clock()).toISOString())) {
        for (const m of batch) {
          if (stopped) return;
          await sendOne(m);
        }
      }
    } while (again && !stopped);
  };

  const schedule = () => {
    if (stopped) return;
    clearTimeout(timer);
    const next = outbox.nextDueAt();
    const wait = next ? Math.max(0, Math.min(settings.pollMs, Date.parse(next) - clock())) : settings.pollMs;
    timer = setTimeout(() => void kick(), wait);
    timer.unref();
  };

  const kick = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = round()
      .catch((err: unknown) => logger.error({ err }, 'mail worker round failed'))
      .finally(() => {
        running = null;
        schedule();
      });
    return running;
  };

  const unsubscribe = outbox.onEnqueue(() => void kick());
  void kick();

  return {
    runOnce: kick,
    async stop() {
      stopped = true;
      unsubscribe();
      clearTimeout(timer);
      await running;
      transport.close();
    },
  };
}
