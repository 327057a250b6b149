// While the server watches the course folder, author pages carry the time of the latest compile
// and reload after the next one (static/js/live-preview.js); /author/live tells that time.
import { miniCourseApp, type CourseTestApp } from '../support/course-app';
import { addUser, signIn, type Agent } from '../support/app';

const compiledAt = (html: string) => /<meta name="steun-compiled-at" content="([^"]+)">/.exec(html)?.[1];

describe('watching the course folder', () => {
  let t: CourseTestApp;
  let author: Agent;
  beforeEach(async () => {
    t = await miniCourseApp(undefined, { env: { WATCH_CONTENT: '1' } });
    await addUser(t.stores, { email: 'auteur@steun.nl', role: 'author' });
    author = await signIn(t.app, 'auteur@steun.nl');
  });
  afterEach(() => t.close());

  test('previews and the overview carry the compile time and the script that follows it', async () => {
    for (const url of ['/author', '/author/preview/begin/welkom', '/author/preview/begin/quiz']) {
      const page = await author.get(url);
      expect(page.status).toBe(200);
      expect(compiledAt(page.text)).toBe(t.course.lastCompiledAt.toISOString());
      expect(page.text).toMatch(/<script src="\/assets\/[\w-]{10}\/static\/js\/live-preview\.js" defer><\/script>/);
      expect(page.text).toContain('ververst zichzelf');
    }
    const live = await author.get('/author/live');
    expect(live.status).toBe(200);
    expect(live.headers['cache-control']).toBe('no-store');
    expect(live.body).toEqual({ compiledAt: t.course.lastCompiledAt.toISOString(), errors: 0 });
  });

  test('a compile with errors shows in /author/live and as a warning in the preview', async () => {
    const before = (await author.get('/author/live')).body.compiledAt as string;
    await new Promise((resolve) => setTimeout(resolve, 5));
    t.course.update({ course: null, diagnostics: [{ file: '01-begin/01-welkom.md', line: 3, severity: 'error', message: 'kapot' }] });
    const live = (await author.get('/author/live')).body as { compiledAt: string; errors: number };
    expect(live.compiledAt).not.toBe(before);
    expect(live.errors).toBe(1);
    const preview = await author.get('/author/preview/begin/welkom');
    expect(compiledAt(preview.text)).toBe(live.compiledAt);
    expect(preview.text).toContain('De laatste wijziging bevat een fout; je ziet de laatste versie zonder fouten.');
    // The last good course is still what the preview shows.
    expect(preview.text).toContain('Welkom');
  });

  test('teachers cannot ask', async () => {
    expect((await t.teacher.get('/author/live')).status).toBe(403);
  });
});

test('without watching, author pages have no reload script', async () => {
  const t = await miniCourseApp();
  try {
    await addUser(t.stores, { email: 'auteur@steun.nl', role: 'author' });
    const author = await signIn(t.app, 'auteur@steun.nl');
    const page = await author.get('/author/preview/begin/welkom');
    expect(page.status).toBe(200);
    expect(compiledAt(page.text)).toBeUndefined();
    expect(page.text).not.toContain('live-preview.js');
  } finally {
    t.close();
  }
});
