// A relay with a self-signed certificate (newcomer-review.md §2, row 29): refused by default,
// accepted when steun is given its certificate (SMTP_CA_FILE) or told not to verify it
// (SMTP_TLS_REJECT_UNAUTHORIZED=0).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { smtpTransport } from '../../../src/mail/worker';
import type { OutboxMessage } from '../../../src/db/outbox';

let dir: string;
let server: SMTPServer;
let url: string;
let cert: string;
const received: string[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'steun-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=relay.test', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
  cert = fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8');
  server = new SMTPServer({
    secure: true,
    key: fs.readFileSync(path.join(dir, 'key.pem')),
    cert,
    authOptional: true,
    logger: false,
    onData(stream, session, callback) {
      stream.resume();
      stream.on('end', () => {
        received.push(session.envelope.rcptTo[0]?.address ?? '');
        callback();
      });
    },
  });
  // The refused client hangs up during the handshake; the server reports that as an error event.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `smtps://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  fs.rmSync(dir, { recursive: true, force: true });
});

const message = (id: number): OutboxMessage => ({
  id, kind: 'invitation', to: `juf${id}@school.nl`, subject: 'Test', text: 'Hallo', html: '<p>Hallo</p>',
  userId: null, status: 'sending', attempts: 1, nextAttemptAt: '', lastError: null, createdAt: new Date().toISOString(), sentAt: null,
});

test('a self-signed relay is refused by default', async () => {
  const transport = smtpTransport(url, 'steun <noreply@steun.test>', 'steun.test');
  await expect(transport.send(message(1))).rejects.toThrow(/self[- ]signed/);
  transport.close();
});

test('its certificate as SMTP_CA_FILE makes it trusted', async () => {
  const transport = smtpTransport(url, 'steun <noreply@steun.test>', 'steun.test', { rejectUnauthorized: true, ca: cert });
  await transport.send(message(2));
  transport.close();
  expect(received).toContain('juf2@school.nl');
});

test('SMTP_TLS_REJECT_UNAUTHORIZED=0 sends without verifying', async () => {
  const transport = smtpTransport(url, 'steun <noreply@steun.test>', 'steun.test', { rejectUnauthorized: false });
  await transport.send(message(3));
  transport.close();
  expect(received).toContain('juf3@school.nl');
});
