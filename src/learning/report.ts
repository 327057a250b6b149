// Report rows for coordinators: per teacher, what they completed, where they are, scores and time.
// Built from the completion marks stored at write time, against the course as it is now.
import type { Course } from '../course/model';
import { courseCompletedOn } from './course-state';
import { standing, statusText, type TeacherStatus } from './standing';

export type { TeacherStatus } from './standing';

export interface ReportInput {
  teacher: { id: number; name: string; email: string; active: boolean; lastActiveAt: string | null };
  /** Lessons the teacher completed (the completion mark stored at write time). */
  completions: ReadonlyMap<string, string>;
  /** Totals over every lesson the teacher opened; null when they opened none. */
  activity: { activeSeconds: number; lastSeenAt: string } | null;
  /** Submitted attempts per module; `lastSubmittedAt` counts as activity (a quiz touches no lesson). */
  quizzes: readonly { moduleSlug: string; bestScore: number | null; passedAt: string | null; lastSubmittedAt?: string }[];
}

export interface ReportRow {
  id: number;
  name: string;
  email: string;
  active: boolean;
  status: TeacherStatus;
  /** The status in words, as the teacher's own pages say it ("alle modules klaar, studietijd nog 12 min"). */
  statusText: string;
  modulesComplete: number;
  modulesTotal: number;
  /** 0-based index of the first module not complete; null when the course is complete. */
  currentModule: number | null;
  /** The first thing still to do in that module: a lesson (index) or its quiz (null); null when the course is complete. */
  currentStep: { moduleIndex: number; lessonIndex: number | null } | null;
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
  const quizzes = new Map(input.quizzes.map((q) => [q.moduleSlug, q]));
  let modulesComplete = 0;
  let currentModule: number | null = null;
  let allComplete = true;
  const bestScores: (number | null)[] = [];

  for (const m of course.modules) {
    const quiz = quizzes.get(m.slug);
    bestScores.push(m.quiz ? (quiz?.bestScore ?? null) : null);
    // A module counts only when every module before it is complete too (modules open in order).
    let complete: boolean = allComplete;
    for (const lesson of m.lessons) if (!input.completions.has(lesson.key)) complete = false;
    if (m.quiz && !quiz?.passedAt) complete = false;
    if (complete) {
      modulesComplete++;
    } else if (currentModule === null) {
      currentModule = m.index;
    }
    allComplete = allComplete && complete;
  }

  let currentStep: ReportRow['currentStep'] = null;
  if (currentModule !== null) {
    const m = course.modules[currentModule]!;
    const lesson = m.lessons.find((l) => !input.completions.has(l.key));
    currentStep = { moduleIndex: currentModule, lessonIndex: lesson ? lesson.index : m.quiz ? null : 0 };
  }

  const activeSeconds = input.activity?.activeSeconds ?? 0;
  let lastActivity = later(input.teacher.lastActiveAt, input.activity?.lastSeenAt ?? null);
  for (const q of input.quizzes) lastActivity = later(lastActivity, q.lastSubmittedAt ?? null);
  const started = input.activity !== null || input.quizzes.length > 0;
  const courseComplete = allComplete && course.modules.length > 0;
  // The teacher's own pages decide the status by the same rule (src/learning/standing.ts).
  const s = standing(course, { modulesComplete: courseComplete, started, studiedSeconds: activeSeconds });
  return {
    id: input.teacher.id,
    name: input.teacher.name,
    email: input.teacher.email,
    active: input.teacher.active,
    status: s.status,
    statusText: statusText(s),
    modulesComplete,
    modulesTotal: course.modules.length,
    currentModule: courseComplete ? null : currentModule,
    currentStep: courseComplete ? null : currentStep,
    bestScores,
    activeSeconds,
    lastActivity,
    // The certificate's date, once there is one: the day the last module was completed.
    completedOn: s.certificateReady ? courseCompletedOn(course, (k) => input.completions.get(k), (slug) => quizzes.get(slug)?.passedAt) : null,
  };
}

/** How many rows have each status, how many in all, and how many were invited and never signed in. */
export type StatusCounts = Record<'total' | 'invited' | TeacherStatus, number>;

export function statusCounts(rows: readonly ReportRow[]): StatusCounts {
  const counts: StatusCounts = { total: rows.length, 'niet-gestart': 0, bezig: 0, studietijd: 0, afgerond: 0, invited: 0 };
  for (const r of rows) {
    counts[r.status]++;
    // Invited, never signed in: counted among the teachers (as on /school), and said so.
    if (r.active && r.lastActivity === null) counts.invited++;
  }
  return counts;
}

/** The counts of two groups of teachers together (the report of all schools adds up its schools'). */
export function addCounts(a: StatusCounts, b: StatusCounts): StatusCounts {
  const out = { ...a };
  for (const k of Object.keys(b) as (keyof StatusCounts)[]) out[k] += b[k];
  return out;
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

/** The funnels of two groups of teachers together (same course: the same modules in the same order). */
export function addFunnels(a: readonly ModuleFunnel[], b: readonly ModuleFunnel[]): ModuleFunnel[] {
  return a.map((f, i) => ({ ...f, reached: f.reached + (b[i]?.reached ?? 0), completed: f.completed + (b[i]?.completed ?? 0) }));
}

export interface StoppingPoint {
  moduleIndex: number;
  /** null: the module's quiz. */
  lessonIndex: number | null;
  title: string;
  /** Teachers in progress whose next step this is. */
  teachers: number;
  /** Of those, how many were not active for `quietDays` or longer. */
  quiet: number;
}

export const QUIET_DAYS = 14;

/**
 * Where teachers who started and did not finish are now, step by step in course order: the
 * lesson or quiz they have to do next, and how many of them have not been active for two weeks
 * (they are the ones a coordinator may want to ask how it goes).
 */
export function stoppingPoints(course: Course, rows: readonly ReportRow[], now: Date, quietDays = QUIET_DAYS): StoppingPoint[] {
  const since = quietSince(now, quietDays);
  const counts = new Map<string, StoppingPoint>();
  for (const r of rows) {
    if (r.status !== 'bezig' || !r.currentStep) continue;
    const { moduleIndex, lessonIndex } = r.currentStep;
    const key = stepKey(r.currentStep);
    let point = counts.get(key);
    if (!point) counts.set(key, (point = { moduleIndex, lessonIndex, title: stepTitle(course, r.currentStep), teachers: 0, quiet: 0 }));
    point.teachers++;
    if (isQuiet(r, since)) point.quiet++;
  }
  return [...counts.values()].sort(courseOrder);
}

const stepOrder = (p: StoppingPoint) => p.moduleIndex * 10_000 + (p.lessonIndex ?? 9_999);
const courseOrder = (a: StoppingPoint, b: StoppingPoint) => stepOrder(a) - stepOrder(b);

/** The stopping points of several groups of teachers together, in course order. */
export function addStoppingPoints(lists: readonly (readonly StoppingPoint[])[]): StoppingPoint[] {
  const byStep = new Map<number, StoppingPoint>();
  for (const list of lists) {
    for (const p of list) {
      const known = byStep.get(stepOrder(p));
      if (known) {
        known.teachers += p.teachers;
        known.quiet += p.quiet;
      } else byStep.set(stepOrder(p), { ...p });
    }
  }
  return [...byStep.values()].sort(courseOrder);
}

/** The moment before which a teacher's last activity counts as quiet. */
export function quietSince(now: Date, quietDays = QUIET_DAYS): number {
  return now.getTime() - quietDays * 86_400_000;
}

/** In progress and not active since `since` (or never active at all). */
export function isQuiet(row: ReportRow, since: number): boolean {
  return row.status === 'bezig' && (row.lastActivity === null || Date.parse(row.lastActivity) < since);
}

/**
 * The first moment after `now` at which one of these rows turns quiet (Infinity: none will unless it
 * changes). Quiet counts and lists computed at `now` hold until then: a cache may keep them so long.
 */
export function quietChangesAt(rows: readonly ReportRow[], now: Date, quietDays = QUIET_DAYS): number {
  const since = quietSince(now, quietDays);
  let next = Infinity;
  for (const r of rows) {
    if (r.status !== 'bezig' || r.lastActivity === null) continue;
    const at = Date.parse(r.lastActivity);
    // Not quiet yet (isQuiet: at < since); quiet from the first millisecond at which since > at.
    if (at >= since) next = Math.min(next, at + quietDays * 86_400_000 + 1);
  }
  return next;
}

/** A step as it appears in a link: "2-3" for module 2, lesson 3; "2-toets" for module 2's quiz (1-based). */
export function stepKey(step: { moduleIndex: number; lessonIndex: number | null }): string {
  return `${step.moduleIndex + 1}-${step.lessonIndex === null ? 'toets' : step.lessonIndex + 1}`;
}

export function stepTitle(course: Course, step: { moduleIndex: number; lessonIndex: number | null }): string {
  const m = course.modules[step.moduleIndex];
  if (!m) return '';
  return step.lessonIndex === null ? (m.quiz?.title ?? 'Toets') : (m.lessons[step.lessonIndex]?.title ?? '');
}

export interface QuietTeacher {
  id: number;
  name: string;
  lastActivity: string | null;
  step: { moduleIndex: number; lessonIndex: number | null; title: string };
}

/**
 * Who started and has been quiet for `quietDays` or longer, longest quiet first, with the step
 * they would take next: the people a coordinator may want to ask how it goes.
 */
export function quietTeachers(course: Course, rows: readonly ReportRow[], now: Date, quietDays = QUIET_DAYS): QuietTeacher[] {
  const since = quietSince(now, quietDays);
  return rows
    .filter((r) => r.currentStep !== null && isQuiet(r, since))
    .map((r) => ({ id: r.id, name: r.name, lastActivity: r.lastActivity, step: { ...r.currentStep!, title: stepTitle(course, r.currentStep!) } }))
    .sort(quietOrder);
}

/** Longest quiet first (never active before anyone), then by name. */
export function quietOrder(a: QuietTeacher, b: QuietTeacher): number {
  return (a.lastActivity ?? '').localeCompare(b.lastActivity ?? '') || a.name.localeCompare(b.name, 'nl');
}

export const SORT_KEYS = ['naam', 'email', 'status', 'modules', 'module', 'tijd', 'activiteit', 'afgerond'] as const;
export type SortKey = (typeof SORT_KEYS)[number] | `toets${number}`;

export interface ReportFilter {
  status: TeacherStatus | null;
  /** Part of the name or e-mail address, any case. */
  search: string;
  /** Only teachers whose next step is this one (a `stepKey`). */
  step?: string | null;
  /** Only teachers who are quiet since this moment (ms), see `isQuiet`. */
  quietSince?: number | null;
}

export function filterRows(rows: readonly ReportRow[], filter: ReportFilter): ReportRow[] {
  const needle = filter.search.trim().toLocaleLowerCase('nl');
  return rows.filter(
    (r) =>
      (filter.status === null || r.status === filter.status) &&
      (!needle || r.name.toLocaleLowerCase('nl').includes(needle) || r.email.includes(needle)) &&
      (!filter.step || (r.status === 'bezig' && r.currentStep !== null && stepKey(r.currentStep) === filter.step)) &&
      (filter.quietSince === undefined || filter.quietSince === null || isQuiet(r, filter.quietSince)),
  );
}

const STATUS_ORDER: Record<TeacherStatus, number> = { 'niet-gestart': 0, bezig: 1, studietijd: 2, afgerond: 3 };

function sortValue(row: ReportRow, key: SortKey): string | number {
  switch (key) {
    case 'naam':
      return row.name.toLocaleLowerCase('nl');
    case 'email':
      return row.email;
    case 'status':
      return STATUS_ORDER[row.status];
    case 'modules':
      return row.modulesComplete;
    case 'module':
      return row.currentModule ?? Number.MAX_SAFE_INTEGER;
    case 'tijd':
      return row.activeSeconds;
    case 'activiteit':
      return row.lastActivity ?? '';
    case 'afgerond':
      return row.completedOn ?? '';
    default:
      return row.bestScores[Number(key.slice('toets'.length)) - 1] ?? -1;
  }
}

/** A row with its value in the sorted column, computed once per sort rather than once per comparison. */
export interface KeyedRow {
  row: ReportRow;
  value: string | number;
}

export function keyedRows(rows: readonly ReportRow[], key: SortKey): KeyedRow[] {
  return rows.map((row) => ({ row, value: sortValue(row, key) }));
}

/** The report's one order: by the column, ties in name order (then by id, so it is total). */
export function compareKeyed(descending: boolean): (a: KeyedRow, b: KeyedRow) => number {
  const dir = descending ? -1 : 1;
  return (a, b) => {
    if (a.value < b.value) return -dir;
    if (a.value > b.value) return dir;
    return a.row.name.localeCompare(b.row.name, 'nl') || a.row.id - b.row.id;
  };
}

/** Stable sort by one column; ties keep name order. */
export function sortRows(rows: readonly ReportRow[], key: SortKey, descending: boolean): ReportRow[] {
  return keyedRows(rows, key)
    .sort(compareKeyed(descending))
    .map((k) => k.row);
}
