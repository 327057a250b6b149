// `steun demo`: an empty database filled with a demo school and people at different points of the
// course, with plausible attempts and study times. The same generator feeds the benchmarks.
import crypto from 'node:crypto';
import type { Course } from '../course/model';
import type { Stores } from '../db';
import { hashPassword } from '../accounts/passwords';
import { createAttemptOrder, gradeAttempt } from '../learning/grading';
import { refreshCompletion } from '../teacher/completion';
import { DEMO_STUDY_PLAN, FOLLOWED_UP, seedTeacherStudy } from './demo-study';
import { courseState } from '../learning/course-state';
import { percentText } from '../learning/numbers';

/** A small seeded generator (mulberry32), so demo and benchmark data are the same every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REFLECTIONS = [
  'Ik merk dat ik vooral let op de leerlingen die opvallen. De stille kinderen wil ik vaker even opzoeken.',
  'Een vaste begroeting bij de deur ga ik elke dag doen. Dat kost weinig en zegt veel.',
  'Ik wil de dagplanning weer zichtbaar maken met pictogrammen, ook in de hogere groepen.',
  'Deze week vraag ik een leerling op een rustig moment wat hem helpt als het te veel wordt.',
];

/**
 * Writes a teacher's progress up to `fraction` (0..1) of the course's steps (lessons and quizzes, in
 * order), spread over the days before `now`. Quizzes are sometimes failed once before they are passed.
 */
export function seedTeacherProgress(stores: Stores, course: Course, userId: number, fraction: number, random: () => number, now = Date.now()): void {
  const steps = course.modules.flatMap((m) => [...m.lessons.map((l) => ({ kind: 'lesson' as const, m, l })), ...(m.quiz ? [{ kind: 'quiz' as const, m, l: null }] : [])]);
  const todo = Math.round(steps.length * fraction);
  let clock = now - (5 + random() * 25) * 86_400_000;
  const tick = (minutes: number) => {
    clock += minutes * 60_000 * (0.7 + random() * 0.8);
    return new Date(Math.min(clock, now));
  };
  stores.sqlite.transaction(() => {
    for (const step of steps.slice(0, todo)) {
      if (step.kind === 'lesson') {
        const lesson = step.l;
        const start = tick(random() < 0.3 ? 60 * 24 : 5).toISOString();
        stores.progress.touchLesson(userId, lesson.key, start);
        for (const v of lesson.videos) {
          stores.progress.updateVideo(userId, lesson.key, v.src, () => ({ src: v.src, segments: [[0, v.durationSeconds]], position: v.durationSeconds, duration: v.durationSeconds }), new Date(start));
        }
        for (const r of lesson.reflections) stores.progress.saveReflection(userId, lesson.key, r.id, REFLECTIONS[Math.floor(random() * REFLECTIONS.length)]!, start);
        for (const e of lesson.exercises) {
          const answers = e.questions.map((q) => (random() < 0.8 ? q.options.filter((o) => o.correct).map((o) => o.index) : [0]));
          stores.progress.saveExerciseAnswers(userId, lesson.key, e.id, answers, start);
        }
        const end = tick(lesson.minutes);
        stores.progress.addActiveSeconds(userId, lesson.key, () => ({ seconds: Math.round(lesson.minutes * 60 * (0.6 + random() * 0.9)), creditedUntil: end.getTime() }), end);
        stores.progress.markDone(userId, lesson.key, end.toISOString());
        refreshCompletion(stores, course, userId, lesson, undefined, end.toISOString());
      } else {
        const quiz = step.m.quiz!;
        const tries = random() < 0.35 ? 2 : 1;
        for (let i = 0; i < tries; i++) {
          const order = createAttemptOrder(quiz, random);
          const last = i === tries - 1;
          const answers = order.questions.map((entry) => {
            const q = quiz.questions[entry.q]!;
            const right = last ? random() < 0.92 : random() < 0.55;
            const correct = q.options.filter((o) => o.correct).map((o) => o.index);
            const wrong = q.options.find((o) => !o.correct)?.index ?? 0;
            return right ? correct : [wrong];
          });
          let grade = gradeAttempt(quiz, order, answers);
          if (last && !grade.passed) grade = gradeAttempt(quiz, order, order.questions.map((e) => quiz.questions[e.q]!.options.filter((o) => o.correct).map((o) => o.index)));
          const started = tick(quiz.minutes).toISOString();
          const id = stores.attempts.create(userId, step.m.slug, order, started);
          stores.attempts.submit(userId, id, { score: grade.score, passed: grade.passed, result: grade }, tick(quiz.minutes).toISOString());
        }
      }
    }
    stores.accounts.touchActive(userId, new Date(Math.min(clock, now)).toISOString());
  })();
}

export const DEMO_NAMES = ['Anouk de Vries', 'Bram Jansen', 'Chaima El Amrani', 'Daan Visser', 'Eva Bakker', 'Fleur Smit', 'Gijs Mulder', 'Hanna de Boer', 'Ilias Yilmaz', 'Joris Meijer'];

export interface DemoAccount {
  role: string;
  name: string;
  email: string;
  password: string;
  progress?: string;
}

export async function runDemo(stores: Stores, course: Course): Promise<{ school: string; joinCode: string; accounts: DemoAccount[] }> {
  if (stores.accounts.users().length > 0) throw new Error('the database is not empty; steun demo only fills an empty database (set DATABASE_PATH to a new file)');
  const random = seededRandom(2016);
  const password = () => `demo-${crypto.randomBytes(5).toString('hex')}`;
  const school = stores.accounts.addSchool('OBS De Regenboog (demo)');
  const accounts: DemoAccount[] = [];
  const add = async (role: 'admin' | 'coordinator' | 'author' | 'teacher' | 'researcher', name: string, email: string, schoolId: number | null) => {
    const pw = password();
    const user = stores.accounts.addUser({ name, email, role, schoolId, passwordHash: await hashPassword(pw) });
    accounts.push({ role, name, email, password: pw });
    return user;
  };
  await add('admin', 'Beheerder Demo', 'beheerder@demo.steun.nl', null);
  await add('coordinator', 'Ilse van Dam (intern begeleider)', 'ib@demo.steun.nl', school.id);
  await add('author', 'Auteur Demo', 'auteur@demo.steun.nl', null);
  for (const [i, name] of DEMO_NAMES.entries()) {
    // With a study, teachers who are still in its first steps have not started the course: it waits for them.
    const plan = course.study ? DEMO_STUDY_PLAN[i] : undefined;
    const fraction = plan?.fraction ?? i / (DEMO_NAMES.length - 1);
    const email = `${name.split(' ')[0]!.toLowerCase()}@demo.steun.nl`;
    const user = await add('teacher', name, email, school.id);
    seedTeacherProgress(stores, course, user.id, fraction, random);
    if (plan) seedTeacherStudy(stores, course, user.id, plan.step, plan.times, random);
    // The share the teacher's own overview shows, not the share of steps seeded.
    const state = courseState(course, stores.progress.progressForTeacher(user.id), stores.attempts.summaryForTeacher(user.id));
    accounts[accounts.length - 1]!.progress = percentText(state.percent / 100);
  }
  if (course.study) {
    await add('researcher', 'Onderzoeker Demo', 'onderzoeker@demo.steun.nl', null);
    const other = stores.accounts.addSchool('OBS De Wilgen (demo)');
    for (let i = 0; i < FOLLOWED_UP.teachers; i++) {
      const user = await add('teacher', `Leerkracht Wilgen ${i + 1}`, `wilgen${i + 1}@demo.steun.nl`, other.id);
      seedTeacherProgress(stores, course, user.id, 1, random, Date.now() - FOLLOWED_UP.courseDaysAgo * 86_400_000);
      seedTeacherStudy(stores, course, user.id, 't2', FOLLOWED_UP.times, random);
      accounts[accounts.length - 1]!.progress = '100 %';
    }
  }
  return { school: school.name, joinCode: school.joinCode, accounts };
}
