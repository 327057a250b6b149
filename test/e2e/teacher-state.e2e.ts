// One teacher, one state, as the demo's teachers meet it in Chromium: the study's hold with its date
// on the overview, the consent buttons and the lock page; every module done with study time short
// on the overview, the certificate page and the coordinator's report, in the same words. Each page
// is audited with axe and photographed at 1280 and 360 px.
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import Database from 'better-sqlite3';
import { main as cli } from '../../src/cli/main';
import { startServer, launchBrowser, inspect, describeFindings, type RunningServer, type AuditFinding } from './harness';

let server: RunningServer;
let browser: Browser;
const passwords = new Map<string, string>();
const findings: AuditFinding[] = [];

beforeAll(async () => {
  server = await startServer({ env: { NODE_ENV: 'development', WATCH_CONTENT: '0' } });
  const out: string[] = [];
  expect(await cli(['demo'], { out: (l) => out.push(l), err: (l) => out.push(l), env: server.env })).toBe(0);
  for (const line of out) {
    const m = /(\S+@demo\.steun\.nl)\s+(\S+)/.exec(line);
    if (m) passwords.set(m[1]!, m[2]!);
  }
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (server) fs.rmSync(server.dir, { recursive: true, force: true });
});

async function signedIn(email: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nl-NL' })).newPage();
  await page.goto(`${server.url}/login`);
  await page.fill('#email', email);
  await page.fill('#password', passwords.get(email)!);
  await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit]:has-text("Inloggen")')]);
  return page;
}

/** After a write through another connection, loads the page until the server shows it (its memos see the commit within 50 ms). */
async function untilServerSees(page: Page, url: string, shows: () => Promise<boolean>) {
  for (let i = 0; i < 100; i++) {
    await page.goto(url);
    if (await shows()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`the server never showed the change at ${url}`);
}

test('an undecided teacher: the consent buttons and the overview say when the course opens', async () => {
  const page = await signedIn('anouk@demo.steun.nl');
  await page.goto(`${server.url}/`);
  const card = (await page.textContent('.next-step'))!;
  expect(card).toContain('Eerst: doe je mee aan het onderzoek?');
  expect(card).toMatch(/Doe je mee, dan begin je na de tweede meting, rond \d+ \w+ \d{4}\./);
  expect(await page.locator('.module-card.state-open').count()).toBe(0);
  await inspect(page, 'staat-onbeslist-overzicht', findings);
  await page.goto(`${server.url}/study`);
  expect(await page.textContent('button[value=yes]')).toMatch(/^Ja, ik doe mee – ik begin aan de cursus na de tweede meting, rond \d+ \w+ \d{4}$/);
  expect(await page.textContent('button[value=no]')).toBe('Nee – ik begin meteen met de cursus');
  await inspect(page, 'staat-onbeslist-toestemming', findings);
});

test('a teacher waiting for the second measurement: the overview and the lock page name the same day', async () => {
  const page = await signedIn('eva@demo.steun.nl');
  await page.goto(`${server.url}/`);
  expect(await page.textContent('.next-step h2')).toBe('Je cursus begint na de tweede meting');
  const lock = /Gaat open na de tweede meting \(rond (\d+ \w+ \d{4})\)\./.exec((await page.textContent('.module-list'))!);
  expect(lock).not.toBeNull();
  await inspect(page, 'staat-wacht-op-meting-overzicht', findings);
  const response = await page.goto(`${server.url}/course/wat-is-steun/welkom`);
  expect(response?.status()).toBe(403);
  expect(await page.textContent('main')).toContain(lock![1]!);
  await inspect(page, 'staat-wacht-op-meting-slot', findings);
});

test('every module done with too little study time: the overview, the certificate page and the report say the same', async () => {
  // Joris finished everything; take his study time away through the database, as if he had raced through.
  const db = new Database(server.env.DATABASE_PATH!);
  const joris = (db.prepare("SELECT id FROM users WHERE email = 'joris@demo.steun.nl'").get() as { id: number }).id;
  db.prepare('UPDATE lesson_progress SET active_seconds = 0 WHERE user_id = ?').run(joris);
  db.prepare("DELETE FROM outbox WHERE dedupe_key = 'certificate:' || ?").run(joris);
  db.close();
  const page = await signedIn('joris@demo.steun.nl');
  await untilServerSees(page, `${server.url}/`, async () => ((await page.textContent('.next-step')) ?? '').includes('Bijna klaar'));
  const said = /Alle modules zijn klaar\. Voor je certificaat telt ook je studietijd: je hebt 0\u00a0min van de (\d+)\u00a0min, nog ongeveer (\d+)\u00a0min\./.exec((await page.textContent('.next-step'))!);
  expect(said).not.toBeNull();
  expect(await page.textContent('.study-time')).toContain(`Studietijd: 0 van ${said![1]}\u00a0min`);
  await inspect(page, 'staat-studietijd-overzicht', findings);
  await page.goto(`${server.url}/certificate`);
  expect(await page.textContent('main')).toContain(said![0]);
  await inspect(page, 'staat-studietijd-certificaat', findings);
  const coordinator = await signedIn('ib@demo.steun.nl');
  await coordinator.goto(`${server.url}/reports?q=Joris`);
  expect((await coordinator.textContent('td[data-label=Status]'))!.trim()).toBe(`alle modules klaar, studietijd nog ${said![2]}\u00a0min`);
  await inspect(coordinator, 'staat-studietijd-rapportage', findings);
});

test('the pages above pass the audit', () => {
  expect(describeFindings(findings)).toBe('');
});
