// The report of every school and its CSV at thousands of teachers: the same figures and rows, and
// a teacher's request made meanwhile is answered before they are done (nothing runs as one long task).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { miniCourseApp, type CourseTestApp } from '../support/course-app';
import request from 'supertest';
import { addUser, submitForm, type Agent } from '../support/app';

const SCHOOLS = 200;
const PER_SCHOOL = 25;
let t: CourseTestApp;
let admin: Agent;
let cookie: string;

beforeAll(async () => {
  t = await miniCourseApp();
  // Thousands of teachers, written past the stores in one statement each (the stores would take minutes).
  const db = t.stores.sqlite;
  db.prepare(
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
     INSERT INTO schools (name, join_code, created_at) SELECT 'School ' || i, 'CODE' || i, '2026-01-01T00:00:00.000Z' FROM n`,
  ).run(SCHOOLS);
  db.prepare(
    `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ? - 1)
     INSERT INTO users (email, name, role, school_id, created_at)
     SELECT 'leerkracht' || i || '@school.nl', 'Leerkracht ' || printf('%05d', i), 'teacher', (SELECT id FROM schools WHERE name = 'School ' || (1 + i / ?)), '2026-01-01T00:00:00.000Z' FROM n`,
  ).run(SCHOOLS * PER_SCHOOL, PER_SCHOOL);
  db.prepare(
    `INSERT INTO lesson_progress (user_id, lesson_key, first_seen_at, last_seen_at, completed_at, active_seconds)
     SELECT id, 'begin/welkom', '2026-01-02T00:00:00.000Z', '2026-01-02T00:00:00.000Z', CASE WHEN id % 2 = 0 THEN '2026-01-02T00:00:00.000Z' END, id % 600 FROM users WHERE role = 'teacher'`,
  ).run();
  await addUser(t.stores, { email: 'beheer@steun.nl', role: 'admin' });
  admin = request.agent(t.app);
  const signedIn = await submitForm(admin, '/login', { email: 'beheer@steun.nl', password: 'een-goed-wachtwoord' });
  cookie = ([] as string[]).concat(signedIn.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
});
afterAll(() => t.close());

const teachers = () => t.stores.sqlite.prepare("SELECT count(*) FROM users WHERE role = 'teacher'").pluck().get() as number;

test('the CSV of every school has every teacher, and a request made while it is made is answered first', async () => {
  const server = http.createServer(t.app).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  const order: string[] = [];
  const get = (path: string, headers: http.OutgoingHttpHeaders = {}) =>
    new Promise<string>((resolve, reject) => {
      http
        .get({ port, host: '127.0.0.1', path, headers }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (body += d));
          res.on('end', () => {
            order.push(path);
            resolve(body);
          });
        })
        .on('error', reject);
    });
  try {
    const csv = get('/reports.csv', { cookie });
    // Sent once the CSV's request is on its way: answered while the CSV is still being made.
    await new Promise((resolve) => setTimeout(resolve, 5));
    await get('/healthz');
    const text = await csv;
    expect(order).toEqual(['/healthz', '/reports.csv']);
    expect(text.startsWith('\ufeffnaam;e-mail;status;')).toBe(true);
    const lines = text.trim().split('\n');
    expect(lines).toHaveLength(teachers() + 1);
    // In name order, as the page sorts them.
    expect(lines.indexOf(lines.find((l) => l.startsWith('Leerkracht 00000;leerkracht0@school.nl;'))!) + 1).toBe(lines.indexOf(lines.find((l) => l.startsWith('Leerkracht 00001;'))!));
  } finally {
    server.close();
  }
});

test('the report of every school counts every teacher, pages through them in order, and follows a write', async () => {
  const page = await admin.get('/reports?sort=naam&page=3');
  expect(page.status).toBe(200);
  expect(page.text).toContain(`<strong>${teachers()}</strong> leerkrachten`);
  expect(page.text).toContain(`pagina 3 van ${Math.ceil(teachers() / 50)}`);
  const row = (name: string) => `<th scope="row" class="person">${name}<`;
  // Juf Anna of the course app comes first: page 3 holds the 101st to the 150th name.
  expect(page.text).toContain(row('Leerkracht 00099'));
  expect(page.text).toContain(row('Leerkracht 00148'));
  expect(page.text).not.toContain(row('Leerkracht 00098'));
  expect(page.text).not.toContain(row('Leerkracht 00149'));
  const id = t.stores.sqlite.prepare("SELECT id FROM users WHERE name = 'Leerkracht 00101'").pluck().get() as number;
  t.stores.accounts.setName(id, 'Leerkracht 00100 Nieuw');
  expect((await admin.get('/reports?sort=naam&page=3')).text).toContain(row('Leerkracht 00100 Nieuw'));
});
