// Report rows for coordinators: per teacher, what they completed, where they are, scores and time.
// Built from the completion marks stored at write time, against the course as it is now.
import type { Course } from '../course/model';

export type TeacherStatus = 'niet-gestart' | 'bezig' | 'afgerond';

export interface ReportInput {
  teacher: { id: number; name: string; email: string; active: boolean; lastActiveAt: string | null };
  lessons: readonly { lessonKey: string; completedAt: string | null; activeSeconds: number; lastSeenAt: string }[];
  quizzes: readonly { moduleSlug: string; bestScore: number | null; passedAt: string | null }[];
}

export interface ReportRow {
  id: number;
  name: string;
  email: string;
  active: boolean;
  status: TeacherStatus;
  modulesComplete: number;
  modulesTotal: number;
  /** 0-based index of the first module not complete; null when the course is complete. */
  currentModule: number | null;
  /** Best quiz score per module index (null: no quiz or not taken). */
  bestScores: (number | null)[];
  activeSeconds: number;
  lastActivity: string | null;
  completedOn: string | null;
}

function later(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a > b ? a : b;
}

export function reportRow(course: Course, input: ReportInput): ReportRow {
  const lessons = new Map(input.lessons.map((l) => [l.lessonKey, l]));
  const quizzes = new Map(input.quizzes.map((q) => [q.moduleSlug, q]));
  let modulesComplete = 0;
  let currentModule: number | null = null;
  let completedOn: string | null = null;
  let allComplete = true;
  const bestScores: (number | null)[] = [];

  for (const m of course.modules) {
    const quiz = quizzes.get(m.slug);
    bestScores.push(m.quiz ? (quiz?.bestScore ?? null) : null);
    let moduleDoneAt: string | null = null;
    // A module counts only when every module before it is complete too (modules open in order).
    let complete: boolean = allComplete;
    for (const lesson of m.lessons) {
      const done = lessons.get(lesson.key)?.completedAt ?? null;
      if (done === null) complete = false;
      moduleDoneAt = later(moduleDoneAt, done);
    }
    if (m.quiz) {
      const passedAt = quiz?.passedAt ?? null;
      if (passedAt === null) complete = false;
      moduleDoneAt = later(moduleDoneAt, passedAt);
    }
    if (complete) {
      modulesComplete++;
      completedOn = later(completedOn, moduleDoneAt);
    } else if (currentModule === null) {
      currentModule = m.index;
    }
    allComplete = allComplete && complete;
  }

  let activeSeconds = 0;
  let lastActivity = input.teacher.lastActiveAt;
  for (const l of input.lessons) {
    activeSeconds += l.activeSeconds;
    lastActivity = later(lastActivity, l.lastSeenAt);
  }
  const started = input.lessons.length > 0 || input.quizzes.length > 0;
  const courseComplete = allComplete && course.modules.length > 0;
  return {
    id: input.teacher.id,
    name: input.teacher.name,
    email: input.teacher.email,
    active: input.teacher.active,
    status: courseComplete ? 'afgerond' : started ? 'bezig' : 'niet-gestart',
    modulesComplete,
    modulesTotal: course.modules.length,
    currentModule: courseComplete ? null : currentModule,
    bestScores,
    activeSeconds,
    lastActivity,
    completedOn: courseComplete ? completedOn : null,
  };
}

export interface ModuleFunnel {
  index: number;
  title: string;
  /** Teachers who started and for whom this module was open (every earlier module complete). */
  reached: number;
  completed: number;
}

/** Per module: how many teachers reached it and how many finished it — where teachers stop. */
export function moduleFunnel(course: Course, rows: readonly ReportRow[]): ModuleFunnel[] {
  return course.modules.map((m) => ({
    index: m.index,
    title: m.title,
    reached: rows.filter((r) => r.status !== 'niet-gestart' && r.modulesComplete >= m.index).length,
    completed: rows.filter((r) => r.modulesComplete > m.index).length,
  }));
}
