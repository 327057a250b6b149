// The course's media/ folder: which files exist, how paths in lessons resolve into it, and how long a video is.
import fs from 'node:fs';
import path from 'node:path';
import { onFirstUse } from '../first-use';

export const VIDEO_TYPES: Record<string, string> = { '.mp4': 'video/mp4', '.webm': 'video/webm' };

/** Every file below media/, as paths relative to media/ with forward slashes. */
export function listMedia(courseDir: string): Set<string> {
  const root = path.join(courseDir, 'media');
  const files = new Set<string>();
  const walk = (dir: string, prefix: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      if (e.isDirectory()) walk(path.join(dir, e.name), `${prefix}${e.name}/`);
      else if (e.isFile()) files.add(`${prefix}${e.name}`);
    }
  };
  walk(root, '');
  return files;
}

export type Resolved =
  | { kind: 'lesson'; target: string; anchor: string }
  | { kind: 'media'; target: string }
  | { kind: 'outside'; target: string };

/** Resolves a relative href written in `fromFile` (both relative to the course folder). */
export function resolveRelative(fromFile: string, href: string): Resolved {
  const hash = href.indexOf('#');
  const rawPath = hash >= 0 ? href.slice(0, hash) : href;
  const anchor = hash >= 0 ? href.slice(hash + 1) : '';
  let decoded = rawPath;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    /* keep it as written; it will simply not be found */
  }
  const target = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), decoded));
  if (target === '..' || target.startsWith('../') || path.posix.isAbsolute(target)) return { kind: 'outside', target };
  if (target.endsWith('.md')) return { kind: 'lesson', target, anchor };
  if (target.startsWith('media/')) return { kind: 'media', target: target.slice('media/'.length) };
  return { kind: 'outside', target };
}

type ParseFile = (file: string, options?: { duration?: boolean; skipCovers?: boolean }) => Promise<{ format: { duration?: number } }>;
// music-metadata is ESM-only; Node 20.19+ can require() it synchronously, at the first video.
const musicMetadata = onFirstUse(() => require('music-metadata') as { parseFile: ParseFile });

/** Length of a video file in seconds, read from its container (music-metadata). */
export async function videoDuration(file: string): Promise<number> {
  const meta = await musicMetadata().parseFile(file, { duration: true, skipCovers: true });
  const seconds = meta.format.duration;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) throw new Error('geen speelduur gevonden in het bestand');
  return seconds;
}
