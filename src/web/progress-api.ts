// What lesson pages report: watched video ranges and active study time as JSON beacons, and — from a
// page without JavaScript — that a video was watched, credited by the server's clock alone.
import { Router, type Request, type Response, type NextFunction } from 'express';
import { z } from 'zod';
import type { LiveCourse } from '../course/live';
import type { Video } from '../course/model';
import type { Stores } from '../db';
import type { StoredVideo } from '../db/progress';
import { creditWatched, isValidSegment, playableSeconds, secondsUntilPlayable, watchedFraction, type Segment } from '../learning/segments';
import { NBSP, percentBelow } from '../learning/numbers';
import { creditStudyTime } from '../learning/study-time';
import { lastSeenNeedsWrite } from '../learning/resume';
import { signedIn } from './guards';
import { findLesson, teacherOf, loadTeacher, locatedOf, moduleOpen, type TeacherDeps } from './teacher';
import { refreshCompletion } from '../teacher/completion';
import { withBody } from './validate';
import { HttpError } from './errors';
import { flash } from './flash';
import { lessonHref, videoElementId } from './course-links';

const MAX_SEGMENTS = 500;
const finite = (what: string) => z.number({ error: `${what} moet een getal zijn.` }).finite(`${what} moet een eindig getal zijn.`);
const lessonKey = z.string({ error: 'lesson ontbreekt ("module/les").' }).regex(/^[a-z0-9-]{1,100}\/[a-z0-9-]{1,100}$/, 'lesson moet de vorm "module/les" hebben.');

/** A video report's body (also what the bench's floor validates for the least a beacon must do). */
export const videoBeacon = z.object({
  lesson: lessonKey,
  src: z.string({ error: 'src ontbreekt.' }).min(1).max(300),
  watched: z
    .array(z.tuple([finite('Een begintijd'), finite('Een eindtijd')], { error: 'watched bevat een ongeldig deel; elk deel is [begin, eind].' }), { error: 'watched moet een lijst van [begin, eind] zijn.' })
    .max(MAX_SEGMENTS, `watched mag hoogstens ${MAX_SEGMENTS} delen bevatten.`),
  position: finite('position').min(0, 'position mag niet negatief zijn.'),
  duration: finite('duration').positive('duration moet groter dan 0 zijn.'),
});

const timeBeacon = z.object({
  lesson: lessonKey,
  seconds: finite('seconds').min(0, 'seconds mag niet negatief zijn.').max(3600, 'seconds is te groot.'),
});

/** Routes the beacon's "module/lesson" through the same lesson loader and lock as the pages. */
function lessonFromBody(req: Request, _res: Response, next: NextFunction): void {
  const [module, lesson] = String((req.body as { lesson?: unknown }).lesson).split('/');
  req.params = { ...req.params, module: module ?? '', lesson: lesson ?? '' };
  next();
}

/** Validates the JSON body and keeps the parsed value for the handler, before the lesson loader runs. */
function validBody(schema: z.ZodType) {
  return withBody(schema, (_req, res, input, next) => {
    res.locals.body = input;
    next();
  });
}

/** A transparent 1×1 GIF: what the <noscript> image shows (nothing). */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/** :n, the lesson's n-th video from 1 (as its transcript's address counts), with a known length; 404 otherwise. */
function nthVideo(req: Request, res: Response): { video: Video; duration: number } {
  const n = /^\d{1,3}$/.test(String(req.params.n)) ? Number(req.params.n) : 0;
  const video = locatedOf(res).lesson.videos[n - 1];
  if (!video || !(video.durationSeconds > 0)) throw new HttpError(404, 'Deze video bestaat niet in deze les.');
  return { video, duration: video.durationSeconds };
}

/**
 * Credits what was reported played of one of the lesson's videos, no more than can have been played
 * since its clock started (the first report, or the page without JavaScript being shown), and brings
 * the lesson's completion up to date.
 */
function creditVideo(deps: TeacherDeps, req: Request, res: Response, video: Video, duration: number, watched: Segment[], position: (previous: StoredVideo | undefined) => number) {
  const { course } = teacherOf(res);
  const { lesson } = locatedOf(res);
  const userId = req.user!.id;
  let sinceStart = 0;
  const saved = deps.stores.progress.updateVideo(
    userId,
    lesson.key,
    video.src,
    (previous, seconds) => {
      sinceStart = seconds;
      return { src: video.src, segments: creditWatched(previous?.segments ?? [], watched, duration, playableSeconds(seconds, duration)), position: position(previous), duration };
    },
    new Date(deps.now()),
    // Reports come every few seconds while a video plays; "last seen" is kept to the minute.
    lastSeenNeedsWrite(teacherOf(res).progress, lesson.key, deps.now()),
  );
  // The progress read for the lock check, with this video's new state, decides completion.
  const before = teacherOf(res).progress.get(lesson.key);
  const known = before && { ...before, videos: [...before.videos.filter((v) => v.src !== saved.src), saved] };
  refreshCompletion(deps.stores, course, userId, lesson, known, new Date(deps.now()).toISOString());
  return { saved, sinceStart };
}

export function progressApiRouter(deps: TeacherDeps): Router {
  const { stores } = deps;
  const router = Router();
  const learner = loadTeacher(deps);

  router.post('/api/progress/video', signedIn, validBody(videoBeacon), lessonFromBody, learner, findLesson, moduleOpen, (req, res) => {
    const input = res.locals.body as z.output<typeof videoBeacon>;
    const { course } = teacherOf(res);
    const { lesson } = locatedOf(res);
    const video = lesson.videos.find((v) => v.src === input.src);
    if (!video) throw new HttpError(400, `Deze les heeft geen video "${input.src}".`);
    // The file's own length decides what counts; the player's may differ a little (containers
    // disagree about edit lists and audio padding), so ranges are checked against the longer of the two.
    const duration = video.durationSeconds > 0 ? video.durationSeconds : input.duration;
    if (input.duration > duration * 1.5 + 5) throw new HttpError(400, `duration (${Math.round(input.duration)} s) past niet bij deze video (${Math.round(duration)} s).`);
    const limit = Math.max(duration, input.duration);
    const bad = input.watched.find((seg) => !isValidSegment(seg as unknown, limit)) as Segment | undefined;
    if (bad) throw new HttpError(400, `Ongeldig bekeken deel [${bad.join(', ')}]: elk deel moet 0 ≤ begin < eind ≤ ${Math.round(limit)} seconden zijn.`);
    if (input.position > limit + 1) throw new HttpError(400, `position ligt na het einde van de video (${Math.round(limit)} s).`);
    const { saved } = creditVideo(deps, req, res, video, duration, input.watched as Segment[], () => Math.min(input.position, duration));
    res.setHeader('X-Steun-Watched', String(percentBelow(watchedFraction(saved.segments, duration), course.videoCompletion)));
    res.status(204).end();
  });

  // Without JavaScript nothing reports playing. The lesson page's <noscript> shows this image, which
  // starts the video's clock when such a page is shown (as the player's first report does when play
  // is pressed; a clock that runs already keeps its start). A script-running browser never loads it.
  router.get('/course/:module/:lesson/video/:n/shown', signedIn, learner, findLesson, moduleOpen, (req, res) => {
    const { video, duration } = nthVideo(req, res);
    stores.progress.updateVideo(req.user!.id, locatedOf(res).lesson.key, video.src, (previous) => previous ?? { src: video.src, segments: [], position: 0, duration }, new Date(deps.now()));
    res.type('image/gif').send(PIXEL);
  });

  // "Ik heb de video bekeken" from that <noscript>: the whole video is credited as far as the time
  // since its clock started allows (playableSeconds, as for the player's reports), so a claim can
  // never be faster than the video played at its fastest speed; what does not fit yet counts when the
  // teacher sends it again later. Nothing stays locked for ever: time passes.
  router.post('/course/:module/:lesson/video/:n', signedIn, learner, findLesson, moduleOpen, (req, res) => {
    const { course } = teacherOf(res);
    const { module, lesson } = locatedOf(res);
    const { video, duration } = nthVideo(req, res);
    const { saved, sinceStart } = creditVideo(deps, req, res, video, duration, [[0, duration]], (previous) => previous?.position ?? 0);
    const fraction = watchedFraction(saved.segments, duration);
    if (fraction + 1e-9 >= course.videoCompletion) {
      flash(req, 'success', `De video ‘${video.title}’ telt als bekeken.`);
    } else {
      // The seconds until the clock allows what counts, at the fastest speed the player offers.
      const wait = Math.max(1, Math.ceil(secondsUntilPlayable(course.videoCompletion * duration) - sinceStart));
      flash(
        req,
        'info',
        `De video ‘${video.title}’ telt nu voor ${percentBelow(fraction, course.videoCompletion)}${NBSP}% als bekeken: hij telt pas helemaal als de pagina er lang genoeg voor open heeft gestaan. Kijk hem af en druk dan nog eens op ‘Ik heb de video bekeken’ (dat kan over ${wait < 90 ? `${wait} seconden` : `ongeveer ${Math.ceil(wait / 60)} minuten`}).`,
      );
    }
    res.redirect(303, `${lessonHref(module.slug, lesson.slug)}#${videoElementId(video.src)}`);
  });

  router.post('/api/progress/time', signedIn, validBody(timeBeacon), lessonFromBody, learner, findLesson, moduleOpen, (req, res) => {
    const input = res.locals.body as z.output<typeof timeBeacon>;
    const { lesson } = locatedOf(res);
    const now = deps.now();
    stores.progress.addActiveSeconds(req.user!.id, lesson.key, (clock) => creditStudyTime(input.seconds, now, clock), new Date(now));
    res.status(204).end();
  });

  return router;
}
