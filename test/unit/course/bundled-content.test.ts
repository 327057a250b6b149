// What the bundled course must keep saying, and its placeholder videos' captions matching their
// narration scripts (a script edited without running make-videos.js would leave them apart).
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { compileCourse } from '../../../src/course/compile';
import type { Course } from '../../../src/course/model';

const CONTENT = path.resolve(__dirname, '..', '..', '..', 'content');
const SCRIPTS = path.join(CONTENT, 'media', 'scripts');
let course: Course;
beforeAll(async () => {
  course = (await compileCourse(CONTENT)).course!;
});

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const lessonText = (key: string) => {
  const lesson = course.modules.flatMap((m) => m.lessons).find((l) => l.key === key)!;
  return lesson.parts.map((p) => (p.kind === 'html' ? text(p.html) : '')).join(' ');
};

test('module 5 names the legal route for a suspicion of abuse: meldcode, five steps, aandachtsfunctionaris, Veilig Thuis, 112', () => {
  const body = lessonText('zorg-en-samenwerken/je-bent-geen-hulpverlener');
  for (const words of ['meldcode huiselijk geweld en kindermishandeling', 'Signalen in kaart brengen', 'Overleggen met een collega', 'Een gesprek met de leerling', 'Wegen', 'Beslissen', 'aandachtsfunctionaris', '0800-2000', '112', 'protocol van je eigen school is leidend']) {
    expect(body).toContain(words);
  }
  expect(lessonText('wat-is-steun/welkom')).toContain('0800-2000');
});

test('the meldcode route is complete, said once in lesson 5.2: afwegingskader and meldnorm, the exception for talking with parents, what to do when a child tells, your own right to report, a staff member, De Kindertelefoon', () => {
  const body = lessonText('zorg-en-samenwerken/je-bent-geen-hulpverlener');
  for (const words of [
    'afwegingskader',
    'acute of structurele onveiligheid',
    'meldnorm',
    'Brengt een gesprek met de ouders het kind, jou of een ander in gevaar',
    'letterlijk',
    'Spreek de ouders of de persoon over wie het gaat niet zelf aan',
    'Bekijk of fotografeer geen verwondingen',
    'voordat het naar huis gaat',
    'dan mag je zelf advies vragen of een melding doen bij Veilig Thuis',
    'schoolbestuur',
    'vertrouwensinspecteur',
    '0800-0432',
    'Een open vraag mag',
  ]) {
    expect(body).toContain(words);
  }
  // The practice exercise on a disclosure is in the same lesson.
  const lesson = course.modules.flatMap((m) => m.lessons).find((l) => l.key === 'zorg-en-samenwerken/je-bent-geen-hulpverlener')!;
  expect(lesson.exercises.map((e) => e.id)).toContain('een-leerling-vertelt');
});

test('every safety signal goes to the aandachtsfunctionaris: no lesson or question sends one to the IB\'er alone', () => {
  // Where a lesson or feedback speaks of neglect, a shelter, a disclosure or bruises, the aandachtsfunctionaris is named.
  const all = course.modules.flatMap((m) => [
    ...m.lessons.map((l) => ({ where: l.file, text: lessonText(l.key) + ' ' + l.exercises.flatMap((e) => e.questions.map((q) => q.text + ' ' + q.options.map((o) => o.html + ' ' + o.feedbackHtml).join(' '))).join(' ') })),
  ]);
  for (const { where, text: t } of all) {
    for (const signal of ['verwaarloosd uit', 'opvangadres', 'blauwe plekken', "'s ochtends honger"]) {
      if (t.includes(signal)) expect({ where, signal, named: t.includes('aandachtsfunctionaris') }).toEqual({ where, signal, named: true });
    }
  }
});

test('lesson 1.1 promises no explanation after a failed quiz, and the course ends on Jouw plan with Bronnen as an appendix', () => {
  expect(lessonText('wat-is-steun/welkom')).not.toContain('uitleg bij elke vraag');
  const last = course.modules.at(-1)!;
  expect(last.lessons.at(-1)!.key).toBe('zorg-en-samenwerken/de-hele-school');
  expect(lessonText('zorg-en-samenwerken/de-hele-school')).toContain('Jouw plan');
  expect(last.appendix?.map((p) => p.slug)).toEqual(['bronnen']);
});

test('every reflection about pupils asks for no names or recognisable details (the one about your own school days is about you)', () => {
  const prompts = course.modules.flatMap((m) => m.lessons.flatMap((l) => l.reflections.map((r) => `${l.key}#${r.id}: ${r.prompt}`)));
  expect(prompts.length).toBeGreaterThanOrEqual(7);
  for (const p of prompts.filter((x) => !x.includes('een-leerkracht-die-verschil-maakte'))) expect(p).toMatch(/geen (naam|namen) (en geen |of )?herkenbare details/);
});

test('the welcome lesson says what the coordinator sees and what stays private', () => {
  const body = lessonText('wat-is-steun/welkom');
  for (const words of ['beste score per toets', 'tijd', 'voor het laatst actief', 'reflecties zijn alleen voor jou']) expect(body).toContain(words);
  expect(body).not.toContain('ziet alleen of je een les en een toets hebt afgerond');
});

test('every question of every bundled quiz links to a lesson of its own module, so a failed attempt can say what to read again', () => {
  const quizzes = course.modules.filter((m) => m.quiz);
  expect(quizzes).toHaveLength(course.modules.length);
  for (const m of quizzes) {
    const quiz = m.quiz!;
    expect(quiz.lessonLinks).toHaveLength(quiz.questions.length);
    const lessons = m.lessons.map((l) => `/course/${l.key}`);
    quiz.lessonLinks.forEach((link, i) => {
      expect({ question: `${quiz.file} #${i + 1}`, link }).toEqual({ question: `${quiz.file} #${i + 1}`, link: expect.any(String) });
      expect(lessons).toContain(link);
    });
  }
});

test('every bundled quiz makes a teacher wait 10 minutes after a failed attempt, with no cap on attempts', () => {
  for (const m of course.modules) {
    expect({ quiz: m.quiz!.file, wait: m.quiz!.retryAfterMinutes, max: m.quiz!.maxAttempts }).toEqual({ quiz: m.quiz!.file, wait: 10, max: 0 });
  }
});

const scripts = fs.readdirSync(SCRIPTS).filter((f) => f.endsWith('.yml')).map((f) => f.replace(/\.yml$/, ''));

test.each(scripts)('the captions of %s say exactly what its narration script says', (name) => {
  const script = YAML.parse(fs.readFileSync(path.join(SCRIPTS, `${name}.yml`), 'utf8')) as { slides: { say: string }[] };
  const spoken = script.slides.map((s) => s.say).join(' ').replace(/\s+/g, ' ').trim();
  const vtt = fs.readFileSync(path.join(CONTENT, 'media', `${name}.nl.vtt`), 'utf8');
  const cues = vtt.split(/\n\n+/).slice(1).map((cue) => cue.split('\n').slice(2).join(' ')).join(' ').replace(/\s+/g, ' ').trim();
  expect(cues).toBe(spoken);
});
