// The certificate: not before the course is complete (and then the page says everything that is
// left, in every module), afterwards a PDF worth printing, named after the course and the teacher,
// with a QR code to the verification page.
import { miniCourseApp, post, beacon, request, type CourseTestApp } from '../support/course-app';
import { pdfContent, pdfText } from '../support/pdf-text';
import { dutchDate } from '../../src/learning/dates';

let t: CourseTestApp;
beforeEach(async () => {
  t = await miniCourseApp();
});
afterEach(() => t.close());

async function completeModule1() {
  // Each lesson takes the teacher a few minutes (the certificate needs real study time).
  await beacon(t.teacher, t.csrf, { lesson: 'begin/welkom', src: 'clip.mp4', watched: [[0, 3]], position: 3, duration: 3 });
  t.clock.advance(120);
  await post(t.teacher, '/course/begin/welkom/done', t.csrf);
  await post(t.teacher, '/course/begin/oefenen/reflection/eigen-ervaring', t.csrf, { text: 'Rust.' });
  await post(t.teacher, '/course/begin/oefenen/exercise/keuze', t.csrf, { q0: '1' });
  t.clock.advance(120);
  await post(t.teacher, '/course/begin/oefenen/done', t.csrf);
  const quiz = await t.teacher.get('/course/begin/quiz');
  const attempt = /name="attempt" value="([^"]+)"/.exec(quiz.text)![1]!;
  await post(t.teacher, '/course/begin/quiz', t.csrf, { attempt, q0: '1', q1: ['0', '2'] });
}

async function completeCourse() {
  await completeModule1();
  await t.teacher.get('/course/verder/afsluiten');
  t.clock.advance(120);
  await post(t.teacher, '/course/verder/afsluiten/done', t.csrf);
}

function getPdf(path = '/certificate') {
  return t.teacher
    .get(path)
    .buffer(true)
    .parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
}

test('before completion the page says per module what remains in one line, with only the current module opened, and the next step on top', async () => {
  const res = await t.teacher.get('/certificate');
  // Not an error: the page that says what the certificate still needs (linked from the overview).
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/html/);
  expect(res.text).toContain('Je hebt er <strong>0 van de 2</strong> af; nog 2 modules');
  // The next step, with its module, lesson and minutes, and a button to it, before the modules.
  expect(res.text).toMatch(/Module 1 · les 1: Welkom · \d+\u00a0min/);
  expect(res.text).toContain('<a href="/course/begin/welkom" class="button">Ga verder</a>');
  expect(res.text.indexOf('Je volgende stap')).toBeLessThan(res.text.indexOf('Wat er nog te doen is'));
  // Module 1 (current): one line, and its items opened and linked.
  const m1 = /<li id="rest-0" class="is-open">([\s\S]*?)<\/details>/.exec(res.text)![1]!;
  expect(m1).toContain('<details open>');
  expect(m1).toMatch(/<span class="module-rest-line">nog ongeveer \d+\u00a0min · 2 lessen en de toets<\/span>/);
  expect(m1).toContain("<a href=\"/course/begin/welkom\">video &#39;Een korte clip&#39; in &#39;Welkom&#39; (0\u00a0% bekeken)</a>");
  expect(m1).toContain('reflectie in &#39;Oefenen&#39;');
  expect(m1).toContain('toets module 1');
  // Module 2 (locked): one line with why, its items folded and not linked.
  const m2 = /<li id="rest-1" class="is-locked">([\s\S]*?)<\/details>/.exec(res.text)![1]!;
  expect(m2).toContain('<details>');
  expect(m2).toContain('Module 2: Verder');
  expect(m2).toMatch(/nog ongeveer \d+\u00a0min · 1 les · op slot/);
  expect(m2).toContain('Gaat open als je module 1 hebt afgerond.');
  expect(m2).toContain('<li>les &#39;Afsluiten&#39; afronden</li>');
  expect(m2).not.toContain('<a href');
  expect(res.text.match(/<details open>/g)).toHaveLength(1);
});

test('halfway, a finished module is one line that says so, the next one is opened, and the count follows', async () => {
  await completeModule1();
  const res = await t.teacher.get('/certificate');
  expect(res.status).toBe(200);
  expect(res.text).toContain('Je hebt er <strong>1 van de 2</strong> af; nog 1 module');
  expect(res.text).toMatch(/<li id="rest-0" class="is-complete">\s*<p><strong>Module 1: Beginnen<\/strong> <span class="module-rest-line"><span aria-hidden="true">✓ <\/span>afgerond<\/span><\/p>/);
  expect(res.text).toMatch(/<li id="rest-1" class="is-open">\s*<details open>/);
  expect(res.text).toContain('<a href="/course/verder/afsluiten">les &#39;Afsluiten&#39; afronden</a>');
});

test('the PDF names the teacher, school, course, hours, modules, date, signatory and the verification address', async () => {
  await completeCourse();
  const pdf = await getPdf();
  expect(pdf.status).toBe(200);
  expect(pdf.headers['content-disposition']).toBe('attachment; filename="certificaat-minicursus-juf-anna.pdf"');
  const text = pdfText(pdf.body as Buffer);
  const { code, completed_at: completedAt } = t.stores.sqlite.prepare('SELECT code, completed_at FROM certificates').get() as { code: string; completed_at: string };
  for (const part of [
    'CERTIFICAAT',
    'Juf Anna',
    'De Regenboog',
    'Minicursus',
    'Studiebelasting: 1 uur',
    // The day as the Netherlands has it (after 23:00 UTC in winter it is already tomorrow there).
    `Afgerond op: ${dutchDate(completedAt)}`,
    '1.  Beginnen',
    '2.  Verder',
    'Drs. Marieke de Vries',
    'opleidingsco\u00f6rdinator',
    'namens Testacademie',
    `Code ${code}`,
    `/certificate/verify/${code}`,
  ]) {
    expect(text).toContain(part);
  }
  // The course is named with purpose, not three times over.
  expect(text.split('Minicursus').length - 1).toBe(1);
  // The QR code: hundreds of small squares drawn in the page (a 25x25 or larger code is at least 200 of them).
  expect((pdfContent(pdf.body as Buffer).match(/ re\n/g) ?? []).length).toBeGreaterThan(200);
  const verify = await request(t.app).get(`/certificate/verify/${code}`);
  expect(verify.status).toBe(200);
  expect(verify.text).toContain('Dit certificaat is echt');
  expect(verify.text).toContain('<p class="card-name">Juf Anna</p>');
  expect(verify.text).toMatch(/<link rel="stylesheet" href="\/assets\/[\w-]{10}\/static\/css\/certificate\.css">/);
  expect(verify.text).toContain('<dt>Studiebelasting</dt><dd>1 uur</dd>');
});

test('the file name survives accents, spaces and odd characters', async () => {
  t.stores.accounts.setName(t.teacherId, 'Zoë Çelik-van Dijk / "IB"');
  await completeCourse();
  const pdf = await getPdf();
  expect(pdf.headers['content-disposition']).toBe('attachment; filename="certificaat-minicursus-zoe-celik-van-dijk-ib.pdf"');
});

test('the link to the certificate says that it is a PDF', async () => {
  await completeCourse();
  expect((await t.teacher.get('/')).text).toContain('Download je certificaat (PDF)');
});
