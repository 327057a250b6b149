// A real SMTP server for tests (smtp-server), with every delivered message parsed by mailparser.
// `refuse` makes it answer the next N messages with a temporary error; `hold` lets a test decide
// when (and whether) a message is accepted.
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';

export interface Delivered {
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
}

export interface TestSmtp {
  url: string;
  delivered: Delivered[];
  /** How many messages were offered (accepted or refused). */
  offered: number;
  /** Refuse the next N messages with 451. */
  refuse: number;
  /** When set, called with each message before it is accepted; resolve true to accept. */
  hold?: (mail: Delivered) => Promise<boolean>;
  /** Resolves when `n` messages in all have been delivered. */
  waitForDelivered(n: number): Promise<Delivered[]>;
  close(): Promise<void>;
}

function toDelivered(parsed: ParsedMail): Delivered {
  const to = Array.isArray(parsed.to) ? parsed.to[0] : parsed.to;
  return {
    to: to?.value[0]?.address ?? '',
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : '',
    messageId: parsed.messageId ?? '',
  };
}

/** Starts the server on `port` (default: any free port). */
export async function startSmtp(port = 0): Promise<TestSmtp> {
  const waiters: { n: number; resolve: (d: Delivered[]) => void }[] = [];
  const state: TestSmtp = {
    url: '',
    delivered: [],
    offered: 0,
    refuse: 0,
    waitForDelivered(n) {
      if (state.delivered.length >= n) return Promise.resolve(state.delivered);
      return new Promise((resolve) => waiters.push({ n, resolve }));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then(async (parsed) => {
          state.offered++;
          const mail = toDelivered(parsed);
          if (state.refuse > 0) {
            state.refuse--;
            const err = new Error('451 4.3.0 Mailbox tijdelijk niet beschikbaar') as Error & { responseCode: number };
            err.responseCode = 451;
            return callback(err);
          }
          if (state.hold && !(await state.hold(mail))) {
            const err = new Error('421 closing') as Error & { responseCode: number };
            err.responseCode = 421;
            return callback(err);
          }
          state.delivered.push(mail);
          callback();
          for (const w of waiters.filter((w) => state.delivered.length >= w.n)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve(state.delivered);
          }
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  state.url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  return state;
}

/** The first link in a mail's text that starts with `prefix`. */
export function linkIn(text: string, prefix: string): string {
  const m = new RegExp(`${prefix.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\S+`).exec(text);
  if (!m) throw new Error(`no link ${prefix} in:\n${text}`);
  return m[0];
}
