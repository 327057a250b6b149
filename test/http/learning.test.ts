import { firstRealAttempts, itemStats } from '../../src/learning/item-stats';
import fs from 'node:fs';
import request from 'supertest';
import { miniCourseApp, post, beacon, type CourseTestApp } from '../support/course-app';
import { addUser, csrfFrom, signIn } from '../support/app';
import { lesson, makeCourse } from '../fixtures/course-builder';

let t: CourseTestApp;
beforeEach(async () => {
  t = await miniCourseApp();
});
afterEach(() => t.close());

const watchAll = { lesson: 'begin/welkom', src: 'clip.mp4', watched: [[0, 3]], position: 3, duration: 3 };

// Each lesson takes the teacher a couple of minutes: the certificate needs real study time.
async function completeWelkom() {
  expect((await beacon(t.teacher, t.csrf, watchAll)).status).toBe(204);
  t.clock.advance(120);
  expect((await post(t.teacher, '/course/begin/welkom/done', t.csrf)).status).toBe(303);
}
async function completeOefenen() {
  await post(t.teacher, '/course/begin/oefenen/reflection/eigen-ervaring', t.csrf, { text: 'Rust geven helpt.' });
  await post(t.teacher, '/course/begin/oefenen/exercise/keuze', t.csrf, { q0: '1' });
  t.clock.advance(120);
  await post(t.teacher, '/course/begin/oefenen/done', t.csrf);
}
async function quizPage() {
  const page = await t.teacher.get('/course/begin/quiz');
  expect(page.status).toBe(200);
  return { html: page.text, attempt: /name="attempt" value="([^"]+)"/.exec(page.text)![1]! };
}

describe('the overview', () => {
  test('a new teacher sees every module, the total time, module 2 locked, and where to begin', async () => {
    const res = await t.teacher.get('/');
    expect(res.status).toBe(200);
    expect(res.text).toContain('De hele cursus duurt ongeveer 9\u00a0min');
    expect(res.text).toContain('Beginnen');
    expect(res.text).toMatch(/state-locked[\s\S]*Verder/);
    expect(res.text).toContain('Gaat open als je module 1 hebt afgerond.');
    expect(res.text).toContain('href="/course/begin/welkom"');
    expect(res.text).toMatch(/<a class="button" href="\/course\/begin\/welkom">Begin: 1\.1 Welkom<\/a>/);
  });

  test('"Verder" names the next thing to do and points at it', async () => {
    await completeWelkom();
    const res = await t.teacher.get('/');
    expect(res.text).toMatch(/<a class="button" href="\/course\/begin\/oefenen">Verder: 1\.2 Oefenen<\/a>/);
  });
});

describe('a lesson', () => {
  test('shows the lesson with a captioned video, outline and next link', async () => {
    const res = await t.teacher.get('/course/begin/welkom');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<h1 lang="nl">Welkom</h1>');
    expect(res.text).toMatch(/<track kind="captions" src="\/media\/clip\.nl\.vtt" srclang="nl" label="Nederlands" default>/);
    // The core build: the course serves MP4 files, which need none of video.js's streaming engine.
    expect(res.text).toMatch(/\/assets\/[\w-]{10}\/vendor\/video\.js\/alt\/video\.core\.min\.js/);
    expect(res.text).toContain('aria-current="page"');
    expect(res.text).toContain('rel="next"');
  });

  test("a course in another language marks its own words with that language; the interface stays Dutch", async () => {
    const dir = makeCourse({
      'course.yml': 'title: Support at school\nlanguage: en\ndescription: A course in English.\n',
      '01-start/01-intro.md': lesson('Welcome', '\nA calm adult helps.\n\n```reflection\nid: own\nprompt: Who helped you?\n```\n'),
    });
    const english = await miniCourseApp(dir);
    try {
      const page = await english.teacher.get('/course/start/intro');
      expect(page.status).toBe(200);
      expect(page.text).toContain('<html lang="nl">');
      expect(page.text).toContain('<h1 lang="en">Welcome</h1>');
      expect(page.text).toMatch(/<div class="lesson-text" lang="en">\s*<p>A calm adult helps\.<\/p>/);
      expect(page.text).toMatch(/<label for="reflectie-own-text" lang="en">Who helped you\?<\/label>/);
      expect(page.text).toMatch(/<section class="lesson-finish" id="afronden" aria-labelledby="afronden-title"/);
      expect(page.text).not.toMatch(/<article[^>]*lang=/);
    } finally {
      english.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the video script is loaded only on pages with a video', async () => {
    const res = await t.teacher.get('/course/begin/oefenen');
    expect(res.text).not.toContain('video.min.js');
  });

  test('exercise feedback is not in the page before the teacher answers', async () => {
    const res = await t.teacher.get('/course/begin/oefenen');
    expect(res.text).not.toContain('spanning groter');
    expect(res.text).not.toContain('tot rust te komen');
  });

  test('an unknown lesson or module is 404', async () => {
    expect((await t.teacher.get('/course/begin/bestaat-niet')).status).toBe(404);
    expect((await t.teacher.get('/course/nergens/welkom')).status).toBe(404);
  });

  test('signed out: off to the sign-in page', async () => {
    const res = await request(t.app).get('/course/begin/welkom');
    expect(res.status).toBe(303);
    expect(res.headers.location).toContain('/login');
  });
});

describe('watching a video', () => {
  test('seeking ahead does not count; watching it through does', async () => {
    expect((await beacon(t.teacher, t.csrf, { ...watchAll, watched: [[0, 0.5], [2.5, 3]], position: 3 })).status).toBe(204);
    await post(t.teacher, '/course/begin/welkom/done', t.csrf);
    let page = await t.teacher.get('/course/begin/welkom');
    expect(page.text).toContain('Bekeken: 33\u00a0%');
    expect(page.text).toMatch(/Kijk de video ‘Een korte clip’ af<\/a> \(nog <span class="video-left">57<\/span>&nbsp;%\)/);
    expect(t.stores.progress.progressForTeacher(t.teacherId).get('begin/welkom')!.completedAt).toBeNull();

    const res = await beacon(t.teacher, t.csrf, { ...watchAll, watched: [[0.4, 2.6]], position: 2.6 });
    expect(res.status).toBe(204);
    expect(Number(res.headers['x-steun-watched'])).toBeGreaterThanOrEqual(99);
    page = await t.teacher.get('/course/begin/welkom');
    expect(page.text).toContain('Je hebt deze les afgerond.');
    expect(t.stores.progress.progressForTeacher(t.teacherId).get('begin/welkom')!.completedAt).not.toBeNull();
  });

  test('"last seen" is kept to the minute: reports in the same minute write neither it nor the school report\'s mark; a later one, or one after another lesson was opened, does', async () => {
    const db = t.stores.sqlite;
    const lastSeen = (key: string) => (db.prepare('SELECT last_seen_at FROM lesson_progress WHERE user_id = ? AND lesson_key = ?').get(t.teacherId, key) as { last_seen_at: string }).last_seen_at;
    const schoolMark = () => (db.prepare('SELECT coalesce(sum(generation), 0) AS g FROM school_changes').get() as { g: number }).g;
    expect((await t.teacher.get('/course/begin/welkom')).status).toBe(200);
    const opened = lastSeen('begin/welkom');
    const mark = schoolMark();
    t.clock.advance(10);
    expect((await beacon(t.teacher, t.csrf, { ...watchAll, watched: [[0, 1]], position: 1 })).status).toBe(204);
    expect(lastSeen('begin/welkom')).toBe(opened);
    expect(schoolMark()).toBe(mark);
    // The report itself is kept: the video's position is there after a reload.
    expect((await t.teacher.get('/course/begin/welkom')).text).toContain('data-position="1"');
    expect(lastSeen('begin/welkom')).toBe(opened);

    t.clock.advance(61);
    expect((await beacon(t.teacher, t.csrf, { ...watchAll, watched: [[0, 2]], position: 2 })).status).toBe(204);
    const minuteLater = lastSeen('begin/welkom');
    expect(Date.parse(minuteLater) - Date.parse(opened)).toBeGreaterThanOrEqual(71_000);
    expect(schoolMark()).toBeGreaterThan(mark);

    // Another lesson opened since: the next report marks this one as seen last again ("Verder" goes here).
    t.clock.advance(5);
    expect((await t.teacher.get('/course/begin/oefenen')).status).toBe(200);
    t.clock.advance(5);
    expect((await beacon(t.teacher, t.csrf, { ...watchAll, watched: [[0, 2.5]], position: 2.5 })).status).toBe(204);
    expect(lastSeen('begin/welkom') > lastSeen('begin/oefenen')).toBe(true);
  });

  test('the player resumes at the last position', async () => {
    await beacon(t.teacher, t.csrf, { ...watchAll, watched: [[0, 1.5]], position: 1.5 });
    const page = await t.teacher.get('/course/begin/welkom');
    expect(page.text).toContain('data-position="1.5"');
  });

  test.each([
    [{ ...watchAll, watched: [[2, 1]] }, /0 ≤ begin < eind/],
    [{ ...watchAll, watched: [[0, 99]] }, /0 ≤ begin < eind/],
    [{ ...watchAll, watched: [[-1, 2]] }, /0 ≤ begin < eind/],
    [{ ...watchAll, watched: [['a', 2]] }, /moet een getal zijn/],
    [{ ...watchAll, watched: 'alles' }, /watched moet een lijst/],
    [{ ...watchAll, watched: Array.from({ length: 501 }, () => [0, 1]) }, /hoogstens 500/],
    [{ ...watchAll, duration: 0 }, /duration moet groter dan 0/],
    [{ ...watchAll, position: -5 }, /position mag niet negatief/],
    [{ ...watchAll, src: 'anders.mp4' }, /geen video "anders\.mp4"/],
    [{ ...watchAll, lesson: 'zonder-slash' }, /de vorm "module\/les"/],
    [{ watched: [] }, /lesson ontbreekt/],
  ])('bad beacon %# is a 400 that says what is wrong', async (body, message) => {
    const res = await beacon(t.teacher, t.csrf, body);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(message);
    expect(t.stores.progress.progressForTeacher(t.teacherId).get('begin/welkom')?.videos ?? []).toEqual([]);
  });

  test('an unknown lesson in a beacon is 404; without the CSRF header 403', async () => {
    expect((await beacon(t.teacher, t.csrf, { ...watchAll, lesson: 'begin/nergens' })).status).toBe(404);
    const res = await t.teacher.post('/api/progress/video').send(watchAll);
    expect(res.status).toBe(403);
  });
});

describe('reflections and exercises', () => {
  test('a reflection saves (form and JSON), can be edited, and is there after a reload', async () => {
    const form = await post(t.teacher, '/course/begin/oefenen/reflection/eigen-ervaring', t.csrf, { text: 'Eerste gedachte' });
    expect(form.status).toBe(303);
    const json = await t.teacher
      .post('/course/begin/oefenen/reflection/eigen-ervaring')
      .set('Accept', 'application/json')
      .type('form')
      .send({ text: 'Tweede <gedachte> & meer', _csrf: t.csrf });
    expect(json.status).toBe(200);
    expect(json.body.saved).toBe(true);
    const page = await t.teacher.get('/course/begin/oefenen');
    expect(page.text).toContain('Tweede &lt;gedachte&gt; &amp; meer');
  });

  test('a save writes the completion mark only when the lesson\'s completion changes: an autosave while typing writes nothing more', async () => {
    const marks = jest.spyOn(t.stores.progress, 'setCompleted');
    const completedAt = () => (t.stores.sqlite.prepare('SELECT completed_at FROM lesson_progress WHERE user_id = ? AND lesson_key = ?').get(t.teacherId, 'begin/oefenen') as { completed_at: string | null }).completed_at;
    const save = (text: string) => t.teacher.post('/course/begin/oefenen/reflection/eigen-ervaring').set('Accept', 'application/json').type('form').send({ text, _csrf: t.csrf });
    for (const text of ['Rust', 'Rust geven', 'Rust geven helpt.']) expect((await save(text)).status).toBe(200);
    expect(marks).not.toHaveBeenCalled();
    expect(completedAt()).toBeNull();
    // The last part and "done" complete the lesson: the mark is written then, once.
    expect((await post(t.teacher, '/course/begin/oefenen/exercise/keuze', t.csrf, { q0: '1' })).status).toBe(303);
    t.clock.advance(120);
    expect((await post(t.teacher, '/course/begin/oefenen/done', t.csrf)).status).toBe(303);
    expect(marks).toHaveBeenCalledTimes(1);
    const completed = completedAt();
    expect(completed).not.toBeNull();
    // Editing the reflection afterwards keeps the lesson complete, with its first date, and writes no mark.
    t.clock.advance(60);
    expect((await save('Rust geven helpt, en voorspelbaarheid ook.')).status).toBe(200);
    expect(marks).toHaveBeenCalledTimes(1);
    expect(completedAt()).toBe(completed);
    // Emptying it undoes the completion: written again.
    expect((await save('')).status).toBe(200);
    expect(marks).toHaveBeenCalledTimes(2);
    expect(completedAt()).toBeNull();
  });

  test('a reflection over 5,000 characters is refused with a message and the old text is kept', async () => {
    await post(t.teacher, '/course/begin/oefenen/reflection/eigen-ervaring', t.csrf, { text: 'bewaard' });
    const res = await post(t.teacher, '/course/begin/oefenen/reflection/eigen-ervaring', t.csrf, { text: 'x'.repeat(5001) });
    expect(res.status).toBe(400);
    expect(res.text).toContain('hoogstens 5000 tekens');
    expect(t.stores.progress.reflectionsForLesson(t.teacherId, 'begin/oefenen').get('eigen-ervaring')!.text).toBe('bewaard');
  });

  test('my reflections: what I wrote, in course order, with the question, and nobody else\'s', async () => {
    const empty = await t.teacher.get('/me/reflections');
    expect(empty.status).toBe(200);
    expect(empty.text).toContain('Je hebt nog geen reflecties geschreven.');
    expect(empty.text).toContain('Wat neem je mee uit deze les?');
    expect(empty.text).toContain('Nog niet ingevuld.');
    await post(t.teacher, '/course/begin/oefenen/reflection/eigen-ervaring', t.csrf, { text: 'Rust <geven>\nen luisteren' });
    // Written under a lesson the course no longer has: kept and shown apart.
    t.stores.progress.saveReflection(t.teacherId, 'oud/verdwenen-les', 'plan', 'Mijn plan van vorig jaar');
    const page = await t.teacher.get('/me/reflections');
    expect(page.text).toContain('<blockquote class="reflection-text">Rust &lt;geven&gt;\nen luisteren</blockquote>');
    expect(page.text).toContain('href="/course/begin/oefenen#reflectie-eigen-ervaring"');
    expect(page.text).toMatch(/Laatst gewijzigd op \d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december) \d{4}/);
    expect(page.text).toContain('Uit eerdere versies van de cursus');
    expect(page.text).toContain('Mijn plan van vorig jaar');
    expect(page.text).not.toContain('Je hebt nog geen reflecties geschreven.');
    const other = await addUser(t.stores, { email: 'ander@regenboog.nl', name: 'Andere Juf' });
    const otherAgent = await signIn(t.app, 'ander@regenboog.nl');
    const theirs = await otherAgent.get('/me/reflections');
    expect(other.id).not.toBe(t.teacherId);
    expect(theirs.text).not.toContain('Rust &lt;geven&gt;');
    expect(theirs.text).not.toContain('Mijn plan van vorig jaar');
    expect((await request(t.app).get('/me/reflections')).status).toBe(303);
  });

  test('an unknown reflection or exercise is 404', async () => {
    expect((await post(t.teacher, '/course/begin/oefenen/reflection/nergens', t.csrf, { text: 'x' })).status).toBe(404);
    expect((await post(t.teacher, '/course/begin/oefenen/exercise/nergens', t.csrf, { q0: '0' })).status).toBe(404);
  });

  test('an exercise answer gets the feedback of the chosen option at once', async () => {
    const res = await post(t.teacher, '/course/begin/oefenen/exercise/keuze', t.csrf, { q0: '0' });
    expect(res.status).toBe(303);
    const page = await t.teacher.get('/course/begin/oefenen');
    expect(page.text).toContain('Dat maakt de spanning groter.');
    expect(page.text).toContain('Dit is niet de beste keuze');
    expect(page.text).not.toContain('tot rust te komen');
  });

  test.each([[{ q0: '7' }], [{ q0: ['0', '1'] }], [{ q0: 'abc' }], [{ q5: '0' }]])('a malformed exercise answer %j is a 400', async (fields) => {
    const res = await post(t.teacher, '/course/begin/oefenen/exercise/keuze', t.csrf, fields);
    expect(res.status).toBe(400);
    expect(t.stores.progress.exerciseAnswersForLesson(t.teacherId, 'begin/oefenen').size).toBe(0);
  });

  test('marking done before everything is answered says what remains', async () => {
    await post(t.teacher, '/course/begin/oefenen/done', t.csrf);
    const page = await t.teacher.get('/course/begin/oefenen');
    expect(page.text).toContain('Bijna klaar');
    expect(page.text).toMatch(/<a href="#reflectie-eigen-ervaring">Schrijf je reflectie<\/a><\/li>\s*<li><a href="#oefening-keuze">Maak de oefening<\/a>/);
    await completeOefenen();
    expect((await t.teacher.get('/course/begin/oefenen')).text).toContain('Je hebt deze les afgerond.');
  });

  test('writes are idempotent: marking done twice keeps the first date', async () => {
    await completeWelkom();
    const first = t.stores.progress.progressForTeacher(t.teacherId).get('begin/welkom')!.doneAt;
    await post(t.teacher, '/course/begin/welkom/done', t.csrf);
    expect(t.stores.progress.progressForTeacher(t.teacherId).get('begin/welkom')!.doneAt).toBe(first);
  });
});

describe('the quiz and the gate', () => {
  test('the quiz is closed until every lesson of the module is complete, and says what remains', async () => {
    const res = await t.teacher.get('/course/begin/quiz');
    expect(res.status).toBe(403);
    expect(res.text).toContain("video &#39;Een korte clip&#39; in &#39;Welkom&#39; (0\u00a0% bekeken)");
  });

  test('a teacher who failed the quiz cannot open module 2; passing opens it', async () => {
    await completeWelkom();
    await completeOefenen();
    const { html, attempt } = await quizPage();
    // No trace of the answers in the page.
    expect(html).not.toContain('Precies.');
    expect(html).not.toContain('Rust helpt het brein');
    expect(html).not.toMatch(/correct|checked/);

    const failed = await post(t.teacher, '/course/begin/quiz', t.csrf, { attempt, q0: '0', q1: '1' });
    // Post/redirect/get: a reload of the result posts nothing again.
    expect(failed.status).toBe(303);
    const result = await t.teacher.get(failed.headers.location!.replace(/#.*/, ''));
    expect(result.text).toContain('Nog niet gehaald');
    expect(result.text).toContain('0&nbsp;%');
    // Which questions to look at again, with the lesson that covers them; never which option is right.
    expect(result.text).toContain('Kijk hier nog eens naar');
    expect(result.text).toContain('Lees nog eens: <a href="/course/begin/welkom"');
    expect(result.text).not.toContain('Straf vergroot de stress.');
    expect(result.text).not.toContain('Rust helpt het brein');
    expect(result.text).not.toContain('Aandacht');
    expect(result.text).not.toContain('Vaste gewoontes');

    const locked = await t.teacher.get('/course/verder/afsluiten');
    expect(locked.status).toBe(403);
    expect(locked.text).toContain('Module 2 is nog op slot');
    expect(locked.text).toContain('toets module 1 (50\u00a0% nodig, je beste score is 0\u00a0%)');

    const second = await quizPage();
    expect(second.attempt).not.toBe(attempt);
    const passed = await post(t.teacher, '/course/begin/quiz', t.csrf, { attempt: second.attempt, q0: '1', q1: ['0', '2'] }).redirects(1);
    expect(passed.text).toContain('Gehaald!');
    expect(passed.text).toContain('100&nbsp;%');
    // Once passed, the explanations are shown.
    expect(passed.text).toContain('Rust helpt het brein');
    expect((await t.teacher.get('/course/verder/afsluiten')).status).toBe(200);
  });

  test('submitting the same attempt twice changes nothing', async () => {
    await completeWelkom();
    await completeOefenen();
    const { attempt } = await quizPage();
    const first = await post(t.teacher, '/course/begin/quiz', t.csrf, { attempt, q0: '1', q1: ['0', '2'] }).redirects(1);
    const again = await post(t.teacher, '/course/begin/quiz', t.csrf, { attempt, q0: '0', q1: '1' }).redirects(1);
    expect(first.text).toContain('Gehaald!');
    expect(again.status).toBe(200);
    expect(again.text).toContain('Gehaald!');
    expect(t.stores.attempts.summaryForTeacher(t.teacherId).get('begin')).toMatchObject({ attempts: 1, bestScore: 1, passed: true });
  });

  test('a reload of the quiz shows the same attempt', async () => {
    await completeWelkom();
    await completeOefenen();
    expect((await quizPage()).attempt).toBe((await quizPage()).attempt);
  });

  test('maxAttempts is enforced; after the last attempt the right answers are shown', async () => {
    await completeWelkom();
    await completeOefenen();
    let last = '';
    for (let i = 0; i < 3; i++) {
      const { attempt } = await quizPage();
      last = (await post(t.teacher, '/course/begin/quiz', t.csrf, { attempt, confirmIncomplete: '1' }).redirects(1)).text;
      expect(last).toContain('Nog niet gehaald');
      if (i < 2) expect(last).not.toContain('Het goede antwoord');
    }
    expect(last).toContain('geen pogingen meer');
    expect(last).toContain('Het goede antwoord:');
    expect(last).toContain('Aandacht');
    expect(last).toContain('Rust helpt het brein');
    const res = await t.teacher.get('/course/begin/quiz');
    expect(res.status).toBe(403);
    expect(res.text).toContain('Geen pogingen meer');
  });

  test('handing in with open questions asks first, keeps every answer, and grades nothing', async () => {
    await completeWelkom();
    await completeOefenen();
    const { attempt } = await quizPage();
    const asked = await post(t.teacher, '/course/begin/quiz', t.csrf, { attempt, q0: '1' });
    expect(asked.status).toBe(200);
    expect(asked.text).toContain('Eén vraag heeft nog geen antwoord');
    expect(asked.text).toContain('href="#q1">vraag 2</a>');
    expect(asked.text).toMatch(/id="q0-1" name="q0" value="1"\s+checked/);
    expect(asked.text).toContain('name="confirmIncomplete" value="1"');
    expect(t.stores.attempts.byId(attempt)!.submittedAt).toBeNull();
    // Handed in on purpose: graded, the open question wrong.
    const graded = await post(t.teacher, '/course/begin/quiz', t.csrf, { attempt, q0: '1', confirmIncomplete: '1' });
    expect(graded.status).toBe(303);
    expect(t.stores.attempts.byId(attempt)!.score).toBe(0.5);
  });

  test('attempts handed in mostly empty do not count in the author\'s first-attempt statistics', async () => {
    await completeWelkom();
    await completeOefenen();
    const first = await quizPage();
    await post(t.teacher, '/course/begin/quiz', t.csrf, { attempt: first.attempt, confirmIncomplete: '1' });
    const second = await quizPage();
    await post(t.teacher, '/course/begin/quiz', t.csrf, { attempt: second.attempt, q0: '1', q1: '1' });
    const stats = itemStats(t.course.course.modules[0]!.quiz!, firstRealAttempts(t.stores.reports.submittedAttemptResults(t.course.course.modules[0]!.slug)));
    expect(stats.map((s) => [s.answered, s.shareRight])).toEqual([[1, 1], [1, 0]]);
  });

  test('someone else\'s attempt is 404; a malformed answer is 400', async () => {
    await completeWelkom();
    await completeOefenen();
    const { attempt } = await quizPage();
    expect((await post(t.teacher, '/course/begin/quiz', t.csrf, { attempt: 'nietbestaand1', q0: '1' })).status).toBe(404);
    // A real attempt of another teacher: neither submitting nor viewing it works.
    await addUser(t.stores, { email: 'ander@regenboog.nl', name: 'Andere Juf' });
    const other = await signIn(t.app, 'ander@regenboog.nl');
    const otherCsrf = csrfFrom((await other.get('/')).text);
    expect((await post(other, '/course/begin/quiz', otherCsrf, { attempt, q0: '1' })).status).toBe(404);
    expect((await other.get(`/course/begin/quiz/attempts/${attempt}`)).status).toBe(404);
    expect(t.stores.attempts.byId(attempt)?.submittedAt).toBeNull();
    expect((await post(t.teacher, '/course/begin/quiz', t.csrf, { attempt, q0: ['0', '1'] })).status).toBe(400);
    expect((await post(t.teacher, '/course/begin/quiz', t.csrf, { q0: '1' })).status).toBe(400);
  });
});

describe('a locked module is locked everywhere', () => {
  test.each([
    ['GET', '/course/verder/afsluiten', {}],
    ['POST', '/course/verder/afsluiten/done', {}],
    ['POST', '/course/verder/afsluiten/reflection/x', { text: 'x' }],
    ['POST', '/course/verder/afsluiten/exercise/x', { q0: '0' }],
  ] as const)('%s %s is 403', async (method, url, fields) => {
    const res = method === 'GET' ? await t.teacher.get(url) : await post(t.teacher, url, t.csrf, fields);
    expect(res.status).toBe(403);
    expect(t.stores.progress.progressForTeacher(t.teacherId).has('verder/afsluiten')).toBe(false);
  });

  test('beacons for a locked lesson are 403', async () => {
    const res = await t.teacher.post('/api/progress/time').set('X-CSRF-Token', t.csrf).send({ lesson: 'verder/afsluiten', seconds: 30 });
    expect(res.status).toBe(403);
  });
});

describe('media', () => {
  test('served with range requests, type and ETag, only to signed-in people', async () => {
    const full = await t.teacher.get('/media/clip.mp4');
    expect(full.status).toBe(200);
    expect(full.headers['content-type']).toBe('video/mp4');
    expect(full.headers.etag).toBeTruthy();
    expect(full.headers['accept-ranges']).toBe('bytes');
    const part = await t.teacher.get('/media/clip.mp4').set('Range', 'bytes=0-99');
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toMatch(/^bytes 0-99\//);
    expect((await t.teacher.get('/media/clip.nl.vtt')).headers['content-type']).toMatch(/text\/vtt/);
    expect((await request(t.app).get('/media/clip.mp4')).status).toBe(303);
  });

  test('a video is a stand-in (its poster and a play button) until a script makes the player; without scripts the player is in <noscript>', async () => {
    const page = (await t.teacher.get('/course/begin/welkom')).text;
    const figure = /<figure class="lesson-video">[\s\S]*?<\/figure>/.exec(page)?.[0] ?? '';
    // Without scripts: the browser's own player, reading nothing of the file until it is played.
    expect(figure).toMatch(/<noscript>\s*<video id="[^"]+" class="video-js" controls preload="none" playsinline[\s\S]*?<\/video>\s*<\/noscript>/);
    // With scripts: no <video> element at all until player-loader.js makes one, only the stand-in.
    expect(figure.replace(/<noscript>[\s\S]*?<\/noscript>/g, '')).not.toContain('<video');
    // The stand-in names the player it stands in for (a link to #video-… finds it by that).
    expect(/data-video="([^"]+)"/.exec(figure)?.[1]).toBe(/<video id="([^"]+)"/.exec(figure)?.[1]);
    expect(figure).toMatch(/<button type="button" class="video-standin" data-video="[^"]+">\s*<img src="\/media\/clip\.jpg\?w=560" alt="">[\s\S]*?<span class="visually-hidden">Video afspelen: <span lang="nl">[^<]+<\/span><\/span>\s*<\/button>/);
  });

  test('a poster in WebP at a width a page shows it: smaller than the JPEG, cached, and only at the widths offered', async () => {
    const page = await t.teacher.get('/course/begin/welkom');
    expect(page.text).toMatch(/poster="\/media\/clip\.jpg\?w=560" data-poster-set="\/media\/clip\.jpg\?w=560 560w, \/media\/clip\.jpg\?w=960 960w"/);
    const jpeg = await t.teacher.get('/media/clip.jpg');
    const webp = await t.teacher.get('/media/clip.jpg?w=560').buffer(true);
    expect(webp.status).toBe(200);
    expect(webp.headers['content-type']).toBe('image/webp');
    const body = webp.body as Buffer;
    expect(body.subarray(0, 4).toString('latin1')).toBe('RIFF');
    expect(body.subarray(8, 12).toString('latin1')).toBe('WEBP');
    // The variant's own width, from the VP8 header: never wider than asked, never enlarged.
    const width = vp8Width(body);
    expect(width).toBeGreaterThan(0);
    expect(width).toBeLessThanOrEqual(560);
    expect(body.length).toBeLessThan(Number(jpeg.headers['content-length']));
    const again = await t.teacher.get('/media/clip.jpg?w=560').set('If-None-Match', webp.headers.etag!);
    expect(again.status).toBe(304);
    for (const bad of ['/media/clip.jpg?w=300', '/media/clip.jpg?w=abc', '/media/clip.mp4?w=560', '/media/clip.jpg?w=560&w=960']) {
      const res = await t.teacher.get(bad);
      expect([bad, res.status]).toEqual([bad, 400]);
      expect(res.text).toContain('Dit beeld bestaat alleen in de breedtes 560 en 960.');
    }
    expect((await t.teacher.get('/media/geen.jpg?w=560')).status).toBe(404);
    expect((await request(t.app).get('/media/clip.jpg?w=560')).status).toBe(303);
  });

  test.each(['/media/../course.yml', '/media/%2e%2e/course.yml', '/media/..%2Fcourse.yml', '/media/.hidden.mp4', '/media/geen.mp4', '/media/script.sh'])('%s is not served', async (url) => {
    const res = await t.teacher.get(url);
    expect([403, 404]).toContain(res.status);
    expect(res.text).not.toContain('title: Minicursus');
  });
});

describe('study time', () => {
  const seconds = () => t.stores.progress.progressForTeacher(t.teacherId).get('begin/welkom')!.activeSeconds;
  const send = (seconds: number, lesson = 'begin/welkom') => t.teacher.post('/api/progress/time').set('X-CSRF-Token', t.csrf).send({ lesson, seconds });

  test('a report adds at most the time since the lesson was opened', async () => {
    await t.teacher.get('/course/begin/welkom');
    t.clock.advance(20);
    expect((await send(60)).status).toBe(204);
    expect(seconds()).toBe(20);
    expect((await send(-3)).status).toBe(400);
  });

  test('400 reports at once add nothing beyond the time that passed, and a second lesson shares the same clock', async () => {
    await t.teacher.get('/course/begin/welkom');
    await t.teacher.get('/course/begin/oefenen');
    t.clock.advance(1);
    // The test clock also runs with the wall clock: on a busy machine 400 requests take seconds, and
    // those seconds really passed. What may be credited is the one second moved plus that time.
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: 400 }, (_, i) => send(300, i % 2 ? 'begin/welkom' : 'begin/oefenen')));
    const passed = (Date.now() - started) / 1000;
    expect(results.every((r) => r.status === 204)).toBe(true);
    const progress = t.stores.progress.progressForTeacher(t.teacherId);
    const total = progress.get('begin/welkom')!.activeSeconds + progress.get('begin/oefenen')!.activeSeconds;
    expect(total).toBeLessThanOrEqual(2 + Math.ceil(passed));
    expect(total).toBeLessThan(60);
    t.clock.advance(60);
    await send(60);
    expect(seconds()).toBeGreaterThanOrEqual(60);
    expect(seconds()).toBeLessThanOrEqual(62);
  });
});

describe('certificate', () => {
  test('everything done in no time: no certificate until the study time reaches a third of the course', async () => {
    // Every step as fast as a script can post them: nothing in between.
    expect((await beacon(t.teacher, t.csrf, watchAll)).status).toBe(204);
    await post(t.teacher, '/course/begin/welkom/done', t.csrf);
    await post(t.teacher, '/course/begin/oefenen/reflection/eigen-ervaring', t.csrf, { text: 'x' });
    await post(t.teacher, '/course/begin/oefenen/exercise/keuze', t.csrf, { q0: '1' });
    await post(t.teacher, '/course/begin/oefenen/done', t.csrf);
    const { attempt } = await quizPage();
    await post(t.teacher, '/course/begin/quiz', t.csrf, { attempt, q0: '1', q1: ['0', '2'] });
    await post(t.teacher, '/course/verder/afsluiten/done', t.csrf);
    expect(t.stores.progress.progressForTeacher(t.teacherId).get('verder/afsluiten')!.completedAt).not.toBeNull();
    const refused = await t.teacher.get('/certificate');
    expect(refused.headers['content-type']).toMatch(/^text\/html/);
    expect(refused.text).toContain('Nog geen certificaat');
    expect(refused.text).toMatch(/Alle modules zijn klaar\. Voor je certificaat telt ook je studietijd: je hebt \d+\u00a0min van de 3\u00a0min, nog ongeveer \d+\u00a0min\./);
    // Three minutes of reading later (time reports, bounded by the clock), it is there.
    await t.teacher.get('/course/verder/afsluiten');
    for (let i = 0; i < 4; i++) {
      t.clock.advance(60);
      await t.teacher.post('/api/progress/time').set('X-CSRF-Token', t.csrf).send({ lesson: 'verder/afsluiten', seconds: 60 });
    }
    expect((await t.teacher.get('/certificate')).headers['content-type']).toBe('application/pdf');
  });

  test('not before the course is complete; afterwards a PDF that can be verified', async () => {
    const before = await t.teacher.get('/certificate');
    expect(before.headers['content-type']).toMatch(/^text\/html/);
    expect(before.text).toContain('Nog geen certificaat');

    await completeWelkom();
    await completeOefenen();
    const { attempt } = await quizPage();
    await post(t.teacher, '/course/begin/quiz', t.csrf, { attempt, q0: '1', q1: ['0', '2'] });
    await t.teacher.get('/course/verder/afsluiten');
    t.clock.advance(120);
    await post(t.teacher, '/course/verder/afsluiten/done', t.csrf);
    const home = await t.teacher.get('/');
    expect(home.text).toContain('Gefeliciteerd');

    const pdf = await t.teacher.get('/certificate').buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.headers['content-disposition']).toBe('attachment; filename="certificaat-minicursus-juf-anna.pdf"');
    const { code } = t.stores.sqlite.prepare('SELECT code FROM certificates').get() as { code: string };
    const verify = await request(t.app).get(`/certificate/verify/${code}`);
    expect(verify.status).toBe(200);
    expect(verify.text).toContain('Juf Anna');
    expect(verify.text).toContain('Minicursus');
    expect((await request(t.app).get('/certificate/verify/NEP-CODE')).status).toBe(404);
  });
});

test('csrf token helper finds the meta tag', () => {
  expect(csrfFrom('<meta name="csrf-token" content="abc">')).toBe('abc');
});

/** The width in a WebP file's header (lossy VP8, lossless VP8L or extended VP8X). */
function vp8Width(webp: Buffer): number {
  const chunk = webp.subarray(12, 16).toString('latin1');
  if (chunk === 'VP8 ') return webp.readUInt16LE(26) & 0x3fff;
  if (chunk === 'VP8L') return (webp.readUInt16LE(21) & 0x3fff) + 1;
  if (chunk === 'VP8X') return webp.readUIntLE(24, 3) + 1;
  return 0;
}
