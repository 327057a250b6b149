// A quiz is passed by understanding, not by trying options: a script that reads each result and
// tries other options gets no answer key, waits between attempts, and runs out of attempts.
import { compileCourse } from '../../src/course/compile';
import type { AttemptOrder } from '../../src/learning/grading';
import { makeCourse, lesson } from '../fixtures/course-builder';
import { makeTestApp, addUser, signIn, csrfFrom, type TestApp, type Agent } from '../support/app';
import { post } from '../support/course-app';

// Five questions; the right option is always the one a guesser tries last (alphabetically last).
const QUESTIONS = [1, 2, 3, 4, 5]
  .map((n) => `## Vraag ${n}\n\n- [ ] Antwoord A${n}\n- [ ] Antwoord B${n}\n- [ ] Antwoord C${n}\n- [x] Antwoord D${n}\n\n> Uitleg ${n}: zie [de les](01-intro.md).\n`)
  .join('\n');

let t: TestApp;
let teacher: Agent;
let csrf: string;
beforeEach(async () => {
  const dir = makeCourse({
    '01-start/01-intro.md': lesson('Intro', '\nLees dit goed.\n'),
    '01-start/quiz.md': `---\ntitle: Toets\npassScore: 0.8\nmaxAttempts: 3\nretryAfterMinutes: 10\n---\n\n${QUESTIONS}`,
  });
  const compiled = await compileCourse(dir);
  expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  t = makeTestApp({ compiled });
  await addUser(t.stores, { email: 'script@school.nl' });
  teacher = await signIn(t.app, 'script@school.nl');
  csrf = csrfFrom((await teacher.get('/')).text);
  await post(teacher, '/course/start/intro/done', csrf);
});
afterEach(() => t.close());

async function openAttempt(): Promise<{ status: number; text: string; attempt?: string }> {
  const page = await teacher.get('/course/start/quiz');
  const attempt = /name="attempt" value="([^"]+)"/.exec(page.text)?.[1];
  return { status: page.status, text: page.text, attempt };
}

const plain = (html: string) => html.replace(/<[^>]+>/g, '').trim();

/** Per field (q0, q1, ...) as shown in this attempt: the question's number as written and the option texts in the order shown. */
function shownQuestions(html: string): { field: string; question: string; options: string[] }[] {
  return html
    .split('<fieldset')
    .slice(1)
    .map((chunk) => {
      const legend = plain(/<legend>([\s\S]*?)<\/legend>/.exec(chunk)![1]!);
      const field = /name="(q\d+)"/.exec(chunk)![1]!;
      const options = [...chunk.matchAll(/<label for="[^"]+">([\s\S]*?)<\/label>/g)].map((m) => plain(m[1]!));
      return { field, question: /Vraag (\d)$/.exec(legend)![1]!, options };
    });
}

test('a guesser that tries options in turn never sees the key, must wait, and fails within its attempts', async () => {
  const tried = new Map<string, string[]>();
  let passed = false;
  for (let attemptNo = 0; attemptNo < 3; attemptNo++) {
    const page = await openAttempt();
    expect(page.status).toBe(200);
    const shown = shownQuestions(page.text);
    expect(shown).toHaveLength(5);
    // Pick, per question, the first option (alphabetically) not tried before.
    const fields: Record<string, string> = { attempt: page.attempt!, confirmIncomplete: '1' };
    for (const { field, question, options } of shown) {
      expect(options).toHaveLength(4);
      const choice = [...options].sort().find((o) => !(tried.get(question) ?? []).includes(o))!;
      tried.set(question, [...(tried.get(question) ?? []), choice]);
      fields[field] = String(options.indexOf(choice));
    }
    const result = await post(teacher, '/course/start/quiz', csrf, fields).redirects(1);
    expect(result.status).toBe(200);
    passed ||= result.text.includes('Gehaald!');
    if (attemptNo < 2) {
      // No key and no explanation after a failed attempt, and no new attempt right away.
      expect(result.text).not.toMatch(/Antwoord D\d/);
      expect(result.text).not.toContain('Uitleg');
      expect(result.text).toContain('Lees nog eens: <a href="/course/start/intro"');
      // The way on is rereading, not a button that leads to the waiting page.
      expect(result.text).toMatch(/Opnieuw maken kan vanaf \d\d:\d\d\./);
      expect(result.text).not.toContain('Toets opnieuw maken');
      expect(result.text).toContain('<a class="button" href="/course/start/intro">Lees de les nog eens</a>');
      const blocked = await teacher.get('/course/start/quiz');
      expect(blocked.status).toBe(403);
      expect(blocked.text).toContain('opnieuw maken');
      expect(blocked.text).toContain('<h2>Lees nog eens</h2>');
      expect(blocked.text).toContain('Naar de eerste les van deze module');
      expect(blocked.text).not.toContain('Nog te doen');
      // The overview names the wait as well and sends the teacher to the lessons.
      const home = await teacher.get('/');
      expect(home.text).toContain('Lees de lessen nog eens');
      expect(home.text).toMatch(/De toets kun je vanaf \d\d:\d\d opnieuw maken\./);
      t.clock.advance(10 * 60);
    }
  }
  expect(passed).toBe(false);
  expect((await teacher.get('/course/start/quiz')).status).toBe(403);
});

test('every new attempt shuffles the questions and options again', async () => {
  const orders: string[] = [];
  for (let i = 0; i < 3; i++) {
    const page = await openAttempt();
    orders.push(JSON.stringify(t.stores.attempts.byId<AttemptOrder, never>(page.attempt!)!.order));
    await post(teacher, '/course/start/quiz', csrf, { attempt: page.attempt!, confirmIncomplete: '1' });
    t.clock.advance(10 * 60);
  }
  expect(new Set(orders).size).toBe(3);
});

test('the waiting time counts from the failed attempt: a minute early is still closed', async () => {
  const page = await openAttempt();
  await post(teacher, '/course/start/quiz', csrf, { attempt: page.attempt!, confirmIncomplete: '1' });
  t.clock.advance(9 * 60);
  const early = await teacher.get('/course/start/quiz');
  expect(early.status).toBe(403);
  expect(early.text).toMatch(/over 1 minuut/);
  t.clock.advance(61);
  expect((await teacher.get('/course/start/quiz')).status).toBe(200);
});

test('before the first attempt the quiz page says its rules: the pass mark, the wait after a failed attempt, and that answers come after passing', async () => {
  const page = await openAttempt();
  expect(page.status).toBe(200);
  const rules = /<details class="quiz-rules" open><summary>Zo werkt de toets<\/summary><ul>([\s\S]*?)<\/ul><\/details>/.exec(page.text)![1]!;
  expect([...rules.matchAll(/<li>([^<]*)<\/li>/g)].map((m) => m[1])).toEqual([
    'Je haalt de toets met 80 % goed: 4 van de 5 vragen.',
    'Haal je hem niet, dan zie je welke vragen je nog eens moet bekijken en in welke les dat staat. Na 10 minuten kun je het opnieuw proberen, tot je 3 pogingen hebt gebruikt.',
    'De goede antwoorden en de uitleg bij elke vraag krijg je zodra je de toets hebt gehaald of je laatste poging hebt gebruikt.',
    'Elke poging zet de vragen en de antwoorden in een nieuwe volgorde.',
  ]);
  // Before any question: the rules come first.
  expect(page.text.indexOf('Zo werkt de toets')).toBeLessThan(page.text.indexOf('<fieldset'));
});
