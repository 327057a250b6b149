// The researcher's overview and files on a simulated study with known structure (pupils nested in
// teachers; nabijheid changes across the course, conflict does not change at all), and the shipped
// R script run on the exported files: it must give the page's figures to three decimals.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CourseTestApp } from '../support/course-app';
import { addUser, signIn, type Agent } from '../support/app';
import { studyApp } from '../support/study-app';
import { simulateStudy, type SimTeacher } from '../support/simulated-study';

let t: CourseTestApp;
let researcher: Agent;
const users: number[] = [];
const DAY = 86_400_000;
// Seed 7: the old overview (pupils as independent pairs) called conflict's change significant
// (t1→t2: p = 0,012, CI −0,35 to −0,05 over 74 pupil pairs); there is none.
const SEED = 7;
const TEACHERS = 40;
let sim: SimTeacher[];

beforeAll(() => {
  sim = simulateStudy(SEED, TEACHERS);
});

beforeEach(async () => {
  t = await studyApp();
  const school = t.stores.accounts.schools()[0]!;
  const now = t.clock.now();
  const ago = (days: number) => new Date(now - days * DAY).toISOString();
  const course = t.course.course;
  users.length = 0;
  for (const [j, teacher] of sim.entries()) {
    const user = await addUser(t.stores, { email: `leerkracht${j}@school.nl`, name: `Leerkracht Achternaam${j}`, schoolId: school.id });
    users.push(user.id);
    const r = t.stores.research;
    r.decide(user.id, 'yes', 'v1', ago(200));
    r.setPupils(user.id, Array.from({ length: teacher.pupils }, (_, i) => `Kindnaam${j}-${i}`), ago(200));
    r.saveAnswers(user.id, 't0', 'keuze', 0, [{ item: 'jaren', value: String(5 + (j % 20)) }, { item: 'groep', value: String(1 + (j % 3)) }, { item: 'gedaan', value: '[1,3]' }], ago(199));
    r.finish(user.id, 't0', 'keuze', 0, ago(199));
    (['t0', 't1', 't2'] as const).forEach((wave) => {
      const day = { t0: 199, t1: 170, t2: 65 }[wave];
      teacher.answers[wave].forEach((answers, i) => {
        r.saveAnswers(user.id, wave, 'relatie', i + 1, Object.entries(answers).map(([item, value]) => ({ item, value })), ago(day));
        r.finish(user.id, wave, 'relatie', i + 1, ago(day));
      });
    });
    // The course, between t1 and t2: started 168 days ago, completed 160 days ago.
    for (const m of course.modules) {
      for (const l of m.lessons) {
        t.stores.progress.touchLesson(user.id, l.key, ago(168));
        t.stores.progress.setCompleted(user.id, l.key, true, ago(160));
      }
      if (m.quiz) t.stores.attempts.submit(user.id, t.stores.attempts.create(user.id, m.slug, { questions: [] }, ago(160)), { score: 1, passed: true, result: {} }, ago(160));
    }
  }
  // Free text with a line break, a semicolon, quotes and a would-be formula.
  t.stores.research.saveAnswers(users[0]!, 't0', 'keuze', 0, [{ item: 'reden', value: '=SOM(A1:A3); "stil"\nna het weekend' }]);
  await addUser(t.stores, { email: 'onderzoek@uni.nl', name: 'Onderzoeker', role: 'researcher' });
  researcher = await signIn(t.app, 'onderzoek@uni.nl');
});
afterEach(() => t.close());

async function download(url: string): Promise<{ raw: string; name: string }> {
  const res = await researcher.get(url).buffer(true).parse((r, cb) => {
    let data = '';
    r.setEncoding('utf8');
    r.on('data', (c: string) => (data += c));
    r.on('end', () => cb(null, data));
  });
  expect(res.status).toBe(200);
  const name = /filename="([^"]+)"/.exec(String(res.headers['content-disposition']))![1]!;
  return { raw: res.body as string, name };
}

async function csv(url: string): Promise<Record<string, string>[]> {
  const { raw } = await download(url);
  expect(raw.startsWith('\uFEFF')).toBe(true);
  const [header, ...body] = parseCsv(raw.slice(1));
  return body.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])));
}

/** Semicolon CSV with quoted cells ("" inside quotes, line breaks kept), as csv-stringify writes it. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ';') row.push(cell), (cell = '');
    else if (c === '\n') row.push(cell), rows.push(row), (row = []), (cell = '');
    else if (c !== '\r') cell += c;
  }
  if (cell !== '' || row.length) row.push(cell), rows.push(row);
  return rows;
}

/** Every figure the page shows, by its key (`relatie.conflict|course|ci_low`), as a number. */
function pageFigures(html: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of html.matchAll(/data-figure="([^"]+)">([^<]*)</g)) out.set(m[1]!, m[2]!.replace('&lt;', '<'));
  return out;
}
const num = (s: string) => Number(s.replace(',', '.'));
const NAMES = /Achternaam|Kindnaam|@school\.nl|regenboog/i;

test('the overview works at teacher level: no change on the null scale, the true change on nabijheid, both periods side by side', async () => {
  const page = await researcher.get('/research');
  expect(page.status).toBe(200);
  expect(page.text).not.toMatch(NAMES);
  const f = pageFigures(page.text);
  expect(f.get('relatie.conflict|n')).toBe(String(TEACHERS));
  // conflict: no change across the course, none before it, and no difference between the two.
  for (const cmp of ['course', 'control', 'difference']) expect(num(f.get(`relatie.conflict|${cmp}|ci_low`)!) < 0 && num(f.get(`relatie.conflict|${cmp}|ci_high`)!) > 0).toBe(true);
  expect(num(f.get('relatie.conflict|course|p')!)).toBeGreaterThan(0.05);
  // nabijheid: the +0.5 across the course is found, and not in the control period.
  expect(num(f.get('relatie.nabijheid|course|ci_low')!)).toBeGreaterThan(0.2);
  expect(num(f.get('relatie.nabijheid|control|ci_low')!) < 0 && num(f.get('relatie.nabijheid|control|ci_high')!) > 0).toBe(true);
  expect(num(f.get('relatie.nabijheid|difference|p_holm')!)).toBeLessThan(0.05);
  // d_z and d_av are both there, named; alpha per wave.
  expect(page.text).toContain('d<sub>z</sub>');
  expect(page.text).toContain('d<sub>av</sub>');
  expect(f.has('relatie.nabijheid|alpha|t0|alpha')).toBe(true);
  expect(page.text).toContain('De leerkracht telt één keer.');
  expect(page.text).toContain('Zonder cursus');
});

test('the shipped R script reads the exports and gives the page\'s figures to three decimals', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'steun-r-'));
  try {
    for (const url of ['/research/export.csv?shape=participants', '/research/export.csv?shape=wide', '/research/steun-onderzoek.R']) {
      const { raw, name } = await download(url);
      fs.writeFileSync(path.join(dir, name), raw);
    }
    const rscript = ['/usr/bin/Rscript', ...(process.env.PATH ?? '').split(':').map((p) => path.join(p, 'Rscript'))].find((p) => fs.existsSync(p));
    if (!rscript) throw new Error('Rscript is not installed: this test runs the shipped R script (Debian: apt-get install r-base-core)');
    execFileSync(rscript, [path.join(dir, 'steun-onderzoek.R'), dir], { stdio: 'pipe', timeout: 60_000 });
    const [, ...rows] = parseCsv(fs.readFileSync(path.join(dir, 'steun-figuren.csv'), 'utf8'));
    const fromR = new Map(rows.map(([variable, figure, value]) => [`${variable}|${figure}`, num(value!)]));
    const page = pageFigures((await researcher.get('/research')).text);
    let compared = 0;
    for (const [key, shown] of page) {
      const r = fromR.get(key);
      expect([key, r === undefined]).toEqual([key, false]);
      if (shown === '< 0,001') expect([key, r! < 0.001]).toEqual([key, true]);
      else expect([key, Math.abs(r! - num(shown)) <= 0.0005 + 1e-9]).toEqual([key, true]);
      compared++;
    }
    // 2 subscales × (n, 2 changes × 10 figures, the difference × 7, alpha and its n at 3 waves)
    expect(compared).toBe(2 * (1 + 20 + 7 + 6));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the files: decimal comma, days not times, free text kept with its line break and one guard, or left out; random order; no names', async () => {
  const wide = await csv('/research/export.csv?shape=wide');
  expect(wide.some((r) => /^\d,\d+$/.test(r['relatie.nabijheid']!))).toBe(true);
  expect(Object.keys(wide[0]!).slice(0, 6)).toEqual(['participant', 'school', 'wave', 'pupil', 'keuze.finished', 'keuze.date']);
  expect(wide.find((r) => r['keuze.reden'] !== '')!['keuze.reden']).toBe(`'=SOM(A1:A3); "stil"\nna het weekend`);
  expect(wide.every((r) => r['relatie.date'] === '' || /^\d{4}-\d{2}-\d{2}$/.test(r['relatie.date']!))).toBe(true);
  const without = await csv('/research/export.csv?shape=wide&text=0');
  expect(Object.keys(without[0]!)).not.toContain('keuze.reden');
  const long = await csv('/research/export.csv?shape=long');
  expect(Object.keys(long[0]!)).toEqual(['participant', 'school', 'wave', 'questionnaire', 'pupil', 'item', 'value', 'answered_on']);
  expect(long.every((r) => /^\d{4}-\d{2}-\d{2}$/.test(r.answered_on!))).toBe(true);
  expect((await csv('/research/export.csv?shape=long&text=0')).some((r) => r.item === 'reden')).toBe(false);
  const participants = await csv('/research/export.csv?shape=participants');
  expect(Object.keys(participants[0]!)).toEqual(expect.arrayContaining(['consent_version', 'consent_current', 'consent_date', 'course_started', 'course_completed', 'study_minutes', 'after_start', 't2_started', 't2_done', 't2_opening']));
  expect(participants[0]).toMatchObject({ consent_version: 'v1', consent_current: '1', after_start: '0', t2_opening: '0' });
  // Participants come in a random order, not the order in which they registered.
  const registered = t.stores.research.allParticipants().sort((a, b) => a.userId - b.userId).map((p) => p.code);
  expect(participants.map((p) => p.participant)).not.toEqual(registered);
  for (const url of ['/research/export.csv?shape=long', '/research/export.csv?shape=wide', '/research/export.csv?shape=participants', '/research/codebook.csv']) expect((await download(url)).raw).not.toMatch(NAMES);
});

test('the codebook says the format, level, waves and missing of every column, and the instrument', async () => {
  const book = await csv('/research/codebook.csv');
  expect(Object.keys(book[0]!)).toEqual(['file', 'variable', 'level', 'waves', 'questionnaire', 'item text', 'kind', 'format', 'values', 'missing', 'subscale', 'reversed', 'instrument']);
  expect(book.find((r) => r.file === 'breed' && r.variable === 'relatie.nabijheid')).toMatchObject({ level: 'leerling', waves: 't0 t1 t2', format: 'getal met decimale komma (3,25)', instrument: expect.stringContaining('voorlopige vragenlijst') });
  expect(book.find((r) => r.file === 'breed' && r.variable === 'keuze.jaren')).toMatchObject({ level: 'leerkracht', waves: 't0' });
  expect(book.find((r) => r.variable === 'keuze.reden')!.format).toContain('formulebeveiliging');
  expect(book.find((r) => r.file === 'deelnemers' && r.variable === 'consent_date')!.format).toBe('datum JJJJ-MM-DD');
});

test('the SPSS syntax reads the files with labels, missing values and levels', async () => {
  const { raw } = await download('/research/steun-onderzoek.sps');
  expect(raw).toContain('SET DECIMAL=COMMA.');
  expect(raw).toMatch(/VALUE LABELS[\s\S]*\/relatie\.warm 1 'Helemaal niet'/);
  expect(raw).toContain("MISSING VALUES keuze.finished");
  expect(raw).toContain('(ORDINAL).');
  expect(raw).toContain('MATCH FILES /FILE=breed /TABLE=deelnemers /BY participant.');
});

test('withdrawing and taking part again gives a new code; a participant of an older consent version is marked', async () => {
  const before = t.stores.research.participant(users[1]!)!.code;
  t.stores.research.decide(users[1]!, 'withdrawn', 'v1');
  t.stores.research.decide(users[1]!, 'yes', 'v1');
  const after = t.stores.research.participant(users[1]!)!.code;
  expect(after).not.toBe(before);
  t.stores.research.decide(users[2]!, 'yes', 'v0');
  const participants = await csv('/research/export.csv?shape=participants');
  expect(participants.some((p) => p.participant === before)).toBe(false);
  expect(participants.find((p) => p.participant === after)).toMatchObject({ consent_version: 'v1', consent_current: '1' });
  expect(participants.find((p) => p.participant === t.stores.research.participant(users[2]!)!.code)).toMatchObject({ consent_version: 'v0', consent_current: '0' });
  expect((await researcher.get('/research')).text).toMatch(/van wie <strong>39<\/strong> met de huidige versie/);
});

test('bad requests are a clear 400', async () => {
  const shape = await researcher.get('/research/export.csv?shape=diagonaal');
  expect(shape.status).toBe(400);
  expect(shape.text).toContain('shape moet long, wide, participants of openings zijn.');
  const text = await researcher.get('/research/export.csv?shape=wide&text=misschien');
  expect(text.status).toBe(400);
  expect(text.text).toContain('text moet 0 (zonder vrije tekst) of 1 zijn.');
  const extra = await researcher.get('/research/export.csv?shape=wide&tekst=0');
  expect(extra.status).toBe(400);
  expect(extra.text).toContain('Onbekende parameter: tekst.');
});
