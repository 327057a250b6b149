// Security finding F6, the case without SMTP: a coordinator's invitation must not reveal which
// addresses have an account outside the school — not in the answer, not in the teacher list, not in
// the report, not in the link. An address with an account elsewhere (or an administrator's) gets an
// invitation that looks like a new address's; its link changes nothing of that account.
import request from 'supertest';
import { makeTestApp, addUser, signIn, submitForm, csrfFrom, type Agent, type TestApp } from '../support/app';

let t: TestApp;
let coordinator: Agent;
let schoolA: { id: number };
let schoolB: { id: number };
let piet: { id: number };

/** A new address, a teacher of school B, an administrator. */
const NEW = 'nieuw@regenboog.nl';
const ELSEWHERE = 'piet@linde.nl';
const ADMIN = 'baas@steun.nl';
const ALL = [NEW, ELSEWHERE, ADMIN];

beforeEach(async () => {
  t = makeTestApp();
  schoolA = t.stores.accounts.addSchool('De Regenboog');
  schoolB = t.stores.accounts.addSchool('De Linde');
  await addUser(t.stores, { email: 'coord@regenboog.nl', role: 'coordinator', schoolId: schoolA.id });
  piet = await addUser(t.stores, { email: ELSEWHERE, name: 'Piet Linde', schoolId: schoolB.id, password: 'piet-zijn-wachtwoord' });
  await addUser(t.stores, { email: ADMIN, name: 'De Baas', role: 'admin', password: 'baas-zijn-wachtwoord' });
  coordinator = await signIn(t.app, 'coord@regenboog.nl');
});
afterEach(() => t.close());

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const localPart = (email: string) => email.split('@')[0]!;

/** The row of a table that holds this address (the invite answer's, or the teacher list's). */
function rowOf(html: string, email: string): string {
  const row = new RegExp(`<tr>(?:(?!<tr>)[\\s\\S])*?<t[hd][^>]*>${escape(email)}</t[hd]>[\\s\\S]*?</tr>`).exec(html);
  if (!row) throw new Error(`no row for ${email}`);
  return row[0];
}

/** Everything that may differ between addresses masked: the address, its local part (the name), ids and tokens. */
function masked(html: string, email: string): string {
  return html
    .replaceAll(email, 'ADRES')
    .replace(new RegExp(`\\b${escape(localPart(email))}\\b`, 'g'), 'NAAM')
    .replace(/\/school\/teachers\/\d+\//g, '/school/teachers/ID/')
    .replace(/\/password\/[\w-]+/g, '/password/TOKEN')
    .replace(/name="_csrf" value="[^"]+"/g, 'name="_csrf" value="CSRF"');
}

const main = (html: string) => /<main[\s\S]*<\/main>/.exec(html)![0];

/** Invites the addresses; returns the answer page and each address's link path. */
async function invite(emails: string[]) {
  const page = await submitForm(coordinator, '/school', { emails: emails.join('\n') }, '/school/invite');
  expect(page.status).toBe(200);
  const links = new Map<string, string>();
  for (const email of emails) {
    const link = /<code class="copyable" data-copy>(https?:\/\/[^<]+)<\/code>/.exec(rowOf(page.text, email));
    if (link) links.set(email, new URL(link[1]!).pathname);
  }
  return { page, links };
}

/** The id in the teacher list's forms for this address. */
async function listId(email: string): Promise<number> {
  const row = rowOf((await coordinator.get('/school')).text, email);
  return Number(/\/school\/teachers\/(\d+)\/active/.exec(row)![1]);
}

const hashOf = (email: string) => t.stores.accounts.userByEmailWithHash(email)!.passwordHash;

test('without mail, a new address, a teacher of another school and an administrator get the same answer, link form, list row and report row', async () => {
  const { page, links } = await invite(ALL);
  const answers = ALL.map((email) => masked(rowOf(page.text, email), email));
  expect(answers[0]).toContain('<td data-label="Resultaat">uitgenodigd</td>');
  expect(answers[1]).toBe(answers[0]);
  expect(answers[2]).toBe(answers[0]);
  expect(page.text).not.toContain('niet uitgenodigd');
  // Every link has the same form: 24 random bytes in base64url.
  for (const email of ALL) expect(links.get(email)).toMatch(/^\/password\/[\w-]{32}$/);

  const list = (await coordinator.get('/school')).text;
  expect(list).toContain('Leerkrachten (3)');
  const rows = ALL.map((email) => masked(rowOf(list, email), email));
  expect(rows[0]).toContain('uitgenodigd – nog niet aangemeld');
  expect(rows[0]).toContain('Nieuwe link');
  expect(rows[1]).toBe(rows[0]);
  expect(rows[2]).toBe(rows[0]);
  // The ids run on in order, as three new accounts' would.
  const ids = await Promise.all(ALL.map(listId));
  expect(ids).toEqual([ids[0], ids[0]! + 1, ids[0]! + 2]);

  // The report counts them alike (in this one-module course without lessons, nobody has anything left to do).
  const report = (await coordinator.get('/reports')).text;
  for (const email of ALL) expect(report).toContain(email);
  const csv = (await coordinator.get('/reports.csv')).text.split('\n');
  const csvRows = ALL.map((email) => masked(csv.find((line) => line.includes(email))!, email));
  expect(csvRows[0]).toMatch(/^NAAM;ADRES;/);
  expect(csvRows[1]).toBe(csvRows[0]);
  expect(csvRows[2]).toBe(csvRows[0]);

  // Nothing of the accounts elsewhere changed.
  expect(t.stores.accounts.userById(piet.id)).toMatchObject({ name: 'Piet Linde', schoolId: schoolB.id, role: 'teacher' });
  expect(t.stores.accounts.userByEmailWithHash(ADMIN)).toMatchObject({ name: 'De Baas', schoolId: null, role: 'admin' });
});

test("the link of an address with an account elsewhere shows the same page, changes nothing of the account and says it exists; a new address's link works as before", async () => {
  const { links } = await invite(ALL);
  const pages = await Promise.all(ALL.map(async (email) => masked(main((await request(t.app).get(links.get(email)!)).text), email)));
  expect(pages[0]).toContain('Je naam, zoals op je certificaat');
  expect(pages[1]).toBe(pages[0]);
  expect(pages[2]).toBe(pages[0]);

  const before = { piet: hashOf(ELSEWHERE), admin: hashOf(ADMIN) };
  for (const email of [ELSEWHERE, ADMIN]) {
    const holder = request.agent(t.app);
    const answer = await submitForm(holder, links.get(email)!, { name: 'Iemand Anders', password: 'overgenomen-wachtwoord' });
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('Er bestaat al een steun-account met het e-mailadres');
    expect(answer.text).toContain('href="/password/forgot"');
    // Not signed in as the owner, and the link is used up.
    expect((await holder.get('/')).status).toBe(303);
    expect((await request(t.app).get(links.get(email)!)).status).toBe(410);
    expect((await submitForm(request.agent(t.app), '/login', { email, password: 'overgenomen-wachtwoord' })).status).toBe(401);
  }
  expect(hashOf(ELSEWHERE)).toBe(before.piet);
  expect(hashOf(ADMIN)).toBe(before.admin);
  expect(t.stores.accounts.userById(piet.id)).toMatchObject({ name: 'Piet Linde', schoolId: schoolB.id, role: 'teacher', active: true });
  expect(t.stores.accounts.userByEmailWithHash(ADMIN)).toMatchObject({ name: 'De Baas', schoolId: null, role: 'admin' });
  await signIn(t.app, ELSEWHERE, 'piet-zijn-wachtwoord');
  await signIn(t.app, ADMIN, 'baas-zijn-wachtwoord');

  const teacher = request.agent(t.app);
  expect((await submitForm(teacher, links.get(NEW)!, { name: 'Nieuwe Collega', password: 'nieuwe-collega-1' })).status).toBe(303);
  expect((await teacher.get('/')).status).toBe(200);
  expect(t.stores.accounts.userByEmailWithHash(NEW)).toMatchObject({ name: 'Nieuwe Collega', schoolId: schoolA.id, role: 'teacher' });
  const list = (await coordinator.get('/school')).text;
  expect(list).toMatch(/Nieuwe Collega<\/th><td data-label="E-mail">nieuw@regenboog\.nl<\/td><td data-label="Status">actief/);
  // A used invitation is gone from the list.
  expect(list).not.toContain(ELSEWHERE);
  expect(list).toContain('Leerkrachten (1)');
});

test('"nieuwe link" for an invitation of an address with an account elsewhere answers as for a new address, and voids the old link', async () => {
  const { links } = await invite([NEW, ELSEWHERE]);
  const answers: string[] = [];
  const renewed = new Map<string, string>();
  for (const email of [NEW, ELSEWHERE]) {
    const page = await submitForm(coordinator, '/school', {}, `/school/teachers/${await listId(email)}/link`);
    expect(page.status).toBe(200);
    const row = rowOf(page.text, email);
    answers.push(masked(row, email));
    renewed.set(email, new URL(/<code class="copyable" data-copy>([^<]+)<\/code>/.exec(row)![1]!).pathname);
  }
  expect(answers[0]).toContain('<td data-label="Resultaat">nieuwe link</td>');
  expect(answers[1]).toBe(answers[0]);
  for (const email of [NEW, ELSEWHERE]) {
    expect(renewed.get(email)).toMatch(/^\/password\/[\w-]{32}$/);
    expect(renewed.get(email)).not.toBe(links.get(email));
    expect((await request(t.app).get(links.get(email)!)).status).toBe(404);
    expect((await request(t.app).get(renewed.get(email)!)).status).toBe(200);
  }
  // The new link of the invitation still changes nothing of the account.
  const before = hashOf(ELSEWHERE);
  expect((await submitForm(request.agent(t.app), renewed.get(ELSEWHERE)!, { name: 'Iemand', password: 'overgenomen-wachtwoord' })).text).toContain('Er bestaat al een steun-account');
  expect(hashOf(ELSEWHERE)).toBe(before);
});

test('deactivating and reactivating an invitation looks the same as for an invited teacher; deactivated, its link stops working', async () => {
  const { links } = await invite([NEW, ELSEWHERE]);
  const questions: string[] = [];
  for (const email of [NEW, ELSEWHERE]) {
    const id = await listId(email);
    const question = await submitForm(coordinator, '/school', { active: '0' }, `/school/teachers/${id}/active`);
    questions.push(masked(main(question.text), email));
    const done = await coordinator.post(`/school/teachers/${id}/active`).type('form').send({ active: '0', bevestigd: 'ja', _csrf: csrfFrom(question.text) });
    expect(done.status).toBe(303);
  }
  expect(questions[0]).toContain('NAAM deactiveren?');
  expect(questions[1]).toBe(questions[0]);
  const list = (await coordinator.get('/school')).text;
  const rows = [NEW, ELSEWHERE].map((email) => masked(rowOf(list, email), email));
  expect(rows[0]).toContain('gedeactiveerd');
  expect(rows[1]).toBe(rows[0]);
  for (const email of [NEW, ELSEWHERE]) expect((await request(t.app).get(links.get(email)!)).status).toBe(404);

  for (const email of [NEW, ELSEWHERE]) await submitForm(coordinator, '/school', { active: '1' }, `/school/teachers/${await listId(email)}/active`);
  const again = (await coordinator.get('/school')).text;
  const reactivated = [NEW, ELSEWHERE].map((email) => masked(rowOf(again, email), email));
  expect(reactivated[0]).toContain('uitgenodigd – nog niet aangemeld');
  expect(reactivated[1]).toBe(reactivated[0]);
  // Another school's coordinator finds neither.
  await addUser(t.stores, { email: 'coord@linde.nl', role: 'coordinator', schoolId: schoolB.id });
  const other = await signIn(t.app, 'coord@linde.nl');
  const id = await listId(ELSEWHERE);
  expect((await submitForm(other, '/school', { active: '0', bevestigd: 'ja' }, `/school/teachers/${id}/active`)).status).toBe(404);
  expect((await submitForm(other, '/school', {}, `/school/teachers/${id}/link`)).status).toBe(404);
});

test('inviting the same addresses again answers alike: both are teachers of the school by now', async () => {
  await invite(ALL);
  const { page, links } = await invite(ALL);
  expect(links.size).toBe(0);
  const answers = ALL.map((email) => masked(rowOf(page.text, email), email));
  expect(answers[0]).toContain('heeft al een account in je school');
  expect(answers[1]).toBe(answers[0]);
  expect(answers[2]).toBe(answers[0]);
});

test('an invitation whose account was erased meanwhile makes a teacher account in the school, as a new address does', async () => {
  const { links } = await invite([ELSEWHERE]);
  t.stores.accounts.deleteUser(piet.id);
  const teacher = request.agent(t.app);
  expect((await submitForm(teacher, links.get(ELSEWHERE)!, { name: 'Piet Opnieuw', password: 'piet-nieuw-wachtwoord' })).status).toBe(303);
  expect((await teacher.get('/')).status).toBe(200);
  const account = t.stores.accounts.userByEmailWithHash(ELSEWHERE)!;
  expect(account).toMatchObject({ name: 'Piet Opnieuw', schoolId: schoolA.id, role: 'teacher' });
  expect(account.id).not.toBe(piet.id);
  const list = (await coordinator.get('/school')).text;
  expect(list).toMatch(/Piet Opnieuw<\/th><td data-label="E-mail">piet@linde\.nl<\/td><td data-label="Status">actief/);
  expect(list).toContain('Leerkrachten (1)');
});

test('an expired invitation link stops working and its hash is cleared; the invitation stays in the list like an invited teacher', async () => {
  const { links } = await invite([NEW, ELSEWHERE]);
  // Fifteen days later: an invitation's link works fourteen.
  t.clock.advance(15 * 86_400);
  // Both say the same: expired, ask for a new one (an address with an account elsewhere looks like a new one).
  for (const email of [NEW, ELSEWHERE]) {
    const gone = await request(t.app).get(links.get(email)!);
    expect(gone.status).toBe(410);
    expect(gone.text).toContain('Deze link is verlopen');
  }
  expect(t.stores.invitations.dropExpiredLinks()).toBe(1);
  expect(t.stores.sqlite.prepare('SELECT token_hash FROM invitations').all()).toEqual([{ token_hash: null }]);
  const list = (await coordinator.get('/school')).text;
  const rows = [NEW, ELSEWHERE].map((email) => masked(rowOf(list, email), email));
  expect(rows[0]).toContain('uitgenodigd – nog niet aangemeld');
  expect(rows[1]).toBe(rows[0]);
  const renewed = await submitForm(coordinator, '/school', {}, `/school/teachers/${await listId(ELSEWHERE)}/link`);
  const path = new URL(/<code class="copyable" data-copy>([^<]+)<\/code>/.exec(rowOf(renewed.text, ELSEWHERE))![1]!).pathname;
  expect((await request(t.app).get(path)).status).toBe(200);
});
