// The study in headless Chromium: a teacher consents, names a pupil, fills in both measurements
// before the course (by mouse, by keyboard, with and without the page script), finds the course
// open, completes it (through the store: the course itself is journey.e2e.ts's subject) and fills
// in the follow-up; a researcher sees the response and downloads data without a name in it.
// Every new page type is audited with axe and photographed at 1280 and 360 px.
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import type { Browser, Page } from 'playwright-core';
import { compileCourse } from '../../src/course/compile';
import type { Course } from '../../src/course/model';
import { openDatabase } from '../../src/db/connection';
import { createStores } from '../../src/db';
import { seedTeacherProgress, seededRandom } from '../../src/cli/demo';
import { startServer, launchBrowser, inspect, describeFindings, SCREENSHOT_DIR, ROOT, type RunningServer, type AuditFinding, runCli } from './harness';

let server: RunningServer;
let browser: Browser;
let course: Course;
let contentDir: string;
const findings: AuditFinding[] = [];
const PASSWORD = 'e2e-wachtwoord-123';
const PUPIL = 'Pupil-Sterretje';

beforeAll(async () => {
  // The bundled course and study, without the study's calendar (its holidays and date bounds belong
  // to one school year): the walk below must hold whatever day it runs.
  contentDir = fs.mkdtempSync(path.join(os.tmpdir(), 'steun-e2e-content-'));
  fs.cpSync(path.join(ROOT, 'content'), contentDir, { recursive: true });
  const yml = path.join(contentDir, 'research', 'study.yml');
  fs.writeFileSync(
    yml,
    fs
      .readFileSync(yml, 'utf8')
      .replace(/\nholidays:\n(?:  - .*\n)*/, '\n')
      .replace(/, notAfter: [\d-]+/g, '')
      .replace(/\n    lastDay: [\d-]+/g, ''),
  );
  course = (await compileCourse(contentDir)).course!;
  // Development: cookies without Secure over plain http, as in journey.e2e.ts.
  server = await startServer({ contentDir, env: { NODE_ENV: 'development', WATCH_CONTENT: '0' } });
  const code = (await runCli(server, 'school', 'add', '--name', 'OBS De Linde')).trim().split(/\s+/).at(-1)!;
  await runCli(server, 'user', 'add', '--email', 'juf@linde.nl', '--name', 'Juf Lisa Achternaam', '--role', 'teacher', '--school', code, '--password', PASSWORD);
  await runCli(server, 'user', 'add', '--email', 'onderzoek@uni.nl', '--name', 'Onderzoeker', '--role', 'researcher', '--password', PASSWORD);
  browser = await launchBrowser();
  console.log(`Screenshots: ${SCREENSHOT_DIR}`);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (server) fs.rmSync(server.dir, { recursive: true, force: true });
  if (contentDir) fs.rmSync(contentDir, { recursive: true, force: true });
});

async function newPage(javaScript = true): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, locale: 'nl-NL', javaScriptEnabled: javaScript });
  return context.newPage();
}

async function signIn(page: Page, email: string, lands: string) {
  await page.goto(`${server.url}/login`);
  await page.fill('#email', email);
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL(`${server.url}${lands}`), page.click('button[type=submit]:has-text("Inloggen")')]);
}

/** Answers every question on the page (option `choice` of scales, the first of lists, 12 for numbers) and presses the page's main button. */
async function answerPage(page: Page, choice: number) {
  const items = page.locator('.study-item');
  for (let i = 0; i < (await items.count()); i++) {
    const item = items.nth(i);
    const radios = item.locator('input[type=radio]');
    const boxes = item.locator('input[type=checkbox]');
    const number = item.locator('input[type=number]');
    if ((await radios.count()) > 0) await radios.nth(Math.min(choice, (await radios.count()) - 1)).check();
    else if ((await boxes.count()) > 0) await boxes.first().check();
    else if ((await number.count()) > 0) await number.fill('12');
  }
  const next = page.locator('button[name=go][value=next]');
  if ((await next.count()) > 0) {
    const url = page.url().replace(/\?.*$/, '');
    await Promise.all([page.waitForURL(new RegExp(`^${url.replace(/[.?*+^$()[\]{}|\\/]/g, '\\$&')}\\?page=\\d+$`)), next.click()]);
    return false;
  }
  await Promise.all([page.waitForURL(`${server.url}/study`), page.click('button[name=finish]')]);
  return true;
}

/** Fills in every questionnaire of the open wave from the study page. */
async function fillOpenWave(page: Page, choice: number) {
  for (;;) {
    await page.goto(`${server.url}/study`);
    const link = page.locator('.wave-open .form-list a').first();
    if ((await link.count()) === 0) return;
    await Promise.all([page.waitForURL(/\/study\/t\d\//), link.click()]);
    while (!(await answerPage(page, choice)));
  }
}

/**
 * After the test wrote to the database itself, the server's memos notice it at its next check of
 * SQLite's data_version (at most every 50 ms): load `url` until the page shows what the write caused.
 */
async function untilServerSees(page: Page, url: string, shows: () => Promise<boolean>) {
  for (;;) {
    await page.goto(url);
    if (await shows()) return;
  }
}

function database() {
  return createStores(openDatabase(server.env.DATABASE_PATH!));
}

test('a teacher takes part: consent, pupils, both pre-measurements, the course and the follow-up', async () => {
  const page = await newPage();
  await signIn(page, 'juf@linde.nl', '/');
  expect(await page.textContent('.next-step')).toContain('Eerst: doe je mee aan het onderzoek?');

  // The course waits, and says where to go.
  await page.goto(`${server.url}/course/${course.modules[0]!.slug}/${course.modules[0]!.lessons[0]!.slug}`);
  expect(await page.textContent('h1')).toBe('Eerst: doe je mee aan het onderzoek?');
  await inspect(page, 'onderzoek-slot', findings);
  await Promise.all([page.waitForURL(`${server.url}/study`), page.click('a:has-text("Naar het onderzoek")')]);
  expect(await page.textContent('.consent-text')).toContain('gevalideerde vragenlijsten');
  await inspect(page, 'onderzoek-toestemming', findings);
  await page.click('button:has-text("Ja, ik doe mee")');
  await page.waitForSelector('text=Je doet mee aan het onderzoek.');

  // One pupil in mind, by a name only this teacher sees.
  await page.fill('#pupil-1', PUPIL);
  await Promise.all([page.waitForURL(/\/study#leerlingen$/), page.click('.study-pupils button[type=submit]')]);
  await inspect(page, 'onderzoek', findings);

  // The first questionnaire with the page script: one answer is saved the moment it is given.
  await Promise.all([page.waitForURL(/\/study\/t0\/keuze$/), page.click('a:has-text("Waarom deze leerlingen?")')]);
  await inspect(page, 'vragenlijst', findings);
  const saved = page.waitForResponse((r) => r.url().endsWith('/study/t0/keuze') && r.request().method() === 'POST');
  await page.locator('#vraag-reden-2').check();
  expect((await saved).status()).toBe(200);
  await page.waitForSelector('text=Je antwoord is opgeslagen.');

  // The relationship questionnaire by keyboard: arrow keys move through a radio group.
  await page.goto(`${server.url}/study/t0/relatie/1`);
  expect(await page.textContent('h1')).toBe(`Jij en ${PUPIL}`);
  await page.focus('#vraag-vertelt-1');
  await page.keyboard.press('ArrowRight');
  expect(await page.isChecked('#vraag-vertelt-2')).toBe(true);
  // Finishing with questions left lists them.
  await page.goto(`${server.url}/study/t0/relatie/1?page=2`);
  await page.click('button[name=finish]');
  await page.waitForSelector('.form-errors');
  expect(await page.textContent('.form-errors')).toContain('Je bent er bijna');
  await inspect(page, 'vragenlijst-onvolledig', findings);

  await fillOpenWave(page, 1);
  expect(await page.textContent('.study-waves')).toMatch(/Eerste meting\s*· afgerond/);
  await page.goto(`${server.url}/`);
  expect(await page.textContent('.next-step h2')).toBe('Je cursus begint na de tweede meting');

  // Four weeks later (the store moves the first measurement back in time), the second one opens.
  const stores = database();
  const juf = stores.accounts.userByEmailWithHash('juf@linde.nl')!;
  stores.sqlite.prepare("UPDATE study_forms SET finished_at = strftime('%Y-%m-%dT%H:%M:%fZ', finished_at, '-29 days') WHERE user_id = ?").run(juf.id);
  await untilServerSees(page, `${server.url}/study`, async () => (await page.locator('.wave-open .form-list a').count()) > 0);
  await fillOpenWave(page, 2);
  expect(await page.textContent('.study-waves')).toMatch(/Tweede meting\s*· afgerond/);

  // The course is open now.
  await page.goto(`${server.url}/course/${course.modules[0]!.slug}/${course.modules[0]!.lessons[0]!.slug}`);
  expect(await page.textContent('h1')).toBe(course.modules[0]!.lessons[0]!.title);

  // The course, completed 91 days ago (through the store), opens the follow-up.
  seedTeacherProgress(stores, course, juf.id, 1, seededRandom(3), Date.now() - 100 * 86_400_000);
  const completed = new Date(Date.now() - 91 * 86_400_000).toISOString();
  stores.sqlite.prepare('UPDATE lesson_progress SET completed_at = ? WHERE user_id = ? AND completed_at IS NOT NULL').run(completed, juf.id);
  stores.sqlite.prepare('UPDATE quiz_attempts SET submitted_at = ? WHERE user_id = ? AND submitted_at IS NOT NULL').run(completed, juf.id);
  stores.sqlite.close();
  await untilServerSees(page, `${server.url}/`, async () => ((await page.textContent('.study-step')) ?? '').includes('Nameting is open'));
  expect(await page.textContent('.study-step')).toContain('Nameting is open');
  await fillOpenWave(page, 3);
  expect(await page.textContent('.study-waves')).toMatch(/Nameting\s*· afgerond/);
  await page.goto(`${server.url}/`);
  expect(await page.textContent('.study-step-later')).toContain('Je hebt alle metingen gedaan');
});

test('without JavaScript a questionnaire page is saved by its button, and resumes where it was', async () => {
  const page = await newPage(false);
  await signIn(page, 'juf@linde.nl', '/');
  const stores = database();
  stores.sqlite.prepare("DELETE FROM study_forms WHERE wave = 't2'").run();
  stores.sqlite.prepare("DELETE FROM study_answers WHERE wave = 't2'").run();
  stores.sqlite.close();
  await untilServerSees(page, `${server.url}/study/t2/vertrouwen`, async () => (await page.locator('#vraag-ervoor-4').count()) > 0);
  await page.locator('#vraag-ervoor-4').check();
  await Promise.all([page.waitForURL(`${server.url}/study`), page.click('button[name=go][value=stop]')]);
  await page.goto(`${server.url}/study/t2/vertrouwen`);
  expect(await page.isChecked('#vraag-ervoor-4')).toBe(true);
});

test('a researcher sees the response and downloads data in which no name appears', async () => {
  const page = await newPage();
  await signIn(page, 'onderzoek@uni.nl', '/research');
  expect(await page.textContent('#respons + .table-wrap tfoot')).toMatch(/Totaal\s*1\s*1\s*1\s*1/);
  await inspect(page, 'onderzoeker', findings);
  for (const href of ['/research/export.csv?shape=long', '/research/export.csv?shape=wide', '/research/codebook.csv']) {
    const res = await page.request.get(`${server.url}${href}`);
    expect(res.status()).toBe(200);
    const text = await res.text();
    expect(text).not.toMatch(/Lisa|Achternaam|juf@linde|Pupil-Sterretje|Linde/);
    if (href.includes('long')) expect(text).toMatch(/^\uFEFFparticipant;school;wave;questionnaire;pupil;item;value;answered_on/);
  }
  const lesson = await page.request.get(`${server.url}/course/${course.modules[0]!.slug}/${course.modules[0]!.lessons[0]!.slug}`);
  expect(lesson.status()).toBe(403);
});

test('no serious or critical accessibility violations on the study pages, and none too wide at 360 px', () => {
  expect(describeFindings(findings)).toBe('');
});
