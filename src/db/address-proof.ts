// Whether an account's e-mail address is proven to be its owner's (migrations/009-proven-addresses.sql),
// and which one-time links prove it: those that went only to the address's mailbox.
import type { Sqlite } from './connection';
import { stamper } from './connection';
import { hashToken } from './accounts';
import type { PersonMemos } from './memo';
import type { Clock } from '../clock';

/** Writes about a person go through the memo gateway (`people.write`), like every store's. */
export function addressProofStore(db: Sqlite, people: PersonMemos, clock: Clock) {
  const now = stamper(clock);
  const s = {
    proven: db.prepare<[number], { email_proven: number }>('SELECT email_proven FROM users WHERE id = ?'),
    prove: db.prepare('UPDATE users SET email_proven = 1 WHERE id = ? AND email_proven = 0'),
    mailedOnly: db.prepare('UPDATE password_tokens SET proves_address = 1 WHERE token_hash = ?'),
    tokenProves: db.prepare<[string, string], { proves_address: number }>('SELECT proves_address FROM password_tokens WHERE token_hash = ? AND expires_at > ?'),
    unlinkSchoolLogins: db.prepare('DELETE FROM user_identities WHERE user_id = ?'),
    voidLinks: db.prepare('DELETE FROM password_tokens WHERE user_id = ?'),
  };
  return {
    isProven(userId: number): boolean {
      return s.proven.get(userId)?.email_proven === 1;
    },
    /** A school login with a verified address made the account. */
    prove(userId: number): void {
      people.write(userId, () => s.prove.run(userId));
    },
    /** The link with this token went to the address's mailbox and was shown to nobody: using it proves the address. */
    sentOnlyByMail(token: string): void {
      s.mailedOnly.run(hashToken(token));
    },
    /** True for a working link that went only to the mailbox. */
    tokenProves(token: string): boolean {
      return s.tokenProves.get(hashToken(token), now())?.proves_address === 1;
    },
    /**
     * A school login took an account nobody could sign in to yet (an invitation not used): its
     * outstanding one-time links stop working, so whoever was given one cannot set a password now.
     */
    takenBySchoolLogin(userId: number): void {
      people.write(userId, () => s.voidLinks.run(userId));
    },
    /**
     * The mailbox's owner used a link only they received: the address is proven, and they are the
     * account's owner. School logins linked while it was unproven (an account somebody made with
     * their address and linked to their own school login) are removed; returns how many. Run it in
     * the transaction that uses the link.
     */
    provenByMailbox(userId: number): number {
      return people.write(userId, () => (s.prove.run(userId).changes === 0 ? 0 : s.unlinkSchoolLogins.run(userId).changes));
    },
  };
}

export type AddressProofStore = ReturnType<typeof addressProofStore>;
