// The data layer: every store over one connection. The only place with SQL.
import type { Sqlite } from './connection';
import { systemClock, type Clock } from '../clock';
import { accountsStore } from './accounts';
import { settingsStore } from './settings';
import { progressStore } from './progress';
import { attemptsStore } from './attempts';
import { reportsStore } from './reports';
import { certificatesStore } from './certificates';
import { exportStore } from './export';
import { researchStore } from './research';
import { OutsideWrites, PersonMemos } from './memo';
import { SchoolChanges } from './school-changes';
import { SqliteSessionStore } from './sessions';
import { devicesStore } from './devices';
import { outboxStore } from './outbox';
import { remindersStore } from './reminders';
import { identitiesStore } from './identities';
import { invitationsStore } from './invitations';
import { addressProofStore } from './address-proof';
import { auditStore } from './audit';
import { retentionStore } from './retention';
import { sharedCountsStore } from './shared-counts';

/**
 * `mailSends`: SMTP is configured (otherwise mail is kept in the outbox for /admin/mail). `clock`:
 * the app's one clock (src/clock.ts), which stamps every row the stores write.
 */
export function createStores(sqlite: Sqlite, options: { mailSends?: boolean; clock?: Clock } = {}) {
  const clock = options.clock ?? systemClock;
  // One gateway for every per-person memo, so a write about a person drops all of theirs and one
  // deleted account drops them all.
  const outside = new OutsideWrites(sqlite);
  const people = new PersonMemos(sqlite, outside);
  // Ending an account's sessions must reach the session store's in-memory copy too.
  const sessions = new SqliteSessionStore(sqlite);
  return {
    sqlite,
    sessions,
    /** Which schools' reports changed (src/report/cache.ts reads it). */
    schoolChanges: new SchoolChanges(sqlite),
    accounts: accountsStore(sqlite, people, clock, sessions),
    settings: settingsStore(sqlite),
    progress: progressStore(sqlite, people, clock),
    attempts: attemptsStore(sqlite, people, clock),
    reports: reportsStore(sqlite),
    certificates: certificatesStore(sqlite, clock),
    exports: exportStore(sqlite, clock),
    devices: devicesStore(sqlite, clock),
    outbox: outboxStore(sqlite, { sending: options.mailSends ?? false, clock }),
    reminders: remindersStore(sqlite),
    identities: identitiesStore(sqlite, clock),
    invitations: invitationsStore(sqlite, clock),
    proofs: addressProofStore(sqlite, people, clock),
    audit: auditStore(sqlite, clock),
    retention: retentionStore(sqlite, clock),
    /** Throttle and budget counts every process shares (src/web/throttle.ts, src/web/budget.ts). */
    counts: sharedCountsStore(sqlite, clock),
    /** Runs `fn` in one transaction: a mail is written together with what caused it, or not at all. */
    transaction: <T>(fn: () => T): T => sqlite.transaction(fn)(),
    research: researchStore(sqlite, clock, people),
    /** As a request starts: memos answer nothing another process (or the CLI) changed before it. */
    seeOtherProcesses: () => void outside.check(),
    /** Drops every per-person memo: after rows were changed by hand on this connection (tests, maintenance). */
    forgetMemos: () => people.forgetEveryone(),
    /** Reads for a batch job (every consenting teacher): past the memos, which stay with active teachers. */
    withoutMemos: <T>(fn: () => T): T => people.bypass(fn),
    /** For tests and maintenance: a write past the stores, after which no memo answers what was there before. */
    testing: {
      run(sql: string, ...params: unknown[]): void {
        sqlite.prepare(sql).run(...params);
        outside.forgetEveryone();
      },
    },
  };
}

export type Stores = ReturnType<typeof createStores>;

const pings = new WeakMap<Sqlite, { get: () => unknown }>();

/** True when the database answers a trivial query (prepared once per connection: health checks come often). */
export function databaseAnswers(sqlite: Sqlite): boolean {
  try {
    let ping = pings.get(sqlite);
    if (!ping) pings.set(sqlite, (ping = sqlite.prepare('SELECT 1 AS ok')));
    return ping.get() !== undefined;
  } catch {
    return false;
  }
}

const probes = new WeakMap<Sqlite, { run: (at: string) => unknown }>();

/**
 * True when the database takes a write now: one tiny row is written (a read-only file, an I/O
 * error or a full disk that the write-ahead log must grow into fail it). For /readyz.
 */
export function databaseWritable(sqlite: Sqlite, at: string): boolean {
  try {
    let probe = probes.get(sqlite);
    if (!probe) probes.set(sqlite, (probe = sqlite.prepare(`INSERT INTO settings (key, value) VALUES ('ready_probe', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`)));
    probe.run(at);
    return true;
  } catch {
    return false;
  }
}
