// Invitations without an account in the inviting school (see migrations/008-invitations.sql): a
// coordinator's invitation, without mail, of an address that has an account elsewhere. They look
// like a teacher who never signed in, and their links look like any invitation link.
import type { Clock } from '../clock';
import crypto from 'node:crypto';
import type { Sqlite } from './connection';
import { stamper } from './connection';
import { hashToken, normalizeEmail, NEXT_USER_ID_SQL } from './accounts';

export interface Invitation {
  id: number;
  email: string;
  schoolId: number;
  invitedBy: number | null;
  active: boolean;
  createdAt: string;
  /** When the current link stops working; null when there is none (expired, deactivated). */
  expiresAt: string | null;
}

interface InvitationRow {
  id: number;
  email: string;
  school_id: number;
  invited_by: number | null;
  active: number;
  created_at: string;
  expires_at: string | null;
}

function toInvitation(row: InvitationRow): Invitation {
  return {
    id: row.id,
    email: row.email,
    schoolId: row.school_id,
    invitedBy: row.invited_by,
    active: row.active === 1,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

/** The same form as a password link's token (accounts.createPasswordToken). */
function newToken(): string {
  return crypto.randomBytes(24).toString('base64url');
}

export function invitationsStore(db: Sqlite, clock: Clock) {
  const now = stamper(clock);
  const expiresIn = (days: number) => new Date(clock() + days * 86_400_000).toISOString();
  const columns = 'id, email, school_id, invited_by, active, created_at, expires_at';
  const s = {
    // The next id of users' sequence, retired at once so that no account ever gets it.
    reserveId: db.prepare(
      `INSERT INTO retired_user_ids (id)
       VALUES (${NEXT_USER_ID_SQL})`,
    ),
    insert: db.prepare(
      `INSERT INTO invitations (id, email, school_id, invited_by, token_hash, expires_at, created_at)
       VALUES (@id, @email, @schoolId, @invitedBy, @tokenHash, @expiresAt, @createdAt)`,
    ),
    byId: db.prepare<[number], InvitationRow>(`SELECT ${columns} FROM invitations WHERE id = ?`),
    inSchool: db.prepare<[number, string], InvitationRow>(`SELECT ${columns} FROM invitations WHERE school_id = ? AND email = ?`),
    byToken: db.prepare<[string, string], InvitationRow>(`SELECT ${columns} FROM invitations WHERE token_hash = ? AND expires_at > ? AND active = 1`),
    setToken: db.prepare('UPDATE invitations SET token_hash = ?, expires_at = ? WHERE id = ?'),
    setActive: db.prepare('UPDATE invitations SET active = ? WHERE id = ?'),
    voidLink: db.prepare('UPDATE invitations SET token_hash = NULL, expires_at = NULL WHERE id = ?'),
    use: db.prepare('DELETE FROM invitations WHERE id = ? AND token_hash = ? AND expires_at > ? AND active = 1'),
    dropExpiredLinks: db.prepare('UPDATE invitations SET token_hash = NULL, expires_at = NULL WHERE expires_at <= ?'),
  };

  return {
    /**
     * A new invitation of `email` to the school, valid for `days`; returns it with its link's token.
     * Throws on a second invitation of the same address to the same school (UNIQUE): look first.
     */
    create(input: { email: string; schoolId: number; invitedBy: number | null; days: number }): { invitation: Invitation; token: string } {
      const token = newToken();
      const id = db.transaction(() => {
        const reserved = Number(s.reserveId.run().lastInsertRowid);
        s.insert.run({ id: reserved, email: normalizeEmail(input.email), schoolId: input.schoolId, invitedBy: input.invitedBy, tokenHash: hashToken(token), expiresAt: expiresIn(input.days), createdAt: now() });
        return reserved;
      })();
      return { invitation: toInvitation(s.byId.get(id)!), token };
    },
    byId(id: number): Invitation | undefined {
      const row = s.byId.get(id);
      return row ? toInvitation(row) : undefined;
    },
    /** The school's invitation of this address, if there is one. */
    inSchool(schoolId: number, email: string): Invitation | undefined {
      const row = s.inSchool.get(schoolId, normalizeEmail(email));
      return row ? toInvitation(row) : undefined;
    },
    /** The active invitation whose link this is, while the link works. */
    forToken(token: string): Invitation | undefined {
      const row = s.byToken.get(hashToken(token), now());
      return row ? toInvitation(row) : undefined;
    },
    /** A new link for the invitation; the earlier one stops working. */
    renewLink(id: number, days: number): string {
      const token = newToken();
      s.setToken.run(hashToken(token), expiresIn(days), id);
      return token;
    },
    /** A deactivated invitation keeps its row (and its place in the list) but loses its link. */
    setActive(id: number, active: boolean): void {
      db.transaction(() => {
        s.setActive.run(active ? 1 : 0, id);
        if (!active) s.voidLink.run(id);
      })();
    },
    /**
     * Uses the link once: the invitation is deleted. False when it was not (or no longer) this
     * invitation's working link — another request used it first, or it expired meanwhile.
     */
    use(id: number, token: string): boolean {
      return s.use.run(id, hashToken(token), now()).changes === 1;
    },
    /** Clears the hashes of links that have expired (the invitations stay, as teachers who never signed in). */
    dropExpiredLinks(at = now()): number {
      return s.dropExpiredLinks.run(at).changes;
    },
  };
}

export type InvitationsStore = ReturnType<typeof invitationsStore>;
