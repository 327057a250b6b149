// Browser-test harness: the built server as a child process on a temp database, Debian's
// Chromium through playwright-core, an axe audit per page, and screenshots at two widths.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { main } from '../../src/cli/main';

export const ROOT = path.resolve(__dirname, '..', '..');
export const SCREENSHOT_DIR = path.join(ROOT, 'test-output', 'screenshots');

export interface RunningServer {
  url: string;
  dir: string;
  env: NodeJS.ProcessEnv;
  output: () => string;
  stop: () => Promise<void>;
}

/** Starts `node dist/main.js` with its own database and prints nothing unless it fails. */
export async function startServer(options: { contentDir?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunningServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'steun-e2e-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_PATH: path.join(dir, 'steun.db'),
    CONTENT_DIR: options.contentDir ?? path.join(ROOT, 'content'),
    NODE_ENV: 'production',
    BASE_URL: 'https://steun.example',
    WATCH_CONTENT: '0',
    LOG_LEVEL: 'warn',
    ...options.env,
  };
  // Production requires the public address; links then name it instead of the test's port.
  if (env.NODE_ENV === 'production') env.BASE_URL ??= 'https://steun.example.nl';
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'dist', 'main.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 60 s:\n${out}`)), 60_000);
    const check = () => {
      const m = /steun draait op (http:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
  return {
    url,
    dir,
    env,
    output: () => out,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Runs the CLI against the server's database; returns its output, throws with it on failure. */
export async function runCli(server: RunningServer, ...args: string[]): Promise<string> {
  const out: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => out.push(l), env: { ...server.env } });
  if (code !== 0) throw new Error(`steun ${args.join(' ')} failed:\n${out.join('\n')}`);
  return out.join('\n');
}

/** Closes the browser, stops the server and removes its database. */
export async function tearDown(server: RunningServer | undefined, browser: Browser | undefined): Promise<void> {
  await browser?.close();
  await server?.stop();
  if (server) fs.rmSync(server.dir, { recursive: true, force: true });
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
  });
}

export interface AuditFinding {
  page: string;
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

/** axe for WCAG 2.1 A and AA; returns the serious and critical violations, listed by rule. */
export async function audit(page: Page, name: string): Promise<AuditFinding[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ page: name, rule: v.id, impact: v.impact ?? '', help: v.help, targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
}

/**
 * Screenshots of the current page at 1280 px and 360 px wide; returns how wide the page is at 360 px.
 * Also for pages without JavaScript (which axe cannot audit: `inspect` is for pages with it).
 */
export async function screenshots(page: Page, name: string): Promise<number> {
  let phoneWidth = 0;
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const original = page.viewportSize() ?? { width: 1280, height: 900 };
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: width === 360 ? 780 : 900 });
    // Let scripts that lay out on resize (the video player's captions) catch up before the picture.
    // A page without JavaScript runs no animation frames (nor timers): there is nothing to wait for then.
    const frames = page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))).catch(() => undefined);
    await Promise.race([frames, new Promise((resolve) => setTimeout(resolve, 1000))]);
    await page.waitForTimeout(200);
    if (width === 360) phoneWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize(original);
  return phoneWidth;
}

/** Names of the pages inspected in this run, so a summary test can tell that the audits ran. */
export const inspected: string[] = [];

/** Audits and photographs the page; collects findings instead of failing at once, so one run lists them all. */
export async function inspect(page: Page, name: string, findings: AuditFinding[]): Promise<void> {
  inspected.push(name);
  findings.push(...(await audit(page, name)));
  const phoneWidth = await screenshots(page, name);
  if (phoneWidth > 360) {
    findings.push({ page: name, rule: 'horizontal-scroll-at-360px', impact: 'serious', help: `the page is ${phoneWidth} px wide on a 360 px phone`, targets: [] });
  }
}

export function describeFindings(findings: AuditFinding[]): string {
  return findings.map((f) => `${f.page}: ${f.rule} (${f.impact}) ${f.help} — ${f.targets.join(', ')}`).join('\n');
}

/**
 * Moves the pointer and brings every video player of the page into view, one after the other, as a
 * teacher would (player-loader.js sets up a player in view once the page is used), waits until each is a
 * video.js player with its layout and poster, and scrolls back to the top. Bounded by jest's timeout.
 */
export async function playersReady(page: Page): Promise<void> {
  // Someone is at the page: the pointer moves (player-loader.js waits for a sign of use).
  await page.waitForLoadState('load');
  await page.mouse.move(2, 2);
  await page.mouse.move(4, 4);
  const count = await page.locator('.lesson-video').count();
  for (let i = 0; i < count; i++) {
    const figure = page.locator('.lesson-video').nth(i);
    await figure.scrollIntoViewIfNeeded();
    await page.waitForFunction(
      (n) => {
        const player = document.querySelectorAll('.lesson-video')[n]?.querySelector('.video-js.vjs-paused, .video-js.vjs-playing');
        const poster = player?.querySelector<HTMLImageElement>('.vjs-poster img');
        if (poster && poster.loading !== 'eager') poster.loading = 'eager';
        return !!player && /\bvjs-layout-/.test(player.className) && (!poster || poster.complete);
      },
      i,
      { timeout: 0 },
    );
  }
  await page.evaluate(() => window.scrollTo(0, 0));
}
