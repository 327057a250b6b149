// E-mail through a real SMTP server started in the test: forgotten password, invitations,
// registration, retries, and what an install without SMTP shows instead.
import request from 'supertest';
import { makeTestApp, addUser, signIn, submitForm, type TestApp } from '../support/app';
import { startSmtp, linkIn, type TestSmtp } from '../support/smtp';
import { startMailWorker, smtpTransport, type MailWorker } from '../../src/mail/worker';
import { createLogger } from '../../src/logger';

let smtp: TestSmtp;
let t: TestApp;
let worker: MailWorker;
const FAST = { baseDelayMs: 20, maxDelayMs: 200, maxAttempts: 5, pollMs: 1000 };

beforeEach(async () => {
  smtp = await startSmtp();
  t = makeTestApp({ env: { SMTP_URL: smtp.url, BASE_URL: 'https://steun.test' }, forgotThrottle: { perAddress: 3, perAddressAll: 5, perClient: 6, windowMs: 60_000 } });
  worker = startMailWorker(t.stores.outbox, smtpTransport(smtp.url, 'steun <noreply@steun.test>', 'steun.test'), createLogger('silent'), FAST);
});

afterEach(async () => {
  await worker.stop();
  await smtp.close();
  t.close();
});

/** Waits until the outbox row for this recipient has the status (the worker reports through the database). */
async function outboxSettles(to: string, status: string) {
  for (;;) {
    const rows = t.stores.outbox.forRecipient(to);
    if (rows.length > 0 && rows.every((r) => r.status === status)) return rows;
    await worker.runOnce();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('forgotten password', () => {
  test('the link in the mail sets a new password once and signs out other sessions', async () => {
    await addUser(t.stores, { email: 'juf@school.nl', name: 'Juf Anna', password: 'oud-wachtwoord-123' });
    const elsewhere = await signIn(t.app, 'juf@school.nl', 'oud-wachtwoord-123');

    const res = await submitForm(request.agent(t.app), '/password/forgot', { email: 'Juf@School.nl' });
    expect(res.status).toBe(200);
    const [mail] = await smtp.waitForDelivered(1);
    expect(mail!.to).toBe('juf@school.nl');
    expect(mail!.subject).toBe('Nieuw wachtwoord voor steun');
    expect(mail!.html).toContain('<a href="https://steun.test/password/');
    const link = linkIn(mail!.text, 'https://steun.test/password/');
    const path = new URL(link).pathname;

    const agent = request.agent(t.app);
    const set = await submitForm(agent, path, { password: 'nieuw-wachtwoord-456' });
    expect(set.status).toBe(303);
    expect((await agent.get('/')).status).toBe(200);
    // The other device is signed out; the old password no longer works; the link is used up.
    expect((await elsewhere.get('/')).headers.location).toMatch(/^\/login/);
    expect((await submitForm(request.agent(t.app), '/login', { email: 'juf@school.nl', password: 'oud-wachtwoord-123' })).status).toBe(401);
    await signIn(t.app, 'juf@school.nl', 'nieuw-wachtwoord-456');
    expect((await request(t.app).get(path)).status).toBe(410);
    const replay = await submitForm(request.agent(t.app), '/login', { password: 'nog-een-wachtwoord' }, path);
    expect(replay.status).toBe(410);
    expect(replay.text).toContain('Je account is al geactiveerd');
    await signIn(t.app, 'juf@school.nl', 'nieuw-wachtwoord-456');
  });

  test('the answer is the same for an unknown address, and nothing is sent', async () => {
    await addUser(t.stores, { email: 'juf@school.nl' });
    const known = await submitForm(request.agent(t.app), '/password/forgot', { email: 'juf@school.nl' });
    const unknown = await submitForm(request.agent(t.app), '/password/forgot', { email: 'niemand@school.nl' });
    expect(unknown.status).toBe(known.status);
    const answer = (html: string) => /<main[\s\S]*<\/main>/.exec(html)![0].replace(/(juf|niemand)@school\.nl/g, 'X');
    expect(answer(unknown.text)).toBe(answer(known.text));
    await outboxSettles('juf@school.nl', 'sent');
    expect(t.stores.outbox.forRecipient('niemand@school.nl')).toEqual([]);
    expect(smtp.delivered.map((d) => d.to)).toEqual(['juf@school.nl']);
  });

  test('is throttled per address and per client', async () => {
    await addUser(t.stores, { email: 'juf@school.nl' });
    const agent = request.agent(t.app);
    for (let i = 0; i < 3; i++) expect((await submitForm(agent, '/password/forgot', { email: 'juf@school.nl' })).status).toBe(200);
    const fourth = await submitForm(agent, '/password/forgot', { email: 'juf@school.nl' });
    expect(fourth.status).toBe(429);
    expect(fourth.text).toContain('probeer het over een uur opnieuw');
    // Other addresses from the same client, until the client's own limit (6) is reached.
    for (let i = 0; i < 2; i++) expect((await submitForm(agent, '/password/forgot', { email: `ander${i}@school.nl` })).status).toBe(200);
    expect((await submitForm(agent, '/password/forgot', { email: 'weer.een@school.nl' })).status).toBe(429);
    expect(t.stores.outbox.forRecipient('juf@school.nl')).toHaveLength(3);
  });

  test('a stranger who uses up the requests for an address does not lock out its owner; all clients together are bounded', async () => {
    await addUser(t.stores, { email: 'juf@school.nl' });
    // Each client comes through the (trusted, loopback) proxy with its own address.
    const from = (ip: string) => (path: string, fields: Record<string, string>) => submitForm(request.agent(t.app).set('X-Forwarded-For', ip), path, fields);
    const stranger = from('203.0.113.7');
    for (let i = 0; i < 3; i++) expect((await stranger('/password/forgot', { email: 'juf@school.nl' })).status).toBe(200);
    expect((await stranger('/password/forgot', { email: 'juf@school.nl' })).status).toBe(429);
    // The owner, from their own school's address, still gets a link.
    const owner = from('198.51.100.20');
    expect((await owner('/password/forgot', { email: 'juf@school.nl' })).status).toBe(200);
    expect(t.stores.outbox.forRecipient('juf@school.nl')).toHaveLength(4);
    // Many clients together reach the mailbox's own bound (5 here): the sixth is refused.
    expect((await from('198.51.100.21')('/password/forgot', { email: 'juf@school.nl' })).status).toBe(200);
    expect((await from('198.51.100.22')('/password/forgot', { email: 'juf@school.nl' })).status).toBe(429);
    expect(t.stores.outbox.forRecipient('juf@school.nl')).toHaveLength(5);
  });

  test('G7: strangers from many clients who use up an address\'s requests do not lock out the owner\'s own browser', async () => {
    await addUser(t.stores, { email: 'juf@school.nl' });
    const from = (ip: string) => request.agent(t.app).set('X-Forwarded-For', ip);
    // The teacher signed in from her laptop last month (its device cookie), and signed out.
    const laptop = from('198.51.100.50');
    expect((await submitForm(laptop, '/login', { email: 'juf@school.nl', password: 'een-goed-wachtwoord' })).status).toBe(303);
    await submitForm(laptop, '/', {}, '/logout');
    // Four client addresses use up the address's requests from everywhere (5 here).
    for (const [ip, times] of [['203.0.113.1', 2], ['203.0.113.2', 1], ['203.0.113.3', 1], ['203.0.113.4', 1]] as const) {
      const stranger = from(ip);
      for (let i = 0; i < times; i++) expect((await submitForm(stranger, '/password/forgot', { email: 'juf@school.nl' })).status).toBe(200);
    }
    expect((await submitForm(from('203.0.113.5'), '/password/forgot', { email: 'juf@school.nl' })).status).toBe(429);
    expect(t.stores.outbox.forRecipient('juf@school.nl')).toHaveLength(5);
    // Her laptop still gets a new link (within a budget of its own), from wherever it is now.
    laptop.set('X-Forwarded-For', '192.0.2.9');
    expect((await submitForm(laptop, '/password/forgot', { email: 'juf@school.nl' })).status).toBe(200);
    expect(t.stores.outbox.forRecipient('juf@school.nl')).toHaveLength(6);
    // Its cookie helps only for her own address.
    expect((await submitForm(laptop, '/password/forgot', { email: 'ander@school.nl' })).status).toBe(200);
    await addUser(t.stores, { email: 'ander@school.nl' });
    for (let i = 0; i < 5; i++) await submitForm(from(`203.0.113.${10 + i}`), '/password/forgot', { email: 'ander@school.nl' });
    expect((await submitForm(laptop, '/password/forgot', { email: 'ander@school.nl' })).status).toBe(429);
  });

  test("a request made by somebody else voids neither the owner's earlier link nor a pending invitation; using one voids them all", async () => {
    const user = await addUser(t.stores, { email: 'nieuw@school.nl' });
    const invitation = `/password/${t.stores.accounts.createPasswordToken(user.id, 14)}`;
    expect((await submitForm(request.agent(t.app), '/password/forgot', { email: 'nieuw@school.nl' })).status).toBe(200);
    expect((await submitForm(request.agent(t.app), '/password/forgot', { email: 'nieuw@school.nl' })).status).toBe(200);
    const mails = await outboxSettles('nieuw@school.nl', 'sent');
    expect(mails).toHaveLength(2);
    const links = smtp.delivered.map((m) => new URL(linkIn(m.text, 'https://steun.test/password/')).pathname);
    expect(new Set(links).size).toBe(2);
    for (const path of [invitation, ...links]) expect((await request(t.app).get(path)).status).toBe(200);
    // The invitation is used: every other link stops working.
    expect((await submitForm(request.agent(t.app), invitation, { name: 'Nieuwe Collega', password: 'een-goed-wachtwoord-1' })).status).toBe(303);
    // The used one says so (sign in); the ones it voided are simply unknown now.
    for (const path of [invitation, ...links]) expect((await request(t.app).get(path)).status).toBe(path === invitation ? 410 : 404);
  });

  test('a deactivated account gets no link', async () => {
    const user = await addUser(t.stores, { email: 'weg@school.nl' });
    t.stores.accounts.setActive(user.id, false);
    expect((await submitForm(request.agent(t.app), '/password/forgot', { email: 'weg@school.nl' })).status).toBe(200);
    expect(t.stores.outbox.forRecipient('weg@school.nl')).toEqual([]);
  });

  test('a bad address is a 400 that says so', async () => {
    const res = await submitForm(request.agent(t.app), '/password/forgot', { email: 'geen-adres' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Dit is geen geldig e-mailadres.');
  });
});

describe('delivery', () => {
  test('an SMTP server that refuses twice and then accepts delivers the message exactly once', async () => {
    smtp.refuse = 2;
    await addUser(t.stores, { email: 'juf@school.nl' });
    await submitForm(request.agent(t.app), '/password/forgot', { email: 'juf@school.nl' });
    const [row] = await outboxSettles('juf@school.nl', 'sent');
    expect(smtp.offered).toBe(3);
    expect(row!.attempts).toBe(3);
    expect(row!.lastError).toBeNull();
    // Once delivered, the database keeps no usable one-time link (only the token's hash).
    const token = /\/password\/([\w-]+)/.exec(smtp.delivered[0]!.text)![1]!;
    expect(row!.text).toContain('https://steun.test/password/[verstuurd]');
    expect(row!.text + row!.html).not.toContain(token);
    await worker.runOnce();
    expect(smtp.delivered).toHaveLength(1);
    expect(t.stores.outbox.counts()).toMatchObject({ pending: 0, sending: 0, sent: 1, failed: 0 });
  });

  test('a mail server that is down: the message waits and goes out once it is back', async () => {
    const port = Number(new URL(smtp.url).port);
    await smtp.close();
    await addUser(t.stores, { email: 'juf@school.nl' });
    await submitForm(request.agent(t.app), '/password/forgot', { email: 'juf@school.nl' });
    for (;;) {
      const [row] = t.stores.outbox.forRecipient('juf@school.nl');
      if (row?.lastError?.includes('ECONNREFUSED')) break;
      await worker.runOnce();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(t.stores.outbox.forRecipient('juf@school.nl')[0]!.status).toBe('pending');
    smtp = await startSmtp(port);
    const [row] = await outboxSettles('juf@school.nl', 'sent');
    expect(row!.attempts).toBeGreaterThanOrEqual(2);
    expect(smtp.delivered.map((d) => d.to)).toEqual(['juf@school.nl']);
  });

  test('a server that keeps refusing: the message is marked failed with the SMTP answer, not lost silently', async () => {
    smtp.refuse = 100;
    await addUser(t.stores, { email: 'juf@school.nl' });
    await submitForm(request.agent(t.app), '/password/forgot', { email: 'juf@school.nl' });
    const [row] = await outboxSettles('juf@school.nl', 'failed');
    expect(row!.attempts).toBe(FAST.maxAttempts);
    expect(row!.lastError).toContain('451');
    expect(smtp.delivered).toEqual([]);
  });
});

describe('invitations and registration', () => {
  test('a coordinator invites teachers: each gets a mail, signs in through its link and gives their name', async () => {
    const school = t.stores.accounts.addSchool('De Regenboog');
    await addUser(t.stores, { email: 'coord@regenboog.nl', role: 'coordinator', schoolId: school.id });
    const coordinator = await signIn(t.app, 'coord@regenboog.nl');
    const page = await submitForm(coordinator, '/school', { emails: 'anna@regenboog.nl, bram@regenboog.nl' }, '/school/invite');
    expect(page.status).toBe(200);
    // Not "verstuurd" before the mail worker sent it; no promise of links the page does not show.
    expect(page.text).toContain('De uitnodigingen staan in de wachtrij voor verzending per e-mail.');
    expect(page.text).not.toMatch(/verstuurd\.|link hieronder|links hierna/);
    expect(page.text).not.toContain('<th scope="col">Link</th>');
    // The links travel by mail only: the page answers the same for every address outside the school.
    expect(page.text).not.toContain('https://steun.test/password/');
    expect(page.text.match(/uitnodiging in de wachtrij voor verzending/g)).toHaveLength(2);

    const mails = await smtp.waitForDelivered(2);
    const anna = mails.find((m) => m.to === 'anna@regenboog.nl')!;
    expect(anna.subject).toMatch(/^Uitnodiging: online nascholing ‘.+’ \(De Regenboog\)$/);
    expect(anna.text).toContain('van De Regenboog nodigt je uit voor de online nascholing');
    const path = new URL(linkIn(anna.text, 'https://steun.test/password/')).pathname;

    await outboxSettles('anna@regenboog.nl', 'sent');
    const list = await coordinator.get('/school');
    expect(list.text).toContain('uitgenodigd – nog niet aangemeld');
    expect(list.text).toMatch(/<small class="muted">e-mail verstuurd op \d+\s\w+\.\s\d{4}, \d\d:\d\d<\/small>/);

    const teacher = request.agent(t.app);
    expect((await teacher.get(path)).text).toContain('Je naam, zoals op je certificaat');
    expect((await submitForm(teacher, path, { name: 'Anna de Vries', password: 'anna-wachtwoord-1' })).status).toBe(303);
    const after = await coordinator.get('/school');
    expect(after.text).toMatch(/Anna de Vries<\/th><td data-label="E-mail">anna@regenboog\.nl<\/td><td data-label="Status">actief/);
  });

  test('an invitation mail that waits or fails shows on the coordinator\'s page, not as sent', async () => {
    const school = t.stores.accounts.addSchool('De Regenboog');
    await addUser(t.stores, { email: 'coord@regenboog.nl', role: 'coordinator', schoolId: school.id });
    const coordinator = await signIn(t.app, 'coord@regenboog.nl');
    smtp.refuse = 100;
    await submitForm(coordinator, '/school', { emails: 'anna@regenboog.nl' }, '/school/invite');
    await outboxSettles('anna@regenboog.nl', 'failed');
    const failed = await coordinator.get('/school');
    expect(failed.text).toMatch(/<strong class="mail-problem">e-mail mislukt: 451[^<]*\.<\/strong> <small>Controleer het adres, of geef de leerkracht zelf een nieuwe link\.<\/small>/);
    expect(failed.text).not.toContain('e-mail verstuurd');
    // A new link goes out once the mail server takes mail again.
    smtp.refuse = 0;
    const anna = t.stores.accounts.userByEmailWithHash('anna@regenboog.nl')!;
    await submitForm(coordinator, '/school', {}, `/school/teachers/${anna.id}/link`);
    expect((await coordinator.get('/school')).text).toMatch(/e-mail in de wachtrij|e-mail verstuurd op/);
    await smtp.waitForDelivered(1);
    while (t.stores.outbox.forRecipient('anna@regenboog.nl').at(-1)!.status !== 'sent') await worker.runOnce();
    expect((await coordinator.get('/school')).text).toContain('e-mail verstuurd op');
  });

  test('"nieuwe link" sends a new invitation and the old link stops working', async () => {
    const school = t.stores.accounts.addSchool('De Regenboog');
    await addUser(t.stores, { email: 'coord@regenboog.nl', role: 'coordinator', schoolId: school.id });
    const coordinator = await signIn(t.app, 'coord@regenboog.nl');
    await submitForm(coordinator, '/school', { emails: 'anna@regenboog.nl' }, '/school/invite');
    const [first] = await smtp.waitForDelivered(1);
    const anna = t.stores.accounts.userByEmailWithHash('anna@regenboog.nl')!;
    await submitForm(coordinator, '/school', {}, `/school/teachers/${anna.id}/link`);
    const mails = await smtp.waitForDelivered(2);
    const oldPath = new URL(linkIn(first!.text, 'https://steun.test/password/')).pathname;
    const newPath = new URL(linkIn(mails[1]!.text, 'https://steun.test/password/')).pathname;
    expect(newPath).not.toBe(oldPath);
    expect((await request(t.app).get(oldPath)).status).toBe(404);
    expect((await request(t.app).get(newPath)).status).toBe(200);
  });

  test('registering with a taken address answers as a new one and mails the owner instead', async () => {
    const school = t.stores.accounts.addSchool('De Regenboog');
    await addUser(t.stores, { email: 'bestaat@regenboog.nl', name: 'Bestaande Juf', schoolId: school.id });
    const fresh = await submitForm(request.agent(t.app), '/register', { code: school.joinCode, name: 'Nieuwe Juf', email: 'nieuw@regenboog.nl' });
    const taken = await submitForm(request.agent(t.app), '/register', { code: school.joinCode, name: 'Iemand Anders', email: 'bestaat@regenboog.nl' });
    expect(taken.status).toBe(fresh.status);
    const answer = (html: string) => /<main[\s\S]*<\/main>/.exec(html)![0].replace(/(nieuw|bestaat)@regenboog\.nl/g, 'X');
    expect(answer(taken.text)).toBe(answer(fresh.text));
    expect(fresh.headers['set-cookie']).toBeUndefined();
    expect(taken.headers['set-cookie']).toBeUndefined();

    const mails = await smtp.waitForDelivered(2);
    const owner = mails.find((m) => m.to === 'bestaat@regenboog.nl')!;
    expect(owner.subject).toBe('Je hebt al een account bij steun');
    expect(t.stores.accounts.userById(t.stores.accounts.userByEmailWithHash('bestaat@regenboog.nl')!.id)!.name).toBe('Bestaande Juf');
    const welcome = mails.find((m) => m.to === 'nieuw@regenboog.nl')!;
    expect(welcome.subject).toBe('Welkom bij steun');
    const agent = request.agent(t.app);
    expect((await submitForm(agent, new URL(linkIn(welcome.text, 'https://steun.test/password/')).pathname, { name: 'Nieuwe Juf', password: 'nieuwe-juf-123' })).status).toBe(303);
    await signIn(t.app, 'nieuw@regenboog.nl', 'nieuwe-juf-123');
  });

  test('registering by mail is throttled per address, so nobody can flood a mailbox through it', async () => {
    const school = t.stores.accounts.addSchool('De Regenboog');
    const agent = request.agent(t.app);
    for (let i = 0; i < 3; i++) expect((await submitForm(agent, '/register', { code: school.joinCode, name: 'Iemand', email: 'doelwit@regenboog.nl' })).status).toBe(200);
    expect((await submitForm(agent, '/register', { code: school.joinCode, name: 'Iemand', email: 'doelwit@regenboog.nl' })).status).toBe(429);
    expect(t.stores.outbox.forRecipient('doelwit@regenboog.nl').map((m) => m.kind)).toEqual(['welcome', 'account-exists', 'account-exists']);
  });

  test('an address registered by another process between the look and the insert is answered as any other, not with a 500', async () => {
    const school = t.stores.accounts.addSchool('De Regenboog');
    // The other process's account exists, but this one's look came before it (as across processes).
    await addUser(t.stores, { email: 'tegelijk@regenboog.nl', schoolId: school.id });
    const look = t.stores.accounts.userByEmailWithHash;
    t.stores.accounts.userByEmailWithHash = (email: string) => (email === 'tegelijk@regenboog.nl' ? undefined : look.call(t.stores.accounts, email));
    const res = await submitForm(request.agent(t.app), '/register', { code: school.joinCode, name: 'Iemand', email: 'tegelijk@regenboog.nl' });
    t.stores.accounts.userByEmailWithHash = look;
    expect(res.status).toBe(200);
    expect(res.text).toContain('Kijk in je mailbox');
    expect(t.stores.outbox.forRecipient('tegelijk@regenboog.nl')).toEqual([]);
  });

  test('the mail sent to a teacher is part of their data export', async () => {
    await addUser(t.stores, { email: 'juf@school.nl' });
    await submitForm(request.agent(t.app), '/password/forgot', { email: 'juf@school.nl' });
    const agent = await signIn(t.app, 'juf@school.nl');
    const data = (await agent.get('/me/export')).body as { mail: { kind: string; recipient: string }[]; account: { reminders: number } };
    expect(data.mail.map((m) => [m.kind, m.recipient])).toEqual([['password-reset', 'juf@school.nl']]);
    expect(data.account.reminders).toBe(1);
  });

  test('an invitation does not reveal accounts outside the school: same answer, the owner gets a mail, nothing changes', async () => {
    const school = t.stores.accounts.addSchool('De Regenboog');
    const other = t.stores.accounts.addSchool('De Linde');
    await addUser(t.stores, { email: 'coord@regenboog.nl', role: 'coordinator', schoolId: school.id });
    const elsewhere = await addUser(t.stores, { email: 'piet@linde.nl', role: 'teacher', schoolId: other.id });
    await addUser(t.stores, { email: 'baas@steun.nl', role: 'admin' });
    const coordinator = await signIn(t.app, 'coord@regenboog.nl');
    const page = await submitForm(coordinator, '/school', { emails: 'piet@linde.nl, baas@steun.nl, nieuw@regenboog.nl' }, '/school/invite');
    const rows = [...page.text.matchAll(/<tr><th scope="row">([^<]+)<\/th><td data-label="Resultaat">([^<]+)<\/td>/g)].map((m) => [m[1], m[2]]);
    expect(rows).toEqual([
      ['piet@linde.nl', 'uitnodiging in de wachtrij voor verzending'],
      ['baas@steun.nl', 'uitnodiging in de wachtrij voor verzending'],
      ['nieuw@regenboog.nl', 'uitnodiging in de wachtrij voor verzending'],
    ]);
    expect(page.text).not.toContain('heeft al een account');
    const mails = await smtp.waitForDelivered(3);
    expect(mails.find((m) => m.to === 'piet@linde.nl')!.text).toContain('Je hebt daar al een account');
    expect(t.stores.accounts.userById(elsewhere.id)!.schoolId).toBe(other.id);
    expect(t.stores.accounts.userByEmailWithHash('baas@steun.nl')!.role).toBe('admin');
  });

  test('"nieuwe link" for an invitation made while mail was off mails the owner of an existing account the note, not a link', async () => {
    const school = t.stores.accounts.addSchool('De Regenboog');
    const other = t.stores.accounts.addSchool('De Linde');
    await addUser(t.stores, { email: 'coord@regenboog.nl', role: 'coordinator', schoolId: school.id });
    await addUser(t.stores, { email: 'piet@linde.nl', name: 'Piet Linde', schoolId: other.id });
    // Made without mail (src/db/invitations.ts); mail is configured now.
    const { invitation } = t.stores.invitations.create({ email: 'piet@linde.nl', schoolId: school.id, invitedBy: null, days: 14 });
    const coordinator = await signIn(t.app, 'coord@regenboog.nl');
    const again = await submitForm(coordinator, '/school', { emails: 'piet@linde.nl' }, '/school/invite');
    expect(again.text).toContain('heeft al een account in je school');
    const page = await submitForm(coordinator, '/school', {}, `/school/teachers/${invitation.id}/link`);
    expect(page.text).toContain('nieuwe link, e-mail in de wachtrij');
    const [mail] = await smtp.waitForDelivered(1);
    expect(mail!.to).toBe('piet@linde.nl');
    expect(mail!.text).toContain('Je hebt daar al een account');
    expect(mail!.text).not.toContain('/password/');
  });

  test('a cause that fails writes no mail: an invitation for a taken address sends nothing', async () => {
    const school = t.stores.accounts.addSchool('De Regenboog');
    await addUser(t.stores, { email: 'coord@regenboog.nl', role: 'coordinator', schoolId: school.id });
    const coordinator = await signIn(t.app, 'coord@regenboog.nl');
    const page = await submitForm(coordinator, '/school', { emails: 'coord@regenboog.nl' }, '/school/invite');
    expect(page.text).toContain('heeft al een account');
    expect(t.stores.outbox.recent()).toEqual([]);
  });
});

describe('without SMTP', () => {
  test('mail is kept and shown to administrators at /admin/mail; the links are still shown where they were', async () => {
    const plain = makeTestApp();
    try {
      const school = plain.stores.accounts.addSchool('De Regenboog');
      await addUser(plain.stores, { email: 'coord@regenboog.nl', role: 'coordinator', schoolId: school.id });
      await addUser(plain.stores, { email: 'beheer@steun.nl', role: 'admin' });
      const coordinator = await signIn(plain.app, 'coord@regenboog.nl');
      const page = await submitForm(coordinator, '/school', { emails: 'anna@regenboog.nl' }, '/school/invite');
      expect(page.text).toContain('Geef elke leerkracht een eigen link');
      const link = /<code class="copyable" data-copy>(http:\/\/127\.0\.0\.1:\d+\/password\/\S+?)<\/code>/.exec(page.text);
      expect(link).not.toBeNull();
      await submitForm(request.agent(plain.app), '/password/forgot', { email: 'coord@regenboog.nl' });

      expect(plain.stores.outbox.counts()).toMatchObject({ kept: 2, pending: 0 });
      const admin = await signIn(plain.app, 'beheer@steun.nl');
      const mail = await admin.get('/admin/mail');
      expect(mail.status).toBe(200);
      expect(mail.text).toContain('Er is geen SMTP-server ingesteld');
      expect(mail.text).toContain('anna@regenboog.nl');
      expect(mail.text).toContain('Uitnodiging: online nascholing');
      expect(mail.text).toContain('Nieuw wachtwoord voor steun');
      expect(mail.text).toContain(link![1]);
      expect(mail.text).toContain('bewaard (niet verstuurd)');
      // Dates as on the report: "23 nov. 2026, 20:14".
      expect(mail.text).toMatch(/\d{1,2}\u00a0(jan\.|feb\.|mrt\.|apr\.|mei|jun\.|jul\.|aug\.|sep\.|okt\.|nov\.|dec\.)\u00a0\d{4}, \d{2}:\d{2}/);
      // Kept messages are forgotten after their time; nothing waiting to be sent ever is.
      expect(plain.stores.outbox.prune(new Date(Date.now() + 1000).toISOString())).toBe(2);
      expect(plain.stores.outbox.recent()).toEqual([]);
      expect((await coordinator.get('/admin/mail')).status).toBe(403);
      expect((await admin.get('/admin')).text).toMatch(/anna <small class="muted">\(uitgenodigd – nog niet aangemeld\)<\/small>/);
    } finally {
      plain.close();
    }
  });

  test('registration works as before: signed in at once, a welcome mail kept', async () => {
    const plain = makeTestApp();
    try {
      const school = plain.stores.accounts.addSchool('De Regenboog');
      const agent = request.agent(plain.app);
      const res = await submitForm(agent, '/register', { code: school.joinCode, name: 'Sanne', email: 'sanne@regenboog.nl', password: 'mijn-wachtwoord-1' });
      expect(res.status).toBe(303);
      expect((await agent.get('/')).status).toBe(200);
      expect(plain.stores.outbox.forRecipient('sanne@regenboog.nl').map((m) => [m.kind, m.status])).toEqual([['welcome', 'kept']]);
    } finally {
      plain.close();
    }
  });
});
