// Which schools' reports may have changed: a generation per school (migrations/014-shared-state.sql),
// bumped by triggers in the transaction of every write to what a report row is computed from, from
// whichever connection (a store, the command line, another process, a hand-written UPDATE). The
// report keeps a school's rows while its generation stays (src/report/cache.ts): a teacher's write
// recomputes that school, not the country.
import type { Sqlite } from './connection';

/** The key of teachers without a school (no school has id 0). */
export const NO_SCHOOL = 0;

export class SchoolChanges {
  private readonly s;

  constructor(db: Sqlite) {
    this.s = {
      one: db.prepare<[number], number>('SELECT generation FROM school_changes WHERE school_id = ?').pluck(),
      all: db.prepare<[], [number, number]>('SELECT school_id, generation FROM school_changes').raw(true),
    };
  }

  /** One school's generation (0 for a school never written; NO_SCHOOL for teachers without one). */
  generation(school: number): number {
    return this.s.one.get(school) ?? 0;
  }

  /** Every school's generation that is not 0. */
  generations(): Map<number, number> {
    return new Map(this.s.all.all());
  }
}
