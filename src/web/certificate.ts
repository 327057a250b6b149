// The certificate for a completed course, and its public verification page.
import { Router } from 'express';
import type { LiveCourse } from '../course/live';
import type { Stores } from '../db';
import { writeCertificatePdf, dutchDate } from '../certificate/pdf';
import { remainingItems, learnerOf, loadLearner, type Learner } from './learner';
import { nextStepHref } from '../learning/course-state';
import { signedIn } from './guards';
import { publicBase } from './mail-context';
import { HttpError } from './errors';

/** When the course became complete: the latest completion of any lesson or passed quiz. */
export function completionDate(learner: Learner): string {
  let latest = '';
  for (const m of learner.course.modules) {
    for (const l of m.lessons) {
      const at = learner.progress.get(l.key)?.completedAt ?? '';
      if (at > latest) latest = at;
    }
    const passedAt = learner.quizzes.get(m.slug)?.passedAt ?? '';
    if (m.quiz && passedAt > latest) latest = passedAt;
  }
  return latest || new Date().toISOString();
}

export function certificateRouter(deps: { course: LiveCourse; stores: Stores; baseUrl: string | undefined }): Router {
  const { stores } = deps;
  const router = Router();

  router.get('/certificate', signedIn, loadLearner(deps), (req, res) => {
    const learner = learnerOf(res);
    const settings = learner.course.certificate;
    if (!settings) throw new HttpError(404, 'Deze cursus geeft geen certificaat.');
    if (!learner.state.complete) {
      res.status(403).render('course/locked', {
        title: 'Nog geen certificaat',
        explanation: 'Je krijgt je certificaat zodra je alle modules hebt afgerond.',
        remaining: remainingItems(learner.state.modules.filter((m) => m.state !== 'locked').flatMap((m) => m.remaining)),
        continueHref: nextStepHref(learner.state.next),
      });
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
    res.setHeader('Content-Disposition', `attachment; filename="certificaat-${certificate.code}.pdf"`);
    writeCertificatePdf({ ...certificate, verifyUrl: `${publicBase(req, deps.baseUrl)}/certificate/verify/${certificate.code}` }, res);
  });

  router.get('/certificate/verify/:code', (req, res) => {
    const certificate = /^[A-Za-z0-9-]{4,40}$/.test(String(req.params.code)) ? stores.certificates.byCode(String(req.params.code)) : undefined;
    if (!certificate) throw new HttpError(404, 'Er is geen certificaat met deze code. Controleer de code op het certificaat.');
    res.render('certificate-verify', { title: 'Certificaat controleren', certificate, date: dutchDate(certificate.completedAt) });
  });

  return router;
}
