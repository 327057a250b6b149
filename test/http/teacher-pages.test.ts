// What a teacher meets, over HTTP on a real database: the completion box served alone, an exercise
// sent in part, where "Verder" goes, transcripts, and the account pages' links.
import fs from 'node:fs';
import path from 'node:path';
import { miniCourseApp, post, beacon, type CourseTestApp } from '../support/course-app';
import { lesson, makeCourse } from '../fixtures/course-builder';

const EXERCISE = [
  '',
  '```exercise',
  'id: kijken',
  'shuffle: false',
  '---',
  '## Wat doe je als een leerling onrustig is?',
  '',
  '- [ ] Je verheft je stem.',
  '- [x] Je benoemt rustig wat je ziet.',
  '',
  '## Wat helpt een kind dat thuis onrust heeft?',
  '',
  '- [x] Een vaste begroeting.',
  '- [ ] Er nooit over beginnen.',
  '```',
  '',
].join('\n');

let dir: string;
let t: CourseTestApp;
beforeEach(async () => {
  dir = makeCourse({
    'course.yml': 'title: Testcursus\nlanguage: nl\ndescription: Om te testen.\nvideoCompletion: 0.9\n',
    '01-start/01-intro.md': lesson('Intro', '\n```video\nsrc: ../media/clip.mp4\ncaptions: ../media/clip.nl.vtt\ntitle: De clip\n```\n', 'minutes: 4\n'),
    '01-start/02-oefenen.md': lesson('Oefenen', EXERCISE, 'minutes: 3\n'),
    '01-start/03-lezen.md': lesson('Lezen', '\nLees dit.\n', 'minutes: 2\n'),
    '02-verder/module.yml': 'title: Verder\nsummary: Het vervolg.\n',
    '02-verder/01-slot.md': lesson('Slot', '\nKlaar.\n\n```reflection\nid: terugblik\nprompt: Wat neem je mee?\n```\n'),
  });
  fs.writeFileSync(path.join(dir, 'media', 'clip.nl.vtt'), 'WEBVTT\n\n1\n00:00:00.000 --> 00:00:01.000\nEen kind <i>kijkt</i>\nnaar buiten.\n\n00:00:01.500 --> 00:00:03.000\nWat zie jij?\n');
  t = await miniCourseApp(dir);
});
afterEach(() => {
  t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const video = (watched: number[][], position: number) => ({ lesson: 'start/intro', src: 'clip.mp4', watched, position, duration: 3 });

describe('the completion box', () => {
  test('says how much of the video is left, and once the video counts it is served as done', async () => {
    let box = await t.teacher.get('/course/start/intro/finish');
    expect(box.status).toBe(200);
    expect(box.headers['cache-control']).toBe('no-store');
    expect(box.text.trim()).toMatch(/^<section class="lesson-finish" id="afronden"[^]*<\/section>\s*<nav class="module-outline" id="lessen-in-module"[^]*<\/nav>$/);
    const introInOutline = (html: string) => /<li class="state-(\w+)"><a href="\/course\/start\/intro"/.exec(html)![1];
    expect(introInOutline(box.text)).not.toBe('complete');
    expect(box.text).toMatch(/Kijk de video ‘De clip’ af<\/a> \(nog <span class="video-left">90<\/span>&nbsp;%\)/);
    await post(t.teacher, '/course/start/intro/done', t.csrf);
    box = await t.teacher.get('/course/start/intro/finish');
    expect(box.text).toContain('<h2 id="afronden-title" class="part-title">Bijna klaar</h2>');
    expect(box.text).not.toContain('<button');

    const res = await beacon(t.teacher, t.csrf, video([[0, 3]], 3));
    expect(Number(res.headers['x-steun-watched'])).toBeGreaterThanOrEqual(90);
    box = await t.teacher.get('/course/start/intro/finish');
    expect(box.text).toContain('class="lesson-finish is-complete"');
    expect(box.text).toContain('Je hebt deze les afgerond.');
    expect(box.text).toContain('<a class="button" href="/course/start/oefenen">Verder: Oefenen</a>');
    expect(introInOutline(box.text)).toBe('complete');
  });

  test('is locked like its lesson', async () => {
    expect((await t.teacher.get('/course/verder/slot/finish')).status).toBe(403);
  });

  test('a complete lesson offers the next lesson once, not also in the pager', async () => {
    await beacon(t.teacher, t.csrf, video([[0, 3]], 3));
    await post(t.teacher, '/course/start/intro/done', t.csrf);
    const page = await t.teacher.get('/course/start/intro');
    expect(page.text.match(/href="\/course\/start\/oefenen"/g)).toHaveLength(2); // the box and the module outline
    expect(page.text).not.toContain('rel="next"');
  });
});

describe('an exercise sent in part', () => {
  test('comes back with the answer given, the message at the open question and focus there; nothing is stored', async () => {
    const res = await post(t.teacher, '/course/start/oefenen/exercise/kijken', t.csrf, { q0: '1' });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/id="oefening-kijken-q0-1" name="q0" value="1" checked>/);
    expect(res.text).toContain('<p class="form-errors" id="oefening-kijken-error">Je hebt vraag 2 nog niet beantwoord.');
    expect(res.text).toMatch(/<fieldset class="question question-missing" id="oefening-kijken-q1" aria-describedby="oefening-kijken-m1">/);
    expect(res.text).toContain('<p class="field-error" id="oefening-kijken-m1">Nog niet beantwoord: kies een antwoord.</p>');
    expect(res.text).toMatch(/id="oefening-kijken-q1-0" name="q1" value="0"  aria-invalid="true" aria-describedby="oefening-kijken-m1" autofocus>/);
    expect(res.text.match(/autofocus/g)).toHaveLength(1);
    expect(t.stores.progress.exerciseAnswersForLesson(t.teacherId, 'start/oefenen').size).toBe(0);
  });

  test('with no answer at all names both questions', async () => {
    const res = await post(t.teacher, '/course/start/oefenen/exercise/kijken', t.csrf, {});
    expect(res.status).toBe(400);
    expect(res.text).toContain('Je hebt vraag 1 en 2 nog niet beantwoord.');
  });

  test('answered in full shows ✓ and ✗ beside the chosen answers, and "Antwoord aanpassen" is not the main button', async () => {
    expect((await post(t.teacher, '/course/start/oefenen/exercise/kijken', t.csrf, { q0: '1', q1: '1' })).status).toBe(303);
    const page = await t.teacher.get('/course/start/oefenen');
    expect(page.text).toMatch(/class="option chosen option-right">[\s\S]*?<span class="option-mark" aria-hidden="true">✓<\/span>/);
    expect(page.text).toMatch(/class="option chosen option-wrong">[\s\S]*?<span class="option-mark" aria-hidden="true">✗<\/span>/);
    expect(page.text).toContain('<span class="visually-hidden"> (jouw keuze: niet goed)</span>');
    expect(page.text).toContain('<button type="submit" class="secondary outline">Antwoord aanpassen</button>');
  });
});

describe('"Verder" on the overview', () => {
  test('goes to the lesson opened last that is not finished, at its video, and names it with module and minutes', async () => {
    await t.teacher.get('/course/start/lezen');
    await t.teacher.get('/course/start/intro');
    await beacon(t.teacher, t.csrf, video([[0, 1.5]], 1.5));
    let home = await t.teacher.get('/');
    expect(home.text).toContain('<a class="button" href="/course/start/intro#video-clip-mp4">Verder: 1.1 Intro</a>');
    expect(home.text).toMatch(/Module 1: Start<\/span><br>\s*<strong>1\.1 Intro<\/strong> · 4&nbsp;min/);
    // Opened again within the minute: still recorded, since it is another lesson than the last.
    await t.teacher.get('/course/start/lezen');
    home = await t.teacher.get('/');
    expect(home.text).toContain('<a class="button" href="/course/start/lezen">Verder: 1.3 Lezen</a>');
  });

  test('after finishing what was opened, it is the first unfinished lesson; the description moves below once started', async () => {
    let home = await t.teacher.get('/');
    expect(home.text).toContain('<div class="lead"><p>Om te testen.</p>');
    await beacon(t.teacher, t.csrf, video([[0, 3]], 3));
    await post(t.teacher, '/course/start/intro/done', t.csrf);
    home = await t.teacher.get('/');
    expect(home.text).toContain('<a class="button" href="/course/start/oefenen">Verder: 1.2 Oefenen</a>');
    expect(home.text).not.toContain('<div class="lead">');
    expect(home.text).toContain('<summary>Over deze cursus</summary>');
    // Finished lessons carry ✓ in the open module; module 2 is locked with what opens it.
    expect(home.text).toMatch(/<li class="state-complete"><span class="lesson-mark" aria-hidden="true">✓<\/span>\s*<a href="\/course\/start\/intro">1\.1 Intro<\/a>/);
    expect(home.text).toMatch(/<strong>Op slot<\/strong> · Module 2[\s\S]*Gaat open als je module 1 hebt afgerond\./);
  });

  test('a finished module is one line with ✓', async () => {
    await beacon(t.teacher, t.csrf, video([[0, 3]], 3));
    await post(t.teacher, '/course/start/intro/done', t.csrf);
    await post(t.teacher, '/course/start/oefenen/exercise/kijken', t.csrf, { q0: '1', q1: '0' });
    await post(t.teacher, '/course/start/oefenen/done', t.csrf);
    await post(t.teacher, '/course/start/lezen/done', t.csrf);
    const home = await t.teacher.get('/');
    expect(home.text).toMatch(/<li class="module-card state-complete compact">\s*<p><span class="module-icon" aria-hidden="true">✓<\/span>\s*<a href="\/course\/start\/intro" id="module-start">Module 1: Start<\/a>/);
    expect(home.text).toContain('<a class="button" href="/course/verder/slot">Verder: 2.1 Slot</a>');
  });
});

describe('the transcript', () => {
  test('is the captions as text, under the player and on its own page linked back to the lesson', async () => {
    const page = await t.teacher.get('/course/start/intro');
    expect(page.text).toMatch(/<summary>Lees de tekst van de video<span class="visually-hidden"> ‘De clip’<\/span><\/summary>\s*<div lang="nl">\s*<p>Een kind kijkt naar buiten. Wat zie jij\?<\/p>/);
    expect(page.text).not.toContain('href="/media/clip.nl.vtt"');
    const own = await t.teacher.get('/course/start/intro/tekst/1');
    expect(own.status).toBe(200);
    expect(own.text).toContain('<p>Een kind kijkt naar buiten. Wat zie jij?</p>');
    expect(own.text).not.toMatch(/WEBVTT|-->/);
    expect(own.text).toContain('href="/course/start/intro#video-clip-mp4"');
  });

  test('is escaped as text wherever it is shown (it is kept as HTML, escaped once per compiled course)', async () => {
    fs.writeFileSync(path.join(dir, 'media', 'clip.nl.vtt'), 'WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nTom &amp; Jerry zeggen "hoi" en \'dag\' &lt;3 <b>vet</b>\n\n00:00:05.000 --> 00:00:06.000\n<script>alert(1)</script>\n');
    t.close();
    t = await miniCourseApp(dir);
    const escaped = '<p>Tom &amp; Jerry zeggen &#34;hoi&#34; en &#39;dag&#39; &lt;3 vet</p>';
    for (let i = 0; i < 2; i++) {
      const page = await t.teacher.get('/course/start/intro');
      expect(page.text).toContain(escaped);
      expect(page.text).not.toContain('<script>alert');
      const own = await t.teacher.get('/course/start/intro/tekst/1');
      expect(own.text).toContain(escaped);
      expect(own.text).not.toContain('<script>alert');
    }
  });

  test.each(['0', '2', 'x', '1000'])('a video number that is not there (%s) is a 404', async (n) => {
    expect((await t.teacher.get(`/course/start/intro/tekst/${n}`)).status).toBe(404);
  });
});

describe('my account', () => {
  test('reflections of a locked module are not offered as links to write in', async () => {
    const page = await t.teacher.get('/me/reflections');
    expect(page.text).not.toContain('href="/course/verder/slot#reflectie-terugblik"');
    expect(page.text).toContain('Deze module is nog op slot');
  });

  test('the delete button sits in a "Gevarenzone" and is not the main style', async () => {
    const page = await t.teacher.get('/me');
    expect(page.text).toMatch(/<section class="danger-zone" aria-labelledby="gevarenzone-title">\s*<h2 id="gevarenzone-title">Gevarenzone<\/h2>/);
    expect(page.text).toContain('<button type="submit" class="danger">Mijn account definitief verwijderen</button>');
  });
});

describe('a shuffled exercise', () => {
  test('shows this teacher the options in their own order, the same on every visit, and grades the place chosen', async () => {
    const options = ['Eerste antwoord', 'Het goede antwoord', 'Derde antwoord', 'Vierde antwoord'];
    const shuffledDir = makeCourse({
      '01-start/01-intro.md': lesson('Intro', ['', '```exercise', 'id: schud', '---', '## Welke?', '', ...options.map((o, i) => `- [${i === 1 ? 'x' : ' '}] ${o}`), '```', ''].join('\n')),
    });
    const s = await miniCourseApp(shuffledDir);
    try {
      const page = await s.teacher.get('/course/start/intro');
      const shownTexts = [...page.text.matchAll(/id="oefening-schud-q0-(\d)"[^>]*>\s*<label[^>]*><span lang="nl">([^<]+)<\/span>/g)].map((m) => m[2]);
      expect([...shownTexts].sort()).toEqual([...options].sort());
      expect((await s.teacher.get('/course/start/intro')).text).toContain(page.text.slice(page.text.indexOf('oefening-schud-q0-0'), page.text.indexOf('oefening-schud-q0-3')));
      const place = shownTexts.indexOf('Het goede antwoord');
      expect((await post(s.teacher, '/course/start/intro/exercise/schud', s.csrf, { q0: String(place) })).status).toBe(303);
      expect((await s.teacher.get('/course/start/intro')).text).toContain('Goed gekozen.');
      expect([...s.stores.progress.exerciseAnswersForLesson(s.teacherId, 'start/intro').values()]).toEqual([[[1]]]);
    } finally {
      s.close();
      fs.rmSync(shuffledDir, { recursive: true, force: true });
    }
  });
});

describe('an appendix page', () => {
  test('opens with its module, sits in the outline apart from the lessons, and is not something to complete', async () => {
    const appendixDir = makeCourse({
      '01-start/01-intro.md': lesson('Intro', '\nZie [de bronnen](02-bronnen.md).\n'),
      '01-start/02-bronnen.md': lesson('Bronnen en verder lezen', '\nEen boek over steun.\n', 'appendix: true\n'),
      '02-verder/module.yml': 'title: Verder\nsummary: Het vervolg.\n',
      '02-verder/01-slot.md': lesson('Slot', '\nKlaar.\n'),
      '02-verder/02-meer.md': lesson('Meer lezen', '\nNog een boek.\n', 'appendix: true\n'),
    });
    const s = await miniCourseApp(appendixDir);
    try {
      const page = await s.teacher.get('/course/start/appendix/bronnen');
      expect(page.status).toBe(200);
      expect(page.text).toContain('<h1 lang="nl">Bronnen en verder lezen</h1>');
      expect(page.text).toContain('Een boek over steun.');
      expect(page.text).toMatch(/<ul class="outline-appendix">\s*<li><a href="\/course\/start\/appendix\/bronnen" aria-current="page">Bronnen en verder lezen<\/a><\/li>/);
      const intro = await s.teacher.get('/course/start/intro');
      expect(intro.text).toContain('href="/course/start/appendix/bronnen"');
      expect(intro.text).toContain('Les 1 van 1');
      // Marking the only lesson done completes the module: the appendix page is not waited for.
      await post(s.teacher, '/course/start/intro/done', s.csrf);
      expect((await s.teacher.get('/course/verder/slot')).status).toBe(200);
      expect((await s.teacher.get('/course/start/appendix/nergens')).status).toBe(404);
    } finally {
      s.close();
      fs.rmSync(appendixDir, { recursive: true, force: true });
    }
  });

  test('of a locked module is locked like its lessons', async () => {
    const appendixDir = makeCourse({
      '02-verder/module.yml': 'title: Verder\nsummary: Het vervolg.\n',
      '02-verder/01-slot.md': lesson('Slot', '\nKlaar.\n'),
      '02-verder/02-meer.md': lesson('Meer lezen', '\nNog een boek.\n', 'appendix: true\n'),
    });
    const s = await miniCourseApp(appendixDir);
    try {
      expect((await s.teacher.get('/course/verder/appendix/meer')).status).toBe(403);
    } finally {
      s.close();
      fs.rmSync(appendixDir, { recursive: true, force: true });
    }
  });
});
