// The bundled course as the demo's halfway teacher sees it: the share the demo printed is the share
// her overview shows, the next step is named and on a phone's first screen, the page of what her
// certificate still needs is one line per module with only the current one opened, and the pages
// she uses most pass the audit at 1280 and 360 px.
import fs from 'node:fs';
import { main as cli } from '../../src/cli/main';
import { startServer, launchBrowser, inspect, describeFindings, type AuditFinding } from './harness';

test('the halfway demo teacher: the same share as the demo printed, and her next step on the first screen', async () => {
  const server = await startServer({ env: { NODE_ENV: 'development', WATCH_CONTENT: '0' } });
  const browser = await launchBrowser();
  const findings: AuditFinding[] = [];
  try {
    const out: string[] = [];
    expect(await cli(['demo'], { out: (l) => out.push(l), err: (l) => out.push(l), env: server.env })).toBe(0);
    const line = out.find((l) => l.includes('fleur@demo.steun.nl'))!;
    const [, password] = /fleur@demo\.steun\.nl\s+(\S+)/.exec(line)!;
    const [, printed] = /\((\d+)\u00a0% /.exec(line)!;
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nl-NL' })).newPage();
    await page.goto(`${server.url}/login`);
    await page.fill('#email', 'fleur@demo.steun.nl');
    await page.fill('#password', password!);
    await Promise.all([page.waitForURL(`${server.url}/`), page.click('button[type=submit]:has-text("Inloggen")')]);
    expect(await page.textContent('.next-step-progress')).toContain(`Je hebt ${printed}\u00a0% van de cursus gedaan`);
    expect(await page.locator('.next-step a.button').textContent()).toMatch(/^(Verder: \d\.\d .+|Naar de toets: Toets module \d)$/);
    expect(await page.locator('.module-card.compact').count()).toBeGreaterThan(0);
    await page.setViewportSize({ width: 360, height: 780 });
    const box = await page.locator('.next-step a.button').boundingBox();
    expect(box!.y + box!.height).toBeLessThanOrEqual(780);
    await page.setViewportSize({ width: 1280, height: 900 });
    await inspect(page, 'overzicht-demo-halverwege', findings);
    await Promise.all([page.waitForLoadState('load'), page.click('.next-step a.button')]);
    await inspect(page, 'demo-volgende-stap', findings);
    await page.goto(`${server.url}/certificate`);
    const modules = page.locator('.module-rest > li');
    expect(await modules.count()).toBe(5);
    expect(await page.locator('.module-rest details[open]').count()).toBe(1);
    expect(await page.locator('.module-rest details[open] a').count()).toBeGreaterThan(0);
    // Closed modules still say what remains, and a locked one why.
    expect(await page.locator('.module-rest .is-locked summary').first().textContent()).toMatch(/nog ongeveer .+ · op slot\s+Gaat open als je module \d/);
    await inspect(page, 'certificaat-nog-niet-demo', findings);
    // On a phone the page is about two screens, not five (review round 3: 3,784 px).
    await page.setViewportSize({ width: 360, height: 780 });
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThan(2 * 780 + 400);
    expect(describeFindings(findings)).toBe('');
  } finally {
    await browser.close();
    await server.stop();
    fs.rmSync(server.dir, { recursive: true, force: true });
  }
}, 120_000);
