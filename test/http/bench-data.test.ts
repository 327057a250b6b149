// The benchmark's data is only worth its numbers if the server treats it as real: copied teachers
// count in the report, seeded sessions are signed in (with a working CSRF token), and the
// simulated teachers' quiz answers pass.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { openDatabase } from '../../src/db/connection';
import { createStores } from '../../src/db';
import { LiveCourse } from '../../src/course/live';
import { compileCourse } from '../../src/course/compile';
import type { Course } from '../../src/course/model';
import { createLogger } from '../../src/logger';
import { ROLL_EVERY_MS } from '../../src/accounts/session-life';

const { populationDatabase, signedInSessions } = require('../../bench/data') as {
  populationDatabase: (file: string, course: Course, o: { teachers: number; perSchool?: number; password: string; templates?: number }) => Promise<{ adminId: number; done: Map<number, number>; coordinators: { id: number; schoolId: number }[]; steps: unknown[] }>;
  signedInSessions: (file: string, ids: number[], secret: string) => Map<number, { cookie: string; token: string }>;
};
const { quizAnswers } = require('../../bench/simulate') as { quizAnswers: (html: string, quiz: unknown, token: string) => URLSearchParams | null };

const SECRET = 'bench-test-secret-bench-test-secret';

describe('benchmark data', () => {
  let dir: string;
  let course: Course;
  let population: Awaited<ReturnType<typeof populationDatabase>>;
  let sessions: Map<number, { cookie: string; token: string }>;
  let app: ReturnType<typeof buildApp>;
  let close: () => void;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'steun-bench-data-'));
    const file = path.join(dir, 'bench.db');
    course = (await compileCourse(path.join(__dirname, '..', 'fixtures', 'mini-course'))).course!;
    // Few models, many copies: most teachers are copied row for row.
    population = await populationDatabase(file, course, { teachers: 60, perSchool: 25, password: 'bench-wachtwoord-1', templates: 20 });
    sessions = signedInSessions(file, [...population.done.keys(), ...population.coordinators.map((c) => c.id)], SECRET);
    const sqlite = openDatabase(file);
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_PATH: file });
    app = buildApp({ config, stores: createStores(sqlite), course: new LiveCourse({ course, diagnostics: [] }), logger: createLogger('silent'), sessionSecret: SECRET });
    close = () => sqlite.close();
  });
  afterAll(() => {
    close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('teachers sit in schools of 25, each with a coordinator', () => {
    expect(population.done.size).toBe(60);
    expect(population.coordinators).toHaveLength(3);
    expect(new Set(population.coordinators.map((c) => c.schoolId)).size).toBe(3);
  });

  test("a coordinator's report counts every teacher of the school, copies included, with the progress of their model", async () => {
    const coordinator = population.coordinators[0]!;
    const csv = await request(app).get('/reports.csv').set('Cookie', sessions.get(coordinator.id)!.cookie);
    expect(csv.status).toBe(200);
    const rows = csv.text.trim().split('\n').slice(1);
    expect(rows).toHaveLength(25);
    // Teachers who have done every step appear as finished; none of the first school's can be unknown.
    const finished = [...population.done.entries()].slice(0, 25).filter(([, done]) => done === population.steps.length).length;
    expect(finished).toBeGreaterThan(0);
    expect(rows.filter((r) => r.includes('afgerond')).length).toBe(finished);
  });

  test('a seeded session is signed in, and its CSRF token is accepted', async () => {
    const [id, done] = [...population.done.entries()].find(([, d]) => d === 0)!;
    expect(done).toBe(0);
    const me = sessions.get(id)!;
    const home = await request(app).get('/').set('Cookie', me.cookie);
    expect(home.status).toBe(200);
    expect(home.text).toContain(course.modules[0]!.title);
    const lesson = course.modules[0]!.lessons[0]!;
    const beacon = await request(app).post('/api/progress/time').set('Cookie', me.cookie).set('X-CSRF-Token', me.token).send({ lesson: lesson.key, seconds: 5 });
    expect(beacon.status).toBe(204);
    const forged = await request(app).post('/api/progress/time').set('Cookie', me.cookie).set('X-CSRF-Token', 'x'.repeat(64)).send({ lesson: lesson.key, seconds: 5 });
    expect(forged.status).toBe(403);
  });

  test('seeded sessions are sessions in use: written within the past hour, spread over it, so a first request does not write them again', async () => {
    const ids = [...population.done.keys()];
    const sqlite = openDatabase(path.join(dir, 'bench.db'));
    const rows = sqlite.prepare('SELECT user_id, data FROM sessions').all() as { user_id: number; data: string }[];
    sqlite.close();
    const active = rows.filter((r) => ids.includes(r.user_id)).map((r) => (JSON.parse(r.data) as { activeAt: number; signedInAt: number }));
    expect(active).toHaveLength(ids.length);
    const ages = active.map((a) => (Date.now() - a.activeAt) / ROLL_EVERY_MS);
    expect(Math.min(...ages)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...ages)).toBeLessThan(1);
    // Any first part of the list spreads over the hour as well (the simulation's levels take the first n).
    const firstQuarter = ages.slice(0, Math.ceil(ages.length / 4));
    expect(firstQuarter.filter((a) => a < 0.5).length).toBeGreaterThan(0);
    expect(firstQuarter.filter((a) => a >= 0.5).length).toBeGreaterThan(0);
    for (const a of active) expect(a.signedInAt).toBeLessThanOrEqual(a.activeAt);
    // A request within the hour neither writes the session nor renews its cookie.
    const [id] = ids;
    const page = await request(app).get('/').set('Cookie', sessions.get(id!)!.cookie);
    expect(page.status).toBe(200);
    expect(page.headers['set-cookie']).toBeUndefined();
  });

  test("the simulated teacher's answers to a quiz page pass the quiz", async () => {
    const module = course.modules[0]!;
    const id = [...population.done.keys()].find((i) => population.done.get(i) === module.lessons.length);
    expect(id).toBeDefined();
    const me = sessions.get(id!)!;
    const page = await request(app).get(`/course/${module.slug}/quiz`).set('Cookie', me.cookie);
    expect(page.status).toBe(200);
    const body = quizAnswers(page.text, module.quiz, me.token);
    expect(body).not.toBeNull();
    const sent = await request(app).post(`/course/${module.slug}/quiz`).set('Cookie', me.cookie).type('form').send(body!.toString());
    expect(sent.status).toBe(303);
    const result = await request(app).get(String(sent.headers.location).split('#')[0]!).set('Cookie', me.cookie);
    expect(result.status).toBe(200);
    expect(result.text).toMatch(/gehaald/i);
  });
});
