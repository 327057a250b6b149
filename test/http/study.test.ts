import request from 'supertest';
import { post, type CourseTestApp } from '../support/course-app';
import { addUser, signIn, csrfFrom } from '../support/app';
import { studyApp } from '../support/study-app';
import { readTeacher, statusesForNotifications } from '../../src/teacher/read';
import { dueNotifications } from '../../src/study/schedule';

let t: CourseTestApp;
beforeEach(async () => {
  t = await studyApp();
});
afterEach(() => t.close());

const answersOf = (userId = t.teacherId) => t.stores.sqlite.prepare('SELECT wave, questionnaire, pupil, item, value FROM study_answers WHERE user_id = ? ORDER BY wave, questionnaire, pupil, item').all(userId);

async function consent() {
  expect((await post(t.teacher, '/study/consent', t.csrf, { decision: 'yes' })).status).toBe(303);
}
async function pupils(...names: string[]) {
  expect((await post(t.teacher, '/study/pupils', t.csrf, { pupil: names })).status).toBe(303);
}
async function fillT0() {
  expect((await post(t.teacher, '/study/t0/keuze', t.csrf, { jaren: '12', groep: '2', gedaan: ['1', '3'], finish: '1' })).status).toBe(303);
  expect((await post(t.teacher, '/study/t0/relatie/1', t.csrf, { warm: '4', troost: '2', botsen: '2', rustig: '5', finish: '1' })).status).toBe(303);
}

describe('before the teacher decides', () => {
  test('the overview shows the study step, and the course waits with a page that links to /study', async () => {
    const home = await t.teacher.get('/');
    expect(home.text).toContain('Eerst: doe je mee aan het onderzoek?');
    expect(home.text).toMatch(/Doe je niet mee, dan begin je meteen\. Doe je mee, dan begin je na de tweede meting, rond \d+ \w+ \d{4}\./);
    expect(home.text).toContain('href="/study"');
    // The next step is the study, not a lesson the course will not open yet; no module is open.
    expect(home.text).toMatch(/<a class="button" href="\/study">Naar het onderzoek<\/a>/);
    expect(home.text).not.toMatch(/Begin: 1\.1/);
    expect(home.text).not.toContain('module-card state-open');
    expect(home.text).toContain('Gaat open als je hebt laten weten of je meedoet aan het onderzoek.');
    // The hold is the next step, so the study's own step is not said a second time.
    expect(home.text).not.toContain('class="study-step"');
    // The course's media wait with it.
    expect((await t.teacher.get('/media/clip.mp4')).status).toBe(403);
    const lesson = await t.teacher.get('/course/begin/welkom');
    expect(lesson.status).toBe(403);
    expect(lesson.text).toContain('Eerst: doe je mee aan het onderzoek?');
    expect(lesson.text).toContain('href="/study"');
    const json = await t.teacher.post('/api/progress/time').set('X-CSRF-Token', t.csrf).set('Content-Type', 'application/json').send(JSON.stringify({ lesson: 'begin/welkom', seconds: 10 }));
    expect(json.status).toBe(403);
  });

  test('the study page shows the consent text and version', async () => {
    const page = await t.teacher.get('/study');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Als je stopt, worden je antwoorden gewist.');
    expect(page.text).toContain('Versie v1');
    expect(page.text).toContain('name="decision" value="yes"');
  });

  test('declining opens the course and stores no answers', async () => {
    const declined = await post(t.teacher, '/study/consent', t.csrf, { decision: 'no' });
    expect(declined.status).toBe(303);
    // Back to the overview, where the flash says it once (the study page would repeat it).
    expect(declined.headers.location).toBe('/');
    expect((await t.teacher.get('/course/begin/welkom')).status).toBe(200);
    expect((await t.teacher.get('/')).text).toContain('Je doet niet mee aan het onderzoek');
    expect((await post(t.teacher, '/study/t0/keuze', t.csrf, { jaren: '3' })).status).toBe(403);
    expect(answersOf()).toEqual([]);
  });

  test('a decision other than yes or no is a 400', async () => {
    const res = await post(t.teacher, '/study/consent', t.csrf, { decision: 'misschien' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Kies ja of nee');
    expect(t.stores.research.participant(t.teacherId)).toBeNull();
  });
});

describe('a teacher who consents', () => {
  beforeEach(consent);

  test('gets a random participant code, sees t0 open, and the course waits for the pre-measurements', async () => {
    expect(t.stores.research.participant(t.teacherId)!.code).toMatch(/^P[A-Z2-9]{6}$/);
    const page = await t.teacher.get('/study');
    expect(page.text).toMatch(/Eerste meting <small class="wave-state">· open/);
    expect(page.text).toContain('Gebruik geen namen');
    expect((await t.teacher.get('/')).text).toContain('Schrijf eerst op aan welke leerlingen je denkt.');
    await pupils('Sam');
    // While the course waits, the study's step is the overview's next step.
    const home = (await t.teacher.get('/')).text;
    expect(home).toMatch(/<strong>Eerste meting is open tot [^<]+<\/strong><br><small class="muted">0 van 2 vragenlijsten afgerond/);
    // And it says when the course opens, never that it opens when this step is done.
    expect(home).toContain('Je cursus begint na de tweede meting');
    expect(home).toMatch(/Je cursus begint na de tweede meting: vul je de eerste meting nu in, dan is dat rond \d+ \w+ \d{4}\./);
    expect(home).not.toContain('De cursus gaat open als deze stap klaar is');
    expect((await t.teacher.get('/course/begin/welkom')).status).toBe(403);
  });

  test("the wave states are kept while nothing about them changes: a write or the end of their span works them out again", async () => {
    await pupils('Sam');
    const read = () => readTeacher(t.course.course, t.stores, t.stores.accounts.userById(t.teacherId)!, new Date(t.clock.now())).study!;
    const first = read();
    expect(first.statuses.map((s) => s.state)).toEqual(['open', 'waiting', 'waiting']);
    t.clock.advance(3600);
    // An hour later, the same states, not worked out again.
    expect(read().statuses).toBe(first.statuses);
    expect(Object.isFrozen(first.statuses) && Object.isFrozen(first.statuses[0])).toBe(true);
    // Answers finished: a new list, t0 done.
    await fillT0();
    const done = read();
    expect(done.statuses).not.toBe(first.statuses);
    expect(done.statuses.map((s) => s.state)).toEqual(['done', 'waiting', 'waiting']);
    expect(read().statuses).toBe(done.statuses);
    // 28 days after t0, t1 opens: the span ended, the states are worked out at the new moment.
    t.clock.advance(28 * 86_400);
    const later = read();
    expect(later.statuses).not.toBe(done.statuses);
    expect(later.statuses.map((s) => s.state)).toEqual(['done', 'open', 'waiting']);
    // A pupil named: the list changes, and so may the forms.
    await pupils('Sam', 'Jip');
    const more = read();
    expect(more.statuses).not.toBe(later.statuses);
    expect(more.statuses[1]!.forms.map((f) => f.pupil)).toEqual([1, 2]);
  });

  test('names pupils in mind (1..max), shown only to them', async () => {
    await pupils('Sam', 'J.');
    expect((await t.teacher.get('/study')).text).toContain('value="Sam"');
    expect((await post(t.teacher, '/study/pupils', t.csrf, { pupil: ['', ''] })).status).toBe(400);
    expect((await post(t.teacher, '/study/pupils', t.csrf, { pupil: ['A', 'B', 'C'] })).status).toBe(400);
    expect(t.stores.research.pupils(t.teacherId).map((p) => p.name)).toEqual(['Sam', 'J.']);
    // A pupil with answers can be renamed, not removed.
    expect((await post(t.teacher, '/study/t0/relatie/2', t.csrf, { warm: '3' })).status).toBe(303);
    const removed = await post(t.teacher, '/study/pupils', t.csrf, { pupil: ['Sam', ''] });
    expect(removed.status).toBe(400);
    expect(removed.text).toContain('Over leerling 2 heb je al vragen beantwoord');
    expect((await post(t.teacher, '/study/pupils', t.csrf, { pupil: ['Sam', 'Jip'] })).status).toBe(303);
    expect(t.stores.research.pupils(t.teacherId).map((p) => p.name)).toEqual(['Sam', 'Jip']);
  });

  test('a questionnaire page by page, answers saved as given, finished only when complete', async () => {
    const first = await t.teacher.get('/study/t0/keuze');
    expect(first.status).toBe(200);
    expect(first.text).toContain('Deel 1 van 2');
    expect(first.text).toMatch(/<fieldset id="vraag-groep" class="study-item study-choice">\s*<legend>Welke groep heb je dit jaar\?/);
    const next = await post(t.teacher, '/study/t0/keuze', t.csrf, { page: '1', jaren: '12', groep: '2', go: 'next' });
    expect(next.status).toBe(303);
    expect(next.headers.location).toBe('/study/t0/keuze?page=2');
    const early = await post(t.teacher, '/study/t0/keuze', t.csrf, { page: '2', finish: '1' });
    expect(early.status).toBe(400);
    expect(early.text).toContain('Wat heb je al gedaan?');
    expect(t.stores.research.finished(t.teacherId).size).toBe(0);
    // Resumable: the answers are there when the page is opened again.
    expect((await t.teacher.get('/study/t0/keuze?page=1')).text).toMatch(/id="vraag-groep-2" name="groep" value="2" checked/);
    const done = await post(t.teacher, '/study/t0/keuze', t.csrf, { page: '2', gedaan: ['3', '1'], finish: '1' });
    expect(done.status).toBe(303);
    expect(answersOf()).toEqual([
      { wave: 't0', questionnaire: 'keuze', pupil: 0, item: 'gedaan', value: '[1,3]' },
      { wave: 't0', questionnaire: 'keuze', pupil: 0, item: 'groep', value: '2' },
      { wave: 't0', questionnaire: 'keuze', pupil: 0, item: 'jaren', value: '12' },
    ]);
    expect([...t.stores.research.finished(t.teacherId).keys()]).toEqual(['t0/keuze/0']);
  });

  test('with JavaScript one answer is saved per request and answered in JSON', async () => {
    const res = await t.teacher.post('/study/t0/keuze').type('form').set('Accept', 'application/json').send({ _csrf: t.csrf, jaren: '7' });
    expect(res.status).toBe(200);
    expect(res.body.saved).toEqual(['jaren']);
    expect(answersOf()).toEqual([{ wave: 't0', questionnaire: 'keuze', pupil: 0, item: 'jaren', value: '7' }]);
  });

  test.each([
    [{ jaren: '51', groep: '1' }, 'hoort een heel getal van 0 tot en met 50'],
    [{ groep: '9', jaren: '3' }, 'kun je kiezen uit de antwoorden 1 tot en met 3'],
    [{ gedaan: ['2', '7'], jaren: '3' }, 'opties 1 tot en met 3'],
    [{ verzonnen: '1', jaren: '3' }, '&#34;verzonnen&#34; is geen vraag van deze vragenlijst.'],
  ])('bad input %j is a 400 that says what is wrong, and nothing of it is stored', async (fields, message) => {
    const res = await post(t.teacher, '/study/t0/keuze', t.csrf, fields);
    expect(res.status).toBe(400);
    expect(res.text).toContain(message);
    expect(answersOf()).toEqual([]);
  });

  test('a pupil number that does not exist is a 400; a questionnaire not in the wave a 404', async () => {
    await pupils('Sam');
    const res = await post(t.teacher, '/study/t0/relatie/2', t.csrf, { warm: '3' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Leerling 2 bestaat niet');
    expect((await post(t.teacher, '/study/t0/relatie/x', t.csrf, { warm: '3' })).status).toBe(400);
    expect((await t.teacher.get('/study/t0/onbekend')).status).toBe(404);
    expect((await t.teacher.get('/study/t9/keuze')).status).toBe(404);
    expect(answersOf()).toEqual([]);
  });

  test('the pupil name fills {pupil}, escaped', async () => {
    await pupils('<b>Sam</b>');
    const page = await t.teacher.get('/study/t0/relatie/1');
    expect(page.text).toContain('Ik heb een warme band met &lt;b&gt;Sam&lt;/b&gt;.');
    expect(page.text).not.toContain('<b>Sam</b>');
  });

  test('a wave that is not open answers 403 with when it opens; a closed one says it closed', async () => {
    await pupils('Sam');
    const waiting = await post(t.teacher, '/study/t1/relatie/1', t.csrf, { warm: '3' });
    expect(waiting.status).toBe(403);
    expect(waiting.text).toContain('De tweede meting is nog niet open. Deze meting gaat open 28 dagen nadat je de vorige meting hebt afgerond.');
    // Three weeks later (the one clock moves the app and the stores alike).
    t.clock.advance(22 * 86_400);
    const closed = await post(t.teacher, '/study/t0/keuze', t.csrf, { jaren: '3' });
    expect(closed.status).toBe(403);
    expect(closed.text).toContain('is gesloten sinds');
    expect(answersOf()).toEqual([]);
    // With t0 closed, t1 can never open: the course no longer waits.
    expect((await t.teacher.get('/course/begin/welkom')).status).toBe(200);
  });

  test('two tabs lose nothing: an older page posted later keeps what the newer one saved', async () => {
    const tabA = await t.teacher.get('/study/t0/keuze?page=1');
    const tabB = await t.teacher.get('/study/t0/keuze?page=1');
    expect(tabA.status).toBe(200);
    // Tab B answers the years; tab A, opened before, answers the group and leaves the years empty.
    await post(t.teacher, '/study/t0/keuze', t.csrf, { page: '1', jaren: '12', groep: '' });
    await post(t.teacher, '/study/t0/keuze', t.csrf, { page: '1', jaren: '', groep: '3' });
    expect(tabB.status).toBe(200);
    expect(answersOf()).toEqual([
      { wave: 't0', questionnaire: 'keuze', pupil: 0, item: 'groep', value: '3' },
      { wave: 't0', questionnaire: 'keuze', pupil: 0, item: 'jaren', value: '12' },
    ]);
  });

  test('after t0 and t1 the course opens; the follow-up waits for the course', async () => {
    await pupils('Sam');
    await fillT0();
    expect((await t.teacher.get('/course/begin/welkom')).status).toBe(403);
    t.clock.advance(28 * 86_400);
    expect((await t.teacher.get('/study')).text).toMatch(/Tweede meting <small class="wave-state">· open/);
    expect((await post(t.teacher, '/study/t1/relatie/1', t.csrf, { warm: '5', troost: '4', botsen: '1', rustig: '5', finish: '1' })).status).toBe(303);
    expect((await t.teacher.get('/course/begin/welkom')).status).toBe(200);
    const study = await t.teacher.get('/study');
    expect(study.text).toContain('Deze meting gaat open 90 dagen nadat je de cursus hebt afgerond.');
    expect((await post(t.teacher, '/study/t2/relatie/1', t.csrf, { warm: '5' })).status).toBe(403);
  });

  test('withdrawing deletes the answers and pupils and no wave opens any more', async () => {
    await pupils('Sam');
    await fillT0();
    expect(answersOf().length).toBeGreaterThan(0);
    expect((await post(t.teacher, '/study/withdraw', t.csrf)).status).toBe(303);
    expect(answersOf()).toEqual([]);
    expect(t.stores.research.pupils(t.teacherId)).toEqual([]);
    expect(t.stores.research.finished(t.teacherId).size).toBe(0);
    expect((await post(t.teacher, '/study/t0/keuze', t.csrf, { jaren: '3' })).status).toBe(403);
    expect((await t.teacher.get('/course/begin/welkom')).status).toBe(200);
  });

  test('saying no to a new consent version withdraws: the answers go', async () => {
    await pupils('Sam');
    await fillT0();
    t.stores.testing.run("UPDATE study_participants SET consent_version = 'v0'");
    expect((await post(t.teacher, '/study/consent', t.csrf, { decision: 'no' })).status).toBe(303);
    expect(t.stores.research.participant(t.teacherId)!.decision).toBe('withdrawn');
    expect(answersOf()).toEqual([]);
  });

  test('a new consent version asks again before answers can be given', async () => {
    t.stores.testing.run("UPDATE study_participants SET consent_version = 'v0'");
    expect((await t.teacher.get('/study')).text).toContain('De tekst over het onderzoek is veranderd');
    expect((await post(t.teacher, '/study/t0/keuze', t.csrf, { jaren: '3' })).status).toBe(403);
    await consent();
    expect((await post(t.teacher, '/study/t0/keuze', t.csrf, { jaren: '3' })).status).toBe(303);
  });

  test('the export holds pupils and answers; erasing the account erases them', async () => {
    await pupils('Sam');
    await fillT0();
    const exported = await t.teacher.get('/me/export');
    expect(exported.body.study.pupils).toEqual([{ number: 1, name: 'Sam' }]);
    expect(exported.body.study.answers).toHaveLength(7);
    expect(exported.body.study.participation.decision).toBe('yes');
    const me = await t.teacher.get('/me');
    expect((await t.teacher.post('/me/delete').type('form').send({ _csrf: csrfFrom(me.text), password: 'een-goed-wachtwoord' })).status).toBe(200);
    for (const table of ['study_participants', 'study_pupils', 'study_answers', 'study_forms']) {
      expect(t.stores.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get()).toEqual({ n: 0 });
    }
  });
});

describe('the researcher and the coordinator', () => {
  test('a researcher reaches only /research; every other role gets 403 there', async () => {
    await addUser(t.stores, { email: 'onderzoek@uni.nl', name: 'Onderzoeker', role: 'researcher' });
    const researcher = await signIn(t.app, 'onderzoek@uni.nl');
    expect((await researcher.get('/')).headers.location).toBe('/research');
    expect((await researcher.get('/research')).status).toBe(200);
    expect((await researcher.get('/course/begin/welkom')).status).toBe(403);
    expect((await researcher.get('/reports')).status).toBe(403);
    expect((await researcher.get('/study')).status).toBe(403);
    expect((await t.teacher.get('/research')).status).toBe(403);
    expect((await t.teacher.get('/research/export.csv?shape=long')).status).toBe(403);
    await addUser(t.stores, { email: 'ib@regenboog.nl', role: 'coordinator', schoolId: t.stores.accounts.schools()[0]!.id });
    expect((await (await signIn(t.app, 'ib@regenboog.nl')).get('/research/codebook.csv')).status).toBe(403);
    expect((await request(t.app).get('/research')).status).toBe(303);
  });

  test('a researcher opens a wave early: its reach is shown and confirmed first, it never skips the design, it is logged and can be closed', async () => {
    await consent();
    await pupils('Sam');
    await addUser(t.stores, { email: 'onderzoek@uni.nl', name: 'Onderzoeker', role: 'researcher' });
    const researcher = await signIn(t.app, 'onderzoek@uni.nl');
    const page = await researcher.get('/research');
    const csrf = csrfFrom(page.text);
    const school = t.stores.accounts.schools()[0]!.id;
    expect((await researcher.post('/research/waves/t2/open').type('form').send({ _csrf: csrf, school: String(school), days: '0' })).status).toBe(400);
    expect((await researcher.post('/research/waves/t2/open').type('form').send({ _csrf: csrf, school: '999', days: '7' })).status).toBe(400);
    expect((await researcher.post('/research/waves/t9/open').type('form').send({ _csrf: csrf, days: '7' })).status).toBe(404);
    // t2 while t0 is still open: the confirmation says it reaches nobody, and why.
    const ask = await researcher.post('/research/waves/t2/open').type('form').send({ _csrf: csrf, school: String(school), days: '7' });
    expect(ask.status).toBe(200);
    expect(ask.text).toContain('Nameting openen voor school');
    expect(ask.text).toContain('gaat de meting nu open voor 0');
    expect(ask.text).toContain('bij 1 is een eerdere meting nog open of nog niet begonnen');
    expect(t.stores.research.openings()).toEqual([]);
    expect((await researcher.post('/research/waves/t2/open').type('form').send({ _csrf: csrf, school: String(school), days: '7', bevestigd: 'ja' })).status).toBe(303);
    expect((await post(t.teacher, '/study/t2/relatie/1', t.csrf, { warm: '5' })).status).toBe(403);
    // t1 after t0 is done: the opening reaches this teacher at once.
    await fillT0();
    const reach = await researcher.post('/research/waves/t1/open').type('form').send({ _csrf: csrf, days: '7' });
    expect(reach.text).toContain('gaat de meting nu open voor 1');
    expect((await researcher.post('/research/waves/t1/open').type('form').send({ _csrf: csrf, days: '7', bevestigd: 'ja' })).status).toBe(303);
    expect((await post(t.teacher, '/study/t1/relatie/1', t.csrf, { warm: '5' })).status).toBe(303);
    expect(t.stores.research.openings().map((o) => [o.wave, o.teachers])).toEqual([['t2', 0], ['t1', 1]]);
    const log = await researcher.get('/research');
    expect(log.text).toContain('Logboek van openingen');
    // Closing the t1 opening shuts the wave again; a second close is a 400.
    const id = t.stores.research.openings()[1]!.id;
    expect((await researcher.post(`/research/openings/${id}/close`).type('form').send({ _csrf: csrf })).status).toBe(303);
    expect((await post(t.teacher, '/study/t1/relatie/1', t.csrf, { warm: '4' })).status).toBe(403);
    expect((await researcher.post(`/research/openings/${id}/close`).type('form').send({ _csrf: csrf })).status).toBe(400);
    expect((await researcher.post('/research/openings/999/close').type('form').send({ _csrf: csrf })).status).toBe(404);
    const openings = await researcher.get('/research/export.csv?shape=openings');
    expect(openings.text).toMatch(/t1;alle;\d{4}-\d{2}-\d{2};\d{4}-\d{2}-\d{2};\d{4}-\d{2}-\d{2};1/);
  });

  test('the coordinator sees per wave how many consented and finished, never who: below five no count at all (G12)', async () => {
    await consent();
    await pupils('Kindnaam-Zwijgzaam');
    await fillT0();
    const school = t.stores.accounts.schools()[0]!.id;
    await addUser(t.stores, { email: 'ib@regenboog.nl', role: 'coordinator', schoolId: school });
    const report = await (await signIn(t.app, 'ib@regenboog.nl')).get('/reports');
    // One teacher takes part: a count would tell the coordinator who.
    expect(report.text).toMatch(/<strong>minder dan 5<\/strong> van de 1 leerkrachten doen mee/);
    expect(report.text).toMatch(/Eerste meting: <strong>minder dan 5<\/strong> afgerond/);
    expect(report.text).not.toContain('Kindnaam-Zwijgzaam');
    // Five who take part are counted.
    const version = t.course.course.study!.consent.version;
    for (let i = 1; i <= 4; i++) t.stores.research.decide((await addUser(t.stores, { email: `juf${i}@regenboog.nl`, schoolId: school })).id, 'yes', version);
    const five = await (await signIn(t.app, 'ib@regenboog.nl')).get('/reports');
    expect(five.text).toMatch(/<strong>5<\/strong> van de 5 leerkrachten doen mee/);

    // A teacher of another school who takes part counts in that school's figures and in the total, not here.
    const other = t.stores.accounts.addSchool('De Sterrenkijker');
    const elsewhere = await addUser(t.stores, { email: 'juf@sterren.nl', schoolId: other.id });
    t.stores.research.decide(elsewhere.id, 'yes', version);
    const again = await (await signIn(t.app, 'ib@regenboog.nl')).get('/reports');
    expect(again.text).toMatch(/<strong>5<\/strong> van de 5 leerkrachten doen mee/);
    await addUser(t.stores, { email: 'beheer@steun.nl', role: 'admin' });
    const all = await (await signIn(t.app, 'beheer@steun.nl')).get('/reports');
    expect(all.text).toMatch(/<strong>6<\/strong> van de 6 leerkrachten doen mee/);
    expect(all.text).toMatch(/Eerste meting: <strong>minder dan 5<\/strong> afgerond/);
  });
});

describe('mails due', () => {
  test('the wave that opened at consent is due for a mail, once', async () => {
    const before = new Date(Date.now() - 1000);
    await consent();
    const now = new Date(Date.now() + 1000);
    const due = dueNotifications(await statusesForNotifications(t.course.course, t.stores, now), before, now);
    expect(due.map((d) => [d.userId, d.wave, d.kind])).toEqual([[t.teacherId, 't0', 'opened']]);
    expect(dueNotifications(await statusesForNotifications(t.course.course, t.stores, now), now, new Date(now.getTime() + 1000))).toEqual([]);
  });
});

describe('what the teacher reads before and while taking part', () => {
  test('the consent page names the controller, contact and data protection officer, says pseudonymised not anonymous, what is kept and how long, what erasure cannot reach, the certificate and the course start', async () => {
    const page = await t.teacher.get('/study');
    expect(page.text).toContain('Testuniversiteit, afdeling Onderwijsonderzoek (de verwerkingsverantwoordelijke)');
    expect(page.text).toContain('Dr. T. Tester, onderzoek@test.example');
    expect(page.text).toContain('fg@test.example');
    expect(page.text).toContain('Autoriteit Persoonsgegevens');
    expect(page.text).toContain('Gepseudonimiseerd, niet anoniem');
    expect(page.text).toContain('tot en met 31 december 2032');
    expect(page.text).toContain('kunnen we niet meer terughalen');
    expect(page.text).toContain('heeft geen invloed op je certificaat');
    expect(page.text).toMatch(/Wat ja betekent voor je cursus<\/dt>\s*<dd>Doe je mee, dan vul je eerst de metingen van vóór de cursus in; de cursus gaat open na de tweede meting, rond \d+ \w+ \d{4}\./);
  });

  test('every open question carries the warning not to write names or identifying details', async () => {
    await consent();
    await pupils('Sam');
    const form = await t.teacher.get('/study/t0/keuze?page=2');
    expect(form.text).toMatch(/<p class="privacy-hint" id="vraag-reden-privacy"><strong>Schrijf geen namen<\/strong> en geen details waaraan iemand te herkennen is/);
    expect(form.text).toContain('aria-describedby="vraag-reden-privacy"');
  });

  test('a new consent version asks again; the older yes stays in the data marked with its version', async () => {
    await consent();
    t.stores.research.decide(t.teacherId, 'yes', 'v0');
    const page = await t.teacher.get('/study');
    expect(page.text).toContain('De tekst over het onderzoek is veranderd (versie v1)');
    expect((await post(t.teacher, '/study/t0/keuze', t.csrf, { jaren: '3' })).status).toBe(403);
  });
});
