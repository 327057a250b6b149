// The study compiler: `research/study.yml` and its questionnaire files -> one immutable Study, with
// every problem at its file and line. Called by the course compiler when the folder exists.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Problems } from '../course/problems';
import { parseYaml, validateYaml } from '../course/yaml';
import type { Markdown, RenderContext } from '../course/markdown';
import type { Study, Wave, WaveOpens } from './model';
import { parseQuestionnaire } from './questionnaire';

export const RESEARCH_DIR = 'research';
const QUESTIONNAIRE_FILE = /^(\d+)-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$/;
const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const required = (what: string) => z.string({ error: `{key} is required (${what})` }).trim().min(1, '{key} must not be empty');
const days = z.number({ error: '{key} must be a whole number of days, 0 or more' }).int('{key} must be a whole number of days, 0 or more').min(0, '{key} must be a whole number of days, 0 or more');

const opensSchema = z.union(
  [
    z.literal('start'),
    z.string().regex(DATE),
    z.object({ after: z.string().min(1), days: days.default(0) }).strict(),
  ],
  { error: '{key} must be start, a date (2027-03-15) or { after: <wave id or course>, days: N }' },
);

const studySchema = z.object({
  title: required('the study title'),
  consent: z.object(
    {
      version: z.union([z.string(), z.number()], { error: '{key} is required (a new version asks everyone again)' }).transform((v) => String(v).trim()).pipe(z.string().min(1, '{key} must not be empty')),
      text: required('who, what, why, how long kept, who sees what, that taking part is voluntary'),
    },
    { error: '{key} is required (version and text)' },
  ),
  participation: z.enum(['optional', 'required'], { error: '{key} must be optional or required' }).default('optional'),
  pupils: z
    .object(
      {
        min: z.number({ error: '{key} must be a whole number' }).int('{key} must be a whole number').min(1, '{key} must be at least 1').default(1),
        max: z.number({ error: '{key} must be a whole number' }).int('{key} must be a whole number').min(1, '{key} must be at least 1').max(10, '{key} must be 10 or less'),
        label: z.string({ error: '{key} must be text' }).trim().min(1).default('leerling'),
      },
      { error: '{key} must have min, max and label' },
    )
    .optional(),
  waves: z
    .array(
      z.object({
        id: z.string({ error: '{key} is required ([a-z0-9-]+)' }).regex(ID, '{key} must be lowercase letters, digits and dashes'),
        title: required('the wave title'),
        questionnaires: z.array(z.string({ error: '{key} must be a questionnaire id' }), { error: '{key} is required: a list of questionnaire ids' }).min(1, '{key} must name at least one questionnaire'),
        opens: opensSchema.default('start'),
        closesAfterDays: z.number({ error: '{key} must be a whole number of days' }).int('{key} must be a whole number of days').min(1, '{key} must be at least 1').optional(),
        beforeCourse: z.boolean({ error: '{key} must be true or false' }).default(false),
      }),
      { error: '{key} is required: a list of waves' },
    )
    .min(1, '{key} must have at least one wave'),
});
const STUDY_KEYS = ['title', 'consent', 'participation', 'pupils', 'waves'];

function readText(abs: string): string | null {
  try {
    return fs.readFileSync(abs, 'utf8');
  } catch {
    return null;
  }
}

/** Compiles `<root>/research/` when it exists; null (and nothing reported) when the course has no study. */
export function compileStudy(root: string, problems: Problems, md: Markdown): Study | null {
  const dir = path.join(root, RESEARCH_DIR);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) return null;
  const studyFile = `${RESEARCH_DIR}/study.yml`;
  const errorsBefore = problems.sorted().filter((d) => d.severity === 'error').length;
  // Links in a questionnaire may only point outside the course: the study is not a lesson.
  const context = (file: string): RenderContext => ({
    report: (line, message) => problems.error(file, line, message),
    resolve: (href) => ({ ok: false, message: `link "${href}" in the study must be a full address (https://...)` }),
  });

  const questionnaires = [];
  for (const name of fs.readdirSync(dir).sort()) {
    if (name === 'study.yml' || name.startsWith('.')) continue;
    const rel = `${RESEARCH_DIR}/${name}`;
    const match = QUESTIONNAIRE_FILE.exec(name);
    if (!match) {
      problems.warning(rel, 1, 'ignored: a questionnaire file must be named NN-slug.md (for example 02-relatie.md)');
      continue;
    }
    const q = parseQuestionnaire({ file: rel, id: match[2]!, source: readText(path.join(dir, name)) ?? '' }, md, context(rel), problems);
    if (q) questionnaires.push(q);
  }
  const seenQ = new Map<string, string>();
  for (const q of questionnaires) {
    const other = seenQ.get(q.id);
    if (other) problems.error(q.file, 1, `questionnaire id "${q.id}" is also used by ${other}`);
    seenQ.set(q.id, q.file);
  }

  const text = readText(path.join(dir, 'study.yml'));
  if (text === null) {
    problems.error(studyFile, 1, 'study.yml not found: a research/ folder needs one (title, consent, waves)');
    return null;
  }
  const parsed = parseYaml(text, studyFile, 1, problems);
  const data = parsed && validateYaml(parsed, studySchema, studyFile, problems, STUDY_KEYS);
  if (!parsed || !data) return null;
  const lineOf = parsed.lineOf;

  const waves: Wave[] = [];
  const waveIndex = new Map<string, number>();
  data.waves.forEach((w, index) => {
    if (waveIndex.has(w.id)) problems.error(studyFile, lineOf(['waves', index, 'id']), `wave id "${w.id}" is used twice; every wave needs its own id`);
    else waveIndex.set(w.id, index);
    for (const [k, qid] of w.questionnaires.entries()) {
      if (!seenQ.has(qid)) problems.error(studyFile, lineOf(['waves', index, 'questionnaires', k]), `wave "${w.id}" names questionnaire "${qid}", but research/ has no file NN-${qid}.md`);
    }
    let opens: WaveOpens;
    if (w.opens === 'start') opens = { kind: 'start' };
    else if (typeof w.opens === 'string') {
      opens = { kind: 'date', date: w.opens };
      if (Number.isNaN(Date.parse(`${w.opens}T00:00:00Z`))) problems.error(studyFile, lineOf(['waves', index, 'opens']), `wave "${w.id}" opens on "${w.opens}", which is not a date`);
    } else if (w.opens.after === 'course') opens = { kind: 'after-course', days: w.opens.days };
    else {
      const after = w.opens.after;
      const before = waveIndex.get(after);
      if (before === undefined || before >= index) {
        const known = data.waves.some((x) => x.id === after);
        problems.error(studyFile, lineOf(['waves', index, 'opens', 'after']), known ? `wave "${w.id}" opens after "${after}", which is not an earlier wave` : `wave "${w.id}" opens after "${after}": no such wave (or "course")`);
      }
      opens = { kind: 'after-wave', wave: after, days: w.opens.days };
    }
    waves.push({ id: w.id, index, title: w.title, questionnaires: w.questionnaires, opens, closesAfterDays: w.closesAfterDays ?? null, beforeCourse: w.beforeCourse });
  });
  if (data.waves.filter((w) => w.beforeCourse).length > 1) problems.error(studyFile, lineOf(['waves']), 'only one wave can be beforeCourse: the course waits for it and every wave before it');

  const used = new Set(data.waves.flatMap((w) => w.questionnaires));
  for (const q of questionnaires) {
    if (!used.has(q.id)) problems.warning(q.file, 1, `questionnaire "${q.id}" is in no wave`);
    if (q.about === 'pupil' && !data.pupils) problems.error(q.file, 1, 'about: pupil needs pupils (min, max, label) in study.yml');
  }
  if (data.pupils && data.pupils.min > data.pupils.max) problems.error(studyFile, lineOf(['pupils', 'min']), `pupils: min (${data.pupils.min}) is above max (${data.pupils.max})`);

  const errorsAfter = problems.sorted().filter((d) => d.severity === 'error').length;
  if (errorsAfter > errorsBefore) return null;
  md.begin(context(studyFile));
  const html = md.renderBlocks(md.lex(data.consent.text), { line: lineOf(['consent', 'text']), raw: data.consent.text });
  md.end();
  return {
    title: data.title,
    consent: { version: data.consent.version, text: data.consent.text, html },
    participation: data.participation,
    pupils: data.pupils ? { min: data.pupils.min, max: data.pupils.max, label: data.pupils.label } : null,
    waves,
    questionnaires,
  };
}
