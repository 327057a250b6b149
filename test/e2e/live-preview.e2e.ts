// An author edits a lesson file while its preview is open: the preview follows, and a broken edit
// shows a warning while the last good version stays on screen.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { main as cli } from '../../src/cli/main';
import { MINI_COURSE } from '../fixtures/course-builder';
import { launchBrowser, startServer, type RunningServer, tearDown } from './harness';

const PASSWORD = 'e2e-wachtwoord-123';
let server: RunningServer;
let browser: Browser;
let content: string;

beforeAll(async () => {
  content = fs.mkdtempSync(path.join(os.tmpdir(), 'steun-live-'));
  fs.cpSync(MINI_COURSE, content, { recursive: true });
  server = await startServer({ contentDir: content, env: { NODE_ENV: 'development', WATCH_CONTENT: '1' } });
  const out: string[] = [];
  const code = await cli(['user', 'add', '--email', 'auteur@steun.nl', '--name', 'Aafke Auteur', '--role', 'author', '--password', PASSWORD], {
    out: (l) => out.push(l),
    err: (l) => out.push(l),
    env: { ...server.env },
  });
  if (code !== 0) throw new Error(out.join('\n'));
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await tearDown(server, browser);
  fs.rmSync(content, { recursive: true, force: true });
});

test('the preview follows the lesson file as the author saves it', async () => {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await page.goto(`${server.url}/login`);
  await page.fill('#email', 'auteur@steun.nl');
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL(`${server.url}/`), page.click('button[type=submit]:has-text("Inloggen")')]);
  await page.goto(`${server.url}/author/preview/verder/afsluiten`);
  expect(await page.textContent('main')).toContain('Je bent er bijna.');
  expect(await page.textContent('main')).toContain('ververst zichzelf');

  const file = path.join(content, '02-verder', '01-afsluiten.md');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('Je bent er bijna.', 'Nog één stap en je bent klaar.'));
  await page.waitForSelector('text=Nog één stap en je bent klaar.', { timeout: 15_000 });

  // A broken edit: the preview keeps the last good text and says why.
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('title: Afsluiten', 'title: [Afsluiten'));
  await page.waitForSelector('text=De laatste wijziging bevat', { timeout: 15_000 });
  expect(await page.textContent('main')).toMatch(/De laatste wijziging bevat (een fout|\d+ fouten); je ziet de laatste versie zonder fouten/);
  expect(await page.textContent('main')).toContain('Nog één stap en je bent klaar.');
  await page.click('text=Bekijk wat er mis is');
  await page.waitForURL(/\/author#problemen-title$/);
  expect(await page.textContent('main')).toContain('02-verder/01-afsluiten.md:');
  await page.context().close();
}, 60_000);
