// Every page has a meta description: a lesson its first paragraph as plain text, every other page
// the course's description, short enough for a search engine to show whole.
import { compileCourse } from '../../../src/course/compile';
import type { Course } from '../../../src/course/model';
import { courseDescription, lessonDescription, plainText, shortened } from '../../../src/web/descriptions';
import { MINI_COURSE } from '../../fixtures/course-builder';
import { miniCourseApp, request, type CourseTestApp } from '../../support/course-app';

let course: Course;
beforeAll(async () => {
  course = (await compileCourse(MINI_COURSE)).course!;
});

test('HTML becomes one line of text, entities read as what they stand for', () => {
  expect(plainText('<p>Een <strong>warme</strong>\n volwassene &amp; een kind&#39;s &#x201C;plek&#x201D;&nbsp;hier</p>')).toBe('Een warme volwassene & een kind\'s “plek” hier');
});

test('a long text is cut between words, with an ellipsis, at most 160 characters', () => {
  const text = 'Een leerling die thuis onrust meemaakt, heeft op school baat bij een voorspelbare, warme volwassene. '.repeat(3);
  const short = shortened(text);
  expect(short.length).toBeLessThanOrEqual(160);
  expect(short.endsWith('…')).toBe(true);
  expect(text.startsWith(short.slice(0, -1))).toBe(true);
  expect(text[short.length - 1]).toBe(' ');
  expect(shortened('Kort.')).toBe('Kort.');
});

test("a lesson is described by its first paragraph, the course by its description's text", () => {
  expect(lessonDescription(course.modules[0]!.lessons[0]!)).toBe('Na deze les weet je hoe de cursus werkt.');
  expect(courseDescription(course)).toBe('Een kleine cursus om steun mee te testen.');
});

describe('on the pages', () => {
  let t: CourseTestApp;
  beforeAll(async () => {
    t = await miniCourseApp();
  });
  afterAll(() => t.close());

  test.each([
    ['the sign-in page', '/login', 'Een kleine cursus om steun mee te testen.', false],
    ['the overview', '/', 'Een kleine cursus om steun mee te testen.', true],
    ['a lesson', '/course/begin/welkom', 'Na deze les weet je hoe de cursus werkt.', true],
  ])('%s has a meta description', async (_name, url, text, signedIn) => {
    const res = await (signedIn ? t.teacher : request(t.app)).get(url);
    expect(res.status).toBe(200);
    expect(res.text).toContain(`<meta name="description" content="${text}">`);
  });
});
