// Transcripts of the course's videos, made from their captions: read once per compiled course, shown
// under each player and on a printable page of their own.
import fs from 'node:fs';
import path from 'node:path';
import { Router } from 'express';
import type { Course, Video } from '../course/model';
import type { LiveCourse } from '../course/live';
import type { Stores } from '../db';
import { transcriptParagraphs } from '../course/transcript';
import { signedIn } from './guards';
import { findLesson, teacherOf, loadTeacher, locatedOf, moduleOpen, type TeacherDeps } from './teacher';
import { HttpError } from './errors';
import { lessonHref, videoElementId } from './course-links';
import { escapeHtml } from './views';

// A recompiled course is a new object, so edited captions are read again. The paragraphs are kept as
// HTML too, escaped once: a transcript is a few KB of text whose escaping every lesson page paid for.
const read = new WeakMap<Course, Map<string, Transcript>>();

export interface Transcript {
  paragraphs: string[];
  /** Each paragraph as <p>, escaped as the views escape. */
  html: string;
}

export function transcriptFor(course: Course, video: Video): Transcript {
  let known = read.get(course);
  if (!known) read.set(course, (known = new Map()));
  let transcript = known.get(video.captions);
  if (!transcript) {
    let paragraphs: string[];
    try {
      paragraphs = transcriptParagraphs(fs.readFileSync(path.join(course.dir, 'media', video.captions), 'utf8'));
    } catch {
      // The compiler checked the file exists; if it went missing since, the page simply has no transcript.
      paragraphs = [];
    }
    transcript = { paragraphs, html: paragraphs.map((p) => `<p>${escapeHtml(p)}</p>\n`).join('') };
    known.set(video.captions, transcript);
  }
  return transcript;
}

/** The transcript page's address for the lesson's video at `index` (0-based). */
export function transcriptRouter(deps: TeacherDeps): Router {
  const router = Router();
  router.get('/course/:module/:lesson/tekst/:video', signedIn, loadTeacher(deps), findLesson, moduleOpen, (req, res) => {
    const { course } = teacherOf(res);
    const { module, lesson } = locatedOf(res);
    const n = /^\d{1,3}$/.test(String(req.params.video)) ? Number(req.params.video) : NaN;
    const video = lesson.videos[n - 1];
    if (!video) throw new HttpError(404, 'Deze les heeft geen video met dit nummer.');
    res.render('course/transcript', {
      title: `Tekst van de video ‘${video.title}’`,
      language: course.language,
      module,
      lesson,
      video,
      transcript: transcriptFor(course, video),
      backHref: `${lessonHref(module.slug, lesson.slug)}#${videoElementId(video.src)}`,
    });
  });
  return router;
}
