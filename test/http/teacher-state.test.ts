// One teacher, one state: in each of six states a teacher can be in, every page she can reach links
// only to doors that open (no link answers 403 or 404), and the overview, the certificate page, the
// coordinator's report and CSV, and the mails sent tell the same story.
import { post, beacon, type CourseTestApp } from '../support/course-app';
import { addUser, signIn } from '../support/app';
import { studyApp } from '../support/study-app';
import { sendCertificateMails, type ScheduleDeps } from '../../src/mail/schedules';
import { createLogger } from '../../src/logger';
import type { Agent } from '../support/app';

let t: CourseTestApp;
let coordinator: Agent;
beforeEach(async () => {
  t = await studyApp();
  const school = t.stores.accounts.userById(t.teacherId)!.schoolId;
  await addUser(t.stores, { email: 'ib@regenboog.nl', name: 'Ilse', role: 'coordinator', schoolId: school });
  coordinator = await signIn(t.app, 'ib@regenboog.nl');
});
afterEach(() => t.close());

const START = ['/', '/cursus', '/certificate', '/me', '/me/reflections', '/study'];
const SKIP = /^\/(logout|static|assets|vendor|favicon)/;

/** Every page and file the teacher can reach by following links from the start pages, with the status each answers. */
async function crawl(agent: Agent): Promise<Map<string, { status: number; from: string }>> {
  const seen = new Map<string, { status: number; from: string }>();
  const queue: { url: string; from: string }[] = START.map((url) => ({ url, from: '(start)' }));
  while (queue.length > 0 && seen.size < 300) {
    const { url, from } = queue.shift()!;
    if (seen.has(url)) continue;
    const res = await agent.get(url);
    seen.set(url, { status: res.status, from });
    const type = String(res.headers['content-type'] ?? '');
    if (!type.startsWith('text/html')) continue;
    for (const m of res.text.matchAll(/(?:href|src)="(\/[^"#]*)(?:#[^"]*)?"/g)) {
      const next = m[1]!.replace(/&amp;/g, '&');
      if (SKIP.test(next) || seen.has(next)) continue;
      queue.push({ url: next, from: url });
    }
  }
  return seen;
}

async function expectNoClosedDoors(): Promise<Map<string, { status: number; from: string }>> {
  const pages = await crawl(t.teacher);
  const closed = [...pages].filter(([, p]) => p.status === 403 || p.status === 404).map(([url, p]) => `${url} (${p.status}, linked from ${p.from})`);
  expect(closed).toEqual([]);
  return pages;
}

/** The teacher's row in the coordinator's CSV: the status cell. */
async function csvStatus(): Promise<string> {
  const csv = await coordinator.get('/reports.csv');
  const row = csv.text.split('\n').find((l) => l.startsWith('Juf Anna;'));
  return row!.split(';')[2]!;
}

async function reportCell(): Promise<string> {
  const page = await coordinator.get('/reports');
  return /<td data-label="Status" class="status-[\w-]+">([^<]*)/.exec(page.text)![1]!.trim();
}

async function certificateMails(): Promise<number> {
  const deps: ScheduleDeps = { stores: t.stores, course: t.course, logger: createLogger('silent'), baseUrl: 'https://steun.test', platform: 'steun', now: t.clock.now };
  await sendCertificateMails(deps);
  return t.stores.outbox.forRecipient('juf@regenboog.nl').filter((m) => m.subject.includes('certificaat')).length;
}

async function decide(decision: 'yes' | 'no') {
  expect((await post(t.teacher, '/study/consent', t.csrf, { decision })).status).toBe(303);
}

async function completeWelkom(withTime: boolean) {
  expect((await beacon(t.teacher, t.csrf, { lesson: 'begin/welkom', src: 'clip.mp4', watched: [], position: 0, duration: 3 })).status).toBe(204);
  t.clock.advance(3);
  expect((await beacon(t.teacher, t.csrf, { lesson: 'begin/welkom', src: 'clip.mp4', watched: [[0, 3]], position: 3, duration: 3 })).status).toBe(204);
  if (withTime) t.clock.advance(120);
  expect((await post(t.teacher, '/course/begin/welkom/done', t.csrf)).status).toBe(303);
}

async function completeCourse(withTime: boolean) {
  await completeWelkom(withTime);
  await post(t.teacher, '/course/begin/oefenen/reflection/eigen-ervaring', t.csrf, { text: 'Rust geven helpt.' });
  await post(t.teacher, '/course/begin/oefenen/exercise/keuze', t.csrf, { q0: '1' });
  if (withTime) t.clock.advance(120);
  await post(t.teacher, '/course/begin/oefenen/done', t.csrf);
  const quiz = await t.teacher.get('/course/begin/quiz');
  const attempt = /name="attempt" value="([^"]+)"/.exec(quiz.text)![1]!;
  expect((await post(t.teacher, '/course/begin/quiz', t.csrf, { attempt, q0: '1', q1: ['0', '2'] })).status).toBe(303);
  await t.teacher.get('/course/verder/afsluiten');
  if (withTime) t.clock.advance(60);
  expect((await post(t.teacher, '/course/verder/afsluiten/done', t.csrf)).status).toBe(303);
}

test('new: the study is the next step, every module says why it is closed, and nothing links into the course', async () => {
  const pages = await expectNoClosedDoors();
  expect([...pages.keys()].some((u) => u.startsWith('/course/'))).toBe(false);
  const home = (await t.teacher.get('/')).text;
  expect(home).toContain('Eerst: doe je mee aan het onderzoek?');
  expect(home).not.toContain('Begin hier');
  // A guessed lesson address answers with the same words as the overview.
  const lesson = await t.teacher.get('/course/begin/welkom');
  expect(lesson.status).toBe(403);
  expect(lesson.text).toContain('Eerst: doe je mee aan het onderzoek?');
  expect(await csvStatus()).toBe('niet gestart');
  expect(await certificateMails()).toBe(0);
});

test('declined: the course is open and every link works', async () => {
  await decide('no');
  expect(await csvStatus()).toBe('niet gestart');
  const pages = await expectNoClosedDoors();
  expect(pages.get('/course/begin/welkom')?.status).toBe(200);
  // Having opened lessons, she is under way, on the overview and in the report alike.
  expect(await csvStatus()).toBe('bezig');
});

test('consented and waiting for the second measurement: the date is said, nothing links to a closed lesson', async () => {
  await decide('yes');
  expect((await post(t.teacher, '/study/pupils', t.csrf, { pupil: ['Sam'] })).status).toBe(303);
  expect((await post(t.teacher, '/study/t0/keuze', t.csrf, { jaren: '12', groep: '2', gedaan: ['1'], finish: '1' })).status).toBe(303);
  expect((await post(t.teacher, '/study/t0/relatie/1', t.csrf, { warm: '4', troost: '2', botsen: '2', rustig: '5', finish: '1' })).status).toBe(303);
  const pages = await expectNoClosedDoors();
  expect([...pages.keys()].some((u) => u.startsWith('/course/') || u.startsWith('/media/'))).toBe(false);
  const home = (await t.teacher.get('/')).text;
  expect(home).toMatch(/Je cursus begint na de tweede meting<\/h2>/);
  const line = /Gaat open na de tweede meting \(rond (\d+ \w+ \d{4})\)\./.exec(home);
  expect(line).not.toBeNull();
  // The lock page a guessed address meets names the same day.
  expect((await t.teacher.get('/course/verder/afsluiten')).text).toContain(line![1]!);
  expect((await t.teacher.get('/certificate')).text).not.toContain('href="/course/');
});

test('a late yes mid-course: the course stays open where she was, and the study asks only what it can', async () => {
  await decide('no');
  await completeWelkom(true);
  await decide('yes');
  await expectNoClosedDoors();
  expect((await t.teacher.get('/course/begin/oefenen')).status).toBe(200);
  const home = (await t.teacher.get('/')).text;
  expect(home).toMatch(/<a class="button" href="\/course\/begin\/oefenen">Verder: 1\.2 Oefenen<\/a>/);
  expect(await csvStatus()).toBe('bezig');
  expect(await reportCell()).toBe('bezig');
});

test('every module done with too little study time: the same words on the overview, the certificate page and the report, and no mail', async () => {
  await decide('no');
  await completeCourse(false);
  await expectNoClosedDoors();
  const home = (await t.teacher.get('/')).text;
  expect(home).not.toContain('Gefeliciteerd');
  const said = /Alle modules zijn klaar\. Voor je certificaat telt ook je studietijd: je hebt \d+\u00a0min van de (\d+)\u00a0min, nog ongeveer (\d+)\u00a0min\./.exec(home);
  expect(said).not.toBeNull();
  const certificate = await t.teacher.get('/certificate');
  expect(certificate.headers['content-type']).toMatch(/^text\/html/);
  expect(certificate.text).toContain(said![0]);
  const words = `alle modules klaar, studietijd nog ${said![2]}\u00a0min`;
  expect(await csvStatus()).toBe(words);
  expect(await reportCell()).toBe(words);
  expect(await certificateMails()).toBe(0);
});

test('certificate: the PDF downloads, the overview congratulates, the report says afgerond, and one mail goes', async () => {
  await decide('no');
  await completeCourse(true);
  await expectNoClosedDoors();
  expect((await t.teacher.get('/certificate')).headers['content-type']).toBe('application/pdf');
  expect((await t.teacher.get('/')).text).toContain('Gefeliciteerd, je hebt de cursus afgerond!');
  expect(await csvStatus()).toBe('afgerond');
  expect(await reportCell()).toBe('afgerond');
  expect(await certificateMails()).toBe(1);
  expect(await certificateMails()).toBe(1);
});
