// What coordinators and administrators meet, in Chromium on the demo school: the report fits a
// laptop without breaking words and becomes cards on a phone; destructive actions ask first and
// can be declined; the certificate's pages. Every page is audited with axe and photographed.
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { main as cli } from '../../src/cli/main';
import { startServer, launchBrowser, inspect, describeFindings, type AuditFinding, type RunningServer, tearDown } from './harness';

let server: RunningServer;
let browser: Browser;
const accounts = new Map<string, string>();
const findings: AuditFinding[] = [];

beforeAll(async () => {
  server = await startServer({ env: { NODE_ENV: 'development', WATCH_CONTENT: '0' } });
  const out: string[] = [];
  const code = await cli(['demo'], { out: (l) => out.push(l), err: (l) => out.push(l), env: server.env });
  if (code !== 0) throw new Error(out.join('\n'));
  for (const line of out) {
    const m = /^\s+\w+\s+(\S+@\S+)\s+(demo-\w+)/.exec(line);
    if (m) accounts.set(m[1]!, m[2]!);
  }
  browser = await launchBrowser();
}, 60_000);

afterAll(() => tearDown(server, browser));

async function signedIn(email: string, width = 1280): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width, height: 900 }, locale: 'nl-NL' })).newPage();
  await page.goto(`${server.url}/login`);
  await page.fill('#email', email);
  await page.fill('#password', accounts.get(email)!);
  await Promise.all([page.waitForURL((url) => url.pathname !== '/login'), page.click('button[type=submit]:has-text("Inloggen")')]);
  return page;
}

/** How far the page and the report's table reach past the window, and the tallest table row. */
async function fit(page: Page) {
  return page.evaluate(() => {
    const wrap = document.querySelector('.report-table')!.parentElement!;
    const rows = [...document.querySelectorAll<HTMLElement>('.report-table tbody tr')];
    return {
      pageOverflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      tableOverflow: wrap.scrollWidth - wrap.clientWidth,
      tallestRow: Math.max(...rows.map((r) => r.getBoundingClientRect().height)),
      rowDisplay: getComputedStyle(rows[0]!).display,
      // Lines of text in the widest-wrapping data cell: 1 means no number, date or status broke.
      cellLines: Math.max(
        ...[...document.querySelectorAll<HTMLElement>('.report-table tbody td')].map((td) => {
          const range = document.createRange();
          range.selectNodeContents(td);
          // A new line starts where a piece of text begins below the bottom of the line before.
          let lines = 0;
          let bottom = -Infinity;
          for (const r of [...range.getClientRects()].filter((x) => x.width > 0).sort((a, b) => a.top - b.top)) {
            if (r.top >= bottom - 1) lines++;
            bottom = Math.max(bottom, r.bottom);
          }
          return lines;
        }),
      ),
      headerHeight: document.querySelector('.site-header')!.getBoundingClientRect().height,
    };
  });
}

test('the coordinator lands on the report; it fits 1280 px with two lines per teacher at most and becomes cards at 360 px', async () => {
  const page = await signedIn('ib@demo.steun.nl');
  expect(new URL(page.url()).pathname).toBe('/reports');
  await expect(page.locator('nav[aria-label="Hoofdmenu"] a:visible', { hasText: 'School' }).count()).resolves.toBe(1);

  const wide = await fit(page);
  expect(wide.pageOverflow).toBeLessThanOrEqual(0);
  expect(wide.tableOverflow).toBeLessThanOrEqual(0);
  // Name with its e-mail under it: two lines at most, nothing broken letter by letter.
  expect(wide.tallestRow).toBeLessThan(85);
  expect(wide.cellLines).toBe(1);
  expect(wide.rowDisplay).toBe('table-row');

  await page.setViewportSize({ width: 360, height: 780 });
  const phone = await fit(page);
  expect(phone.pageOverflow).toBeLessThanOrEqual(0);
  expect(phone.rowDisplay).toBe('block');
  // The header stays on two lines (brand, then the menu), not three.
  expect(phone.headerHeight).toBeLessThan(130);
  const card = page.locator('.report-table tbody tr').first();
  for (const label of ['Status', 'Modules', 'Volgende stap', 'Laatst actief']) expect(await card.locator(`td[data-label="${label}"]`).isVisible()).toBe(true);
  expect(await card.locator('td[data-label="Studietijd"]').isVisible()).toBe(false);
  await page.setViewportSize({ width: 1280, height: 900 });

  // The quiet teachers are named, and the link shows exactly them.
  const quietNames = await page.locator('.quiet-list strong').allTextContents();
  expect(quietNames.length).toBeGreaterThan(0);
  await page.click('text=Bekijk ze in de lijst');
  await page.waitForURL(/stil=1/);
  // The same people (the list is ordered by how long they have been quiet, the table by name).
  expect((await page.locator('.report-table th.person').allInnerTexts()).map((t) => t.split('\n')[0]!.trim()).sort()).toEqual([...quietNames].sort());
  await page.goto(`${server.url}/reports`);
  await inspect(page, 'rapportage-coordinator', findings);
  // Acting on them: the reminder page names who gets it and shows the mail (the demo has no SMTP:
  // the coordinator's own mail program, addresses in BCC).
  await Promise.all([page.waitForURL(/\/reports\/herinneren$/), page.click('a:has-text("Stuur ze een herinnering")')]);
  expect(await page.textContent('h1')).toBe('Stille leerkrachten een herinnering sturen');
  expect(await page.locator('a[href^="mailto:?bcc="]').count()).toBe(1);
  await inspect(page, 'rapportage-herinneren', findings);
  await page.context().close();
}, 90_000);

test('a new join code needs a second, explicit yes; "Nee, terug" changes nothing', async () => {
  const page = await signedIn('ib@demo.steun.nl');
  await page.click('nav >> text=School');
  await page.waitForURL(/\/school$/);
  await inspect(page, 'school', findings);
  const before = (await page.textContent('.join-code'))!.trim();
  await page.click('button:has-text("Nieuwe code maken")');
  await expect(page.textContent('h1')).resolves.toBe('Een nieuwe schoolcode maken?');
  await inspect(page, 'bevestigen', findings);
  await page.click('text=Nee, terug');
  await page.waitForURL(/\/school$/);
  expect((await page.textContent('.join-code'))!.trim()).toBe(before);
  await page.click('button:has-text("Nieuwe code maken")');
  await page.click('button:has-text("Ja, maak een nieuwe code")');
  await page.waitForURL(/\/school$/);
  const after = (await page.textContent('.join-code'))!.trim();
  expect(after).not.toBe(before);
  expect(await page.textContent('.flash')).toContain(after);

  // Deactivating a teacher asks first as well.
  await page.click('button:has-text("Deactiveren…") >> nth=0');
  expect(await page.textContent('h1')).toMatch(/deactiveren\?$/);
  await page.click('button:has-text("Ja, deactiveren")');
  await page.waitForURL(/\/school$/);
  expect(await page.textContent('.flash')).toContain('is gedeactiveerd');
  await page.context().close();
}, 90_000);

test('the administrator lands on the report; /admin is grouped, searchable, fits a phone, and deleting asks first', async () => {
  const page = await signedIn('beheerder@demo.steun.nl');
  expect(new URL(page.url()).pathname).toBe('/reports');
  await page.click('nav >> text=Beheer');
  await page.waitForURL(/\/admin$/);
  await inspect(page, 'beheer', findings);
  await page.fill('#people-q', 'joris');
  await Promise.all([page.waitForURL(/q=joris/), page.click('button:has-text("Zoeken")')]);
  expect(await page.locator('.people-group tbody tr').count()).toBe(1);
  await page.click('button:has-text("Verwijderen…")');
  await expect(page.textContent('h1')).resolves.toBe('Het account van Joris Meijer verwijderen?');
  await page.click('text=Nee, terug');
  await page.waitForURL(/\/admin$/);
  expect(await page.textContent('main')).toContain('Joris Meijer');
  await page.context().close();
}, 90_000);

test('the certificate pages: what is left for a teacher halfway, and the verification page', async () => {
  const eva = await signedIn('eva@demo.steun.nl');
  await eva.goto(`${server.url}/certificate`);
  expect(await eva.textContent('h1')).toBe('Nog geen certificaat');
  // Every module that is not finished is listed, the locked ones too.
  expect(await eva.locator('.module-rest > li:not(.is-complete)').count()).toBeGreaterThan(1);
  await inspect(eva, 'certificaat-nog-niet', findings);
  await eva.context().close();

  const joris = await signedIn('joris@demo.steun.nl');
  const pdf = await joris.request.get(`${server.url}/certificate`);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-disposition']).toBe('attachment; filename="certificaat-steun-in-het-onderwijs-joris-meijer.pdf"');
  const db = new Database(server.env.DATABASE_PATH!, { readonly: true });
  const { code } = db.prepare('SELECT code FROM certificates').get() as { code: string };
  db.close();
  await joris.goto(`${server.url}/certificate/verify/${code}`);
  expect(await joris.textContent('.card-name')).toBe('Joris Meijer');
  await inspect(joris, 'certificaat-controleren', findings);
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
  await joris.context().close();
}, 90_000);

test('no serious or critical accessibility problems and no sideways scrolling on these pages', () => {
  expect(describeFindings(findings)).toBe('');
});
