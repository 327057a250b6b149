// School accounts (OpenID Connect issuer + subject) linked to steun accounts, and the e-mail
// domains that place new teachers in a school.
import type { Clock } from '../clock';
import type { Sqlite } from './connection';
import { stamper } from './connection';

export function identitiesStore(db: Sqlite, clock: Clock) {
  const now = stamper(clock);
  const s = {
    userId: db.prepare<[string, string], { user_id: number }>('SELECT user_id FROM user_identities WHERE issuer = ? AND subject = ?'),
    link: db.prepare('INSERT INTO user_identities (issuer, subject, user_id, created_at) VALUES (?, ?, ?, ?)'),
    forUser: db.prepare<[number], { issuer: string }>('SELECT issuer FROM user_identities WHERE user_id = ?'),
    schoolByDomain: db.prepare<[string], { id: number }>('SELECT id FROM schools WHERE email_domain = ?'),
    setDomain: db.prepare('UPDATE schools SET email_domain = ? WHERE id = ?'),
    domainOf: db.prepare<[number], { email_domain: string | null }>('SELECT email_domain FROM schools WHERE id = ?'),
  };
  return {
    userIdFor(issuer: string, subject: string): number | undefined {
      return s.userId.get(issuer, subject)?.user_id;
    },
    link(issuer: string, subject: string, userId: number): void {
      s.link.run(issuer, subject, userId, now());
    },
    hasSchoolLogin(userId: number): boolean {
      return s.forUser.get(userId) !== undefined;
    },
    /** The school whose e-mail domain matches the address's domain exactly. */
    schoolIdForEmail(email: string): number | undefined {
      const domain = email.split('@')[1]?.toLowerCase();
      return domain ? s.schoolByDomain.get(domain)?.id : undefined;
    },
    setSchoolDomain(schoolId: number, domain: string | null): void {
      s.setDomain.run(domain?.trim().toLowerCase() ?? null, schoolId);
    },
    schoolDomain(schoolId: number): string | null {
      return s.domainOf.get(schoolId)?.email_domain ?? null;
    },
  };
}

export type IdentitiesStore = ReturnType<typeof identitiesStore>;
