// The pages of mail and invitations in Chromium: a coordinator invites a teacher, copies the link
// with the copy button (and can select it as text without JavaScript); the invited teacher gives
// their name and password. Every new page is audited with axe and photographed at 1280 and 360 px.
import type { Browser, Page } from 'playwright-core';
import { main as cli } from '../../src/cli/main';
import { startServer, launchBrowser, inspect, describeFindings, tearDown, type RunningServer, type AuditFinding } from './harness';

let server: RunningServer;
let browser: Browser;
const findings: AuditFinding[] = [];
const PASSWORD = 'e2e-wachtwoord-123';

async function runCli(...args: string[]): Promise<string> {
  const out: string[] = [];
  const code = await cli(args, { out: (l) => out.push(l), err: (l) => out.push(l), env: { ...server.env } });
  if (code !== 0) throw new Error(`steun ${args.join(' ')} failed:\n${out.join('\n')}`);
  return out.join('\n');
}

beforeAll(async () => {
  server = await startServer({ env: { NODE_ENV: 'development', WATCH_CONTENT: '0' } });
  const code = (await runCli('school', 'add', '--name', 'OBS De Linde')).trim().split(/\s+/).at(-1)!;
  await runCli('user', 'add', '--email', 'ib@linde.nl', '--name', 'Ilse IB', '--role', 'coordinator', '--school', code, '--password', PASSWORD);
  await runCli('user', 'add', '--email', 'beheer@steun.nl', '--name', 'Beheer', '--role', 'admin', '--password', PASSWORD);
  browser = await launchBrowser();
}, 60_000);

afterAll(() => tearDown(server, browser));

async function signedIn(email: string, options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nl-NL', ...options });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  const page = await context.newPage();
  await page.goto(`${server.url}/login`);
  await page.fill('#email', email);
  await page.fill('#password', PASSWORD);
  // Teachers land on the overview, coordinators and administrators on the report.
  await Promise.all([page.waitForURL((url) => url.pathname === '/' || url.pathname === '/reports'), page.click('button[type=submit]:has-text("Inloggen")')]);
  return page;
}

test('a coordinator invites a teacher and copies the link; the teacher activates the account with their name', async () => {
  const page = await signedIn('ib@linde.nl');
  await page.goto(`${server.url}/school`);
  await page.fill('#emails', 'anna@linde.nl');
  await Promise.all([page.waitForURL(`${server.url}/school/invite`), page.click('button:has-text("Uitnodigen")')]);
  const link = (await page.locator('td code[data-copy]').textContent())!.trim();
  expect(link).toMatch(/\/password\/[\w-]+$/);
  await page.click('td button:has-text("Kopieer")');
  await page.locator('td button:has-text("Gekopieerd")').waitFor();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
  await inspect(page, 'school-invited', findings);

  await page.goto(`${server.url}/school`);
  await page.locator('td:has-text("uitgenodigd – nog niet aangemeld")').waitFor();
  await page.goto(`${server.url}/password/forgot`);
  await inspect(page, 'password-forgot', findings);

  const teacher = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nl-NL' })).newPage();
  await teacher.goto(`${server.url}${new URL(link).pathname}`);
  expect(await teacher.inputValue('#name')).toBe('');
  await inspect(teacher, 'invitation-activate', findings);
  await teacher.fill('#name', 'Anna de Vries');
  await teacher.fill('#password', 'anna-wachtwoord-1');
  await Promise.all([teacher.waitForURL(`${server.url}/`), teacher.click('button:has-text("Account activeren")')]);
  await page.goto(`${server.url}/school`);
  await page.locator('th:has-text("Anna de Vries")').waitFor();
});

test('without JavaScript the link is plain text to select, with no copy button', async () => {
  const page = await signedIn('ib@linde.nl', { javaScriptEnabled: false });
  await page.goto(`${server.url}/school`);
  await page.fill('#emails', 'bram@linde.nl');
  await Promise.all([page.waitForURL(`${server.url}/school/invite`), page.click('button:has-text("Uitnodigen")')]);
  expect(await page.locator('td code[data-copy]').textContent()).toMatch(/\/password\//);
  expect(await page.locator('button:has-text("Kopieer")').count()).toBe(0);
});

test("an address with an account elsewhere is invited like any other; its link says the account exists and changes nothing", async () => {
  const page = await signedIn('ib@linde.nl');
  await page.goto(`${server.url}/school`);
  await page.fill('#emails', 'beheer@steun.nl');
  await Promise.all([page.waitForURL(`${server.url}/school/invite`), page.click('button:has-text("Uitnodigen")')]);
  await page.locator('td:has-text("uitgenodigd")').first().waitFor();
  const link = (await page.locator('td code[data-copy]').textContent())!.trim();
  expect(link).toMatch(/\/password\/[\w-]+$/);

  const holder = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nl-NL' })).newPage();
  await holder.goto(`${server.url}${new URL(link).pathname}`);
  expect(await holder.inputValue('#name')).toBe('');
  await holder.fill('#name', 'Iemand Anders');
  await holder.fill('#password', 'niet-het-wachtwoord-1');
  // The form posts to the page itself; the answer is a page that says so.
  await holder.click('button:has-text("Account activeren")');
  await holder.locator('h1:has-text("Je hebt al een account")').waitFor();
  await inspect(holder, 'invitation-exists', findings);
  // The administrator still signs in with their own password.
  await signedIn('beheer@steun.nl');
});

test('an administrator reads the kept mail at /admin/mail', async () => {
  const page = await signedIn('beheer@steun.nl');
  await page.goto(`${server.url}/admin/mail`);
  await page.click('summary:has-text("Uitnodiging: online nascholing")');
  await page.locator('pre.mail-text:has-text("Account activeren")').first().waitFor();
  await inspect(page, 'admin-mail', findings);
});

test('the new pages pass axe (WCAG 2.1 A/AA) and fit a 360 px phone', () => {
  expect(describeFindings(findings)).toBe('');
});
