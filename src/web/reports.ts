// Coordinators' report (own school; administrators all schools): summary, where teachers stop,
// a filterable, sortable table, and the same rows as CSV. Only completion, scores and time:
// never reflections, exercise answers or per-question quiz answers.
import { Router, type Request, type Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify as stringifySync } from 'csv-stringify/sync';
import { z } from 'zod';
import type { LiveCourse } from '../course/live';
import type { Stores } from '../db';
import { percentText, wholePercent } from '../learning/numbers';
import {
  filterRows,
  isQuiet,
  moduleFunnel,
  QUIET_DAYS,
  quietSince,
  quietTeachers,
  sortRows,
  SORT_KEYS,
  statusCounts,
  stepKey,
  stepTitle,
  stoppingPoints,
  type ReportFilter,
  type ReportRow,
  type SortKey,
  type TeacherStatus,
} from '../learning/report';
import { QUIET_SHOWN, reportCache, type AllSchools, type ReportCache } from '../report/cache';
import { Turns } from '../turns';
import { isoDay, shortDutchDate } from '../learning/dates';
import { TEACHER_STATUSES } from '../learning/standing';
import type { Clock } from '../clock';
import { MANAGE_CSS } from './styles';
import { hasRole } from './guards';
import { HttpError } from './errors';
import { reminderKey } from '../mail/schedules';

export const PAGE_SIZE = 50;
/** Rows of the CSV stringified at once (csv-stringify takes 15-50 µs a row): a piece is as many of these as fit in a turn. */
const CSV_BATCH = 100;
/** The statuses as the summary and the filter name them (a row says its own, with the minutes: statusText). */
export const STATUS_LABELS: Record<TeacherStatus, string> = { 'niet-gestart': 'niet gestart', bezig: 'bezig', studietijd: 'modules klaar, studietijd te kort', afgerond: 'afgerond' };

const reportQuery = z.object({
  status: z.enum([...TEACHER_STATUSES, ''], { error: 'status moet niet-gestart, bezig, studietijd of afgerond zijn.' }).optional(),
  q: z.string({ error: 'Zoek op één naam.' }).max(100, 'De zoekterm is te lang.').optional(),
  sort: z
    .string()
    .refine((v) => (SORT_KEYS as readonly string[]).includes(v) || /^toets[1-9]\d?$/.test(v), 'Op deze kolom kan niet gesorteerd worden.')
    .optional(),
  dir: z.enum(['op', 'af'], { error: 'dir moet op of af zijn.' }).optional(),
  page: z.coerce.number({ error: 'page moet een getal zijn.' }).int('page moet een heel getal zijn.').min(1, 'page begint bij 1.').max(100_000).optional(),
  school: z.coerce.number({ error: 'school moet een getal zijn.' }).int().positive('school moet een getal zijn.').optional(),
  stap: z.string({ error: 'Kies één stap.' }).regex(/^(?:[1-9]\d{0,2}-(?:[1-9]\d{0,3}|toets))?$/, 'stap is een module en les, zoals 2-3, of een toets, zoals 2-toets.').optional(),
  stil: z.enum(['1', ''], { error: 'stil kan alleen 1 zijn.' }).optional(),
});
export type ReportQuery = z.output<typeof reportQuery>;

export function parseReportQuery(req: Request): ReportQuery {
  const parsed = reportQuery.safeParse(req.query);
  if (!parsed.success) throw new HttpError(400, parsed.error.issues.map((i) => i.message).join(' '));
  return parsed.data;
}

/** Which school's teachers this person may see: a coordinator only their own, whatever the query says. */
export function reportScope(req: Request, query: ReportQuery, stores: Stores): { schoolId: number | null; schoolName: string } {
  const user = req.user!;
  if (user.role === 'coordinator') {
    if (user.schoolId === null) throw new HttpError(403, 'Je account hoort nog niet bij een school. Vraag de beheerder om je aan je school te koppelen.');
    return { schoolId: user.schoolId, schoolName: stores.accounts.schoolById(user.schoolId)?.name ?? '' };
  }
  if (query.school !== undefined) {
    const school = stores.accounts.schoolById(query.school);
    if (!school) throw new HttpError(404, 'Deze school bestaat niet.');
    return { schoolId: school.id, schoolName: school.name };
  }
  return { schoolId: null, schoolName: 'alle scholen' };
}

function filterOf(query: ReportQuery, now: Date): ReportFilter {
  return { status: query.status ? query.status : null, search: query.q ?? '', step: query.stap || null, quietSince: query.stil === '1' ? quietSince(now) : null };
}

/** One school's rows, filtered and sorted as the query asks. */
function selectRows(rows: readonly ReportRow[], query: ReportQuery, now: Date): ReportRow[] {
  return sortRows(filterRows(rows, filterOf(query, now)), (query.sort ?? 'naam') as SortKey, query.dir === 'af');
}

/** Every school's rows, filtered and sorted as the query asks: from the kept sorted table, filtered in turns. */
async function selectAllRows(cache: ReportCache, query: ReportQuery, now: Date, turns: Turns): Promise<readonly ReportRow[]> {
  const keyed = await cache.sortedRows((query.sort ?? 'naam') as SortKey, query.dir === 'af', turns);
  const filter = filterOf(query, now);
  // filterRows is the one rule; applied a slice at a time it keeps the order.
  const out: ReportRow[] = [];
  for (let i = 0; i < keyed.length; i += 4096) {
    for (const r of filterRows(keyed.slice(i, i + 4096).map((k) => k.row), filter)) out.push(r);
    await turns.maybeYield();
  }
  return out;
}

/**
 * The CSV in pieces: the byte-order mark and the header, then as many rows as fit in one turn
 * (stringified CSV_BATCH at a time), each piece in a turn of its own. Together they are exactly
 * what one call over every row gives. Semicolons (Excel and LibreOffice in a Dutch locale);
 * escape_formulas: a name typed as "=HYPERLINK(...)" must stay text in a spreadsheet, not run.
 */
export async function* csvPieces<T>(rows: readonly T[], record: (row: T) => unknown[], columns: string[], turns: Turns): AsyncGenerator<string> {
  const options = { escape_formulas: true, delimiter: ';' };
  yield stringifySync([], { ...options, bom: true, header: true, columns });
  let i = 0;
  while (i < rows.length) {
    let piece = '';
    do {
      piece += stringifySync(rows.slice(i, i + CSV_BATCH).map(record), { ...options, columns });
      i += CSV_BATCH;
    } while (i < rows.length && !turns.due());
    yield piece;
    await turns.yield();
  }
}

export function minutes(seconds: number): number {
  return Math.round(seconds / 60);
}

export function reportsRouter(deps: { course: LiveCourse; stores: Stores; now: Clock }): Router {
  const { stores } = deps;
  const router = Router();
  const canSee = hasRole('coordinator', 'admin');

  router.get('/reports', canSee, async (req: Request, res: Response) => {
    const query = parseReportQuery(req);
    const scope = reportScope(req, query, stores);
    const course = deps.course.course;
    const cache = reportCache(course, stores);
    const now = new Date(deps.now());
    let figures: AllSchools;
    let rows: readonly ReportRow[];
    // "Stuur ze een herinnering" only when someone would get one (a school's report; not reminded in
    // this quiet period; reminders not turned off): a link to an empty page helps nobody.
    let canRemind = false;
    if (scope.schoolId === null) {
      // Every school: what looks at every teacher runs in turns, so no teacher's request waits.
      const turns = new Turns();
      figures = await cache.allSchools(now, turns);
      rows = await selectAllRows(cache, query, now, turns);
    } else {
      const all = cache.schoolRows(scope.schoolId);
      const quiet = quietTeachers(course, all, now);
      figures = { counts: statusCounts(all), funnel: moduleFunnel(course, all), stops: stoppingPoints(course, all, now), quiet: quiet.slice(0, QUIET_SHOWN), quietCount: quiet.length, study: cache.schoolStudy(scope.schoolId) };
      rows = selectRows(all, query, now);
      const off = stores.reminders.remindersOff(scope.schoolId);
      canRemind = quiet.some((q) => !off.has(q.id) && !stores.outbox.hasKey(reminderKey(q.id, q.lastActivity ?? '')));
    }
    const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
    const page = Math.min(query.page ?? 1, pages);
    const shown = rows.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
    const since = quietSince(now);
    const params = new URLSearchParams();
    for (const key of ['status', 'q', 'sort', 'dir', 'school', 'stap', 'stil'] as const) {
      const v = query[key];
      if (v !== undefined && v !== '') params.set(key, String(v));
    }
    res.render('reports/index', {
      styles: [MANAGE_CSS],
      title: `Rapportage ${scope.schoolName}`,
      scope,
      course,
      counts: figures.counts,
      funnel: figures.funnel,
      stops: figures.stops,
      quiet: figures.quiet,
      quietCount: figures.quietCount,
      quietIds: new Set(shown.filter((r) => isQuiet(r, since)).map((r) => r.id)),
      canRemind,
      quietDays: QUIET_DAYS,
      stepKey,
      stepTitle: (step: { moduleIndex: number; lessonIndex: number | null }) => stepTitle(course, step),
      rows: shown,
      matching: rows.length,
      page,
      pages,
      query,
      params: params.toString(),
      statusLabels: STATUS_LABELS,
      schools: req.user!.role === 'admin' ? stores.accounts.schoolNames() : [],
      minutes,
      studyCounts: course.study && figures.study ? { waves: course.study.waves.map((w) => ({ id: w.id, title: w.title })), total: figures.study } : null,
      reminded: stores.reminders.lastRemindersOf(figures.quiet.map((q) => q.id)),
      percentText,
      shortDate: shortDutchDate,
    });
  });

  router.get('/reports.csv', canSee, async (req: Request, res: Response) => {
    const query = parseReportQuery(req);
    const scope = reportScope(req, query, stores);
    const course = deps.course.course;
    const now = new Date(deps.now());
    const turns = new Turns();
    const cache = reportCache(course, stores);
    const rows = scope.schoolId === null ? await selectAllRows(cache, query, now, turns) : selectRows(cache.schoolRows(scope.schoolId), query, now);
    const quizModules = course.modules.filter((m) => m.quiz);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="steun-rapportage-${isoDay(now)}.csv"`);
    // Whole numbers and ISO dates (the day in the Netherlands, as the page shows it).
    const columns = [
      'naam',
      'e-mail',
      'status',
      'actief',
      'modules afgerond',
      'modules totaal',
      'huidige module',
      ...quizModules.map((m) => `beste score toets module ${m.index + 1} (%)`),
      'studietijd (minuten)',
      'laatste activiteit',
      'afgerond op',
    ];
    const record = (r: ReportRow) => [
      r.name,
      r.email,
      r.statusText,
      r.active ? 'ja' : 'nee',
      r.modulesComplete,
      r.modulesTotal,
      r.currentModule === null ? '' : r.currentModule + 1,
      ...quizModules.map((m) => (r.bestScores[m.index] === null ? '' : wholePercent(r.bestScores[m.index]!))),
      minutes(r.activeSeconds),
      isoDay(r.lastActivity),
      isoDay(r.completedOn),
    ];
    // The next piece is made only when the response has taken the last (backpressure), so a slow
    // download holds no more than a piece in memory.
    await pipeline(Readable.from(csvPieces(rows, record, columns, turns)), res);
  });

  return router;
}
