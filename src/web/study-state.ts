// The study's state as the course's pages use it: loaded with the learner (src/learner/study.ts);
// while the course waits for the study, its pages say why.
import type { Request, Response } from 'express';
import type { TeacherStudy } from '../learner/study';

export function teacherStudyOf(res: Response): TeacherStudy | null {
  return (res.locals.teacherStudy as TeacherStudy | null | undefined) ?? null;
}

/** While the course waits for the study, its lessons answer 403 with a page that says why and links to /study. Returns true when it answered. */
export function answeredWithStudyLock(req: Request, res: Response): boolean {
  const wait = teacherStudyOf(res)?.wait;
  if (!wait) return false;
  const explanation =
    wait.reason === 'consent'
      ? 'De cursus hoort bij een onderzoek. Lees eerst wat het onderzoek inhoudt en laat weten of je meedoet; daarna gaat de cursus open.'
      : `De cursus gaat open als de ${wait.status.wave.title.toLowerCase()} van het onderzoek klaar of gesloten is.`;
  res.status(403);
  if (req.path.startsWith('/api/') || req.accepts(['html', 'json']) === 'json') {
    res.json({ error: `De cursus wacht op het onderzoek. ${explanation}` });
    return true;
  }
  res.render('study/locked', { title: 'De cursus wacht nog even', explanation });
  return true;
}
