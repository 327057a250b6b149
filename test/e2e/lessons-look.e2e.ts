// Every lesson of the bundled course, rendered in Chromium at phone width (author preview, no
// locks): no horizontal scrolling, every image has alt text, and a screenshot to read it back.
import path from 'node:path';
import fs from 'node:fs';
import { main as cli } from '../../src/cli/main';
import { compileCourse } from '../../src/course/compile';
import { startServer, launchBrowser, SCREENSHOT_DIR, ROOT } from './harness';

test('every lesson reads well on a 360 px phone', async () => {
  const course = (await compileCourse(path.join(ROOT, 'content'))).course!;
  const server = await startServer({ env: { NODE_ENV: 'development', WATCH_CONTENT: '0' } });
  const browser = await launchBrowser();
  try {
    await cli(['user', 'add', '--email', 'lezer@steun.nl', '--name', 'Lezer', '--role', 'author', '--password', 'lezer-wachtwoord-1'], { out: () => {}, err: () => {}, env: server.env });
    const page = await (await browser.newContext({ viewport: { width: 360, height: 780 } })).newPage();
    await page.goto(`${server.url}/login`);
    await page.fill('#email', 'lezer@steun.nl');
    await page.fill('#password', 'lezer-wachtwoord-1');
    await Promise.all([page.waitForURL(`${server.url}/`), page.click('button[type=submit]:has-text("Inloggen")')]);
    const dir = path.join(SCREENSHOT_DIR, 'lessen');
    fs.mkdirSync(dir, { recursive: true });
    const problems: string[] = [];
    for (const m of course.modules) {
      for (const l of m.lessons) {
        const res = await page.goto(`${server.url}/author/preview/${m.slug}/${l.slug}`);
        if (res?.status() !== 200) problems.push(`${l.key}: ${res?.status()}`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        if (overflow > 1) problems.push(`${l.key}: ${overflow}px wider than the screen`);
        const withoutAlt = await page.locator('main img:not([alt])').count();
        if (withoutAlt) problems.push(`${l.key}: ${withoutAlt} image(s) without alt text`);
        await page.screenshot({ path: path.join(dir, `${m.index + 1}-${l.index + 1}-${l.slug}.png`), fullPage: true });
      }
    }
    expect(problems).toEqual([]);
  } finally {
    await browser.close();
    await server.stop();
    fs.rmSync(server.dir, { recursive: true, force: true });
  }
}, 120_000);
