// People, schools and one-time password links.
import type { Clock } from '../clock';
import crypto from 'node:crypto';
import type { Sqlite } from './connection';
import { stamper } from './connection';
import type { PersonMemos } from './memo';

/**
 * The next account id: above every id ever used, erased accounts' included (retired_user_ids), so
 * a link or session naming an old id never reaches a new person. Invitations take theirs the same way.
 */
export const NEXT_USER_ID_SQL = 'max(coalesce((SELECT max(id) FROM users), 0), coalesce((SELECT max(id) FROM retired_user_ids), 0)) + 1';

export const ROLES = ['teacher', 'coordinator', 'author', 'admin', 'researcher'] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  id: number;
  email: string;
  name: string;
  role: Role;
  schoolId: number | null;
  active: boolean;
  createdAt: string;
  lastActiveAt: string | null;
}

export interface UserWithHash extends User {
  passwordHash: string | null;
}

export interface School {
  id: number;
  name: string;
  joinCode: string;
  createdAt: string;
}

interface UserRow {
  id: number;
  email: string;
  name: string;
  role: Role;
  school_id: number | null;
  active: number;
  created_at: string;
  last_active_at: string | null;
  password_hash: string | null;
}

interface SchoolRow {
  id: number;
  name: string;
  join_code: string;
  created_at: string;
}

function toUser(row: UserRow): UserWithHash {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    schoolId: row.school_id,
    active: row.active === 1,
    createdAt: row.created_at,
    lastActiveAt: row.last_active_at,
    passwordHash: row.password_hash,
  };
}

function withoutHash(user: UserWithHash): User {
  const { passwordHash: _omitted, ...rest } = user;
  return rest;
}

function toSchool(row: SchoolRow): School {
  return { id: row.id, name: row.name, joinCode: row.join_code, createdAt: row.created_at };
}

/** Join codes avoid letters and digits that are easy to confuse (0/O, 1/I/L). */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export function newJoinCode(): string {
  const bytes = crypto.randomBytes(8);
  return Array.from(bytes, (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
}

/**
 * The address already has an account. Raised by the UNIQUE constraint itself, so two requests that
 * both passed a check before inserting cannot both win: callers answer it as a form error.
 */
export class EmailTakenError extends Error {
  constructor(email: string) {
    super(`an account with e-mail ${email} already exists`);
  }
}

function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

/** Sessions the session store keeps only in memory (a disk that refused them), to be dropped with the rows when an account's sessions end. */
export interface SessionCache {
  forgetUser(userId: number): void;
}

export function accountsStore(db: Sqlite, people: PersonMemos, clock: Clock, sessions?: SessionCache) {
  const now = stamper(clock);
  // Every signed-in request looks its account up; writes about a person go through the gateway.
  const users = people.memo<Readonly<User> | undefined>();
  const s = {
    userById: db.prepare<[number], UserRow>('SELECT * FROM users WHERE id = ?'),
    userByEmail: db.prepare<[string], UserRow>('SELECT * FROM users WHERE email = ?'),
    insertUser: db.prepare(
      `INSERT INTO users (id, email, name, password_hash, role, school_id, created_at)
       VALUES ((SELECT ${NEXT_USER_ID_SQL}),
               @email, @name, @passwordHash, @role, @schoolId, @createdAt)`,
    ),
    retireId: db.prepare('INSERT OR IGNORE INTO retired_user_ids (id) VALUES (?)'),
    // EXISTS stops at the first administrator (usually the first account); a count read all 100,000 rows at start.
    anyAdmin: db.prepare<[], { yes: number }>(`SELECT EXISTS (SELECT 1 FROM users WHERE role = 'admin' AND active = 1) AS yes`),
    setPassword: db.prepare('UPDATE users SET password_hash = ? WHERE id = ?'),
    touchActive: db.prepare('UPDATE users SET last_active_at = ? WHERE id = ?'),
    schoolById: db.prepare<[number], SchoolRow>('SELECT * FROM schools WHERE id = ?'),
    schoolByCode: db.prepare<[string], SchoolRow>('SELECT * FROM schools WHERE join_code = ?'),
    insertSchool: db.prepare('INSERT INTO schools (name, join_code, created_at) VALUES (?, ?, ?)'),
    insertToken: db.prepare('INSERT INTO password_tokens (token_hash, user_id, expires_at) VALUES (?, ?, ?)'),
    tokenUser: db.prepare<[string, string], { user_id: number }>(
      'SELECT user_id FROM password_tokens WHERE token_hash = ? AND expires_at > ?',
    ),
    deleteTokens: db.prepare('DELETE FROM password_tokens WHERE user_id = ?'),
    useLink: db.prepare('INSERT OR IGNORE INTO used_links (token_hash, used_at) VALUES (?, ?)'),
    linkUsed: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM used_links WHERE token_hash = ?'),
    linkExpired: db.prepare<[string, string], { one: number }>('SELECT 1 AS one FROM password_tokens WHERE token_hash = ? AND expires_at <= ?'),
    forgetUsedLinks: db.prepare('DELETE FROM used_links WHERE used_at < ?'),
    deleteExpiredTokens: db.prepare('DELETE FROM password_tokens WHERE user_id = ? AND expires_at <= ?'),
    setJoinCode: db.prepare('UPDATE schools SET join_code = ? WHERE id = ?'),
    renameSchool: db.prepare('UPDATE schools SET name = ? WHERE id = ?'),
    schools: db.prepare<[], SchoolRow & { people: number }>(
      `SELECT s.*, (SELECT COUNT(*) FROM users u WHERE u.school_id = s.id) AS people FROM schools s ORDER BY s.name COLLATE NOCASE`,
    ),
    schoolNames: db.prepare<[], { id: number; name: string }>('SELECT id, name FROM schools ORDER BY name COLLATE NOCASE'),
    anySchool: db.prepare<[], { yes: number }>('SELECT EXISTS (SELECT 1 FROM schools) AS yes'),
    users: db.prepare<[], UserRow>('SELECT * FROM users ORDER BY name COLLATE NOCASE, id'),
    setActive: db.prepare('UPDATE users SET active = ? WHERE id = ?'),
    setRole: db.prepare('UPDATE users SET role = ? WHERE id = ?'),
    setSchool: db.prepare('UPDATE users SET school_id = ? WHERE id = ?'),
    setName: db.prepare('UPDATE users SET name = ? WHERE id = ?'),
    deleteUser: db.prepare('DELETE FROM users WHERE id = ?'),
    deleteSessions: db.prepare('DELETE FROM sessions WHERE user_id = ?'),
    deleteOtherSessions: db.prepare('DELETE FROM sessions WHERE user_id = ? AND sid <> ?'),
  };

  return {
    userById(id: number): Readonly<User> | undefined {
      return users.get(id, () => {
        const row = s.userById.get(id);
        return row ? Object.freeze(withoutHash(toUser(row))) : undefined;
      });
    },
    userByEmailWithHash(email: string): UserWithHash | undefined {
      const row = s.userByEmail.get(normalizeEmail(email));
      return row ? toUser(row) : undefined;
    },
    emailTaken(email: string): boolean {
      return s.userByEmail.get(normalizeEmail(email)) !== undefined;
    },
    /** Throws EmailTakenError when the address has an account, however close two requests come. */
    addUser(input: { email: string; name: string; role: Role; schoolId: number | null; passwordHash: string | null }): User {
      let info;
      try {
        info = s.insertUser.run({
          ...input,
          email: normalizeEmail(input.email),
          name: input.name.trim(),
          createdAt: now(),
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw new EmailTakenError(normalizeEmail(input.email));
        throw err;
      }
      // A lookup of the id before it existed may have been kept (as no account).
      people.forget(Number(info.lastInsertRowid));
      return withoutHash(toUser(s.userById.get(Number(info.lastInsertRowid))!));
    },
    hasAdmin(): boolean {
      return s.anyAdmin.get()!.yes === 1;
    },
    /**
     * The first administrator, checked and inserted in one transaction: of simultaneous requests one
     * wins, the others get null. Throws EmailTakenError like addUser.
     */
    addFirstAdmin(input: { email: string; name: string; passwordHash: string }): User | null {
      return db.transaction(() => (s.anyAdmin.get()!.yes === 1 ? null : this.addUser({ ...input, role: 'admin', schoolId: null })))();
    },
    /** A new password signs the account out everywhere except in the session `keepSid` (the one that changed it). */
    setPasswordHash(userId: number, hash: string, keepSid?: string): void {
      sessions?.forgetUser(userId);
      people.write(userId, () => {
        s.setPassword.run(hash, userId);
        if (keepSid === undefined) s.deleteSessions.run(userId);
        else s.deleteOtherSessions.run(userId, keepSid);
      });
    },
    touchActive(userId: number, at = now()): void {
      people.write(userId, () => s.touchActive.run(at, userId));
    },
    schoolById(id: number): School | undefined {
      const row = s.schoolById.get(id);
      return row ? toSchool(row) : undefined;
    },
    schoolByJoinCode(code: string): School | undefined {
      // As people type a code they read: in two halves ("2HCR NVQE"), with a dash, in lower case.
      const row = s.schoolByCode.get(code.replace(/[\s-]/g, '').toUpperCase());
      return row ? toSchool(row) : undefined;
    },
    addSchool(name: string): School {
      const info = s.insertSchool.run(name.trim(), newJoinCode(), now());
      return toSchool(s.schoolById.get(Number(info.lastInsertRowid))!);
    },
    /** A one-time link token to set a password, valid for `days`. Earlier links of the user stop working. */
    /**
     * A new one-time link. By default it voids the user's earlier links (a new invitation
     * replaces the last); `keepEarlier` leaves them, pruning only the expired ones.
     */
    createPasswordToken(userId: number, days = 7, options: { keepEarlier?: boolean } = {}): string {
      const token = crypto.randomBytes(24).toString('base64url');
      const expires = new Date(clock() + days * 86_400_000).toISOString();
      people.write(userId, () => {
        if (options.keepEarlier) s.deleteExpiredTokens.run(userId, now());
        else s.deleteTokens.run(userId);
        s.insertToken.run(hashToken(token), userId, expires);
      });
      return token;
    },
    /** Notes that a one-time link was used (call it in the transaction that uses it). */
    linkUsed(token: string): void {
      s.useLink.run(hashToken(token), now());
    },
    /** Why a link no longer works: used before, expired, or never known (a typo, or forgotten since). */
    linkGone(token: string): 'used' | 'expired' | 'unknown' {
      const hash = hashToken(token);
      if (s.linkUsed.get(hash)) return 'used';
      return s.linkExpired.get(hash, now()) ? 'expired' : 'unknown';
    },
    /** Forgets used links noted before `before` (housekeeping). */
    forgetUsedLinks(before: string): number {
      return s.forgetUsedLinks.run(before).changes;
    },
    userForPasswordToken(token: string): User | undefined {
      const row = s.tokenUser.get(hashToken(token), now());
      const user = row ? this.userById(row.user_id) : undefined;
      return user?.active ? user : undefined;
    },
    renewJoinCode(schoolId: number): string {
      const code = newJoinCode();
      s.setJoinCode.run(code, schoolId);
      return code;
    },
    renameSchool(schoolId: number, name: string): void {
      s.renameSchool.run(name.trim(), schoolId);
    },
    schools(): (School & { people: number })[] {
      return s.schools.all().map((r) => ({ ...toSchool(r), people: r.people }));
    },
    /** Every school's id and name in name order, without counting its people: what a picker needs (a count per school reads every account). */
    schoolNames(): { id: number; name: string }[] {
      return s.schoolNames.all();
    },
    /** Whether there is any school yet (a new installation has none). */
    hasSchools(): boolean {
      return s.anySchool.get()!.yes === 1;
    },
    users(): User[] {
      return s.users.all().map((r) => withoutHash(toUser(r)));
    },
    /** Deactivated accounts keep their record (and their place in reports) but cannot sign in. */
    setActive(userId: number, active: boolean): void {
      if (!active) sessions?.forgetUser(userId);
      people.write(userId, () => {
        s.setActive.run(active ? 1 : 0, userId);
        // A deactivated account keeps no way back in: its sessions and one-time links go.
        if (!active) {
          s.deleteSessions.run(userId);
          s.deleteTokens.run(userId);
        }
      });
    },
    // A new role or school makes earlier one-time links void: whoever was given one (a coordinator
    // passing on an invitation) must not take over the account in its new place.
    setRole(userId: number, role: Role): void {
      people.write(userId, () => {
        s.setRole.run(role, userId);
        s.deleteTokens.run(userId);
      });
    },
    setSchool(userId: number, schoolId: number | null): void {
      people.write(userId, () => {
        s.setSchool.run(schoolId, userId);
        s.deleteTokens.run(userId);
      });
    },
    setName(userId: number, name: string): void {
      people.write(userId, () => s.setName.run(name.trim(), userId));
    },
    /** Erases the account and, through the foreign keys, every row that belongs to it. */
    deleteUser(userId: number): void {
      sessions?.forgetUser(userId);
      people.write(userId, () => {
        s.retireId.run(userId);
        s.deleteUser.run(userId);
      });
      // Every row that belonged to the account went with it, in every store.
      people.forgetEveryone();
    },
    /** Sets the password and burns every outstanding link of that user, atomically. */
    setPasswordWithToken(userId: number, hash: string): void {
      sessions?.forgetUser(userId);
      people.write(userId, () => {
        s.setPassword.run(hash, userId);
        s.deleteTokens.run(userId);
        s.deleteSessions.run(userId);
      });
    },
  };
}

export type AccountsStore = ReturnType<typeof accountsStore>;
