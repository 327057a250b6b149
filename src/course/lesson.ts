// One lesson file: front matter, markdown parts, and the video, reflection and exercise blocks.
import type { Tokens } from 'marked';
import type { Exercise, LessonPart, Reflection, Video } from './model';
import type { Markdown, RenderContext } from './markdown';
import { positioned } from './markdown';
import { parseQuestions } from './quiz';
import { parseYaml, validateYaml } from './yaml';
import { videoSchema, VIDEO_KEYS, reflectionSchema, REFLECTION_KEYS, exerciseSchema, EXERCISE_KEYS } from './schemas';
import { resolveRelative, VIDEO_TYPES } from './media';
import type { Problems } from './problems';

export interface LessonBody {
  parts: LessonPart[];
  videos: Video[];
  reflections: Reflection[];
  exercises: Exercise[];
  words: number;
  /** Videos whose length must still be read from disk: the object is filled in before freezing. */
  pendingDurations: { video: { durationSeconds: number }; mediaPath: string; file: string; line: number }[];
}

export interface LessonEnv {
  md: Markdown;
  problems: Problems;
  mediaFiles: Set<string>;
  context: (file: string) => RenderContext;
}

const BLOCKS = new Set(['video', 'reflection', 'exercise']);

export function countWords(html: string): number {
  const text = html.replace(/<[^>]+>/g, ' ').replace(/&[a-z#0-9]+;/gi, ' ');
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

export function compileLessonBody(file: string, body: string, firstLine: number, env: LessonEnv): LessonBody {
  const { md, problems } = env;
  const out: LessonBody = { parts: [], videos: [], reflections: [], exercises: [], words: 0, pendingDurations: [] };
  const source = body.replace(/\r\n?/g, '\n');
  md.begin(env.context(file));
  const ids = new Map<string, number>();
  let pending: { tokens: Tokens.Generic[]; line: number; raw: string } | null = null;
  const flush = () => {
    if (!pending) return;
    const html = md.renderBlocks(pending.tokens, { line: pending.line, raw: pending.raw });
    if (html.trim()) {
      out.parts.push({ kind: 'html', html });
      out.words += countWords(html);
    }
    pending = null;
  };
  const uniqueId = (id: string, line: number, kind: string): boolean => {
    const seen = ids.get(id);
    if (seen !== undefined) {
      problems.error(file, line, `${kind} "${id}" wordt al gebruikt in deze les (regel ${seen})`);
      return false;
    }
    ids.set(id, line);
    return true;
  };

  for (const { token, line } of positioned(md.lex(source), source, firstLine)) {
    const lang = token.type === 'code' ? ((token as Tokens.Code).lang ?? '').trim() : '';
    if (!BLOCKS.has(lang)) {
      pending ??= { tokens: [], line, raw: '' };
      pending.tokens.push(token);
      pending.raw += token.raw;
      continue;
    }
    flush();
    const code = token as Tokens.Code;
    const inner = line + 1;
    if (lang === 'video') {
      const video = compileVideo(file, code.text, inner, env);
      if (video) {
        out.videos.push(video.video);
        out.parts.push({ kind: 'video', video: video.video });
        out.pendingDurations.push({ video: video.video, mediaPath: video.mediaPath, file, line: video.srcLine });
      }
    } else if (lang === 'reflection') {
      const parsed = parseYaml(code.text, file, inner, problems);
      const data = parsed && validateYaml(parsed, reflectionSchema, file, problems, REFLECTION_KEYS);
      if (parsed && data && uniqueId(data.id, parsed.lineOf(['id']), 'id van de reflectie')) {
        const reflection = { id: data.id, prompt: data.prompt };
        out.reflections.push(reflection);
        out.parts.push({ kind: 'reflection', reflection });
      }
    } else {
      const exercise = compileExercise(file, code.text, inner, env, uniqueId);
      if (exercise) {
        out.exercises.push(exercise);
        out.parts.push({ kind: 'exercise', exercise });
      }
    }
  }
  flush();
  md.end();
  return out;
}

function compileVideo(file: string, yaml: string, line: number, env: LessonEnv): { video: Video; mediaPath: string; srcLine: number } | null {
  const { problems } = env;
  const parsed = parseYaml(yaml, file, line, problems);
  const data = parsed && validateYaml(parsed, videoSchema, file, problems, VIDEO_KEYS);
  if (!parsed || !data) return null;
  let ok = true;
  const media = (key: 'src' | 'captions' | 'poster', value: string, label: string): string | null => {
    const r = resolveRelative(file, value);
    const at = parsed.lineOf([key]);
    if (r.kind !== 'media') {
      problems.error(file, at, `${label} "${value}" moet een bestand in de map media/ van de cursus zijn`);
      return null;
    }
    if (!env.mediaFiles.has(r.target)) {
      problems.error(file, at, `${label} "${value}" niet gevonden`);
      return null;
    }
    return r.target;
  };
  const ext = /\.[^./]+$/.exec(data.src)?.[0]?.toLowerCase() ?? '';
  const type = VIDEO_TYPES[ext];
  if (!type) {
    problems.error(file, parsed.lineOf(['src']), `video "${data.src}" moet een .mp4-bestand (H.264/AAC) of een .webm-bestand zijn`);
    ok = false;
  }
  if (!data.captions.toLowerCase().endsWith('.vtt')) {
    problems.error(file, parsed.lineOf(['captions']), `ondertitels "${data.captions}" moeten een WebVTT-bestand (.vtt) zijn`);
    ok = false;
  }
  const src = type ? media('src', data.src, 'video') : null;
  const captions = data.captions.toLowerCase().endsWith('.vtt') ? media('captions', data.captions, 'ondertitels') : null;
  const poster = data.poster === undefined ? null : media('poster', data.poster, 'poster');
  if (!ok || !src || !captions || (data.poster !== undefined && !poster)) return null;
  return { video: { src, type: type!, captions, poster, title: data.title, durationSeconds: 0 }, mediaPath: src, srcLine: parsed.lineOf(['src']) };
}

function compileExercise(
  file: string,
  text: string,
  line: number,
  env: LessonEnv,
  uniqueId: (id: string, line: number, kind: string) => boolean,
): Exercise | null {
  const { problems, md } = env;
  const lines = text.split('\n');
  const sep = lines.findIndex((l) => l.trim() === '---');
  if (sep < 0) {
    problems.error(file, line, 'een oefening begint met een YAML-kop (id: ...), dan een regel ---, dan de vragen');
    return null;
  }
  const parsed = parseYaml(lines.slice(0, sep).join('\n'), file, line, problems);
  const data = parsed && validateYaml(parsed, exerciseSchema, file, problems, EXERCISE_KEYS);
  const questions = parseQuestions({ body: lines.slice(sep + 1).join('\n'), firstLine: line + sep + 1 }, md, {
    error: (l, m) => problems.error(file, l, m),
    warning: (l, m) => problems.warning(file, l, m),
  });
  if (questions.length === 0) problems.error(file, line + sep, 'de oefening heeft geen vragen (een kop ## met opties - [ ] / - [x])');
  if (!parsed || !data || !uniqueId(data.id, parsed.lineOf(['id']), 'id van de oefening')) return null;
  return { id: data.id, shuffle: data.shuffle, questions };
}
