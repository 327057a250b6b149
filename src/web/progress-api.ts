// JSON beacons from lesson pages: watched video ranges and active study time.
import { Router, type Request, type Response, type NextFunction } from 'express';
import { z } from 'zod';
import type { LiveCourse } from '../course/live';
import type { Stores } from '../db';
import { creditWatched, isValidSegment, playableSeconds, watchedFraction, type Segment } from '../learning/segments';
import { percentBelow } from '../learning/numbers';
import { creditStudyTime } from '../learning/study-time';
import { signedIn } from './guards';
import { findLesson, teacherOf, loadTeacher, locatedOf, moduleOpen, type TeacherDeps } from './teacher';
import { refreshCompletion } from '../teacher/completion';
import { withBody } from './validate';
import { HttpError } from './errors';

const MAX_SEGMENTS = 500;
const finite = (what: string) => z.number({ error: `${what} moet een getal zijn.` }).finite(`${what} moet een eindig getal zijn.`);
const lessonKey = z.string({ error: 'lesson ontbreekt ("module/les").' }).regex(/^[a-z0-9-]{1,100}\/[a-z0-9-]{1,100}$/, 'lesson moet de vorm "module/les" hebben.');

const videoBeacon = z.object({
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
    const userId = req.user!.id;
    // Whatever the report claims, no more is credited than can have been played since the first
    // report about this video (the player sends one with nothing watched when it starts playing).
    const saved = stores.progress.updateVideo(
      userId,
      lesson.key,
      video.src,
      (previous, sinceStart) => ({
        src: video.src,
        segments: creditWatched(previous?.segments ?? [], input.watched as Segment[], duration, playableSeconds(sinceStart, duration)),
        position: Math.min(input.position, duration),
        duration,
      }),
      new Date(deps.now()),
    );
    // The progress read for the lock check, with this video's new state, decides completion.
    const before = teacherOf(res).progress.get(lesson.key);
    const known = before && { ...before, videos: [...before.videos.filter((v) => v.src !== saved.src), saved] };
    refreshCompletion(stores, course, userId, lesson, known, new Date(deps.now()).toISOString());
    res.setHeader('X-Steun-Watched', String(percentBelow(watchedFraction(saved.segments, duration), course.videoCompletion)));
    res.status(204).end();
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
