// Kill the server with SIGKILL while it hands a message to the SMTP server: after a restart every
// message arrives exactly once — nothing lost, nothing sent twice.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/db/connection';
import { migrate } from '../../src/db/migrate';
import { createStores } from '../../src/db';
import { passwordResetMail } from '../../src/mail/compose';
import { MINI_COURSE } from '../fixtures/course-builder';
import { startSmtp } from '../support/smtp';

const ROOT = path.resolve(__dirname, '..', '..');
const RECIPIENTS = ['a', 'b', 'c', 'd', 'e'].map((x) => `${x}@school.nl`);

/** Starts the server; `output` holds what it printed (for a failure message). */
function startServer(env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'main.js')], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return { child, output: () => out };
}

const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

test('a SIGKILL while a message is handed over: after a restart each message arrives exactly once', async () => {
  const smtp = await startSmtp();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'steun-mailkill-'));
  const env = { DATABASE_PATH: path.join(dir, 'steun.db'), CONTENT_DIR: MINI_COURSE, PORT: '0', NODE_ENV: 'development', WATCH_CONTENT: '0', LOG_LEVEL: 'warn', SMTP_URL: smtp.url, BASE_URL: 'https://steun.test' };
  const setup = openDatabase(env.DATABASE_PATH);
  migrate(setup);
  const stores = createStores(setup, { mailSends: true });
  for (const to of RECIPIENTS) stores.outbox.enqueue(passwordResetMail({ platform: 'steun', baseUrl: env.BASE_URL, to, link: `${env.BASE_URL}/password/x` }));
  setup.close();

  let server: ChildProcess | undefined;
  try {
    // The third message is killed mid-handover: the server dies before the SMTP server answers.
    let killed = false;
    smtp.hold = async (mail) => {
      if (mail.to !== 'c@school.nl' || killed) return true;
      killed = true;
      server!.kill('SIGKILL');
      await exited(server!);
      return false;
    };
    let first = startServer(env);
    server = first.child;
    await exited(server);
    expect({ killed, output: killed ? '' : first.output() }).toEqual({ killed: true, output: '' });
    expect(smtp.delivered.map((d) => d.to)).toEqual(['a@school.nl', 'b@school.nl']);

    first = startServer(env);
    server = first.child;
    const delivered = await smtp.waitForDelivered(RECIPIENTS.length);
    server.kill('SIGTERM');
    await exited(server);

    expect(delivered.map((d) => d.to).sort()).toEqual(RECIPIENTS);
    expect(new Set(delivered.map((d) => d.messageId)).size).toBe(RECIPIENTS.length);
    const after = openDatabase(env.DATABASE_PATH);
    const check = createStores(after);
    expect(check.outbox.counts()).toMatchObject({ sent: 5, pending: 0, sending: 0, failed: 0 });
    expect(check.outbox.forRecipient('c@school.nl')[0]!.attempts).toBe(2);
    expect(check.outbox.forRecipient('a@school.nl')[0]!.attempts).toBe(1);
    after.close();
  } finally {
    if (server && server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
    await smtp.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
