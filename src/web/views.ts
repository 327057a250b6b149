// The EJS view engine. Templates are compiled without `with (locals)`: V8 cannot optimise a
// `with` block, and on the lesson page it cost about a third of the render. The names a view
// reads without declaring them are destructured from its locals instead, from the one list
// below; test/unit/web/views.test.ts fails when a view reads a name this list lacks.
// Renders get only what views use: Express's settings and the request's working data
// (teacher, located, ...) are left out, so EJS copies less for every include.
import fs from 'node:fs';
import path from 'node:path';
import ejs from 'ejs';

export const VIEW_LOCALS = [
  'account', 'askName', 'byMail', 'hasPassword', 'hasSchoolLogin', 'erasureConfirmed', 'mails', 'oidcLabel', 'remindersOn', 'sent', 'action', 'adminSuffix', 'advice', 'answered', 'attemptId', 'attemptsLeft', 'autocomplete',
  'base', 'canRetry', 'certificate', 'chosen', 'compiledTime', 'continueHref', 'correctCount', 'counts',
  'course', 'csrfToken', 'currentUser', 'date', 'error', 'errors', 'exercise', 'exercises', 'explanation',
  'feedback', 'funnel', 'groups', 'hasErrors', 'hint', 'invited', 'label', 'language', 'languageName', 'lesson',
  'lessonKey', 'link', 'loggedOut', 'matching', 'message', 'minlength', 'minutes', 'module', 'modules',
  'name', 'next', 'nextHref', 'nextLabel', 'nextModule', 'optionOrder', 'orphans', 'outline', 'overview', 'page',
  'pages', 'parts', 'params', 'passPercent', 'passed', 'position', 'prev', 'problems', 'progress',
  'query', 'question', 'questions', 'quiz', 'quietDays', 'reflection', 'reflections', 'registerUrl', 'remaining',
  'roles', 'rows', 'saved', 'school', 'schools', 'scope', 'scorePercent', 'stack', 'state', 'status',
  'statusLabels', 'stops', 'teachers', 'title', 'total', 'values', 'video', 'videos',
  // Static files by their content-hashed URL (app.locals.asset).
  'asset', 'studyTimeText', 'continueText', 'complete',
  // Quiz: the questions left open, and what a result page may show.
  'unanswered', 'review', 'firstLesson', 'retryAfterMinutes', 'retryClock', 'rereadHref',
  // The study (views/study, views/research).
  'closes', 'formatNumber', 'formatP', 'introHtml', 'items', 'missing', 'openings', 'pageIntroHtml', 'participants', 'pupilMax', 'response', 'shown', 'study', 'ts', 'wave', 'waves', 'choice', 'current', 'scales', 'questionnaires', 'privacy',
  // reports, admin, confirmation steps
  'quiet', 'quietCount', 'quietIds', 'canRemind', 'reminded', 'send', 'skipped', 'preview', 'sending', 'bcc', 'back', 'stepKey', 'stepTitle', 'shortDate', 'q', 'confirmation', 'fields',
  // certificate
  'why', 'studyTimeLine', 'hours', 'nextText', 'minutesLeft', 'modulesDone', 'modulesTotal', 'modulesLeft',
  // exercises in each teacher's own order, the quiz's rules
  'exerciseOrders', 'order', 'rules',
  // running it: invitation mail status on /school, the audit log, the privacy page
  'invitationMail', 'keepDays',
  // a form that could not be saved (the error page)
  'sentTexts', 'signInHref', 'reopenHref', 'keptOnDevice',
];

/** Keys of Express's merged render data that are not for views. */
const NOT_FOR_VIEWS = new Set(['settings', '_locals', 'cache', 'teacher', 'located', 'body', 'tokenUser', 'mediaFile']);

type Done = (err: Error | null, html?: string) => void;

const SPECIAL = /[&<>'"]/;
/**
 * EJS's escape (`<%= %>`), the same output, with a look first: most values on a page (titles, keys,
 * numbers, addresses) have nothing to escape, and EJS's global replace with a callback costs a few
 * hundred nanoseconds each even then (a lesson page escapes about 180 values).
 */
export function escapeHtml(markup: unknown): string {
  if (markup == undefined) return '';
  const text = String(markup);
  return SPECIAL.test(text) ? ejs.escapeXML(text) : text;
}

/** An Express view engine for `root`; `production` caches compiled templates and drops debug line tracking. */
export function viewEngine(root: string, production: boolean): (file: string, data: object, done: Done) => void {
  const options: ejs.Options & { unsafePrototypeLocals: boolean } = {
    root,
    cache: production,
    compileDebug: !production,
    _with: false,
    destructuredLocals: VIEW_LOCALS,
    escape: escapeHtml,
    // The locals object is built fresh for every render below, so EJS need not copy it again.
    unsafePrototypeLocals: true,
  };
  const compiled = production ? new CompiledViews(root, options) : null;
  return (file, data, done) => {
    const locals: Record<string, unknown> = {};
    // Own keys only, and no [key, value] array per name (Object.entries): a third of this loop's time.
    for (const key of Object.keys(data)) if (!NOT_FOR_VIEWS.has(key)) locals[key] = (data as Record<string, unknown>)[key];
    if (!compiled) return ejs.renderFile(file, locals, options, (err, html) => done(err ?? null, html));
    let html: string;
    try {
      html = compiled.render(file, locals);
    } catch (err) {
      return done(err as Error);
    }
    done(null, html);
  };
}

type ViewFunction = (locals: object, escapeFn: (value: unknown) => string, include: (view: string, extra?: object) => string, rethrow: undefined) => string;

/**
 * Every view compiled once at start (production), each destructuring only the names of VIEW_LOCALS
 * its source mentions (a name a view reads appears in it; one that only appears in its text costs a
 * lookup, nothing more), and called directly: an include gets a plain copy of its parent's locals
 * with its own on top, where EJS copies every option too, resolves the file anew and builds a
 * null-prototype object whose properties V8 reads slowly. A lesson page has a dozen includes; in a
 * render of a video lesson this takes it from about 680 µs (every include destructuring all 150
 * names) to 85 µs.
 */
class CompiledViews {
  private readonly views = new Map<string, ViewFunction>();
  private readonly sources = new Map<string, string>();
  /** Per including view, the file each include name resolves to. */
  private readonly paths = new Map<string, Map<string, string>>();
  /** Per view, the names it and its includes can read from their locals; null: all of them (it reads `locals` as a whole). */
  private readonly needed = new Map<string, readonly string[] | null>();

  constructor(
    private readonly root: string,
    options: ejs.Options,
  ) {
    for (const file of viewFiles(root)) {
      const source = fs.readFileSync(file, 'utf8');
      const template = new ejs.Template(source, { ...options, filename: file, destructuredLocals: localsNamedIn(source) }) as unknown as { compile(): unknown; source: string };
      template.compile();
      this.views.set(file, new Function('locals, escapeFn, include, rethrow', template.source) as ViewFunction);
      this.sources.set(file, source);
    }
  }

  render(file: string, locals: object): string {
    const view = this.views.get(file);
    if (!view) throw new Error(`No view ${file}`);
    const include = (name: string, extra?: object) => {
      const target = this.resolve(name, file);
      return this.render(target, extra ? this.localsFor(target, locals as Record<string, unknown>, extra as Record<string, unknown>) : locals);
    };
    return view(locals, escapeHtml, include, undefined);
  }

  /**
   * An include's locals: its own on top of its parent's, as EJS gives them, but of the parent's only
   * the names the included view (or one it includes) can read. A lesson page's parent locals have
   * some 35 names, and an exercise's questions need a handful of them.
   */
  private localsFor(file: string, parent: Record<string, unknown>, extra: Record<string, unknown>): object {
    const names = this.namesFor(file);
    if (names === null) return { ...parent, ...extra };
    const own: Record<string, unknown> = {};
    for (const name of names) if (name in parent) own[name] = parent[name];
    for (const name in extra) own[name] = extra[name];
    return own;
  }

  /**
   * What a view can read from its locals: the names of VIEW_LOCALS it mentions, every `locals.name`,
   * and the same of each view it includes (they get its locals). Null when that cannot be known from
   * its source: `locals` used whole, an include whose name is not a literal, or includes in a loop.
   * Worked out at a view's first include and kept (one lookup per include after that).
   */
  private namesFor(file: string): readonly string[] | null {
    const known = this.needed.get(file);
    if (known !== undefined) return known;
    // While this view's names are being worked out, a loop of includes back to it gets all of them.
    this.needed.set(file, null);
    // Comments (<%# %>) say what a view's locals are; they read nothing.
    const source = this.sources.get(file)?.replace(/<%#[\s\S]*?%>/g, '');
    let names: Set<string> | null = null;
    if (source !== undefined && !/\blocals\b(?!\.[A-Za-z_$])/.test(source)) {
      names = new Set(localsNamedIn(source));
      for (const m of source.matchAll(/\blocals\.([A-Za-z_$][\w$]*)/g)) names.add(m[1]!);
      const calls = [...source.matchAll(/\binclude\(/g)].length;
      const literal = [...source.matchAll(/\binclude\(\s*(['"])([^'"]+)\1/g)];
      if (calls !== literal.length) names = null;
      for (const m of literal) {
        if (names === null) break;
        const inner = this.namesFor(this.resolve(m[2]!, file));
        if (inner === null) names = null;
        else for (const n of inner) names.add(n);
      }
    }
    const result = names && [...names];
    this.needed.set(file, result);
    return result;
  }

  /** As EJS resolves an include: from the views root when it starts with '/', else from the including view's folder. */
  private resolve(name: string, from: string): string {
    let known = this.paths.get(from);
    if (known === undefined) this.paths.set(from, (known = new Map()));
    let file = known.get(name);
    if (file === undefined) {
      file = name.startsWith('/') ? path.join(this.root, name) : path.resolve(path.dirname(from), name);
      if (!path.extname(file)) file += '.ejs';
      known.set(name, file);
    }
    return file;
  }
}

function viewFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? viewFiles(p) : p.endsWith('.ejs') ? [p] : [];
  });
}

/** The names of VIEW_LOCALS that a view's source mentions: every one it reads, and perhaps a few more. */
export function localsNamedIn(source: string): string[] {
  return VIEW_LOCALS.filter((name) => new RegExp(`\\b${name}\\b`).test(source));
}
