// Housekeeping in the server's hourly schedule: the audit log kept AUDIT_KEEP_DAYS, and, when
// INACTIVE_ERASE_DAYS is set, teachers without activity that long are told by mail and erased
// INACTIVE_NOTICE_DAYS later (through accounts.deleteUser, so everything of theirs goes) unless
// they were active in between.
import type { Stores } from '../db';
import type { Logger } from '../logger';
import { inactiveNoticeMail } from './compose';

const DAY_MS = 86_400_000;
const ERASE_ON = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Amsterdam' });

export interface HousekeepingDeps {
  stores: Stores;
  logger: Logger;
  baseUrl: string;
  platform: string;
  auditKeepDays: number;
  inactiveErase: { afterDays: number; noticeDays: number } | undefined;
}

export interface HousekeepingResult {
  auditPruned: number;
  told: number;
  erased: number;
}

/** `now`: the schedules' clock reading. */
export function runHousekeeping(deps: HousekeepingDeps, now: Date): HousekeepingResult {
  const { stores } = deps;
  const result: HousekeepingResult = { auditPruned: stores.audit.prune(new Date(now.getTime() - deps.auditKeepDays * DAY_MS).toISOString()), told: 0, erased: 0 };
  const rule = deps.inactiveErase;
  if (rule) {
    // Erasing first: someone told today is never erased in the same run.
    for (const t of stores.retention.toErase(new Date(now.getTime() - rule.noticeDays * DAY_MS).toISOString())) {
      stores.transaction(() => {
        stores.accounts.deleteUser(t.id);
        stores.audit.record('steun', 'account-erase', { userId: t.id, schoolId: t.schoolId, detail: `${rule.afterDays} dagen niet actief, ${rule.noticeDays} dagen na het bericht` });
      });
      result.erased++;
    }
    const eraseOn = ERASE_ON.format(new Date(now.getTime() + rule.noticeDays * DAY_MS));
    for (const t of stores.retention.toTell(new Date(now.getTime() - rule.afterDays * DAY_MS).toISOString())) {
      stores.transaction(() => {
        const mail = inactiveNoticeMail({ platform: deps.platform, baseUrl: deps.baseUrl, to: t.email, name: t.name, inactiveDays: rule.afterDays, eraseOn, link: `${deps.baseUrl}/login`, exportLink: `${deps.baseUrl}/me` });
        stores.outbox.enqueue(mail, { userId: t.id, dedupeKey: `inactive-notice:${t.id}:${t.lastActivity}` });
        stores.retention.markTold(t.id, now.toISOString());
        stores.audit.record('steun', 'inactive-notice', { userId: t.id, detail: `wordt gewist op ${eraseOn}` });
      });
      result.told++;
    }
  }
  if (result.auditPruned + result.told + result.erased > 0) deps.logger.info(result, 'housekeeping');
  return result;
}
