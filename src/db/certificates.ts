// Issued certificates, verifiable by their code.
import type { Clock } from '../clock';
import crypto from 'node:crypto';
import type { Sqlite } from './connection';
import { stamper } from './connection';

export interface Certificate {
  code: string;
  userId: number;
  name: string;
  courseTitle: string;
  hours: number;
  issuer: string;
  completedAt: string;
  issuedAt: string;
}

interface Row {
  code: string;
  user_id: number;
  name: string;
  course_title: string;
  hours: number;
  issuer: string;
  completed_at: string;
  issued_at: string;
}

const toCertificate = (r: Row): Certificate => ({
  code: r.code,
  userId: r.user_id,
  name: r.name,
  courseTitle: r.course_title,
  hours: r.hours,
  issuer: r.issuer,
  completedAt: r.completed_at,
  issuedAt: r.issued_at,
});

/** Readable codes: no 0/O or 1/I/L. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
function newCode(): string {
  return Array.from(crypto.randomBytes(12), (b) => ALPHABET[b % ALPHABET.length]).join('').replace(/(.{4})(?=.)/g, '$1-');
}

export function certificatesStore(db: Sqlite, clock: Clock) {
  const now = stamper(clock);
  const byUser = db.prepare<[number], Row>('SELECT * FROM certificates WHERE user_id = ?');
  const byCode = db.prepare<[string], Row>('SELECT * FROM certificates WHERE code = ?');
  const insert = db.prepare(
    'INSERT INTO certificates (code, user_id, name, course_title, hours, issuer, completed_at, issued_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  return {
    /** The teacher's certificate, issued on first request and the same ever after. */
    issue(input: Omit<Certificate, 'code' | 'issuedAt'>): Certificate {
      return db.transaction(() => {
        const existing = byUser.get(input.userId);
        if (existing) return toCertificate(existing);
        const code = newCode();
        insert.run(code, input.userId, input.name, input.courseTitle, input.hours, input.issuer, input.completedAt, now());
        return toCertificate(byCode.get(code)!);
      })();
    },
    byCode(code: string): Certificate | undefined {
      // As people type a printed code: without dashes, with spaces, in lower case.
      const plain = code.replace(/[\s-]/g, '').toUpperCase();
      const row = byCode.get(plain.length === 12 ? plain.replace(/(.{4})(?=.)/g, '$1-') : code.trim().toUpperCase());
      return row ? toCertificate(row) : undefined;
    },
    forUser(userId: number): Certificate | undefined {
      const row = byUser.get(userId);
      return row ? toCertificate(row) : undefined;
    },
  };
}
