// The signed-in start page: the next step named on top (module, lesson, minutes), the current module
// open with its lessons, finished modules in one line, locked modules with what opens them.
import { Router, type RequestHandler } from 'express';
import type { LiveCourse } from '../course/live';
import type { Course } from '../course/model';
import type { Stores } from '../db';
import type { StoredLessonProgress } from '../db/progress';
import type { CourseState } from '../learning/course-state';
import { opensWhen } from '../learning/remaining-text';
import { durationText, wholePercent } from '../learning/numbers';
import { resumeStep } from '../learning/resume';
import { signedIn } from './guards';
import { learnerOf, loadLearner } from './learner';
import { videoElementId } from './course-links';
import { staffLanding } from './landing';
import { dutchClock } from '../learning/dates';
import { teacherStudyOf } from './study-state';

export interface NextStepCard {
  /** "2.3 Wat je ziet in de klas", "Toets module 2", "Je certificaat" */
  label: string;
  /** "Module 2: Ingrijpende jeugdervaringen" */
  moduleLine: string | null;
  minutes: number | null;
  href: string;
  /** The button's words: "Begin", "Verder", "Ga verder" … */
  verb: string;
  /** The whole button text when it is not "<verb>: <label>". */
  button?: string;
  /** A sentence under the step that says why it comes first. */
  note?: string;
  resumed: boolean;
}

/** The overview's "Jouw volgende stap": where Verder goes, named, at the video position left. */
export function nextStepCard(course: Course, state: CourseState, progress: ReadonlyMap<string, StoredLessonProgress>, now = Date.now()): NextStepCard | null {
  const step = resumeStep(course, state, progress);
  if (step.kind === 'certificate') return course.certificate ? { label: 'Je certificaat', moduleLine: null, minutes: null, href: '/certificate', verb: 'Download je certificaat (PDF)', resumed: false } : null;
  const module = course.modules[step.moduleIndex]!;
  const moduleLine = `Module ${module.index + 1}: ${module.title}`;
  if (step.kind === 'quiz') {
    // After a failed attempt the quiz may wait a few minutes: meanwhile the step is rereading.
    const retryAt = state.modules[module.index]!.quiz?.retryAt ?? null;
    if (retryAt !== null && retryAt > now && module.lessons[0]) {
      return { label: `Toets module ${module.index + 1}`, moduleLine, minutes: step.minutes, href: `/course/${module.lessons[0].key}`, verb: 'Lees nog eens', button: 'Lees de lessen nog eens', note: `De toets kun je vanaf ${dutchClock(new Date(retryAt))} opnieuw maken.`, resumed: false };
    }
    return { label: `Toets module ${module.index + 1}`, moduleLine, minutes: step.minutes, href: `/course/${module.slug}/quiz`, verb: 'Naar de toets', resumed: false };
  }
  const lesson = module.lessons[step.lessonIndex]!;
  // Back at the video they were watching: the page scrolls to it and the player starts where they left it.
  const video = progress.get(lesson.key)?.videos.find((v) => v.position > 1 && lesson.videos.some((lv) => lv.src === v.src));
  const started = state.lessonsComplete > 0 || step.resumed;
  return {
    label: `${module.index + 1}.${lesson.index + 1} ${lesson.title}`,
    moduleLine,
    minutes: step.minutes,
    href: `/course/${module.slug}/${lesson.slug}${step.resumed && video ? `#${videoElementId(video.src)}` : ''}`,
    verb: started ? 'Verder' : 'Begin',
    resumed: step.resumed,
  };
}

export function homeRouter(deps: { course: LiveCourse; stores: Stores }): Router {
  const router = Router();
  const overview: RequestHandler = (_req, res) => {
    const { course, state, progress } = learnerOf(res);
    // While the course waits for the study, the study is the next step and no module is open yet.
    const study = teacherStudyOf(res);
    const waiting = study?.wait ? study.step : null;
    const next: NextStepCard | null = waiting
      ? { label: waiting.heading, moduleLine: 'Eerst: het onderzoek bij deze cursus', minutes: null, href: waiting.href, verb: waiting.linkText, button: waiting.linkText, note: waiting.text, resumed: false }
      : nextStepCard(course, state, progress);
    // The module the next step is in is shown open; with nothing started, that is module 1.
    const currentIndex = state.modules.find((m) => m.state === 'open')?.index ?? null;
    const modules = course.modules.map((m) => {
      const s = state.modules[m.index]!;
      const lockedByStudy = waiting !== null && s.state !== 'complete';
      return {
        index: m.index,
        slug: m.slug,
        title: m.title,
        summary: m.summary,
        state: lockedByStudy ? 'locked' : s.state,
        current: !lockedByStudy && m.index === currentIndex,
        lessonsComplete: s.lessonsComplete,
        lessonsTotal: s.lessonsTotal,
        minutesTotal: s.minutesTotal,
        minutesLeft: s.minutesLeft,
        percent: s.minutesTotal ? wholePercent((s.minutesTotal - s.minutesLeft) / s.minutesTotal) : 0,
        href: m.lessons[0] ? `/course/${m.slug}/${m.lessons[0].slug}` : null,
        lessons: m.lessons.map((l, i) => ({
          label: `${m.index + 1}.${i + 1}`,
          title: l.title,
          minutes: l.minutes,
          href: `/course/${m.slug}/${l.slug}`,
          state: s.lessons[i]!.complete ? 'complete' : s.lessons[i]!.started ? 'started' : 'new',
        })),
        lockText: lockedByStudy
          ? 'Gaat open na de eerste stap van het onderzoek (zie hierboven).'
          : s.lockedBy !== null
            ? `Gaat open ${opensWhen(s.index, s.lockedBy)}.`
            : '',
        quiz: s.quiz && m.quiz
          ? {
              title: m.quiz.title,
              minutes: m.quiz.minutes,
              href: `/course/${m.slug}/quiz`,
              available: s.quiz.available,
              passed: s.quiz.passed,
              bestPercent: s.quiz.bestScore === null ? null : wholePercent(s.quiz.bestScore),
            }
          : null,
      };
    });
    res.render('home', {
      title: course.title,
      course,
      overview: {
        complete: state.complete,
        started: state.lessonsComplete > 0 || progress.size > 0,
        percent: state.percent,
        minutesLeft: state.minutesLeft,
        lessonsComplete: state.lessonsComplete,
        courseLength: durationText(course.minutes),
        leftText: durationText(state.minutesLeft),
        next,
        modules,
      },
    });
  };
  // `/cursus`: the overview for everyone, also coordinators and administrators whom `/` sends to the report.
  router.get('/', signedIn, staffLanding(deps.stores), loadLearner(deps), overview);
  router.get('/cursus', signedIn, loadLearner(deps), overview);
  return router;
}
