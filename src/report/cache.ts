// The coordinators' report, kept per school. A school's rows stay until its generation moves
// (src/db/school-changes.ts: bumped in the transaction of every write that can change them), so a
// teacher's write recomputes one school of 25, in whichever process reads next. The report of all
// schools adds up its schools (counts, funnel, stopping points, the study's response) and keeps its
// sorted table up to date by taking out the changed schools' old rows and merging in their new ones;
// what must still look at every school runs in turns (src/turns.ts), never as one long task.
import type { Course } from '../course/model';
import type { Stores } from '../db';
import type { TeacherReportData } from '../db/reports';
import type { ConsentingTeacher } from '../db/research';
import { NO_SCHOOL } from '../db/school-changes';
import {
  addCounts,
  addFunnels,
  addStoppingPoints,
  compareKeyed,
  keyedRows,
  moduleFunnel,
  quietChangesAt,
  quietOrder,
  quietTeachers,
  reportRow,
  statusCounts,
  stoppingPoints,
  type KeyedRow,
  type ModuleFunnel,
  type QuietTeacher,
  type ReportRow,
  type SortKey,
  type StatusCounts,
  type StoppingPoint,
} from '../learning/report';
import { addResponse, countResponse, type ResponseRow } from '../study/response';
import { formKey } from '../study/schedule';
import { sortInTurns, Turns, TURN_MS } from '../turns';

interface Entry {
  school: number;
  generation: number;
  /** The school's teachers (role teacher), in no particular order. */
  teachers: ReportRow[];
  /** Its pending invitations as rows, read when a school's own report first needs them. */
  invited: ReportRow[] | null;
  counts: StatusCounts;
  funnel: ModuleFunnel[];
  study: ResponseRow | null;
  /** Stopping points and quiet teachers at `at`, true until `until` (when the next teacher turns quiet). */
  timed: { at: number; until: number; stops: StoppingPoint[]; quiet: QuietTeacher[] } | null;
}

/** What the report of all schools shows above its table. */
export interface AllSchools {
  counts: StatusCounts;
  funnel: ModuleFunnel[];
  stops: StoppingPoint[];
  /** The longest quiet (at most QUIET_SHOWN), and how many are quiet in all. */
  quiet: QuietTeacher[];
  quietCount: number;
  study: ResponseRow | null;
}

export const QUIET_SHOWN = 20;
/** Sorted tables kept at once (one per column and direction asked for). */
const SORTS_KEPT = 6;
/** Past this many changed rows since a table was sorted, sorting it again is cheaper than merging. */
const MERGE_LIMIT = 20_000;
const NONE = new Map<string, string>();
/** Schools read together at most (about 1,000 teachers in schools of 25). */
const MAX_RUN = 40;

export class ReportCache {
  private readonly entries = new Map<number, Entry>();
  private version = 0;
  private log: { version: number; removed: readonly ReportRow[]; added: readonly ReportRow[] }[] = [];
  private readonly sorts = new Map<string, { version: number; keyed: KeyedRow[] }>();
  private refreshing: Promise<void> | null = null;
  private readonly sorting = new Map<string, { version: number; keyed: Promise<readonly KeyedRow[]> }>();

  constructor(
    private readonly course: Course,
    private readonly stores: Stores,
  ) {}

  /** One school's rows, its teachers and pending invitations, as they are now. Small: synchronous. */
  schoolRows(schoolId: number): ReportRow[] {
    const entry = this.fresh(schoolId);
    entry.invited ??= this.stores.reports.invited(schoolId).map((teacher) => reportRow(this.course, { teacher, completions: NONE, activity: null, quizzes: [] }));
    return entry.invited.length === 0 ? entry.teachers : [...entry.teachers, ...entry.invited];
  }

  /** One school's response to the study (null without a study). */
  schoolStudy(schoolId: number): ResponseRow | null {
    return this.fresh(schoolId).study;
  }

  /** The figures of all schools at `now`: every school brought up to date first, in turns. */
  async allSchools(now: Date, turns = new Turns()): Promise<AllSchools> {
    await this.refresh(turns);
    const at = now.getTime();
    let counts = statusCounts([]);
    let funnel = moduleFunnel(this.course, []);
    let study: ResponseRow | null = null;
    const stops: StoppingPoint[][] = [];
    const quiet: QuietTeacher[] = [];
    let quietCount = 0;
    let i = 0;
    for (const entry of this.entries.values()) {
      counts = addCounts(counts, entry.counts);
      funnel = addFunnels(funnel, entry.funnel);
      if (entry.study) study = study ? addResponse(study, entry.study) : { ...entry.study, schoolId: null };
      if (!entry.timed || at < entry.timed.at || at >= entry.timed.until) {
        entry.timed = { at, until: quietChangesAt(entry.teachers, now), stops: stoppingPoints(this.course, entry.teachers, now), quiet: quietTeachers(this.course, entry.teachers, now) };
      }
      stops.push(entry.timed.stops);
      quietCount += entry.timed.quiet.length;
      keepFirst(quiet, entry.timed.quiet, QUIET_SHOWN);
      if ((++i & 63) === 0) await turns.maybeYield();
    }
    return { counts, funnel, stops: addStoppingPoints(stops), quiet, quietCount, study };
  }

  /** How many teachers' rows are kept (what the cache costs in memory: about 600 bytes a row). */
  rowsKept(): number {
    let n = 0;
    for (const entry of this.entries.values()) n += entry.teachers.length;
    return n;
  }

  /**
   * Builds every school's rows, the figures at `now` and the table in name order (the report's
   * first view), in turns, so that the first to open the report of all schools or its CSV does not
   * wait for it. Stops at its next turn when `stop` is aborted.
   */
  async warm(now: Date, stop: AbortSignal, turnMs = TURN_MS): Promise<void> {
    stop.throwIfAborted();
    const turns = new Turns(turnMs, stop);
    await this.allSchools(now, turns);
    await this.sortedRows('naam', false, turns);
  }

  /** Every teacher of every school in the report's order for one column, brought up to date first. */
  async sortedRows(key: SortKey, descending: boolean, turns = new Turns()): Promise<readonly KeyedRow[]> {
    await this.refresh(turns);
    const id = `${key}:${descending ? 'af' : 'op'}`;
    // The same order at the same version under way already (the one built in advance, another
    // administrator's): wait for it instead of sorting 100,000 rows twice.
    const pending = this.sorting.get(id);
    if (pending && pending.version === this.version) return pending.keyed;
    const version = this.version;
    const keyed = this.sortAt(id, key, descending, turns).finally(() => {
      if (this.sorting.get(id)?.keyed === keyed) this.sorting.delete(id);
    });
    this.sorting.set(id, { version, keyed });
    return keyed;
  }

  private async sortAt(id: string, key: SortKey, descending: boolean, turns: Turns): Promise<readonly KeyedRow[]> {
    const known = this.sorts.get(id);
    const version = this.version;
    let keyed: KeyedRow[];
    const changes = known ? this.changesSince(known.version) : null;
    if (known && known.version === version) keyed = known.keyed;
    else if (known && changes) keyed = await mergeChanges(known.keyed, changes, key, descending, turns);
    else {
      const rows: ReportRow[] = [];
      for (const entry of this.entries.values()) for (const r of entry.teachers) rows.push(r);
      const unsorted: KeyedRow[] = [];
      for (let i = 0; i < rows.length; i += 2048) {
        for (const k of keyedRows(rows.slice(i, i + 2048), key)) unsorted.push(k);
        await turns.maybeYield();
      }
      keyed = await sortInTurns(unsorted, compareKeyed(descending), turns);
    }
    this.sorts.delete(id);
    this.sorts.set(id, { version, keyed });
    if (this.sorts.size > SORTS_KEPT) this.sorts.delete(this.sorts.keys().next().value as string);
    this.trimLog();
    return keyed;
  }

  /** The entry of one school as it is now: its generation is read first, then its rows. */
  private fresh(school: number): Entry {
    const generation = this.stores.schoolChanges.generation(school);
    const known = this.entries.get(school);
    if (known && known.generation === generation) return known;
    const [from, to] = school === NO_SCHOOL ? [null, null] : [school, school];
    const data = this.stores.reports.schoolsData(from, to);
    const consenting = this.course.study ? this.stores.research.consentingInSchools(from, to) : [];
    return this.store(this.build(school, generation, data, consenting));
  }

  /** Brings every school's entry up to date, a run of schools per turn; one refresh at a time. */
  private refresh(turns: Turns): Promise<void> {
    this.refreshing ??= this.refreshAll(turns).finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  private async refreshAll(turns: Turns): Promise<void> {
    // Generations before rows: an entry may be newer than its generation, never older.
    const generations = this.stores.schoolChanges.generations();
    const ids = this.stores.reports.schoolIds();
    const schools = new Set([...ids, NO_SCHOOL]);
    for (const school of this.entries.keys()) {
      if (!schools.has(school)) this.store({ ...this.entries.get(school)!, teachers: [] }, true);
    }
    const stale = [NO_SCHOOL, ...ids].filter((school) => {
      const e = this.entries.get(school);
      return !e || e.generation !== (generations.get(school) ?? 0);
    });
    // Runs of nearby school ids, read together; sized so that a run takes about one turn.
    let size = 8;
    let i = 0;
    while (i < stale.length) {
      const first = stale[i]!;
      let j = i + 1;
      if (first !== NO_SCHOOL) while (j < stale.length && j - i < size && stale[j]! - first < 2 * size) j++;
      const run = stale.slice(i, j);
      const started = performance.now();
      const [from, to] = first === NO_SCHOOL ? [null, null] : [first, run.at(-1)!];
      const data = this.stores.reports.schoolsData(from, to);
      const consenting = this.course.study ? this.stores.research.consentingInSchools(from, to) : [];
      const bySchool = new Map<number, { data: TeacherReportData[]; consenting: ConsentingTeacher[] }>(run.map((school) => [school, { data: [], consenting: [] }]));
      for (const d of data) bySchool.get(d.teacher.schoolId ?? NO_SCHOOL)?.data.push(d);
      for (const c of consenting) bySchool.get(c.participant.schoolId ?? NO_SCHOOL)?.consenting.push(c);
      for (const [school, of] of bySchool) this.store(this.build(school, generations.get(school) ?? 0, of.data, of.consenting));
      const perSchool = (performance.now() - started) / run.length;
      // At most twice as many next time: a fast run (pages in memory) must not make the next one long.
      size = Math.max(1, Math.min(2 * size, MAX_RUN, Math.floor(TURN_MS / Math.max(perSchool, 0.01))));
      i = j;
      await turns.maybeYield();
    }
  }

  private build(school: number, generation: number, data: readonly TeacherReportData[], consenting: readonly ConsentingTeacher[]): Entry {
    const teachers = data.map((d) => ownStrings(reportRow(this.course, d)));
    const study = this.course.study
      ? countResponse(
          this.course.study,
          [{ schoolId: school, teachers: teachers.length }],
          consenting.map((c) => ({
            decision: c.participant.decision,
            consentVersion: c.participant.consentVersion,
            consentedAt: c.participant.consentedAt,
            pupils: c.pupils,
            finished: new Map(c.finished.map((f) => [formKey(f.wave, f.questionnaire, f.pupil), f.finishedAt])),
            courseCompletedAt: null,
            courseStartedAt: null,
            schoolId: school,
          })),
        ).total
      : null;
    return { school, generation, teachers, invited: null, counts: statusCounts(teachers), funnel: moduleFunnel(this.course, teachers), study, timed: null };
  }

  /** Keeps an entry and notes which rows it replaced, for the sorted tables. */
  private store(entry: Entry, remove = false): Entry {
    const old = this.entries.get(entry.school);
    if (remove) this.entries.delete(entry.school);
    else this.entries.set(entry.school, entry);
    this.version++;
    if (this.sorts.size > 0) this.log.push({ version: this.version, removed: old?.teachers ?? [], added: entry.teachers });
    return entry;
  }

  /** The rows taken out and put in since `version`, or null when the log no longer reaches back or it is cheaper to sort again. */
  private changesSince(version: number): { removed: Set<ReportRow>; added: ReportRow[] } | null {
    const first = this.log[0];
    if (version < this.version && (!first || first.version > version + 1)) return null;
    const removed = new Set<ReportRow>();
    const added: ReportRow[] = [];
    for (const change of this.log) {
      if (change.version <= version) continue;
      for (const r of change.removed) removed.add(r);
      for (const r of change.added) added.push(r);
      if (removed.size + added.length > MERGE_LIMIT) return null;
    }
    return { removed, added: added.filter((r) => !removed.has(r)) };
  }

  private trimLog(): void {
    let oldest = Infinity;
    for (const s of this.sorts.values()) oldest = Math.min(oldest, s.version);
    this.log = this.log.filter((c) => c.version > oldest);
  }
}

/** A sorted table with the changed rows taken out and their replacements merged in, in one pass, in turns (100,000 rows take 25-40 ms). */
async function mergeChanges(keyed: readonly KeyedRow[], changes: { removed: Set<ReportRow>; added: ReportRow[] }, key: SortKey, descending: boolean, turns: Turns): Promise<KeyedRow[]> {
  const compare = compareKeyed(descending);
  const added = keyedRows(changes.added, key).sort(compare);
  const out: KeyedRow[] = [];
  let j = 0;
  for (let i = 0; i < keyed.length; i++) {
    const k = keyed[i]!;
    if ((i & 4095) === 4095) await turns.maybeYield();
    if (changes.removed.has(k.row)) continue;
    while (j < added.length && compare(added[j]!, k) < 0) out.push(added[j++]!);
    out.push(k);
  }
  while (j < added.length) out.push(added[j++]!);
  return out;
}

/** Merges a sorted list into `top` (sorted, at most `n` long) in quiet order. */
function keepFirst(top: QuietTeacher[], list: readonly QuietTeacher[], n: number): void {
  for (const q of list) {
    if (top.length === n && quietOrder(q, top[n - 1]!) >= 0) return;
    let at = top.length;
    while (at > 0 && quietOrder(q, top[at - 1]!) < 0) at--;
    top.splice(at, 0, q);
    if (top.length > n) top.pop();
  }
}

/**
 * The row with its timestamps as strings of their own. They are cut from the one long string per
 * teacher that SQLite hands over (src/db/reports.ts), and a cut keeps the whole string alive: over
 * 100,000 teachers that was 37 of the cache's 98 MB.
 */
function ownStrings(row: ReportRow): ReportRow {
  const own = (s: string | null) => (s === null ? null : Buffer.from(s).toString());
  row.lastActivity = own(row.lastActivity);
  row.completedOn = own(row.completedOn);
  return row;
}

const caches = new WeakMap<Stores, WeakMap<Course, ReportCache>>();

/** The report cache of this database and this compile of the course (a new compile starts afresh). */
export function reportCache(course: Course, stores: Stores): ReportCache {
  let byCourse = caches.get(stores);
  if (!byCourse) caches.set(stores, (byCourse = new WeakMap()));
  let cache = byCourse.get(course);
  if (!cache) byCourse.set(course, (cache = new ReportCache(course, stores)));
  return cache;
}

/** A school's rows computed afresh, past every cache (tests compare the cache with it). */
export function uncachedSchoolRows(course: Course, stores: Stores, schoolId: number | null): ReportRow[] {
  const [from, to] = schoolId === null || schoolId === NO_SCHOOL ? [null, null] : [schoolId, schoolId];
  const rows = stores.reports.schoolsData(from, to).map((d) => reportRow(course, d));
  if (schoolId === null || schoolId === NO_SCHOOL) return rows;
  return [...rows, ...stores.reports.invited(schoolId).map((teacher) => reportRow(course, { teacher, completions: NONE, activity: null, quizzes: [] }))];
}
