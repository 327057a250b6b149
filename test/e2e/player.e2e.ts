// The video player on a phone and with a keyboard (review round 3, #10 and #11), with the course's
// own videos: the big play button covers no text of any poster, captions stay above the lower third
// the videos have burned in, the seek bar has room at 360 px, the arrow keys and a visible
// "5 seconden terug" button step 5 s, the focus ring shows on the dark bar, and no English is left.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { makeCourse, lesson } from '../fixtures/course-builder';
import { startServer, launchBrowser, runCli, inspect, playersReady, describeFindings, tearDown, ROOT, type RunningServer, type AuditFinding } from './harness';

const PASSWORD = 'e2e-wachtwoord-123';
const MEDIA = path.join(ROOT, 'content', 'media');
const VIDEOS = fs.readdirSync(MEDIA).filter((f) => f.endsWith('.mp4')).map((f) => f.replace(/\.mp4$/, ''));
const ONE = '/course/kijken/veronique';
const ALL = '/course/kijken/alle-video-s';

const block = (name: string) => `\n\`\`\`video\nsrc: ../media/${name}.mp4\ncaptions: ../media/${name}.nl.vtt\nposter: ../media/${name}.jpg\ntitle: Video ${name}\n\`\`\`\n`;

let courseDir: string;
let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
const findings: AuditFinding[] = [];

beforeAll(async () => {
  courseDir = makeCourse(
    {
      'course.yml': 'title: Kijkcursus\nlanguage: nl\ndescription: De video’s van de cursus.\nvideoCompletion: 0.9\n',
      '01-start/module.yml': null,
      '01-start/01-intro.md': null,
      '01-kijken/module.yml': 'title: Kijken\nsummary: De video’s.\n',
      '01-kijken/01-veronique.md': lesson('Veronique', `\nKijk de video.\n${block('veronique')}`),
      '01-kijken/02-alle-video-s.md': lesson('Alle video’s', VIDEOS.map(block).join('')),
    },
    { media: false },
  );
  fs.cpSync(MEDIA, path.join(courseDir, 'media'), { recursive: true, filter: (src) => !src.includes(`${path.sep}scripts`) });
  server = await startServer({ contentDir: courseDir, env: { NODE_ENV: 'development', WATCH_CONTENT: '0' } });
  const code = (await runCli(server, 'school', 'add', '--name', 'De Kijkschool')).trim().split(/\s+/).at(-1)!;
  await runCli(server, 'user', 'add', '--email', 'kijker@school.nl', '--name', 'Kijker', '--role', 'teacher', '--school', code, '--password', PASSWORD);
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nl-NL' });
  const page = await context.newPage();
  await page.goto(`${server.url}/login`);
  await page.fill('#email', 'kijker@school.nl');
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL(`${server.url}/`), page.click('button[type=submit]:has-text("Inloggen")')]);
  await page.close();
}, 60_000);

afterAll(async () => {
  await tearDown(server, browser);
  fs.rmSync(courseDir, { recursive: true, force: true });
});

/** Opens a lesson at `width` and waits until every player has been set up (scrolled into view), laid itself out and loaded its poster. */
async function open(url: string, width: number, ctx: BrowserContext = context): Promise<Page> {
  const page = await ctx.newPage();
  await page.setViewportSize({ width, height: width === 360 ? 780 : 900 });
  await page.goto(`${server.url}${url}`);
  await playersReady(page);
  return page;
}

const rect = (page: Page, selector: string) =>
  page.evaluate((sel) => {
    const r = document.querySelector(sel)!.getBoundingClientRect();
    return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height };
  }, selector);

test.each([1280, 360])('at %i px the big play button covers no text of any poster', async (width) => {
  const page = await open(ALL, width);
  // Text on the posters is white or nearly (titles, the lower third) on dark blue: count the bright
  // pixels of each poster under its play button.
  const covered = await page.evaluate(() =>
    [...document.querySelectorAll('.lesson-video .video-js')].map((player) => {
      const img = player.querySelector('.vjs-poster img') as HTMLImageElement;
      const box = player.getBoundingClientRect();
      const button = player.querySelector('.vjs-big-play-button')!.getBoundingClientRect();
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const g = canvas.getContext('2d')!;
      g.drawImage(img, 0, 0);
      const sx = img.naturalWidth / box.width;
      const sy = img.naturalHeight / box.height;
      const x = Math.floor((button.left - box.left) * sx);
      const y = Math.floor((button.top - box.top) * sy);
      const data = g.getImageData(x, y, Math.ceil(button.width * sx), Math.ceil(button.height * sy)).data;
      let bright = 0;
      for (let i = 0; i < data.length; i += 4) if ((data[i]! + data[i + 1]! + data[i + 2]!) / 3 > 150) bright++;
      return { poster: img.getAttribute('src'), bright };
    }),
  );
  expect(covered).toHaveLength(VIDEOS.length);
  expect(covered.filter((c) => c.bright > 0)).toEqual([]);
  await page.close();
});

test('on a phone the seek bar has a row of its own; the volume slider and the times are hidden; "5 seconden terug" shows', async () => {
  const page = await open(ONE, 360);
  const player = '.lesson-video .video-js';
  expect(await page.getAttribute(player, 'class')).toMatch(/\bvjs-layout-small\b/);
  await inspect(page, 'player-poster', findings);
  await page.click(`${player} .vjs-big-play-button`);
  await page.evaluate((sel) => (document.querySelector(`${sel} video`) as HTMLVideoElement).pause(), player);
  const [box, seek] = [await rect(page, player), await rect(page, `${player} .vjs-progress-control`)];
  expect(seek.width).toBeGreaterThan(Math.max(150, box.width * 0.9));
  for (const hidden of ['.vjs-volume-control', '.vjs-remaining-time']) {
    expect(await page.locator(`${player} ${hidden}`).isVisible()).toBe(false);
  }
  const back = page.locator(`${player} .vjs-skip-backward-5`);
  expect(await back.isVisible()).toBe(true);
  expect(await back.locator('.vjs-control-text').textContent()).toBe('5 seconden terug');
  await inspect(page, 'player-phone-controls', findings);
  await page.close();
  // At 1280 one row: the seek bar beside the buttons.
  const wide = await open(ONE, 1280);
  expect(await wide.getAttribute(player, 'class')).toMatch(/\bvjs-layout-large\b/);
  await wide.close();
});

test('the arrow keys step 5 s wherever the focus is in the player; on a touch screen the "5 seconden terug" button does', async () => {
  const page = await open(ONE, 1280);
  const video = '.lesson-video video';
  const at = () => page.evaluate((sel) => (document.querySelector(sel) as HTMLVideoElement).currentTime, video);
  const seekTo = (t: number) => page.evaluate(([sel, s]) => { (document.querySelector(sel as string) as HTMLVideoElement).currentTime = s as number; }, [video, t] as const);
  await page.click('.lesson-video .vjs-big-play-button');
  await page.evaluate((sel) => (document.querySelector(sel) as HTMLVideoElement).pause(), video);
  await seekTo(20);
  await page.focus('.lesson-video .vjs-play-control');
  await page.keyboard.press('ArrowLeft');
  expect(await at()).toBeCloseTo(15, 0);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  expect(await at()).toBeCloseTo(25, 0);
  await page.focus('.lesson-video .vjs-progress-holder');
  await page.keyboard.press('ArrowLeft');
  expect(await at()).toBeCloseTo(20, 0);
  await page.close();

  const phone = await browser.newContext({ viewport: { width: 360, height: 780 }, hasTouch: true, isMobile: true, locale: 'nl-NL', storageState: await context.storageState() });
  const touch = await open(ONE, 360, phone);
  await touch.tap('.lesson-video .vjs-big-play-button');
  await touch.evaluate((sel) => (document.querySelector(sel) as HTMLVideoElement).pause(), video);
  await touch.evaluate((sel) => { (document.querySelector(sel) as HTMLVideoElement).currentTime = 30; }, video);
  await touch.tap('.lesson-video .vjs-skip-backward-5');
  expect(await touch.evaluate((sel) => (document.querySelector(sel) as HTMLVideoElement).currentTime, video)).toBeCloseTo(25, 0);
  await phone.close();
});

test.each([1280, 360])('at %i px captions stay above the lower third, with and without the control bar', async (width) => {
  const page = await open(ONE, width);
  const player = '.lesson-video .video-js';
  await page.evaluate((sel) => { (document.querySelector(`${sel} video`) as HTMLVideoElement).muted = true; }, player);
  await page.click(`${player} .vjs-big-play-button`);
  await page.waitForSelector(`${player} .vjs-text-track-cue`);
  // Playing with the bar hidden, then paused with the bar shown.
  const states = [
    () => page.evaluate(() => window.videojs!.getPlayer('video-veronique-mp4').userActive(false)),
    () => page.evaluate(() => { const p = window.videojs!.getPlayer('video-veronique-mp4'); p.pause(); p.userActive(true); }),
  ];
  for (const [i, enter] of states.entries()) {
    await enter();
    await page.waitForTimeout(300);
    const [box, cue] = [await rect(page, player), await rect(page, `${player} .vjs-text-track-cue > div`)];
    // The lower third begins 12.5 % of the picture's height above its bottom.
    expect(box.bottom - cue.bottom).toBeGreaterThanOrEqual(box.height * 0.125);
    if (i === 1) {
      const bar = await rect(page, `${player} .vjs-control-bar`);
      expect(cue.bottom).toBeLessThanOrEqual(bar.top);
      if (width === 1280) await inspect(page, 'player-captions-paused', findings);
    }
  }
  await page.close();
});

test('the focus ring in the control bar stands out against the bar by at least 3:1', async () => {
  const page = await open(ONE, 1280);
  await page.click('.lesson-video .vjs-big-play-button');
  await page.evaluate(() => window.videojs!.getPlayer('video-veronique-mp4').pause());
  // Reach the speed menu by keyboard, as a keyboard user does.
  await page.focus('.lesson-video .vjs-play-control');
  for (let i = 0; i < 12 && !(await page.evaluate(() => document.activeElement?.closest('.vjs-playback-rate') !== null)); i++) await page.keyboard.press('Tab');
  const ring = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    const style = getComputedStyle(el);
    const bar = getComputedStyle(el.closest('.vjs-control-bar')!).backgroundColor;
    return { visible: el.matches(':focus-visible'), color: style.outlineColor, width: parseFloat(style.outlineWidth), styleName: style.outlineStyle, bar };
  });
  expect(ring.visible).toBe(true);
  expect(ring.styleName).toBe('solid');
  expect(ring.width).toBeGreaterThanOrEqual(2);
  // The bar is translucent: against the darkest and the lightest picture behind it.
  for (const behind of [[0, 0, 0], [255, 255, 255]] as const) expect(contrast(rgb(ring.color), over(rgb(ring.bar), behind))).toBeGreaterThanOrEqual(3);
  await page.locator('.lesson-video .video-js').screenshot({ path: path.join(ROOT, 'test-output', 'screenshots', 'player-focus-ring-1280.png') });
  await page.close();
});

test('no English is left in the player, for eyes or for screen readers', async () => {
  const page = await open(ONE, 1280);
  await page.click('.lesson-video .vjs-big-play-button');
  await page.evaluate(() => window.videojs!.getPlayer('video-veronique-mp4').pause());
  const source = fs.readFileSync(path.join(ROOT, 'node_modules', 'video.js', 'dist', 'alt', 'video.core.js'), 'utf8');
  const english = new Set([...source.matchAll(/localize\(\s*'([^']+)'/g), ...source.matchAll(/controlText_ = '([^']+)'/g)].map((m) => m[1]!));
  // Words Dutch writes the same way.
  for (const same of ['LIVE', 'Magenta', 'Uniform', 'Script', 'Casual']) english.delete(same);
  // Everything in the player, closed dialogs included (opened, they are read out); not the buffered
  // bar, which is hidden from screen readers.
  const shown = await page.evaluate(() => {
    const out: string[] = [];
    for (const el of document.querySelectorAll('.lesson-video .video-js, .lesson-video .video-js *')) {
      if (el.closest('.vjs-load-progress')) continue;
      for (const attr of ['aria-label', 'title', 'aria-valuetext']) if (el.getAttribute(attr)) out.push(el.getAttribute(attr)!);
      for (const node of el.childNodes) if (node.nodeType === Node.TEXT_NODE && node.textContent!.trim()) out.push(node.textContent!.trim());
    }
    return out;
  });
  expect(shown.filter((text) => english.has(text) || /\d\.\d\d%/.test(text))).toEqual([]);
  expect(shown).toContain('Dit is een venster boven de video.');
  expect(await page.getAttribute('.lesson-video .vjs-load-progress', 'aria-hidden')).toBe('true');
  await page.close();
});

test('a page load sets up no player: one in view is set up once the page is used, one further down when it comes into view, and video.js is fetched once', async () => {
  const page = await context.newPage();
  await page.setViewportSize({ width: 360, height: 780 });
  const fetched: string[] = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  await page.goto(`${server.url}${ALL}`);
  // Stand-ins: the poster in WebP at a phone column's size and a play button, no <video> element.
  const first = page.locator('.lesson-video .video-standin').first();
  expect(await first.isVisible()).toBe(true);
  expect(await first.locator('img').getAttribute('src')).toMatch(/\.jpg\?w=560$/);
  expect(await page.locator('.lesson-video .video-standin').count()).toBe(VIDEOS.length);
  expect(await page.locator('video').count()).toBe(0);
  // Loaded and idle, nobody at the page yet (Lighthouse, a tab opened in the background): no player
  // work at all. The loader's own idle callback was asked for before these two, so it has run.
  await page.waitForLoadState('load');
  for (let i = 0; i < 2; i++) await page.evaluate(() => new Promise<void>((resolve) => requestIdleCallback(() => resolve(), { timeout: 5000 })));
  expect(await page.locator('.lesson-video div.video-js').count()).toBe(0);
  expect(await page.locator('video').count()).toBe(0);
  expect(fetched.filter((p) => /video\.core\.min\.js|video-js\.min\.css|video-progress\.js/.test(p))).toEqual([]);
  // Nor does a browser's own player read its video's file (preload="none"): the poster is all.
  expect(fetched.filter((p) => p.endsWith('.mp4'))).toEqual([]);
  // The teacher moves the pointer: the player in view is set up.
  await page.mouse.move(5, 5);
  await page.mouse.move(9, 9);
  await page.waitForSelector('.lesson-video .video-js.vjs-paused');
  const setUp = () => page.evaluate(() => [...document.querySelectorAll('.lesson-video')].map((f) => f.querySelector('.video-js.vjs-paused, .video-js.vjs-playing') !== null));
  const before = await setUp();
  expect(before[0]).toBe(true);
  // The last player is far below: still the browser's own, nothing spent on it.
  expect(before.at(-1)).toBe(false);
  expect(before.filter(Boolean).length).toBeLessThan(VIDEOS.length);
  expect(fetched).not.toContain(`/media/${VIDEOS.at(-1)}.mp4`);
  await page.locator('.lesson-video').last().scrollIntoViewIfNeeded();
  await page.waitForFunction(() => document.querySelectorAll('.lesson-video')[document.querySelectorAll('.lesson-video').length - 1]!.querySelector('.video-js.vjs-paused') !== null, undefined, { timeout: 0 });
  expect(fetched.filter((p) => p.endsWith('/video.core.min.js'))).toHaveLength(1);
  expect(fetched.filter((p) => p.endsWith('/video-js.min.css'))).toHaveLength(1);
  // Set up, the poster is offered at the widths there are and the browser takes the one that fits.
  const poster = await page.evaluate(() => {
    const img = document.querySelector<HTMLImageElement>('.lesson-video .vjs-poster img')!;
    return { srcset: img.srcset, sizes: img.sizes, current: img.currentSrc };
  });
  expect(poster.srcset).toMatch(/\?w=560 560w, .*\?w=960 960w$/);
  expect(poster.sizes).toMatch(/^\d+px$/);
  expect(poster.current).toMatch(/\?w=(560|960)$/);
  await page.close();
});

test('the stand-ins before any player is made: audited and photographed like the players', async () => {
  const page = await context.newPage();
  await page.goto(`${server.url}${ALL}`);
  await page.waitForLoadState('load');
  expect(await page.locator('.lesson-video .video-standin').count()).toBe(VIDEOS.length);
  await inspect(page, 'player-stand-ins', findings);
  await page.close();
});

test('a link to a video far down the page (#video-…, as "Verder" makes) brings its stand-in into view', async () => {
  const page = await context.newPage();
  await page.setViewportSize({ width: 360, height: 780 });
  const id = `video-${VIDEOS.at(-1)}-mp4`;
  await page.goto(`${server.url}${ALL}#${id}`);
  await page.waitForLoadState('load');
  const last = page.locator('.lesson-video').last();
  expect(await last.locator('noscript').first().evaluate((n) => n.textContent)).toContain(`<video id="${id}"`);
  const top = await last.evaluate((f) => f.getBoundingClientRect().top);
  expect(top).toBeGreaterThanOrEqual(-1);
  expect(top).toBeLessThan(780 / 2);
  await page.close();
});

test('a stand-in asked to play (Enter, as a click) becomes video.js at once, playing, with the focus on its play button', async () => {
  const page = await context.newPage();
  await page.setViewportSize({ width: 360, height: 780 });
  await page.goto(`${server.url}${ALL}`);
  await page.waitForLoadState('load');
  await page.mouse.move(5, 5);
  await page.mouse.move(9, 9);
  await page.waitForSelector('.lesson-video .video-js.vjs-paused');
  // The player's id, from the <noscript> kept beside each stand-in still standing (far below).
  const ids = await page.evaluate(() =>
    [...document.querySelectorAll('.lesson-video')].filter((f) => f.querySelector('.video-standin')).map((f) => /<video id="([^"]+)"/.exec(f.querySelector('noscript')!.textContent!)![1]!),
  );
  expect(ids.length).toBeGreaterThanOrEqual(2);
  const id = ids.at(-1)!;
  // As if the teacher had stopped at 20 s last time: the stored position the page carries.
  await page.evaluate(() => {
    const kept = [...document.querySelectorAll('.lesson-video noscript:first-of-type')].at(-1)!;
    kept.textContent = kept.textContent!.replace(/data-position="[^"]*"/, 'data-position="20"');
  });
  // Reached with the keyboard (focus without scrolling, so only the key can set it up) and started.
  const started = page.waitForRequest((r) => r.url().endsWith('/api/progress/video'));
  await page.evaluate(() => [...document.querySelectorAll<HTMLElement>('.lesson-video .video-standin')].at(-1)!.focus({ preventScroll: true }));
  expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toMatch(/^Video afspelen: Video /);
  await page.keyboard.press('Enter');
  await page.waitForFunction((pid) => document.getElementById(pid)?.classList.contains('vjs-playing') === true, id, { timeout: 0 });
  expect(JSON.parse((await started).postData() ?? '{}')).toMatchObject({ watched: [] });
  // It plays on from where she stopped, not from the start.
  const at = await page.evaluate((pid) => document.querySelector<HTMLVideoElement>(`#${pid} video`)!.currentTime, id);
  expect(at).toBeGreaterThanOrEqual(19.5);
  expect(at).toBeLessThan(40);
  // The next key acts on the player: the focus is on its play/pause button, and Space pauses it.
  expect(await page.evaluate((pid) => document.getElementById(pid)!.querySelector('.vjs-play-control') === document.activeElement, id)).toBe(true);
  await page.keyboard.press('Space');
  await page.waitForFunction((pid) => document.getElementById(pid)?.classList.contains('vjs-paused') === true, id, { timeout: 0 });
  await page.close();
});

test('on a phone, a tap on a poster as the first thing she does plays that video: one tap, not two', async () => {
  const phone = await browser.newContext({ storageState: await context.storageState(), viewport: { width: 360, height: 780 }, hasTouch: true, isMobile: true, locale: 'nl-NL' });
  const page = await phone.newPage();
  await page.goto(`${server.url}${ALL}`);
  await page.waitForLoadState('load');
  await page.evaluate(() => new Promise<void>((resolve) => requestIdleCallback(() => resolve(), { timeout: 5000 })));
  const id = await page.evaluate(() => /<video id="([^"]+)"/.exec(document.querySelector('.lesson-video noscript')!.textContent!)![1]!);
  await page.tap('.lesson-video .video-standin');
  await page.waitForFunction((pid) => document.getElementById(pid)?.classList.contains('vjs-playing') === true, id, { timeout: 0 });
  await phone.close();
});

test('without scripts each video is the browser\'s own player and no stand-in shows; with scripts but no loader, the stand-ins keep their place', async () => {
  const state = await context.storageState();
  const plain = await browser.newContext({ storageState: state, javaScriptEnabled: false, viewport: { width: 360, height: 780 } });
  const page = await plain.newPage();
  await page.goto(`${server.url}${ALL}`);
  expect(await page.locator('.lesson-video video[controls]').count()).toBe(VIDEOS.length);
  expect(await page.locator('.lesson-video video').first().isVisible()).toBe(true);
  expect(await page.locator('.lesson-video .video-standin').first().isVisible()).toBe(false);
  await plain.close();
  // The stand-in is there from the first paint, not only once the loader has run: nothing moves.
  const blocked = await browser.newContext({ storageState: state, viewport: { width: 360, height: 780 } });
  const other = await blocked.newPage();
  await other.route('**/player-loader.js', (route) => route.abort());
  await other.goto(`${server.url}${ALL}`);
  await other.waitForLoadState('load');
  const box = await other.locator('.lesson-video .video-standin').first().boundingBox();
  expect(box!.height).toBeGreaterThan(box!.width / 2);
  await blocked.close();
});

test('when video.js cannot be fetched the browser\'s own player plays, and the next player tries the fetch again', async () => {
  const page = await context.newPage();
  await page.setViewportSize({ width: 360, height: 780 });
  let refused = 0;
  await page.route('**/video.core.min.js', (route) => (refused++ === 0 ? route.abort() : route.continue()));
  await page.goto(`${server.url}${ALL}`);
  await page.waitForLoadState('load');
  const ids = await page.evaluate(() => [...document.querySelectorAll('.lesson-video noscript:first-of-type')].map((n) => /<video id="([^"]+)"/.exec(n.textContent!)![1]!));
  // The first, pressed while the connection drops: the browser's own player, playing.
  await page.locator('.lesson-video .video-standin').first().focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction((id) => { const v = document.getElementById(id) as HTMLVideoElement | null; return !!v && v.tagName === 'VIDEO' && !v.paused; }, ids[0]!, { timeout: 0 });
  await page.waitForFunction(() => document.querySelectorAll('script[src$="video.core.min.js"]').length === 1 && !(window as unknown as { videojs?: unknown }).videojs);
  expect(refused).toBe(1);
  // The last, pressed later: fetched again, and it becomes video.js.
  await page.evaluate(() => [...document.querySelectorAll<HTMLElement>('.lesson-video .video-standin')].at(-1)!.focus({ preventScroll: true }));
  await page.keyboard.press('Enter');
  await page.waitForFunction((id) => document.getElementById(id)?.classList.contains('vjs-playing') === true, ids.at(-1)!, { timeout: 0 });
  expect(refused).toBe(2);
  await page.close();
});

test('no serious or critical accessibility problems and no sideways scrolling on these pages', () => {
  expect(describeFindings(findings)).toBe('');
});

type Rgb = readonly [number, number, number];
function rgb(css: string): readonly [number, number, number, number] {
  const [r = 0, g = 0, b = 0, a = 1] = (css.match(/[\d.]+/g) ?? []).map(Number);
  return [r, g, b, a];
}
function over([r, g, b, a]: readonly [number, number, number, number], behind: Rgb): Rgb {
  return [r * a + behind[0] * (1 - a), g * a + behind[1] * (1 - a), b * a + behind[2] * (1 - a)];
}
function luminance([r, g, b]: Rgb): number {
  const c = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
  return 0.2126 * c(r) + 0.7152 * c(g) + 0.0722 * c(b);
}
function contrast(ring: readonly [number, number, number, number], bar: Rgb): number {
  const [a, b] = [luminance([ring[0], ring[1], ring[2]]), luminance(bar)].sort((x, y) => y - x);
  return (a! + 0.05) / (b! + 0.05);
}

declare global {
  interface Window {
    videojs?: { getPlayer(id: string): { userActive(active: boolean): void; pause(): void } };
  }
}
