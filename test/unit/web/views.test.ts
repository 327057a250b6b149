// Views compile without `with (locals)`, so every name a view reads without declaring it must be in
// VIEW_LOCALS (else it is a ReferenceError, perhaps only in a rarely shown branch). TypeScript's
// checker finds those names in the code EJS generates for each view.
import fs from 'node:fs';
import path from 'node:path';
import ejs from 'ejs';
import ts from 'typescript';
import { escapeHtml, localsNamedIn, VIEW_LOCALS, viewEngine } from '../../../src/web/views';

const VIEWS = path.resolve(__dirname, '../../../views');
const GLOBALS = new Set(['URLSearchParams']);

function viewFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? viewFiles(p) : p.endsWith('.ejs') ? [p] : [];
  });
}

/** Name -> views that read it without declaring it. */
function freeNames(): Map<string, string[]> {
  const sources = new Map<string, string>();
  for (const file of viewFiles(VIEWS)) {
    const template = new ejs.Template(fs.readFileSync(file, 'utf8'), { _with: false, localsName: 'locals', filename: file, compileDebug: false }) as unknown as {
      generateSource(): void;
      source: string;
    };
    template.generateSource();
    sources.set(
      `${file}.ts`,
      `export function view(locals, escapeFn, include, rethrow) {\n  var __output = '';\n  function __append(s) { __output += s; }\n${template.source}\n}\n`,
    );
  }
  const host = ts.createCompilerHost({});
  const original = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version) => (sources.has(name) ? ts.createSourceFile(name, sources.get(name)!, version) : original(name, version));
  host.fileExists = (name) => sources.has(name) || ts.sys.fileExists(name);
  host.readFile = (name) => sources.get(name) ?? ts.sys.readFile(name);
  const program = ts.createProgram([...sources.keys()], { strict: false, noEmit: true, lib: ['lib.es2022.d.ts'], types: [] }, host);
  const names = new Map<string, string[]>();
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    const m = /(?:Cannot find name|shorthand property) '(\w+)'/.exec(text);
    if (!m) throw new Error(`unexpected diagnostic in the code of ${d.file?.fileName}: ${text}`);
    const view = path.relative(VIEWS, d.file!.fileName.replace(/\.ts$/, ''));
    names.set(m[1]!, [...new Set([...(names.get(m[1]!) ?? []), view])]);
  }
  return names;
}

describe('views without with(locals)', () => {
  const free = freeNames();

  it('finds the names views read (the check itself works)', () => {
    expect(free.get('csrfToken')).toEqual(expect.arrayContaining(['partials/head.ejs', path.join('course', '_finish.ejs')]));
    expect(free.get('module')).toContain(path.join('course', 'lesson.ejs'));
  });

  it('compiled ahead (production), each view destructures every name it reads', () => {
    const missing: string[] = [];
    for (const [name, views] of free) {
      if (GLOBALS.has(name)) continue;
      for (const view of views) if (!localsNamedIn(fs.readFileSync(path.join(VIEWS, view), 'utf8')).includes(name)) missing.push(`${name} (${view})`);
    }
    expect(missing).toEqual([]);
    expect(localsNamedIn('<%= title %> <%- include("/partials/head") %>')).toEqual(['title']);
  });

  it('destructures every name a view reads from its locals', () => {
    const missing = [...free].filter(([name]) => !VIEW_LOCALS.includes(name) && !GLOBALS.has(name)).map(([name, views]) => `${name} (${views.join(', ')})`);
    expect(missing).toEqual([]);
  });

  it('compiles every view with the options the server uses (a declared name may not clash with a destructured one)', () => {
    const failed: string[] = [];
    for (const file of viewFiles(VIEWS)) {
      try {
        ejs.compile(fs.readFileSync(file, 'utf8'), { root: VIEWS, filename: file, _with: false, destructuredLocals: VIEW_LOCALS, compileDebug: false });
      } catch (err) {
        failed.push(`${path.relative(VIEWS, file)}: ${(err as Error).message.split('\n')[0]}`);
      }
    }
    expect(failed).toEqual([]);
  });

  it('lists no name that no view reads', () => {
    expect(VIEW_LOCALS.filter((name) => !free.has(name))).toEqual([]);
  });

  it('renders only what views use, and a missing optional local is just undefined', (done) => {
    const dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'steun-views-'));
    fs.writeFileSync(path.join(dir, 'page.ejs'), '<%= title %>|<%= typeof locals.settings %>|<%= typeof locals.teacher %>|<%= locals.extra || "-" %>');
    viewEngine(dir, true)(path.join(dir, 'page.ejs'), { title: 'Les & zo', settings: { x: 1 }, teacher: {} }, (err, html) => {
      fs.rmSync(dir, { recursive: true, force: true });
      expect(err).toBeNull();
      expect(html).toBe('Les &amp; zo|undefined|undefined|-');
      done();
    });
  });

  it('compiled ahead (production), includes see their parent\'s locals and their own, as EJS renders them', async () => {
    const dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'steun-views-'));
    fs.mkdirSync(path.join(dir, 'course'));
    fs.mkdirSync(path.join(dir, 'partials'));
    fs.writeFileSync(path.join(dir, 'page.ejs'), '<h1><%= title %></h1><% for (const q of questions) { %><%- include("/course/_question", { question: q }) %><% } %><%- include("/partials/foot") %><%- include("/partials/all", { extra: 1 }) %>');
    // A comment may say what a view's locals are: it reads nothing.
    fs.writeFileSync(path.join(dir, 'course', '_question.ejs'), '<%# locals: question, shown %><p><%= question %> in <%= title %><%= locals.shown ? "!" : "" %></p><%- include("_note", { note: question.length }) %>');
    // Two includes down, a name only the page has (not one of VIEW_LOCALS), read as locals.deep.
    fs.writeFileSync(path.join(dir, 'course', '_note.ejs'), '<small><%= locals.note %>/<%= title %>/<%= locals.deep %></small>');
    fs.writeFileSync(path.join(dir, 'partials', 'foot.ejs'), '<footer><%= typeof locals.question %></footer>');
    // A view that reads its locals whole gets all of them.
    fs.writeFileSync(path.join(dir, 'partials', 'all.ejs'), '<i><%= Object.keys(locals).sort().join(",") %></i>');
    const render = (production: boolean) =>
      new Promise<string>((resolve, reject) => viewEngine(dir, production)(path.join(dir, 'page.ejs'), { title: 'Les <1>', questions: ['Wat?', 'Hoe & waarom?'], shown: true, deep: 'diep' }, (err, html) => (err ? reject(err) : resolve(html!))));
    const [ahead, ejsOwn] = [await render(true), await render(false)];
    fs.rmSync(dir, { recursive: true, force: true });
    expect(ahead).toBe(ejsOwn);
    expect(ahead).toBe(
      '<h1>Les &lt;1&gt;</h1><p>Wat? in Les &lt;1&gt;!</p><small>4/Les &lt;1&gt;/diep</small><p>Hoe &amp; waarom? in Les &lt;1&gt;!</p><small>13/Les &lt;1&gt;/diep</small><footer>undefined</footer><i>deep,extra,questions,shown,title</i>',
    );
  });
});

test("the views' escape gives EJS's own output for every kind of value", () => {
  const pieces = ['', 'a', 'Module 1: Wat stress doet', '&', '<', '>', '"', "'", '‘’', 'é', '&amp;', '<script>', ' ', '\n', '0', '/course/a-b'];
  const values: unknown[] = [undefined, null, 0, 1.5, -0, NaN, true, false, {}, [1, '<2>'], { toString: () => 'x & "y"' }, new Date(0), 12n];
  let seed = 7;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  for (let i = 0; i < 2000; i++) {
    values.push(Array.from({ length: Math.floor(random() * 6) }, () => pieces[Math.floor(random() * pieces.length)]).join(''));
  }
  for (const value of values) expect([value, escapeHtml(value)]).toEqual([value, ejs.escapeXML(value as string)]);
  expect(escapeHtml('Tom & "Jerry" <3 \'x\'')).toBe('Tom &amp; &#34;Jerry&#34; &lt;3 &#39;x&#39;');
});
