// The course's media/ folder under /media/: signed in only, range requests for seeking, ETag and
// cache headers, known types only, no way out of the folder, and a locked module's media locked too.
import fs from 'node:fs';
import path from 'node:path';
import { Router, type Request, type Response, type NextFunction } from 'express';
import type { LiveCourse } from '../course/live';
import type { Stores } from '../db';
import { mediaUsage } from '../course/media-usage';
import { signedIn } from './guards';
import { teacherOf, loadTeacher, type TeacherDeps } from './teacher';
import { HttpError } from './errors';
import { knownWidth, resizable, webpVariant, IMAGE_WIDTHS } from './image-variants';

const SERVED = new Set(['.mp4', '.webm', '.vtt', '.jpg', '.jpeg', '.png', '.gif', '.webp', '.svg', '.pdf', '.mp3']);

function mediaPath(req: Request): string {
  const raw = (req.params as { file?: string | string[] }).file;
  const segments = Array.isArray(raw) ? raw : String(raw ?? '').split('/');
  const ok = segments.length > 0 && segments.every((s) => s !== '' && s !== '.' && s !== '..' && !/[\\/\0]/.test(s) && !s.startsWith('.'));
  if (!ok || !SERVED.has(path.extname(segments.at(-1) ?? '').toLowerCase())) throw new HttpError(404, 'Dit bestand bestaat niet.');
  return segments.join('/');
}

export function mediaRouter(deps: TeacherDeps & { production: boolean }): Router {
  const router = Router();

  const mediaOpen = (req: Request, res: Response, next: NextFunction) => {
    const file = mediaPath(req);
    res.locals.mediaFile = file;
    const { course, state } = teacherOf(res);
    const usedBy = mediaUsage(course).get(file);
    // Used only by locked modules (locked by an earlier module or by a hold on the course, such as
    // the study's measurement before it): locked. Used by an open module, or by none: free for signed-in people.
    if (usedBy && usedBy.length > 0 && usedBy.every((i) => state.modules[i]?.state === 'locked')) {
      return next(new HttpError(403, 'Deze video hoort bij een module die nog op slot zit.'));
    }
    next();
  };

  const cacheControl = deps.production ? 'private, max-age=86400' : 'private, no-cache';

  // ?w=<width>: an image in WebP at one of a few widths (a poster at the size a page shows it).
  const variant = async (req: Request, res: Response, next: NextFunction) => {
    if (req.query.w === undefined) return next();
    const file = res.locals.mediaFile as string;
    const width = knownWidth(req.query.w);
    if (width === null || !resizable(file)) throw new HttpError(400, `Dit beeld bestaat alleen in de breedtes ${IMAGE_WIDTHS.join(' en ')}.`);
    const full = path.join(deps.course.course.dir, 'media', file);
    let stat: fs.Stats;
    try {
      stat = await fs.promises.stat(full);
    } catch {
      throw new HttpError(404, 'Dit bestand bestaat niet.');
    }
    const body = await webpVariant(full, stat.mtimeMs, width);
    // A picture the converter cannot read is sent as the author made it.
    if (!body) return next();
    res.set({ 'Cache-Control': cacheControl, 'X-Content-Type-Options': 'nosniff', ETag: `W/"${Math.round(stat.mtimeMs).toString(36)}-${width}"`, 'Last-Modified': stat.mtime.toUTCString() });
    if (req.fresh) return void res.status(304).end();
    res.type('image/webp').send(body);
  };

  router.get('/media/*file', signedIn, loadTeacher(deps), mediaOpen, variant, (req, res, next) => {
    res.sendFile(
      res.locals.mediaFile as string,
      {
        root: path.join(deps.course.course.dir, 'media'),
        dotfiles: 'deny',
        acceptRanges: true,
        etag: true,
        lastModified: true,
        headers: { 'Cache-Control': cacheControl, 'X-Content-Type-Options': 'nosniff' },
      },
      (err?: Error & { status?: number; code?: string }) => {
        if (!err) return;
        if (res.headersSent) return;
        if (err.code === 'ENOENT' || err.status === 404) return next(new HttpError(404, 'Dit bestand bestaat niet.'));
        if (err.status === 416) return next(new HttpError(416, 'Dit deel van het bestand bestaat niet.'));
        next(err.status && err.status < 500 ? new HttpError(err.status, 'Dit bestand kan niet worden geleverd.') : err);
      },
    );
  });
  return router;
}
