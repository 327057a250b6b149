// Nothing typed is lost when the session ends while a teacher works (review round 3, #4): a
// reflection, an exercise's choices and a questionnaire's answers are kept on the device, the page
// says "log opnieuw in", and after signing in again they are back and saved. Without JavaScript
// the page that answers the form shows the text back. The session's end is the browser dropping
// its expired cookie.
import fs from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { studyCourseDir } from '../support/study-app';
import { startServer, launchBrowser, runCli, inspect, screenshots, describeFindings, tearDown, type RunningServer, type AuditFinding } from './harness';

const PASSWORD = 'e2e-wachtwoord-123';
const LESSON = '/course/begin/oefenen';

let courseDir: string;
let server: RunningServer;
let browser: Browser;
let joinCode = '';
let people = 0;
const findings: AuditFinding[] = [];

beforeAll(async () => {
  courseDir = studyCourseDir();
  server = await startServer({ contentDir: courseDir, env: { NODE_ENV: 'development', WATCH_CONTENT: '0' } });
  joinCode = (await runCli(server, 'school', 'add', '--name', 'De Bewaarschool')).trim().split(/\s+/).at(-1)!;
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await tearDown(server, browser);
  fs.rmSync(courseDir, { recursive: true, force: true });
});

async function signIn(page: Page, email: string, lands: string | RegExp) {
  await page.fill('#email', email);
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL(lands), page.click('button[type=submit]:has-text("Inloggen")')]);
}

/** A new teacher, signed in, who answered the study's question with `decision`. */
async function teacher(decision: 'yes' | 'no', javaScriptEnabled = true): Promise<{ context: BrowserContext; page: Page; email: string }> {
  const email = `bewaar${++people}@school.nl`;
  await runCli(server, 'user', 'add', '--email', email, '--name', `Juf Bewaar ${people}`, '--role', 'teacher', '--school', joinCode, '--password', PASSWORD);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nl-NL', javaScriptEnabled });
  const page = await context.newPage();
  await page.goto(`${server.url}/login`);
  await signIn(page, email, `${server.url}/`);
  await page.goto(`${server.url}/study`);
  await Promise.all([page.waitForURL(`${server.url}${decision === 'no' ? '/' : '/study'}`), page.click(`button[name=decision][value=${decision}]`)]);
  return { context, page, email };
}

/** Waits until the field shows `value` (a script may put it there a moment after the page loads). */
async function fieldShows(page: Page, selector: string, value: string) {
  await page.waitForFunction(([sel, v]) => (document.querySelector(sel) as HTMLTextAreaElement | null)?.value === v, [selector, value] as const);
}

/** The session ends: the browser drops the expired cookie. */
const endSession = (context: BrowserContext) => context.clearCookies({ name: 'steun.sid' });

test('a reflection typed after the session ended is kept, and saved after signing in again', async () => {
  const { context, page, email } = await teacher('no');
  await page.goto(`${server.url}${LESSON}`);
  const field = page.locator('#reflectie-eigen-ervaring-text');
  const status = page.locator('#reflectie-eigen-ervaring-status');
  await field.fill('Eerste gedachte.');
  await status.filter({ hasText: 'Opgeslagen om' }).waitFor();

  await endSession(context);
  await field.pressSequentially(' Na de lunch verder getypt.', { delay: 5 });
  await status.filter({ hasText: 'Je tekst is bewaard op dit apparaat; log opnieuw in om hem op te slaan.' }).waitFor();
  await inspect(page, 'nothing-lost-reflection-signed-out', findings);

  // The link returns to this page after signing in; leaving asks nothing (the text is kept).
  await Promise.all([page.waitForURL(/\/login\?next=/), status.getByRole('link', { name: 'log opnieuw in' }).click()]);
  await signIn(page, email, new RegExp(`${LESSON}#reflectie-eigen-ervaring$`));
  await fieldShows(page, '#reflectie-eigen-ervaring-text', 'Eerste gedachte. Na de lunch verder getypt.');
  await page.locator('.draft-note', { hasText: 'We hebben je tekst teruggezet die nog niet was opgeslagen.' }).waitFor();
  await status.filter({ hasText: 'Opgeslagen om' }).waitFor();
  await inspect(page, 'nothing-lost-reflection-restored', findings);

  await page.reload();
  expect(await field.inputValue()).toBe('Eerste gedachte. Na de lunch verder getypt.');
  expect(await page.locator('.draft-note').count()).toBe(0);
  expect(await status.textContent()).toMatch(/^Opgeslagen op .+ om \d\d:\d\d$/);
  await context.close();
});

test('an exercise sent after the session ended: the answer page leads to signing in and back, where the choices are', async () => {
  const { context, page, email } = await teacher('no');
  await page.goto(`${server.url}${LESSON}`);
  await endSession(context);
  await page.locator('#oefening-keuze label', { hasText: 'Je benoemt rustig wat je ziet.' }).click();
  await Promise.all([page.waitForURL(`${server.url}${LESSON}/exercise/keuze`), page.click('#oefening-keuze button[type=submit]')]);
  await page.getByRole('heading', { name: 'Je bent niet meer ingelogd' }).waitFor();
  expect(await page.textContent('main')).not.toContain('Geen toegang');
  await inspect(page, 'nothing-lost-exercise-401', findings);

  // Choices are no text to copy: the sign-in opens here, and leads back to the lesson.
  await Promise.all([page.waitForURL(/\/login\?next=/), page.getByRole('link', { name: 'Opnieuw inloggen' }).click()]);
  await signIn(page, email, new RegExp(`${LESSON}#oefening-keuze$`));
  await page.locator('#oefening-keuze .draft-note').waitFor();
  expect(await page.locator('#oefening-keuze input:checked + label').textContent()).toBe('Je benoemt rustig wat je ziet.');
  await Promise.all([page.waitForURL(`${server.url}${LESSON}#oefening-keuze`), page.click('#oefening-keuze button[type=submit]')]);
  await page.locator('#oefening-keuze .verdict-ok').waitFor();
  await context.close();
});

test('a questionnaire answer given after the session ended is kept, and sent after signing in again', async () => {
  const { context, page, email } = await teacher('yes');
  await page.goto(`${server.url}/study/t0/keuze`);
  await page.fill('input[name=jaren]', '12');
  await page.locator('input[name=jaren]').blur();
  await page.locator('[data-save-status]', { hasText: 'Je antwoord is opgeslagen.' }).waitFor();

  await endSession(context);
  await page.locator('label', { hasText: 'Groep 3-5' }).click();
  const status = page.locator('[data-save-status]');
  await status.filter({ hasText: 'Je antwoorden zijn bewaard op dit apparaat; log opnieuw in om ze op te slaan.' }).waitFor();
  await inspect(page, 'nothing-lost-questionnaire-signed-out', findings);

  await Promise.all([page.waitForURL(/\/login\?next=/), status.getByRole('link', { name: 'log opnieuw in' }).click()]);
  await signIn(page, email, new RegExp('/study/t0/keuze#vraag-groep$'));
  await page.locator('.draft-note').waitFor();
  expect(await page.locator('label:has(input[name=groep]:checked)').textContent()).toContain('Groep 3-5');
  await status.filter({ hasText: 'Je antwoord is opgeslagen.' }).waitFor();
  await page.reload();
  expect(await page.locator('label:has(input[name=groep]:checked)').textContent()).toContain('Groep 3-5');
  await context.close();
});

test('a page older than the session (signed in again in another tab) saves with the session\'s new token', async () => {
  const { context, page, email } = await teacher('no');
  await page.goto(`${server.url}${LESSON}`);
  await endSession(context);
  const other = await context.newPage();
  await other.goto(`${server.url}/login`);
  await signIn(other, email, `${server.url}/`);
  // Back in the first tab, whose forms carry the token of the session that ended.
  await page.bringToFront();
  await page.fill('#reflectie-eigen-ervaring-text', 'Getypt in het oude tabblad.');
  await page.locator('#reflectie-eigen-ervaring-status', { hasText: 'Opgeslagen om' }).waitFor();
  await other.goto(`${server.url}${LESSON}`);
  expect(await other.inputValue('#reflectie-eigen-ervaring-text')).toBe('Getypt in het oude tabblad.');
  await context.close();
});

test('without JavaScript, a reflection sent after the session ended comes back on the page that answers', async () => {
  const { context, page } = await teacher('no', false);
  await page.goto(`${server.url}${LESSON}`);
  await page.fill('#reflectie-eigen-ervaring-text', 'Zonder JavaScript geschreven, over een leerling die vaak alleen staat.');
  await endSession(context);
  await Promise.all([page.waitForURL(`${server.url}${LESSON}/reflection/eigen-ervaring`), page.click('#reflectie-eigen-ervaring button[type=submit]')]);
  expect(await page.locator('#verstuurd-0').inputValue()).toBe('Zonder JavaScript geschreven, over een leerling die vaak alleen staat.');
  expect(await page.getByRole('link', { name: 'Opnieuw inloggen' }).getAttribute('target')).toBe('_blank');
  // axe needs JavaScript in the page: photographed only (the same page with it is audited above).
  expect(await screenshots(page, 'nothing-lost-nojs-401')).toBeLessThanOrEqual(360);
  await context.close();
});

test('without JavaScript, a form from a page older than the session (signed in again elsewhere) shows the text back too', async () => {
  const { context, page, email } = await teacher('no', false);
  await page.goto(`${server.url}${LESSON}`);
  await endSession(context);
  const other = await context.newPage();
  await other.goto(`${server.url}/login`);
  await signIn(other, email, `${server.url}/`);
  await page.fill('#reflectie-eigen-ervaring-text', 'Getypt op een pagina van voor het inloggen.');
  await Promise.all([page.waitForURL(`${server.url}${LESSON}/reflection/eigen-ervaring`), page.click('#reflectie-eigen-ervaring button[type=submit]')]);
  expect(await page.textContent('h1')).toBe('Dit formulier werkt niet meer');
  expect(await page.locator('#verstuurd-0').inputValue()).toBe('Getypt op een pagina van voor het inloggen.');
  expect(await page.getAttribute('a:has-text("Open de pagina opnieuw")', 'href')).toBe(`${LESSON}#reflectie-eigen-ervaring`);
  expect(await screenshots(page, 'nothing-lost-nojs-403')).toBeLessThanOrEqual(360);
  await context.close();
});

test('no serious or critical accessibility problems and no sideways scrolling on these pages', () => {
  expect(describeFindings(findings)).toBe('');
});
