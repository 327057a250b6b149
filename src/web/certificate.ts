// The certificate for a completed course, and its public verification page.
import { Router } from 'express';
import type { LiveCourse } from '../course/live';
import type { Stores } from '../db';
import { writeCertificatePdf, dutchHours, certificateFileName } from '../certificate/pdf';
import { dutchClock, dutchDate } from '../learning/dates';
import { lockText, moduleRemainingText } from '../learning/remaining-text';
import { remainingItems, teacherOf, loadTeacher, type TeacherDeps } from './teacher';
import type { Teacher } from '../teacher/read';
import { signedIn } from './guards';
import { publicBase } from './mail-context';
import { HttpError } from './errors';
import { studyTimeShortText, wayOn } from '../learning/standing';
import { aboutDuration, minutesText } from '../learning/numbers';

const CERTIFICATE_CSS = '/static/css/certificate.css';

/**
 * Everything that stands between the teacher and the certificate, one line per module: what remains
 * (minutes, lessons, the quiz), and for a locked module why. Only the current module — the first
 * that is not complete — opens its items (linked); the others keep theirs folded.
 */
export function notYet(teacher: Teacher, now: number) {
  const { course, state, standing } = teacher;
  const current = state.modules.find((m) => m.state !== 'complete')?.index ?? -1;
  const modules = state.modules.map((m) => {
    const module = course.modules[m.index]!;
    const locked = m.state === 'locked';
    return {
      index: m.index,
      title: module.title,
      complete: m.state === 'complete',
      locked,
      current: m.index === current,
      line: m.state === 'complete' ? '' : moduleRemainingText(m),
      opens: lockText(m),
      items: remainingItems(m.remaining).map((item) => (locked ? { ...item, href: null } : item)),
    };
  });
  const left = modules.filter((m) => !m.complete).length;
  const next = state.next;
  const nextModule = next.kind === 'lesson' || next.kind === 'quiz' ? course.modules.find((m) => m.slug === next.moduleSlug) : undefined;
  const nextLesson = next.kind === 'lesson' ? nextModule?.lessons.find((l) => l.slug === next.lessonSlug) : undefined;
  const nextText = next.kind === 'hold'
    ? next.hold.title
    : !nextModule
    ? ''
    : nextLesson
      ? `Module ${nextModule.index + 1} · les ${nextLesson.index + 1}: ${nextLesson.title} · ${minutesText(nextLesson.minutes)}`
      : `Module ${nextModule.index + 1} · de toets: ${nextModule.quiz?.title ?? 'toets'}`;
  // A quiz that waits after a failed attempt cannot be opened yet: the way on is rereading, as on the overview.
  const waitingQuiz = next.kind === 'quiz' && nextModule ? state.modules[nextModule.index]!.quiz?.retryAt ?? null : null;
  const rereading = waitingQuiz !== null && waitingQuiz > now && nextModule?.lessons[0] ? nextModule : null;
  const time = standing.studyTime;
  return {
    modules,
    modulesLeft: left,
    nextText: rereading ? `${nextText} · opnieuw te maken vanaf ${dutchClock(new Date(waitingQuiz!))}` : nextText,
    minutesLeft: aboutDuration(state.minutesLeft),
    modulesDone: state.modules.length - left,
    modulesTotal: state.modules.length,
    continueHref: rereading ? `/course/${rereading.lessons[0]!.key}` : wayOn(next, standing).href,
    continueText: rereading ? 'Lees de lessen nog eens' : next.kind === 'hold' ? next.hold.linkText : 'Ga verder',
    // Every module complete and study time short: the same words as the overview and the report.
    studyTimeText: standing.status === 'studietijd' ? studyTimeShortText(time) : null,
    // Before that, the second condition is named too, with the minutes as the overview's meter has them.
    studyTimeLine: standing.status === 'studietijd' ? null : time.met ? `Je studietijd is al genoeg: ${minutesText(time.studiedMinutes)}.` : `Het certificaat vraagt ook studietijd: je hebt ${minutesText(time.studiedMinutes)} van de ${minutesText(time.requiredMinutes)}.`,
  };
}

export function certificateRouter(deps: TeacherDeps & { baseUrl: string | undefined }): Router {
  const { stores } = deps;
  const router = Router();

  router.get('/certificate', signedIn, loadTeacher(deps), (req, res) => {
    const teacher = teacherOf(res);
    const settings = teacher.course.certificate;
    if (!settings) throw new HttpError(404, 'Deze cursus geeft geen certificaat.');
    // Not yet: a page that says what is missing (linked from the overview, /me and the last quiz, so not an error).
    if (!teacher.standing.certificateReady) {
      res.setHeader('Cache-Control', 'no-store');
      res.render('certificate-not-yet', { title: 'Nog geen certificaat', styles: [CERTIFICATE_CSS], ...notYet(teacher, deps.now()), complete: teacher.standing.modulesComplete });
      return;
    }
    const user = req.user!;
    const certificate = stores.certificates.issue({
      userId: user.id,
      name: user.name,
      courseTitle: teacher.course.title,
      hours: settings.hours,
      issuer: settings.issuer,
      completedAt: teacher.completedOn ?? new Date(deps.now()).toISOString(),
    });
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `attachment; filename="${certificateFileName(certificate.courseTitle, certificate.name)}"`);
    writeCertificatePdf(
      {
        ...certificate,
        school: user.schoolId === null ? null : (stores.accounts.schoolById(user.schoolId)?.name ?? null),
        modules: teacher.course.modules.map((m) => m.title),
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
