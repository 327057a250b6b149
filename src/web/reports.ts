// Coordinators' report (own school; administrators all schools): summary, where teachers stop,
// a filterable, sortable table, and the same rows as CSV. Only completion, scores and time:
// never reflections, exercise answers or per-question quiz answers.
import { Router, type Request, type Response } from 'express';
import { stringify } from 'csv-stringify';
import { z } from 'zod';
import type { LiveCourse } from '../course/live';
import type { Course } from '../course/model';
import type { Stores } from '../db';
import { percentText, wholePercent } from '../learning/numbers';
import { filterRows, moduleFunnel, QUIET_DAYS, quietSince, quietTeachers, reportRow, sortRows, SORT_KEYS, stepKey, stepTitle, stoppingPoints, type ReportRow, type SortKey, type TeacherStatus } from '../learning/report';
import { isoDay, shortDutchDate } from '../learning/dates';
import { TEACHER_STATUSES } from '../learning/standing';
import type { Clock } from '../clock';
import { MANAGE_CSS } from './styles';
import { hasRole } from './guards';
import { HttpError } from './errors';
import { studyCounts } from './research-data';
import { reminderKey } from '../mail/schedules';

export const PAGE_SIZE = 50;
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

/**
 * Report rows, computed again only when any data changed: a coordinator who sorts, filters and
 * pages through a large school does not pay for the whole computation on every click.
 */
const rowCache = new WeakMap<Course, Map<string, { version: string; rows: ReportRow[] }>>();
export function cachedReportRows(course: Course, stores: Stores, schoolId: number | null): ReportRow[] {
  const version = stores.reports.version();
  let byScope = rowCache.get(course);
  if (!byScope) rowCache.set(course, (byScope = new Map()));
  const key = `${String(schoolId)}`;
  const hit = byScope.get(key);
  if (hit && hit.version === version) return hit.rows;
  const rows = reportRows(course, stores, schoolId);
  byScope.set(key, { version, rows });
  return rows;
}

export function reportRows(course: Course, stores: Stores, schoolId: number | null): ReportRow[] {
  const completions = stores.reports.completions(schoolId);
  const activity = stores.reports.activity(schoolId);
  const none = new Map<string, string>();
  const quizzes = new Map<number, ReturnType<Stores['reports']['quizzes']>>();
  for (const q of stores.reports.quizzes(schoolId)) {
    const list = quizzes.get(q.userId);
    if (list) list.push(q);
    else quizzes.set(q.userId, [q]);
  }
  return stores.reports.teachers(schoolId).map((teacher) =>
    reportRow(course, { teacher, completions: completions.get(teacher.id) ?? none, activity: activity.get(teacher.id) ?? null, quizzes: quizzes.get(teacher.id) ?? [] }),
  );
}

function selectRows(rows: ReportRow[], query: ReportQuery, now: Date): ReportRow[] {
  const filtered = filterRows(rows, {
    status: query.status ? query.status : null,
    search: query.q ?? '',
    step: query.stap || null,
    quietSince: query.stil === '1' ? quietSince(now) : null,
  });
  return sortRows(filtered, (query.sort ?? 'naam') as SortKey, query.dir === 'af');
}

export function minutes(seconds: number): number {
  return Math.round(seconds / 60);
}

export function reportsRouter(deps: { course: LiveCourse; stores: Stores; now: Clock }): Router {
  const { stores } = deps;
  const router = Router();
  const canSee = hasRole('coordinator', 'admin');

  router.get('/reports', canSee, (req: Request, res: Response) => {
    const query = parseReportQuery(req);
    const scope = reportScope(req, query, stores);
    const course = deps.course.course;
    const all = cachedReportRows(course, stores, scope.schoolId);
    const now = new Date(deps.now());
    const rows = selectRows(all, query, now);
    const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
    const page = Math.min(query.page ?? 1, pages);
    const counts = { total: all.length, 'niet-gestart': 0, bezig: 0, studietijd: 0, afgerond: 0, invited: 0 } as Record<'total' | 'invited' | TeacherStatus, number>;
    for (const r of all) {
      counts[r.status]++;
      // Invited, never signed in: counted among the teachers (as on /school), and said so.
      if (r.active && r.lastActivity === null) counts.invited++;
    }
    const params = new URLSearchParams();
    for (const key of ['status', 'q', 'sort', 'dir', 'school', 'stap', 'stil'] as const) {
      const v = query[key];
      if (v !== undefined && v !== '') params.set(key, String(v));
    }
    const quiet = quietTeachers(course, all, now);
    // "Stuur ze een herinnering" only when someone would get one (a school's report; not reminded in
    // this quiet period; reminders not turned off): a link to an empty page helps nobody.
    const off = scope.schoolId === null ? null : stores.reminders.remindersOff(scope.schoolId);
    const canRemind = off !== null && quiet.some((q) => !off.has(q.id) && !stores.outbox.hasKey(reminderKey(q.id, q.lastActivity ?? '')));
    res.render('reports/index', {
      styles: [MANAGE_CSS],
      title: `Rapportage ${scope.schoolName}`,
      scope,
      course,
      counts,
      funnel: moduleFunnel(course, all),
      stops: stoppingPoints(course, all, now),
      quiet,
      canRemind,
      quietDays: QUIET_DAYS,
      stepKey,
      stepTitle: (step: { moduleIndex: number; lessonIndex: number | null }) => stepTitle(course, step),
      rows: rows.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE),
      matching: rows.length,
      page,
      pages,
      query,
      params: params.toString(),
      statusLabels: STATUS_LABELS,
      schools: req.user!.role === 'admin' ? stores.accounts.schools() : [],
      minutes,
      studyCounts: studyCounts(course, stores, scope.schoolId),
      reminded: stores.reminders.lastReminders(scope.schoolId),
      percentText,
      shortDate: shortDutchDate,
    });
  });

  router.get('/reports.csv', canSee, (req: Request, res: Response) => {
    const query = parseReportQuery(req);
    const scope = reportScope(req, query, stores);
    const course = deps.course.course;
    const now = new Date(deps.now());
    const rows = selectRows(cachedReportRows(course, stores, scope.schoolId), query, now);
    const quizModules = course.modules.filter((m) => m.quiz);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="steun-rapportage-${isoDay(now)}.csv"`);
    // Semicolons, a byte-order mark, whole numbers and ISO dates (the day in the Netherlands, as the
    // page shows it): Excel and LibreOffice in a Dutch locale read it as intended.
    // escape_formulas: a name typed as "=HYPERLINK(...)" must stay text in a spreadsheet, not run.
    const csv = stringify({
      bom: true,
      escape_formulas: true,
      delimiter: ';',
      header: true,
      columns: [
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
      ],
    });
    csv.pipe(res);
    for (const r of rows) {
      csv.write([
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
      ]);
    }
    csv.end();
  });

  return router;
}
