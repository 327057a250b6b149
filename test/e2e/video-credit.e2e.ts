// A real person playing the real video in Chromium still reaches "Bekeken" now that the server
// credits no more than can have been played since pressing play: at 1x and 2x, with a pause and a
// seek back, a reload halfway, the tab hidden for a while, two tabs, and a slow network. Without
// JavaScript, the browser's own player and "Ik heb de video bekeken" finish the lesson.
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startServer, launchBrowser, runCli, tearDown, playersReady, screenshots, ROOT, type RunningServer } from './harness';

const COURSE = path.join(ROOT, 'test', 'fixtures', 'video-course');
const LESSON = '/course/kijken/video';
const PASSWORD = 'e2e-wachtwoord-123';
const VIDEO = 'video.vjs-tech';

let server: RunningServer;
let browser: Browser;
let people = 0;
let joinCode = '';

beforeAll(async () => {
  server = await startServer({ contentDir: COURSE, env: { NODE_ENV: 'development', WATCH_CONTENT: '0' } });
  joinCode = (await runCli(server, 'school', 'add', '--name', 'De Kijkschool')).trim().split(/\s+/).at(-1)!;
  browser = await launchBrowser();
}, 60_000);

afterAll(() => tearDown(server, browser));

/** A new teacher, signed in, in a fresh browser context. */
async function teacher(javaScriptEnabled = true): Promise<BrowserContext> {
  const email = `kijker${++people}@school.nl`;
  await runCli(server, 'user', 'add', '--email', email, '--name', `Kijker ${people}`, '--role', 'teacher', '--school', joinCode, '--password', PASSWORD);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nl-NL', javaScriptEnabled });
  const page = await context.newPage();
  await page.goto(`${server.url}/login`);
  await page.fill('#email', email);
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL(`${server.url}/`), page.click('button[type=submit]:has-text("Inloggen")')]);
  await page.close();
  return context;
}

async function openLesson(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${server.url}${LESSON}`);
  await playersReady(page);
  await page.waitForFunction((sel) => {
    const v = document.querySelector(sel) as HTMLVideoElement | null;
    return !!v && v.readyState >= 1 && v.duration > 0;
  }, VIDEO);
  return page;
}

/** Plays from `from` until the video reaches `until` (or ends), at `rate`, muted, through the player as a person would. */
async function play(page: Page, options: { from?: number; until?: number; rate?: number } = {}) {
  await page.evaluate(
    async ({ sel, from, until, rate }) => {
      const v = document.querySelector(sel) as HTMLVideoElement;
      v.muted = true;
      if (from !== undefined) v.currentTime = from;
      v.playbackRate = rate;
      await v.play();
      await new Promise<void>((resolve) => {
        const check = () => {
          if (v.ended || (until !== undefined && v.currentTime >= until)) {
            v.removeEventListener('timeupdate', check);
            if (!v.ended) v.pause();
            resolve();
          }
        };
        v.addEventListener('timeupdate', check);
        v.addEventListener('ended', check);
      });
    },
    { sel: VIDEO, from: options.from, until: options.until, rate: options.rate ?? 1 },
  );
}

/** Waits for the server's answer shown under the player to say the video counts as watched. */
async function expectWatched(page: Page) {
  await page.waitForFunction(() => /Bekeken: (9\d|100)\s*%/.test(document.querySelector('.lesson-video figcaption')?.textContent ?? ''), undefined, { timeout: 30_000 });
  await page.reload();
  expect(await page.textContent('.lesson-video figcaption')).toMatch(/Bekeken: (9\d|100)\s*%/);
}

test('at normal speed, with a pause and a seek back', async () => {
  const page = await openLesson(await teacher());
  await play(page, { until: 6 });
  await play(page, { from: 2, rate: 1 });
  await expectWatched(page);
});

test('at twice the speed', async () => {
  const page = await openLesson(await teacher());
  await play(page, { rate: 2 });
  await expectWatched(page);
});

test('a reload halfway: the player resumes and the rest still counts', async () => {
  const page = await openLesson(await teacher());
  await play(page, { until: 10, rate: 2 });
  // The pause reported what was played; after the reload the player starts where it stopped.
  await page.waitForResponse((r) => r.url().endsWith('/api/progress/video') && r.status() === 204);
  await page.reload();
  await playersReady(page);
  await page.waitForFunction((sel) => (document.querySelector(sel) as HTMLVideoElement | null)?.readyState! >= 1, VIDEO);
  await page.waitForFunction((sel) => (document.querySelector(sel) as HTMLVideoElement).currentTime > 8, VIDEO);
  await play(page, { rate: 2 });
  await expectWatched(page);
});

test('the tab hidden for a while in the middle', async () => {
  const page = await openLesson(await teacher());
  await play(page, { until: 8 });
  // The page reports when it is hidden; the video keeps playing behind it.
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await play(page, { until: 14 });
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await play(page);
  await expectWatched(page);
});

test('two tabs: the first half in one, the second half in the other', async () => {
  const context = await teacher();
  const first = await openLesson(context);
  const second = await openLesson(context);
  await play(first, { until: 11, rate: 2 });
  await play(second, { from: 9, rate: 2 });
  await expectWatched(second);
});

test('a slow network: every report arrives late', async () => {
  const context = await teacher();
  await context.route('**/api/progress/video', async (route) => {
    await new Promise((r) => setTimeout(r, 1500));
    await route.continue();
  });
  const page = await openLesson(context);
  await play(page, { rate: 2 });
  await expectWatched(page);
});

test('without JavaScript: the browser plays the video, and "Ik heb de video bekeken" counts it once the page has been open long enough', async () => {
  const page = await (await teacher(false)).newPage();
  await page.goto(`${server.url}${LESSON}`);
  const notice = page.locator('.video-without-script');
  expect(await notice.textContent()).toContain('Zonder JavaScript kan steun niet zien hoeveel je van deze video bekijkt');
  // The browser's own player: the video is there with its controls.
  expect(await page.getAttribute(VIDEO.replace('.vjs-tech', ''), 'controls')).not.toBeNull();
  expect(await screenshots(page, 'video-without-script')).toBeLessThanOrEqual(360);
  // At once: a few seconds count, and the page says when to try again.
  await Promise.all([page.waitForURL(/#video-/), page.click('button:has-text("Ik heb de video bekeken")')]);
  expect(await page.textContent('.flash')).toMatch(/telt nu voor \d+\u00a0% als bekeken/);
  expect(await screenshots(page, 'video-without-script-too-soon')).toBeLessThanOrEqual(360);
  // The twenty seconds of the video at double speed have passed: it counts, and the lesson can be finished.
  await page.waitForTimeout(10_000);
  await Promise.all([page.waitForURL(/#video-/), page.click('button:has-text("Ik heb de video bekeken")')]);
  expect(await page.textContent('.flash')).toContain('telt als bekeken');
  expect(await page.textContent('.lesson-video figcaption')).toMatch(/Bekeken: 100\s*%/);
  await Promise.all([page.waitForURL(/\/(course|certificate)/), page.click('#afronden button:has-text("Les afronden")')]);
  expect(await page.textContent('main')).toMatch(/is afgerond/);
});
