// The signed-in start page: the next step named on top (module, lesson, minutes), the current module
// open with its lessons, finished modules in one line, locked modules with what opens them.
import { Router, type RequestHandler } from 'express';
import type { LiveCourse } from '../course/live';
import type { Course } from '../course/model';
import type { Stores } from '../db';
import type { StoredLessonProgress } from '../db/progress';
import type { CourseState } from '../learning/course-state';
import { lockText } from '../learning/remaining-text';
import { studyTimeShortText } from '../learning/standing';
import { durationText, wholePercent } from '../learning/numbers';
import { resumeStep } from '../learning/resume';
import { signedIn } from './guards';
import { teacherOf, loadTeacher, type TeacherDeps } from './teacher';
import type { Teacher } from '../teacher/read';
import { videoElementId } from './course-links';
import { staffLanding } from './landing';
import { dutchClock } from '../learning/dates';

export interface NextStepCard {
  /** The card's heading when it is not "Jouw volgende stap" (a hold, study time). */
  heading?: string;
  /** A paragraph under the heading: why the course waits and until when. */
  lead?: string;
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
export function nextStepCard(course: Course, state: CourseState, progress: ReadonlyMap<string, StoredLessonProgress>, now: number): NextStepCard | null {
  const step = resumeStep(course, state, progress);
  if (step.kind === 'hold') return null;
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
    // Back to the lesson left unfinished: that is where she was, not necessarily the first thing still to do.
    ...(step.resumed ? { heading: 'Hier was je gebleven' } : {}),
    resumed: step.resumed,
  };
}

/**
 * What the card says when the next step is not a lesson or quiz: a hold on the course, the
 * certificate, or study time still short (the certificate page says the same words).
 */
function standingCard(teacher: Teacher): NextStepCard | null | undefined {
  const { course, state, standing } = teacher;
  const next = state.next;
  if (next.kind === 'hold') {
    const { hold } = next;
    // While a measurement of the study is open, what to do now is the study's step.
    const step = teacher.study?.statuses.some((s) => s.state === 'open') ? teacher.study.step : null;
    if (step) return { heading: hold.title, lead: hold.explanation, label: step.heading, moduleLine: null, minutes: null, href: step.href, verb: step.linkText, button: step.linkText, note: step.text, resumed: false };
    return { heading: hold.title, label: '', moduleLine: null, minutes: null, href: hold.href, verb: hold.linkText, button: hold.linkText, note: hold.explanation, resumed: false };
  }
  if (next.kind !== 'certificate' || !course.certificate) return undefined;
  if (standing.certificateReady) return { label: 'Je certificaat', moduleLine: null, minutes: null, href: '/certificate', verb: 'Download je certificaat (PDF)', resumed: false };
  const first = course.modules[0]?.lessons[0];
  return {
    heading: 'Bijna klaar: je studietijd',
    label: '',
    moduleLine: null,
    minutes: null,
    href: first ? `/course/${first.key}` : '/certificate',
    verb: 'Lees de lessen nog eens',
    button: 'Lees de lessen nog eens',
    note: `${studyTimeShortText(standing.studyTime)} Lees de lessen rustig na, bekijk een video opnieuw of werk je reflecties uit: die tijd telt mee.`,
    resumed: false,
  };
}

export function homeRouter(deps: TeacherDeps): Router {
  const router = Router();
  const overview: RequestHandler = (_req, res) => {
    const teacher = teacherOf(res);
    const { course, state, progress, standing, study } = teacher;
    const card = standingCard(teacher);
    const next: NextStepCard | null = card === undefined ? nextStepCard(course, state, progress, deps.now()) : card;
    // The module the next step is in is shown open; with nothing started, that is module 1.
    const currentIndex = state.modules.find((m) => m.state === 'open')?.index ?? null;
    const modules = course.modules.map((m) => {
      const s = state.modules[m.index]!;
      return {
        index: m.index,
        slug: m.slug,
        title: m.title,
        summary: m.summary,
        state: s.state,
        current: m.index === currentIndex,
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
        lockText: lockText(s),
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
    const started = standing.status !== 'niet-gestart' || progress.size > 0;
    res.render('home', {
      title: course.title,
      course,
      overview: {
        complete: standing.certificateReady,
        started,
        percent: state.percent,
        minutesLeft: state.minutesLeft,
        lessonsComplete: state.lessonsComplete,
        courseLength: durationText(course.minutes),
        leftText: durationText(state.minutesLeft).replace('ongeveer ', ''),
        // The study-time meter stands beside the progress bar from the first lesson on, when a certificate needs it.
        studyTime: course.certificate && started ? standing.studyTime : null,
        next,
        modules,
        // The study's step, unless the study holds the course (then the next step above is the study's).
        studyStep: study && !study.hold ? study.step : null,
      },
    });
  };
  // `/cursus`: the overview for everyone, also coordinators and administrators whom `/` sends to the report.
  router.get('/', signedIn, staffLanding(deps.stores), loadTeacher(deps), overview);
  router.get('/cursus', signedIn, loadTeacher(deps), overview);
  return router;
}
