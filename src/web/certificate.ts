// The certificate for a completed course, and its public verification page.
import { Router } from 'express';
import type { LiveCourse } from '../course/live';
import type { Stores } from '../db';
import { writeCertificatePdf, dutchHours, certificateFileName } from '../certificate/pdf';
import { dutchDate } from '../learning/dates';
import { opensWhen } from '../learning/remaining-text';
import { remainingItems, learnerOf, loadLearner } from './learner';
import type { Learner } from '../learner/read';
import { nextStepHref } from '../learning/course-state';
import { signedIn } from './guards';
import { publicBase } from './mail-context';
import { HttpError } from './errors';
import { studyMinimum } from '../learning/study-minimum';
import { durationText, minutesText } from '../learning/numbers';
import { courseCompletedAt } from '../learner/study';

/** When the course became complete (a course with nothing to complete: now). */
export function completionDate(learner: Learner): string {
  return courseCompletedAt(learner.course, learner) ?? new Date().toISOString();
}

const CERTIFICATE_CSS = '/static/css/certificate.css';

/**
 * Everything that stands between the teacher and the certificate, module by module: what remains
 * in an open module (with links), and for a locked module its lessons and when it opens.
 */
export function notYet(learner: Learner) {
  const { course, state } = learner;
  const modules = state.modules
    .filter((m) => m.state !== 'complete')
    .map((m) => {
      const module = course.modules[m.index]!;
      const items = remainingItems(m.remaining).map((item) => (m.state === 'locked' ? { ...item, href: null } : item));
      return {
        index: m.index,
        title: module.title,
        locked: m.state === 'locked',
        opens: m.lockedBy !== null ? `Gaat open ${opensWhen(m.index, m.lockedBy)}.` : '',
        minutesLeft: durationText(m.minutesLeft),
        items,
      };
    });
  const next = state.next;
  const nextModule = next.kind === 'certificate' ? null : course.modules.find((m) => m.slug === next.moduleSlug);
  const nextLesson = next.kind === 'lesson' ? nextModule?.lessons.find((l) => l.slug === next.lessonSlug) : undefined;
  const nextText = !nextModule
    ? ''
    : nextLesson
      ? `Module ${nextModule.index + 1} · les ${nextLesson.index + 1}: ${nextLesson.title} · ${minutesText(nextLesson.minutes)}`
      : `Module ${nextModule.index + 1} · de toets: ${nextModule.quiz?.title ?? 'toets'}`;
  return {
    modules,
    nextText,
    minutesLeft: durationText(state.minutesLeft),
    modulesDone: state.modules.length - modules.length,
    modulesTotal: state.modules.length,
    continueHref: nextStepHref(state.next),
  };
}

export function certificateRouter(deps: { course: LiveCourse; stores: Stores; baseUrl: string | undefined }): Router {
  const { stores } = deps;
  const router = Router();

  router.get('/certificate', signedIn, loadLearner(deps), (req, res) => {
    const learner = learnerOf(res);
    const settings = learner.course.certificate;
    if (!settings) throw new HttpError(404, 'Deze cursus geeft geen certificaat.');
    const minimum = studyMinimum(learner.course, learner.progress);
    if (!learner.state.complete || !minimum.met) {
      res.status(403).render('certificate-not-yet', { title: 'Nog geen certificaat', styles: [CERTIFICATE_CSS], ...notYet(learner), minimum, complete: learner.state.complete });
      return;
    }
    const user = req.user!;
    const certificate = stores.certificates.issue({
      userId: user.id,
      name: user.name,
      courseTitle: learner.course.title,
      hours: settings.hours,
      issuer: settings.issuer,
      completedAt: completionDate(learner),
    });
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `attachment; filename="${certificateFileName(certificate.courseTitle, certificate.name)}"`);
    writeCertificatePdf(
      {
        ...certificate,
        school: user.schoolId === null ? null : (stores.accounts.schoolById(user.schoolId)?.name ?? null),
        modules: learner.course.modules.map((m) => m.title),
        signatory: settings.signatory,
        verifyUrl: `${publicBase(req, deps.baseUrl)}/certificate/verify/${certificate.code}`,
      },
      res,
    );
  });

  router.get('/certificate/verify/:code', (req, res) => {
    const certificate = /^[A-Za-z0-9-]{4,40}$/.test(String(req.params.code)) ? stores.certificates.byCode(String(req.params.code)) : undefined;
    if (!certificate) throw new HttpError(404, 'Er is geen certificaat met deze code. Controleer de code op het certificaat.');
    res.render('certificate-verify', { title: 'Certificaat controleren', certificate, date: dutchDate(certificate.completedAt), hours: dutchHours(certificate.hours), styles: [CERTIFICATE_CSS] });
  });

  return router;
}
