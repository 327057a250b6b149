// The data layer: every store over one connection. The only place with SQL.
import type { Sqlite } from './connection';
import { accountsStore } from './accounts';
import { settingsStore } from './settings';
import { progressStore } from './progress';
import { attemptsStore } from './attempts';
import { reportsStore } from './reports';
import { certificatesStore } from './certificates';
import { exportStore } from './export';

export function createStores(sqlite: Sqlite) {
  return {
    sqlite,
    accounts: accountsStore(sqlite),
    settings: settingsStore(sqlite),
    progress: progressStore(sqlite),
    attempts: attemptsStore(sqlite),
    reports: reportsStore(sqlite),
    certificates: certificatesStore(sqlite),
    exports: exportStore(sqlite),
  };
}

export type Stores = ReturnType<typeof createStores>;

/** True when the database answers a trivial query. */
export function databaseAnswers(sqlite: Sqlite): boolean {
  try {
    return sqlite.prepare('SELECT 1 AS ok').get() !== undefined;
  } catch {
    return false;
  }
}
