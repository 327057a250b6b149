// The data layer: every store over one connection. The only place with SQL.
import type { Sqlite } from './connection';
import { accountsStore } from './accounts';
import { settingsStore } from './settings';
import { progressStore } from './progress';
import { attemptsStore } from './attempts';
import { reportsStore } from './reports';
import { certificatesStore } from './certificates';
import { exportStore } from './export';
import { researchStore } from './research';
import { OutsideWrites } from './memo';
import { SqliteSessionStore } from './sessions';
import { devicesStore } from './devices';
import { outboxStore } from './outbox';
import { remindersStore } from './reminders';
import { identitiesStore } from './identities';
import { invitationsStore } from './invitations';
import { auditStore } from './audit';
import { retentionStore } from './retention';

/** `mailSends`: SMTP is configured (otherwise mail is kept in the outbox for /admin/mail). */
export function createStores(sqlite: Sqlite, options: { mailSends?: boolean } = {}) {
  // One count of outside writes for the stores that memoise, so one deleted account drops them all.
  const outside = new OutsideWrites(sqlite);
  // Ending an account's sessions must reach the session store's in-memory copy too.
  const sessions = new SqliteSessionStore(sqlite);
  return {
    sqlite,
    sessions,
    accounts: accountsStore(sqlite, outside, sessions),
    settings: settingsStore(sqlite),
    progress: progressStore(sqlite, outside),
    attempts: attemptsStore(sqlite, outside),
    reports: reportsStore(sqlite),
    certificates: certificatesStore(sqlite),
    exports: exportStore(sqlite),
    devices: devicesStore(sqlite),
    outbox: outboxStore(sqlite, { sending: options.mailSends ?? false }),
    reminders: remindersStore(sqlite),
    identities: identitiesStore(sqlite),
    invitations: invitationsStore(sqlite),
    audit: auditStore(sqlite),
    retention: retentionStore(sqlite),
    /** Runs `fn` in one transaction: a mail is written together with what caused it, or not at all. */
    transaction: <T>(fn: () => T): T => sqlite.transaction(fn)(),
    research: researchStore(sqlite, outside),
    /** Drops every per-person memo: after rows were changed by hand on this connection (tests, maintenance). */
    forgetMemos: () => outside.forgetEveryone(),
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
export function databaseWritable(sqlite: Sqlite): boolean {
  try {
    let probe = probes.get(sqlite);
    if (!probe) probes.set(sqlite, (probe = sqlite.prepare(`INSERT INTO settings (key, value) VALUES ('ready_probe', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`)));
    probe.run(new Date().toISOString());
    return true;
  } catch {
    return false;
  }
}
