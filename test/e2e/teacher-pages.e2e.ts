// What a teacher meets, in headless Chromium against the real server on a small course: the
// completion box follows the video as it plays, an exercise sent in part keeps its answers (also
// without JavaScript), the overview names the next step and resumes where the teacher was, captions
// stay readable and inside the player after a resize, and the transcript reads as text.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { main as cli } from '../../src/cli/main';
import { makeCourse, lesson } from '../fixtures/course-builder';
import { startServer, launchBrowser, inspect, playersReady, describeFindings, SCREENSHOT_DIR, type RunningServer, type AuditFinding, tearDown } from './harness';

const PASSWORD = 'e2e-wachtwoord-123';
const CAPTIONS = [
  'WEBVTT',
  '',
  '1',
  '00:00:00.000 --> 00:00:01.400',
  'Welkom bij de korte clip,',
  'een kind kijkt naar buiten.',
  '',
  '2',
  '00:00:01.500 --> 00:00:03.000',
  '<v Juf>Wat zie jij vandaag?</v>',
  '',
].join('\n');

let courseDir: string;
let server: RunningServer;
let browser: Browser;
let joinCode = '';
const findings: AuditFinding[] = [];

async function runCli(...args: string[]): Promise<string> {
  const out: string[] = [];
  const code = await cli(args, { out: (l) => out.push(l), err: (l) => out.push(l), env: server.env });
  if (code !== 0) throw new Error(`steun ${args.join(' ')} failed:\n${out.join('\n')}`);
  return out.join('\n');
}

beforeAll(async () => {
  courseDir = makeCourse({
    'course.yml': 'title: Kleine cursus\nlanguage: nl\ndescription: Een kleine cursus om de pagina’s voor leerkrachten mee te bekijken.\nvideoCompletion: 0.9\n',
    '01-start/module.yml': 'title: Start\nsummary: Het begin.\n',
    '01-start/01-intro.md': null,
    '01-start/01-welkom.md': lesson('Welkom', '\nKijk de clip.\n\n```video\nsrc: ../media/clip.mp4\ncaptions: ../media/clip.nl.vtt\nposter: ../media/clip.jpg\ntitle: Een korte clip\n```\n', 'minutes: 4\n'),
    '01-start/02-oefenen.md': lesson(
      'Oefenen',
      [
        '',
        'Twee vragen.',
        '',
        '```exercise',
        'id: kijken',
        'shuffle: false',
        '---',
        '## Wat doe je als een leerling onrustig is?',
        '',
        '- [ ] Je verheft je stem.',
        '  > Dat maakt de spanning groter.',
        '- [x] Je benoemt rustig wat je ziet.',
        '  > Zo help je de leerling tot rust te komen.',
        '',
        '## Wat helpt een kind dat thuis onrust heeft?',
        '',
        '- [x] Een vaste begroeting bij de deur.',
        '  > Voorspelbaar en warm.',
        '- [ ] Er niet over beginnen, nooit.',
        '  > Zwijgen kan voelen als niet gezien worden.',
        '```',
        '',
      ].join('\n'),
      'minutes: 3\n',
    ),
    '01-start/03-lezen.md': lesson('Lezen', '\nEen korte tekst om te lezen.\n\n```reflection\nid: eigen\nprompt: Wat neem je mee?\n```\n', 'minutes: 2\n'),
    '02-verder/module.yml': 'title: Verder\nsummary: Het vervolg.\n',
    '02-verder/01-afsluiten.md': lesson('Afsluiten', '\nJe bent er bijna.\n', 'minutes: 3\n'),
  });
  fs.writeFileSync(path.join(courseDir, 'media', 'clip.nl.vtt'), CAPTIONS);
  server = await startServer({ contentDir: courseDir, env: { NODE_ENV: 'development', WATCH_CONTENT: '0' } });
  joinCode = (await runCli('school', 'add', '--name', 'OBS Het Anker')).trim().split(/\s+/).at(-1)!;
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await tearDown(server, browser);
  if (courseDir) fs.rmSync(courseDir, { recursive: true, force: true });
});

let people = 0;
/** A new teacher, registered with the join code, in a fresh browser context. */
async function newTeacher(options: { javaScriptEnabled?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const email = `leerkracht${++people}@anker.nl`;
  await runCli('user', 'add', '--email', email, '--name', `Leerkracht ${people}`, '--role', 'teacher', '--school', joinCode, '--password', PASSWORD);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nl-NL', ...options });
  const page = await context.newPage();
  await page.goto(`${server.url}/login`);
  await page.fill('#email', email);
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL(`${server.url}/`), page.click('button[type=submit]:has-text("Inloggen")')]);
  return { context, page };
}

async function videoReady(page: Page) {
  await playersReady(page);
  await page.waitForFunction(() => {
    const v = document.querySelector('video.vjs-tech') as HTMLVideoElement | null;
    return !!v && v.readyState >= 1 && v.duration > 0;
  });
}

test('the completion box follows the video while it plays: no reload needed to see the lesson done', async () => {
  const { context, page } = await newTeacher();
  await page.goto(`${server.url}/course/start/welkom`);
  await videoReady(page);
  expect(await page.textContent('#afronden')).toMatch(/Kijk de video ‘Een korte clip’ af \(nog 90\u00a0%\)/);
  // As in the review: "Les afronden" pressed before watching.
  await Promise.all([page.waitForURL(/#afronden$/), page.click('#afronden button:has-text("Les afronden")')]);
  expect(await page.textContent('#afronden h2')).toBe('Bijna klaar');
  await inspect(page, 'les-video-bijna-klaar', findings);
  await playersReady(page);
  await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
  // Played for real, at normal speed, to the end.
  await page.evaluate(async () => {
    const v = document.querySelector('video.vjs-tech') as HTMLVideoElement;
    v.muted = true;
    v.currentTime = 0;
    await v.play();
  });
  await page.waitForSelector('#afronden.is-complete', { timeout: 20_000 });
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  expect(await page.textContent('#afronden h2')).toContain('Les afgerond');
  expect(await page.textContent('#afronden')).toContain('Je hebt deze les afgerond.');
  expect(await page.locator('#afronden a.button').textContent()).toBe('Verder: Oefenen');
  expect(await page.textContent('#afronden-status')).toBe('De video telt als bekeken. Je hebt deze les afgerond.');
  expect(await page.textContent('.lesson-video figcaption')).toMatch(/Bekeken: (9\d|100)\u00a0%/);
  // The next lesson is offered once.
  expect(await page.locator('a[href="/course/start/oefenen"]:not(nav.module-outline a)').count()).toBe(1);
  await inspect(page, 'les-video-afgerond', findings);
  await context.close();
});

test('a reflection written last finishes the lesson on the page as it is saved', async () => {
  const { context, page } = await newTeacher();
  await page.goto(`${server.url}/course/start/lezen`);
  await Promise.all([page.waitForURL(/#afronden$/), page.click('#afronden button:has-text("Les afronden")')]);
  expect(await page.textContent('#afronden')).toContain('Schrijf je reflectie');
  await page.fill('#reflectie-eigen-text', 'Ik begroet elke leerling bij de deur.');
  await page.waitForSelector('#afronden.is-complete');
  expect(await page.textContent('#afronden-status')).toBe('Je reflectie telt mee. Je hebt deze les afgerond.');
  expect(await page.textContent('#afronden')).toContain('Je hebt deze les afgerond.');
  // Module 2 is still locked: the way on is the first lesson left open.
  expect(await page.locator('#afronden a.button').textContent()).toBe('Verder: Welkom');
  await context.close();
});

test('an exercise sent in part keeps the answer given and points at the open question, without JavaScript too', async () => {
  for (const javaScriptEnabled of [true, false]) {
    const { context, page } = await newTeacher({ javaScriptEnabled });
    await page.goto(`${server.url}/course/start/oefenen`);
    await page.check('#oefening-kijken-q0-1');
    await Promise.all([page.waitForLoadState('load'), page.click('#oefening-kijken button[type=submit]')]);
    await page.waitForSelector('#oefening-kijken-error');
    expect(await page.isChecked('#oefening-kijken-q0-1')).toBe(true);
    expect(await page.textContent('#oefening-kijken-error')).toContain('Je hebt vraag 2 nog niet beantwoord.');
    expect(await page.textContent('#oefening-kijken-q1')).toContain('Nog niet beantwoord: kies een antwoord.');
    // Focus is at the open question, and the message is on screen.
    const focused = await page.evaluate(() => ({ id: document.activeElement?.id, invalid: document.activeElement?.getAttribute('aria-invalid'), describedBy: document.activeElement?.getAttribute('aria-describedby') }));
    expect(focused).toEqual({ id: 'oefening-kijken-q1-0', invalid: 'true', describedBy: 'oefening-kijken-m1' });
    const inView = await page.evaluate(() => {
      const r = document.getElementById('oefening-kijken-m1')!.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight;
    });
    expect(inView).toBe(true);
    if (javaScriptEnabled) await inspect(page, 'oefening-half-ingevuld', findings);
    // Completing it grades both, with ✓ and ✗ beside the chosen answers.
    await page.check('#oefening-kijken-q1-1');
    await Promise.all([page.waitForURL(/\/course\/start\/oefenen#oefening-kijken$/), page.click('#oefening-kijken button[type=submit]')]);
    expect(await page.textContent('#oefening-kijken .option-right')).toContain('✓');
    expect(await page.textContent('#oefening-kijken .option-wrong')).toContain('✗');
    expect(await page.getAttribute('#oefening-kijken button[type=submit]', 'class')).toContain('secondary');
    if (javaScriptEnabled) await inspect(page, 'oefening-beantwoord', findings);
    await context.close();
  }
});

test('the overview names the next step and resumes the last lesson opened, at the video position', async () => {
  const { context, page } = await newTeacher();
  expect(await page.textContent('.next-step')).toContain('Begin hier');
  expect(await page.locator('.next-step a.button').textContent()).toBe('Begin: 1.1 Welkom');
  await inspect(page, 'overzicht-nieuw', findings);
  // Lesson 2 opened first, then the video of lesson 1 watched for a while and left.
  await page.goto(`${server.url}/course/start/oefenen`);
  await page.goto(`${server.url}/course/start/welkom`);
  await videoReady(page);
  await page.evaluate(async () => {
    const v = document.querySelector('video.vjs-tech') as HTMLVideoElement;
    v.muted = true;
    await v.play();
    await new Promise<void>((resolve) => {
      const check = () => (v.currentTime >= 1.5 ? resolve() : requestAnimationFrame(check));
      check();
    });
    v.pause();
  });
  await page.waitForFunction(() => /Bekeken: \d+\u00a0%/.test(document.querySelector('.lesson-video figcaption')?.textContent ?? ''));
  await page.goto(`${server.url}/`);
  const next = page.locator('.next-step a.button');
  expect(await next.textContent()).toBe('Verder: 1.1 Welkom');
  expect(await page.textContent('.next-step')).toContain('Module 1: Start');
  expect(await page.textContent('.next-step')).toContain('4\u00a0min');
  expect(await page.textContent('.next-step')).toMatch(/Hier was je gebleven[\s\S]*De video gaat verder waar je stopte./);
  expect(await next.getAttribute('href')).toBe('/course/start/welkom#video-clip-mp4');
  // Module 1 is open with its lessons; module 2 is locked, with an icon and what opens it.
  expect(await page.locator('.module-card.current .module-lessons li').count()).toBe(3);
  expect(await page.locator('.module-card.state-locked .module-icon svg').count()).toBe(1);
  expect(await page.textContent('.module-card.state-locked')).toMatch(/Op slot[\s\S]*Gaat open als je module 1 hebt afgerond\./);
  // On a phone the next step is on the first screen.
  await page.setViewportSize({ width: 360, height: 780 });
  const box = await next.boundingBox();
  expect(box!.y + box!.height).toBeLessThanOrEqual(780);
  await page.setViewportSize({ width: 1280, height: 900 });
  await inspect(page, 'overzicht-onderweg', findings);
  await Promise.all([page.waitForURL(/\/course\/start\/welkom#video-clip-mp4$/), next.click()]);
  // The player starts where the teacher stopped (video-progress.js resumes at data-position).
  await playersReady(page);
  expect(Number(await page.getAttribute('video[data-position]', 'data-position'))).toBeGreaterThanOrEqual(1.4);
  // Lesson 2 opened last and not finished: that is where Verder goes now.
  await page.goto(`${server.url}/course/start/oefenen`);
  await page.goto(`${server.url}/`);
  expect(await page.locator('.next-step a.button').textContent()).toBe('Verder: 1.2 Oefenen');
  await context.close();
});

test('captions are readable on a phone and stay inside the player after the window changes size', async () => {
  const { context, page } = await newTeacher();
  await page.goto(`${server.url}/course/start/welkom`);
  await videoReady(page);
  // Nothing drawn over the poster before playing.
  expect(await page.locator('.vjs-text-track-display').isVisible()).toBe(false);
  await page.evaluate(async () => {
    const v = document.querySelector('video.vjs-tech') as HTMLVideoElement;
    v.muted = true;
    await v.play();
    await new Promise<void>((resolve) => {
      const check = () => (v.currentTime >= 0.5 ? resolve() : requestAnimationFrame(check));
      check();
    });
    v.pause();
  });
  await page.waitForSelector('.vjs-text-track-cue');
  const measure = () =>
    page.evaluate(() => {
      const player = document.querySelector('.video-js')!.getBoundingClientRect();
      const cue = document.querySelector('.vjs-text-track-cue')!;
      const r = cue.getBoundingClientRect();
      const text = (cue.querySelector('div') ?? cue) as HTMLElement;
      return {
        inside: r.left >= player.left - 1 && r.right <= player.right + 1 && r.top >= player.top - 1 && r.bottom <= player.bottom + 1,
        fontSize: parseFloat(getComputedStyle(text).fontSize),
        pageWidth: document.documentElement.scrollWidth,
      };
    });
  for (const width of [360, 1280, 360]) {
    await page.setViewportSize({ width, height: width === 360 ? 780 : 900 });
    await page.waitForFunction((w) => document.documentElement.clientWidth === w, width);
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const m = await measure();
    expect({ width, ...m, inside: m.inside }).toEqual({ width, inside: true, fontSize: m.fontSize, pageWidth: width });
    expect(m.fontSize).toBeGreaterThanOrEqual(14);
  }
  await inspect(page, 'les-video-ondertitels', findings);
  // The captions menu: Dutch labels, readable colours.
  await page.setViewportSize({ width: 1280, height: 900 });
  const labels = await page.evaluate(() => Array.from(document.querySelectorAll('.video-js .vjs-control-text')).map((e) => e.textContent ?? ''));
  expect(labels.filter((l) => /Skip|Seek to live/.test(l))).toEqual([]);
  await page.hover('.video-js');
  await page.click('.vjs-subs-caps-button > button');
  await page.waitForSelector('.vjs-subs-caps-button .vjs-menu li:visible');
  const items = await page.evaluate(() =>
    Array.from(document.querySelectorAll('.vjs-subs-caps-button .vjs-menu li')).map((li) => {
      const style = getComputedStyle(li);
      // What is written on the item; its hidden control text ("Ondertiteling", ", geselecteerd") is for screen readers.
      const label = li.querySelector('.vjs-menu-item-text')!.cloneNode(true) as HTMLElement;
      label.querySelectorAll('.vjs-control-text').forEach((e) => e.remove());
      return { text: (label.textContent ?? '').trim(), color: style.color, selected: li.classList.contains('vjs-selected') };
    }),
  );
  expect(items.map((i) => i.text)).toEqual(expect.arrayContaining(['Ondertiteling: instellingen', 'Ondertiteling uit', 'Nederlands']));
  // Light text on the dark menu, dark text on the light selected item.
  for (const i of items) expect(i.color).toBe(i.selected ? 'rgb(43, 51, 63)' : 'rgb(255, 255, 255)');
  const player = await page.locator('.video-js').boundingBox();
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'les-video-ondertitelmenu-1280.png'), clip: { x: player!.x, y: player!.y, width: player!.width, height: player!.height } });
  await context.close();
});

test('the transcript reads as text under the player and on its own printable page', async () => {
  const { context, page } = await newTeacher();
  await page.goto(`${server.url}/course/start/welkom`);
  await page.click('.transcript summary');
  const text = await page.textContent('.transcript > div');
  expect(text!.replace(/\s+/g, ' ').trim()).toBe('Welkom bij de korte clip, een kind kijkt naar buiten. Wat zie jij vandaag?');
  await page.click('.transcript a:has-text("om af te drukken")');
  await page.waitForURL(/\/course\/start\/welkom\/tekst\/1$/);
  expect(await page.textContent('h1')).toBe('Tekst van de video ‘Een korte clip’');
  expect(await page.textContent('main')).not.toMatch(/WEBVTT|-->|00:00/);
  await inspect(page, 'videotekst', findings);
  await Promise.all([page.waitForURL(/\/course\/start\/welkom#video-clip-mp4$/), page.click('a:has-text("Terug naar de les")')]);
  await context.close();
});

test('pages a teacher uses for their own account pass the audit', async () => {
  const { context, page } = await newTeacher();
  await page.goto(`${server.url}/me`);
  await inspect(page, 'mijn-gegevens', findings);
  await page.goto(`${server.url}/me/reflections`);
  await inspect(page, 'mijn-reflecties-leeg', findings);
  await context.close();
  expect(describeFindings(findings)).toBe('');
});
