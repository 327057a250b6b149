// The compiler: a course folder -> one immutable Course with pre-rendered HTML, or the list of
// problems with file and line. Knows nothing of HTTP or SQL; the server, `steun check` and the
// tests all call compileCourse.
import fs from 'node:fs';
import path from 'node:path';
import type { AppendixPage, CompileResult, Course, Lesson, Module, Quiz } from './model';
import { Problems } from './problems';
import { parseYaml, splitFrontMatter, validateYaml } from './yaml';
import { courseSchema, COURSE_KEYS, moduleSchema, MODULE_KEYS, lessonSchema, LESSON_KEYS, quizSchema, QUIZ_KEYS } from './schemas';
import { createMarkdown, type LinkTarget, type RenderContext } from './markdown';
import { listMedia, resolveRelative, videoDuration } from './media';
import { compileLessonBody } from './lesson';
import { parseQuestions } from './quiz';
import { lessonMinutes, quizMinutes } from './estimate';
import { lintAnswers } from './answer-lint';
import { compileStudy, RESEARCH_DIR } from '../research/compile';

const NUMBERED_DIR = /^(\d+)-([a-z0-9]+(?:-[a-z0-9]+)*)$/;
const NUMBERED_FILE = /^(\d+)-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$/;
const RESERVED_LESSON_SLUGS = new Set(['quiz']);

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface LessonPlan {
  file: string;
  number: number;
  slug: string;
  title: string;
  minutes: number | undefined;
  body: string;
  bodyLine: number;
  /** `appendix: true`: a page beside the lessons, not a lesson. */
  appendix: boolean;
}

interface ModulePlan {
  folder: string;
  number: number;
  slug: string;
  title: string;
  summary: string;
  lessons: LessonPlan[];
  quizFile: string | null;
  /** Lesson files whose front matter has errors: reported once, not again as missing. */
  brokenLessons: string[];
}

function readText(abs: string): string | null {
  try {
    return fs.readFileSync(abs, 'utf8');
  } catch {
    return null;
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

export async function compileCourse(dir: string): Promise<CompileResult> {
  const root = path.resolve(dir);
  const problems = new Problems();
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) {
    problems.error('course.yml', 1, `cursusmap ${root} niet gevonden`);
    return { course: null, diagnostics: problems.sorted() };
  }

  // course.yml
  const courseText = readText(path.join(root, 'course.yml'));
  let settings: ReturnType<typeof courseSchema.parse> | null = null;
  if (courseText === null) problems.error('course.yml', 1, 'course.yml niet gevonden: elke cursusmap heeft er een nodig (title, language, description)');
  else {
    const parsed = parseYaml(courseText, 'course.yml', 1, problems);
    settings = parsed && validateYaml(parsed, courseSchema, 'course.yml', problems, COURSE_KEYS);
  }

  // Modules and lessons: names, order and front matter first, so links can be resolved.
  const modules = planModules(root, problems);
  const lessonUrls = new Map<string, string>();
  for (const m of modules) {
    for (const l of m.lessons) lessonUrls.set(l.file, l.appendix ? appendixHref(m.slug, l.slug) : `/course/${m.slug}/${l.slug}`);
    // A link to a lesson that is there but broken is not a second problem; the course does not compile anyway.
    for (const file of m.brokenLessons) lessonUrls.set(file, '#');
    if (m.quizFile) lessonUrls.set(m.quizFile, `/course/${m.slug}/quiz`);
  }
  const mediaFiles = listMedia(root);
  const md = createMarkdown();
  const context = (file: string): RenderContext => ({
    report: (line, message) => problems.error(file, line, message),
    resolve: (href, kind): LinkTarget => {
      const r = resolveRelative(file, href);
      if (r.kind === 'lesson') {
        const url = kind === 'link' ? lessonUrls.get(r.target) : undefined;
        if (!url) return { ok: false, message: kind === 'image' ? `afbeelding "${href}" moet een bestand in de map media/ van de cursus zijn` : `les "${href}" van deze link niet gevonden` };
        return { ok: true, url: r.anchor ? `${url}#${encodeURIComponent(r.anchor)}` : url };
      }
      if (r.kind === 'media') {
        if (!mediaFiles.has(r.target)) return { ok: false, message: `${kind === 'image' ? 'afbeelding' : 'mediabestand'} "${href}" niet gevonden` };
        return { ok: true, url: `/media/${r.target.split('/').map(encodeURIComponent).join('/')}` };
      }
      return { ok: false, message: `${kind === 'image' ? 'afbeelding' : 'link'} "${href}" moet naar een les (.md) of naar een bestand in de map media/ van de cursus wijzen` };
    },
  });

  const pending: Promise<void>[] = [];
  const words = new Map<Lesson, number>();
  const compiledModules: Mutable<Module>[] = modules.map((m, index) => {
    const lessons: Mutable<Lesson>[] = m.lessons.filter((plan) => !plan.appendix).map((plan, lessonIndex) => {
      const body = compileLessonBody(plan.file, plan.body, plan.bodyLine, { md, problems, mediaFiles, context });
      for (const p of body.pendingDurations) {
        pending.push(
          videoDuration(path.join(root, 'media', p.mediaPath)).then(
            (seconds) => {
              p.video.durationSeconds = seconds;
            },
            (err: unknown) => problems.error(p.file, p.line, `video "${p.mediaPath}" kon niet worden gelezen: ${err instanceof Error ? err.message : String(err)}`),
          ),
        );
      }
      const lesson: Mutable<Lesson> = {
        slug: plan.slug,
        moduleSlug: m.slug,
        key: `${m.slug}/${plan.slug}`,
        file: plan.file,
        index: lessonIndex,
        title: plan.title,
        minutes: plan.minutes ?? 0,
        parts: body.parts,
        videos: body.videos,
        reflections: body.reflections,
        exercises: body.exercises,
      };
      words.set(lesson, body.words);
      return lesson;
    });
    const appendix = m.lessons.filter((plan) => plan.appendix).map((plan) => compileAppendix(plan, m.slug, { md, problems, mediaFiles, context }));
    const quiz = m.quizFile ? compileQuiz(root, m.quizFile, settings?.passScore ?? 0.8, md, context, problems) : null;
    return { slug: m.slug, folder: m.folder, index, title: m.title, summary: m.summary, lessons, quiz, minutes: 0, ...(appendix.length ? { appendix } : {}) };
  });
  await Promise.all(pending);
  for (const w of lintAnswers(compiledModules)) problems.warning(w.file, w.line, w.message);
  const study = compileStudy(root, problems, md);

  // Estimates, now that every video's length is known.
  let courseMinutes = 0;
  for (const m of compiledModules) {
    for (const lesson of m.lessons as Mutable<Lesson>[]) {
      if (lesson.minutes === 0) lesson.minutes = lessonMinutes(lesson, words.get(lesson) ?? 0);
    }
    m.minutes = m.lessons.reduce((sum, l) => sum + l.minutes, 0) + (m.quiz?.minutes ?? 0);
    courseMinutes += m.minutes;
  }

  if (settings && compiledModules.length === 0) problems.error('course.yml', 1, 'de cursus heeft geen modules (mappen met een naam als NN-slug, bijvoorbeeld 01-introductie)');
  if (problems.hasErrors || !settings) return { course: null, diagnostics: problems.sorted() };

  md.begin(context('course.yml'));
  const descriptionHtml = md.renderBlocks(md.lex(settings.description), { line: 1, raw: settings.description });
  md.end();
  const course: Course = {
    dir: root,
    title: settings.title,
    language: settings.language,
    description: settings.description,
    descriptionHtml,
    passScore: settings.passScore,
    videoCompletion: settings.videoCompletion,
    certificate: settings.certificate
      ? {
          hours: settings.certificate.hours,
          issuer: settings.certificate.issuer,
          signatory: settings.certificate.signatory ? { name: settings.certificate.signatory.name, role: settings.certificate.signatory.role ?? null } : null,
        }
      : null,
    modules: compiledModules,
    minutes: courseMinutes,
    study,
  };
  return { course: deepFreeze(course), diagnostics: problems.sorted() };
}

function planModules(root: string, problems: Problems): ModulePlan[] {
  const plans: ModulePlan[] = [];
  for (const entry of fs.readdirSync(root, { withFileTypes: true })) {
    const name = entry.name;
    if (name.startsWith('.') || name === 'course.yml' || ((name === 'media' || name === RESEARCH_DIR) && entry.isDirectory())) continue;
    const match = entry.isDirectory() ? NUMBERED_DIR.exec(name) : null;
    if (!match) {
      problems.warning(name, 1, `genegeerd: ${entry.isDirectory() ? 'een modulemap' : 'een bestand hier'} moet NN-slug heten (bijvoorbeeld 01-introductie)${entry.isDirectory() ? '' : '; bovenin horen alleen course.yml en modulemappen'}`);
      continue;
    }
    const plan = planModule(root, name, Number(match[1]), match[2]!, problems);
    if (plan) plans.push(plan);
  }
  plans.sort((a, b) => a.number - b.number || a.folder.localeCompare(b.folder));
  const seen = new Map<string, string>();
  for (const p of plans) {
    const other = seen.get(p.slug);
    if (other) problems.error(`${p.folder}/module.yml`, 1, `moduleslug "${p.slug}" wordt ook gebruikt door ${other}; elke module heeft een eigen slug nodig`);
    seen.set(p.slug, p.folder);
  }
  return plans;
}

function planModule(root: string, folder: string, number: number, folderSlug: string, problems: Problems): ModulePlan | null {
  const moduleFile = `${folder}/module.yml`;
  const text = readText(path.join(root, folder, 'module.yml'));
  let meta: ReturnType<typeof moduleSchema.parse> | null = null;
  if (text === null) problems.error(moduleFile, 1, 'module.yml niet gevonden: elke modulemap heeft er een nodig (title, summary)');
  else {
    const parsed = parseYaml(text, moduleFile, 1, problems);
    meta = parsed && validateYaml(parsed, moduleSchema, moduleFile, problems, MODULE_KEYS);
  }
  const slug = meta?.slug ?? folderSlug;
  const lessons: LessonPlan[] = [];
  const brokenLessons: string[] = [];
  let quizFile: string | null = null;
  for (const entry of fs.readdirSync(path.join(root, folder), { withFileTypes: true })) {
    const name = entry.name;
    const rel = `${folder}/${name}`;
    if (name.startsWith('.') || name === 'module.yml') continue;
    if (name === 'quiz.md' && entry.isFile()) {
      quizFile = rel;
      continue;
    }
    const match = entry.isFile() ? NUMBERED_FILE.exec(name) : null;
    if (!match) {
      problems.warning(rel, 1, 'genegeerd: een lesbestand moet NN-slug.md heten (bijvoorbeeld 01-welkom.md), de toets quiz.md');
      continue;
    }
    const source = readText(path.join(root, rel)) ?? '';
    const fm = splitFrontMatter(source);
    if (fm.yaml === null) {
      problems.error(rel, 1, 'de les heeft geen front matter: begin het bestand met ---, title: ..., ---');
      brokenLessons.push(rel);
      continue;
    }
    const parsed = parseYaml(fm.yaml, rel, fm.yamlLine, problems);
    const data = parsed && validateYaml(parsed, lessonSchema, rel, problems, LESSON_KEYS);
    if (!data) {
      brokenLessons.push(rel);
      continue;
    }
    const lessonSlug = data.slug ?? match[2]!;
    if (RESERVED_LESSON_SLUGS.has(lessonSlug)) problems.error(rel, 1, `"${lessonSlug}" kan geen lesslug zijn: /course/${slug}/quiz is de toets van de module`);
    lessons.push({ file: rel, number: Number(match[1]), slug: lessonSlug, title: data.title, minutes: data.minutes, body: fm.body, bodyLine: fm.bodyLine, appendix: data.appendix === true });
  }
  lessons.sort((a, b) => a.number - b.number || a.file.localeCompare(b.file));
  const seen = new Map<string, string>();
  for (const l of lessons) {
    const other = seen.get(l.slug);
    if (other) problems.error(l.file, 1, `lesslug "${l.slug}" wordt ook gebruikt door ${other}; elke les in een module heeft een eigen slug nodig`);
    seen.set(l.slug, l.file);
  }
  if (lessons.every((l) => l.appendix) && brokenLessons.length === 0 && text !== null) problems.error(moduleFile, 1, 'de module heeft geen lessen (bestanden met een naam als NN-slug.md; een bijlage telt niet als les)');
  if (!meta) return null;
  return { folder, number, slug, title: meta.title, summary: meta.summary, lessons, quizFile, brokenLessons };
}

/** Where an appendix page is served: beside the module's lessons, apart from their URLs. */
export function appendixHref(moduleSlug: string, slug: string): string {
  return `/course/${moduleSlug}/appendix/${slug}`;
}

/** An appendix page: text only, since a video, reflection or exercise is something to complete, and a page is not. */
function compileAppendix(plan: LessonPlan, moduleSlug: string, env: Parameters<typeof compileLessonBody>[3]): AppendixPage {
  const body = compileLessonBody(plan.file, plan.body, plan.bodyLine, env);
  if (body.videos.length || body.reflections.length || body.exercises.length) {
    env.problems.error(plan.file, 1, 'een bijlage (appendix: true) bevat alleen tekst: video\'s, reflecties en oefeningen horen in een les, want die rond je af');
  }
  if (plan.minutes !== undefined) env.problems.warning(plan.file, 1, 'minutes wordt genegeerd: een bijlage telt niet mee in de geschatte studietijd');
  const html = body.parts.map((p) => (p.kind === 'html' ? p.html : '')).join('');
  return { slug: plan.slug, moduleSlug, file: plan.file, title: plan.title, html };
}

function compileQuiz(root: string, file: string, defaultPass: number, md: ReturnType<typeof createMarkdown>, context: (file: string) => RenderContext, problems: Problems): Quiz | null {
  const fm = splitFrontMatter(readText(path.join(root, file)) ?? '');
  if (fm.yaml === null) {
    problems.error(file, 1, 'de toets heeft geen front matter: begin het bestand met ---, title: ..., ---');
    return null;
  }
  const parsed = parseYaml(fm.yaml, file, fm.yamlLine, problems);
  const data = parsed && validateYaml(parsed, quizSchema, file, problems, QUIZ_KEYS);
  md.begin(context(file));
  const questions = parseQuestions({ body: fm.body, firstLine: fm.bodyLine }, md, {
    error: (line, message) => problems.error(file, line, message),
    warning: (line, message) => problems.warning(file, line, message),
  });
  md.end();
  if (questions.length === 0) problems.error(file, fm.bodyLine, 'de toets heeft geen vragen (een kop ## met opties - [ ] / - [x])');
  if (!data) return null;
  const lessonLinks = questions.map((q) => /href="(\/course\/[a-z0-9-]+\/[a-z0-9-]+)(?:#[^"]*)?"/.exec(q.explanationHtml + q.bodyHtml)?.[1] ?? null);
  return {
    file,
    title: data.title,
    passScore: data.passScore ?? defaultPass,
    shuffle: data.shuffle,
    maxAttempts: data.maxAttempts,
    retryAfterMinutes: data.retryAfterMinutes,
    questions,
    lessonLinks,
    minutes: quizMinutes(questions.length),
  };
}
