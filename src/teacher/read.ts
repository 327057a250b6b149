// The one front door to where a teacher stands: progress, quiz results, study time and the study
// are read once, and combined by the pure rules into one state. Pages, guards, media, the
// certificate, mails and the overview read this and nothing else; none of them applies a hold,
// decides "done" or dates the completion itself.
import type { Course } from '../course/model';
import type { Stores } from '../db';
import type { StoredLessonProgress } from '../db/progress';
import type { AttemptSummary } from '../db/attempts';
import type { User } from '../db/accounts';
import { courseCompletedOn, courseState, holdCourse, type CourseState } from '../learning/course-state';
import { standing, studiedSeconds, type Standing } from '../learning/standing';
import { readTeacherStudy, type TeacherStudy } from './study';
import type { WaveStatus } from '../study/schedule';
import { Turns } from '../turns';

export interface Teacher {
  course: Course;
  progress: ReadonlyMap<string, StoredLessonProgress>;
  quizzes: ReadonlyMap<string, Readonly<AttemptSummary>>;
  /** The course state with any hold applied: what is open, locked (and why) and next. */
  state: CourseState;
  /** Status, study time and whether the certificate can be had. */
  standing: Standing;
  /** When every module was complete (the certificate's date); null before. */
  completedOn: string | null;
  /** When the teacher first opened a lesson; null before. */
  startedAt: string | null;
  /** The study as it stands for this teacher; null without a study or for other roles. */
  study: TeacherStudy | null;
}

/** The part that depends on progress and quiz results only: kept beside the progress object the store hands out until it changes. */
interface Base {
  course: Course;
  quizzes: object;
  state: CourseState;
  completedOn: string | null;
  startedAt: string | null;
  studied: number;
}
const bases = new WeakMap<object, Base>();

function base(course: Course, progress: ReadonlyMap<string, StoredLessonProgress>, quizzes: ReadonlyMap<string, Readonly<AttemptSummary>>): Base {
  let known = bases.get(progress);
  if (known && known.course === course && known.quizzes === quizzes) return known;
  const state = courseState(course, progress, quizzes);
  let startedAt: string | null = null;
  for (const p of progress.values()) if (startedAt === null || p.firstSeenAt < startedAt) startedAt = p.firstSeenAt;
  known = {
    course,
    quizzes,
    state,
    completedOn: state.complete ? courseCompletedOn(course, (k) => progress.get(k)?.completedAt, (slug) => quizzes.get(slug)?.passedAt) : null,
    startedAt,
    studied: studiedSeconds(progress),
  };
  bases.set(progress, known);
  return known;
}

function combine(course: Course, progress: Teacher['progress'], quizzes: Teacher['quizzes'], b: Base, study: TeacherStudy | null): Teacher {
  const state = holdCourse(b.state, study?.hold ?? null);
  const started = b.startedAt !== null || quizzes.size > 0;
  return {
    course,
    progress,
    quizzes,
    state,
    standing: standing(course, { modulesComplete: b.state.complete, started, studiedSeconds: b.studied }),
    completedOn: b.completedOn,
    startedAt: b.startedAt,
    study,
  };
}

/** Where this person stands in the course at `now`. */
export function readTeacher(course: Course, stores: Stores, user: User, now: Date): Teacher {
  const progress = stores.progress.progressForTeacher(user.id);
  const quizzes = stores.attempts.summaryForTeacher(user.id);
  const b = base(course, progress, quizzes);
  const study = readTeacherStudy(course, stores, user, { completedOn: b.completedOn, startedAt: b.startedAt }, now);
  return combine(course, progress, quizzes, b, study);
}

/** Someone who has done nothing yet: what an author's preview shows, whatever the author did as a learner. */
export function blankTeacher(course: Course): Teacher {
  const progress = new Map<string, StoredLessonProgress>();
  const quizzes = new Map<string, AttemptSummary>();
  return combine(course, progress, quizzes, base(course, progress, quizzes), null);
}

/**
 * Every consenting, active teacher's wave states at `now`, for the study's mails
 * (`dueNotifications` in src/study/schedule.ts), a few teachers per turn.
 */
export async function statusesForNotifications(course: Course, stores: Stores, now: Date, turns = new Turns()): Promise<{ userId: number; statuses: WaveStatus[] }[]> {
  if (!course.study) return [];
  const out: { userId: number; statuses: WaveStatus[] }[] = [];
  for (const userId of stores.research.consentingUserIds()) {
    // Every consenting teacher once: read past the memos, which stay with the teachers at work now.
    const study = stores.withoutMemos(() => {
      const user = stores.accounts.userById(userId);
      return user?.active ? readTeacher(course, stores, user, now).study : null;
    });
    if (study?.current) out.push({ userId, statuses: study.statuses });
    await turns.maybeYield();
  }
  return out;
}
