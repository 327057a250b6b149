import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/main';
import { openDatabase } from '../../src/db/connection';
import { createStores } from '../../src/db';
import { compileCourse } from '../../src/course/compile';
import { uncachedSchoolRows } from '../../src/report/cache';
import { readStudyData } from '../../src/teacher/cohort';
import { analyse } from '../../src/study/analysis';
import { verifyPassword } from '../../src/accounts/passwords';
import { makeCourse } from '../fixtures/course-builder';
import { courseState } from '../../src/learning/course-state';

const CONTENT = path.resolve(__dirname, '..', '..', 'content');
let dir: string;
let env: NodeJS.ProcessEnv;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'steun-demo-'));
  env = { DATABASE_PATH: path.join(dir, 'steun.db'), CONTENT_DIR: CONTENT, NODE_ENV: 'test' };
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l), env });
  return { code, out, err };
}

test('demo fills an empty database with teachers at different points, and prints working passwords', async () => {
  const res = await run('demo');
  expect(res.code).toBe(0);
  const lines = res.out.filter((l) => /@demo\.steun\.nl/.test(l));
  // Admin, coordinator, author, ten teachers, the researcher and eight teachers of a second school who did the whole study.
  expect(lines).toHaveLength(22);
  const teacherLine = lines.find((l) => l.includes('anouk@'))!;
  const password = teacherLine.trim().split(/\s+/)[2]!;
  const stores = createStores(openDatabase(env.DATABASE_PATH!));
  const anouk = stores.accounts.userByEmailWithHash('anouk@demo.steun.nl')!;
  expect(await verifyPassword(password, anouk.passwordHash!)).toBe(true);
  const course = (await compileCourse(CONTENT)).course!;
  const rows = uncachedSchoolRows(course, stores, anouk.schoolId);
  const statuses = rows.map((r) => r.status);
  expect(statuses).toContain('niet-gestart');
  expect(statuses).toContain('bezig');
  expect(statuses).toContain('afgerond');
  expect(new Set(rows.map((r) => r.modulesComplete)).size).toBeGreaterThanOrEqual(4);
  expect(rows.find((r) => r.status === 'afgerond')!.activeSeconds).toBeGreaterThan(30 * 60);
  // The share printed for a teacher is the one their own overview shows.
  const eva = stores.accounts.userByEmailWithHash('eva@demo.steun.nl')!;
  const evaState = courseState(course, stores.progress.progressForTeacher(eva.id), stores.attempts.summaryForTeacher(eva.id));
  expect(lines.find((l) => l.includes('eva@'))).toContain(`(${evaState.percent}\u00a0% `);
  stores.sqlite.close();
  const again = await run('demo');
  expect(again.code).toBe(1);
  expect(again.err.join('\n')).toMatch(/not empty/);
}, 20_000);

test('check --database warns about lessons with stored progress that no longer exist', async () => {
  await run('demo');
  const course = makeCourse();
  try {
    const res = await run('check', course, '--database', env.DATABASE_PATH!);
    expect(res.code).toBe(0);
    expect(res.err.some((l) => /^course\.yml:1: warning: les "wat-is-steun\/[a-z-]+" heeft opgeslagen voortgang maar staat niet meer in de cursus/.test(l))).toBe(true);
  } finally {
    fs.rmSync(course, { recursive: true, force: true });
  }
});

test('demo fills the study: teachers at every step, and enough complete pairs that /research shows effects', async () => {
  await run('demo');
  const stores = createStores(openDatabase(env.DATABASE_PATH!));
  const course = (await compileCourse(CONTENT)).course!;
  const decisions = stores.research.allParticipants().map((p) => p.decision);
  expect(new Set(decisions)).toEqual(new Set(['yes', 'no']));
  const forms = stores.research.allForms();
  expect(new Set(forms.map((f) => f.wave))).toEqual(new Set(['t0', 't1', 't2']));
  // Someone half-way through the first questionnaire: answers without a finished form.
  expect(stores.research.allAnswers().some((a) => !forms.some((f) => f.userId === a.userId && f.wave === a.wave && f.questionnaire === a.questionnaire && f.pupil === a.pupil))).toBe(true);
  const scales = analyse(course.study!, readStudyData(course, stores, new Date()).participants);
  expect(scales.map((s) => s.variable)).toEqual(expect.arrayContaining(['relatie.nabijheid', 'functioneren.sociaal', 'vertrouwen.vertrouwen']));
  for (const s of scales) {
    expect(s.n).toBeGreaterThanOrEqual(8);
    expect(s.course).not.toBeNull();
    expect(s.control).not.toBeNull();
  }
  stores.sqlite.close();
});
