// The audit log (migrations/012-audit-log.sql): what administrators, coordinators and researchers
// did, and what steun or the command line did, read back by administrators at /admin/logboek.
import type { Sqlite } from './connection';
import { stamper } from './connection';
import type { Clock } from '../clock';

export const AUDIT_ACTIONS = [
  'invite', 'invite-link', 'password-link', 'account-add', 'account-erase', 'deactivate', 'reactivate', 'role', 'school-move',
  'school-add', 'school-rename', 'school-erase', 'join-code', 'export', 'wave-open', 'inactive-notice', 'reminders',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Roles as the log's details name them (Dutch, as on the pages). */
export const ROLE_NAMES: Record<string, string> = { teacher: 'leerkracht', coordinator: 'coördinator', author: 'auteur', admin: 'beheerder', researcher: 'onderzoeker' };

/** A signed-in person, or steun itself ('steun') or the command line ('opdrachtregel'). */
export type Actor = { id: number; name: string; email: string; role: string } | 'steun' | 'opdrachtregel';

export interface AuditEntry {
  id: number;
  at: string;
  actorId: number | null;
  actor: string;
  actorRole: string | null;
  action: AuditAction;
  subjectUserId: number | null;
  /** The subject's current name and address; null when the account is gone (or it was no account). */
  subjectName: string | null;
  subjectSchoolId: number | null;
  subjectSchoolName: string | null;
  detail: string | null;
}

interface Row {
  id: number;
  at: string;
  actor_id: number | null;
  actor: string;
  actor_role: string | null;
  action: AuditAction;
  subject_user_id: number | null;
  subject_name: string | null;
  subject_school_id: number | null;
  subject_school_name: string | null;
  detail: string | null;
}

export function auditStore(db: Sqlite, clock: Clock) {
  const now = stamper(clock);
  const s = {
    insert: db.prepare(
      `INSERT INTO audit_log (at, actor_id, actor, actor_role, action, subject_user_id, subject_school_id, detail)
       VALUES (@at, @actorId, @actor, @actorRole, @action, @subjectUserId, @subjectSchoolId, @detail)`,
    ),
    page: db.prepare<[number, number], Row>(
      `SELECT a.*, coalesce(u.name || ' <' || u.email || '>', i.email) AS subject_name, s.name AS subject_school_name
       FROM audit_log a
       LEFT JOIN users u ON u.id = a.subject_user_id
       LEFT JOIN invitations i ON i.id = a.subject_user_id AND u.id IS NULL
       LEFT JOIN schools s ON s.id = a.subject_school_id
       ORDER BY a.id DESC LIMIT ? OFFSET ?`,
    ),
    count: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM audit_log'),
    prune: db.prepare('DELETE FROM audit_log WHERE at < ?'),
  };
  return {
    record(actor: Actor, action: AuditAction, about: { userId?: number | null; schoolId?: number | null; detail?: string | null } = {}, at = now()): void {
      const person = typeof actor === 'string' ? null : actor;
      s.insert.run({
        at,
        actorId: person?.id ?? null,
        actor: person ? `${person.name} <${person.email}>` : actor,
        actorRole: person?.role ?? null,
        action,
        subjectUserId: about.userId ?? null,
        subjectSchoolId: about.schoolId ?? null,
        detail: about.detail ?? null,
      });
    },
    /** Newest first. */
    page(offset: number, limit: number): AuditEntry[] {
      return s.page.all(limit, offset).map((r) => ({
        id: r.id,
        at: r.at,
        actorId: r.actor_id,
        actor: r.actor,
        actorRole: r.actor_role,
        action: r.action,
        subjectUserId: r.subject_user_id,
        subjectName: r.subject_name,
        subjectSchoolId: r.subject_school_id,
        subjectSchoolName: r.subject_school_name,
        detail: r.detail,
      }));
    },
    count(): number {
      return s.count.get()!.n;
    },
    /** Deletes entries written before `before`; returns how many. */
    prune(before: string): number {
      return s.prune.run(before).changes;
    },
  };
}

export type AuditStore = ReturnType<typeof auditStore>;
