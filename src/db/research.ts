// The study's data: decisions about taking part, pupils in mind, answers, finished questionnaires
// and waves opened by a researcher. Pupils' names never leave this store except to their teacher.
import type { Clock } from '../clock';
import crypto from 'node:crypto';
import type { Sqlite } from './connection';
import { stamper } from './connection';
import type { PersonMemos } from './memo';

export type Decision = 'yes' | 'no' | 'withdrawn';

export interface StudyParticipant {
  userId: number;
  code: string;
  decision: Decision;
  consentVersion: string;
  decidedAt: string;
  consentedAt: string | null;
}

export interface ParticipantWithSchool extends StudyParticipant {
  schoolId: number | null;
}

export interface StudyPupil {
  number: number;
  name: string;
  /** When the teacher named this pupil; null for pupils named before that was recorded. */
  addedAt: string | null;
}

export interface StoredAnswer {
  userId: number;
  wave: string;
  questionnaire: string;
  pupil: number;
  item: string;
  value: string;
  answeredAt: string;
}

export interface StoredForm {
  userId: number;
  wave: string;
  questionnaire: string;
  pupil: number;
  finishedAt: string;
}

/** A teacher who said yes, with what the response counts need (src/report/cache.ts). */
export interface ConsentingTeacher {
  participant: ParticipantWithSchool;
  /** The number of pupils in mind (the highest number named). */
  pupils: number;
  finished: StoredForm[];
}

export interface StoredOpening {
  id: number;
  wave: string;
  schoolId: number | null;
  openedAt: string;
  until: string;
  /** Teachers it reached when the researcher confirmed it (null for openings from before this was kept). */
  teachers: number | null;
  /** Closed again before `until`; null while it runs. */
  closedAt: string | null;
}

const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
function newCode(): string {
  return `P${Array.from(crypto.randomBytes(6), (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('')}`;
}

interface ParticipantRow {
  user_id: number;
  code: string;
  decision: Decision;
  consent_version: string;
  decided_at: string;
  consented_at: string | null;
  school_id?: number | null;
}
const toParticipant = (r: ParticipantRow): StudyParticipant => ({ userId: r.user_id, code: r.code, decision: r.decision, consentVersion: r.consent_version, decidedAt: r.decided_at, consentedAt: r.consented_at });

/**
 * With `outside`, the reads every course request makes for its teacher (decision, pupils, finished
 * questionnaires, the researcher's openings) are memoised and forgotten by this store's writes;
 * without it (the data export's own copy), nothing is kept.
 */
export function researchStore(db: Sqlite, clock: Clock, people?: PersonMemos) {
  const stamp = stamper(clock);
  // The teachers who said yes in a run of schools (`BETWEEN ? AND ?`) or without a school: the
  // report's study counts read nobody else (a decision of no or withdrawn counts nowhere).
  const consenting = (sql: (where: string) => string) => {
    const range = db.prepare<[number, number]>(sql('u.school_id BETWEEN ? AND ?')).raw(true);
    const none = db.prepare<[]>(sql('u.school_id IS NULL')).raw(true);
    return (from: number | null, to: number | null) => (from === null || to === null ? none.all() : range.all(from, to)) as unknown[][];
  };
  const yes = "users u JOIN study_participants p ON p.user_id = u.id AND p.decision = 'yes'";
  const c = {
    participants: consenting((where) => `SELECT p.user_id, p.code, p.decision, p.consent_version, p.decided_at, p.consented_at, u.school_id FROM ${yes} WHERE u.role = 'teacher' AND ${where}`),
    pupils: consenting((where) => `SELECT x.user_id, MAX(x.number) FROM ${yes} JOIN study_pupils x ON x.user_id = u.id WHERE u.role = 'teacher' AND ${where} GROUP BY x.user_id`),
    forms: consenting((where) => `SELECT f.user_id, f.wave, f.questionnaire, f.pupil, f.finished_at FROM ${yes} JOIN study_forms f ON f.user_id = u.id WHERE u.role = 'teacher' AND ${where}`),
  };
  const s = {
    participant: db.prepare<[number], ParticipantRow>('SELECT user_id, code, decision, consent_version, decided_at, consented_at FROM study_participants WHERE user_id = ?'),
    codeTaken: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM study_participants WHERE code = ?'),
    decide: db.prepare(
      `INSERT INTO study_participants (user_id, code, decision, consent_version, decided_at, consented_at) VALUES (@userId, @code, @decision, @version, @now, CASE WHEN @decision = 'yes' THEN @now END)
       ON CONFLICT (user_id) DO UPDATE SET decision = excluded.decision, consent_version = excluded.consent_version, decided_at = excluded.decided_at,
         consented_at = CASE WHEN excluded.decision = 'yes' THEN coalesce(study_participants.consented_at, excluded.decided_at) ELSE NULL END`,
    ),
    deleteAnswers: db.prepare('DELETE FROM study_answers WHERE user_id = ?'),
    deleteForms: db.prepare('DELETE FROM study_forms WHERE user_id = ?'),
    deletePupils: db.prepare('DELETE FROM study_pupils WHERE user_id = ?'),
    pupils: db.prepare<[number], { number: number; name: string; added_at: string | null }>('SELECT number, name, added_at FROM study_pupils WHERE user_id = ? ORDER BY number'),
    upsertPupil: db.prepare('INSERT INTO study_pupils (user_id, number, name, added_at) VALUES (?, ?, ?, ?) ON CONFLICT (user_id, number) DO UPDATE SET name = excluded.name'),
    deletePupilsAbove: db.prepare('DELETE FROM study_pupils WHERE user_id = ? AND number > ?'),
    pupilsWithAnswersAbove: db.prepare<[number, number, number, number], { pupil: number }>(
      'SELECT DISTINCT pupil FROM study_answers WHERE user_id = ? AND pupil > ? UNION SELECT DISTINCT pupil FROM study_forms WHERE user_id = ? AND pupil > ?',
    ),
    answers: db.prepare<[number, string, string, number], { item: string; value: string }>('SELECT item, value FROM study_answers WHERE user_id = ? AND wave = ? AND questionnaire = ? AND pupil = ?'),
    saveAnswer: db.prepare(
      `INSERT INTO study_answers (user_id, wave, questionnaire, pupil, item, value, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (user_id, wave, questionnaire, pupil, item) DO UPDATE SET value = excluded.value, answered_at = excluded.answered_at
       WHERE study_answers.value IS NOT excluded.value`,
    ),
    finish: db.prepare('INSERT INTO study_forms (user_id, wave, questionnaire, pupil, finished_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING'),
    forms: db.prepare<[number], { wave: string; questionnaire: string; pupil: number; finished_at: string }>('SELECT wave, questionnaire, pupil, finished_at FROM study_forms WHERE user_id = ?'),
    openings: db.prepare<[], { id: number; wave: string; school_id: number | null; opened_at: string; until: string; teachers: number | null; closed_at: string | null }>(
      'SELECT id, wave, school_id, opened_at, until, teachers, closed_at FROM study_wave_openings ORDER BY id',
    ),
    addOpening: db.prepare('INSERT INTO study_wave_openings (wave, school_id, opened_at, until, teachers, opened_by) VALUES (?, ?, ?, ?, ?, ?)'),
    closeOpening: db.prepare('UPDATE study_wave_openings SET closed_at = ? WHERE id = ? AND closed_at IS NULL AND until > ?'),
    newCode: db.prepare('UPDATE study_participants SET code = ? WHERE user_id = ?'),
    allPupils: db.prepare<[], { user_id: number; number: number; added_at: string | null }>('SELECT user_id, number, added_at FROM study_pupils ORDER BY user_id, number'),
    allParticipants: db.prepare<[], ParticipantRow & { school_id: number | null }>(
      `SELECT p.user_id, p.code, p.decision, p.consent_version, p.decided_at, p.consented_at, u.school_id
       FROM study_participants p JOIN users u ON u.id = p.user_id WHERE u.role = 'teacher' ORDER BY p.code`,
    ),
    consentingUsers: db.prepare<[], { user_id: number }>("SELECT user_id FROM study_participants WHERE decision = 'yes'"),
    allAnswers: db
      .prepare<[], [number, string, string, number, string, string, string]>(
        'SELECT user_id, wave, questionnaire, pupil, item, value, answered_at FROM study_answers ORDER BY user_id, wave, questionnaire, pupil, item',
      )
      .raw(true),
    allForms: db.prepare<[], { user_id: number; wave: string; questionnaire: string; pupil: number; finished_at: string }>('SELECT user_id, wave, questionnaire, pupil, finished_at FROM study_forms'),
    teachersPerSchool: db.prepare<[], { school_id: number | null; n: number }>("SELECT school_id, count(*) AS n FROM users WHERE role = 'teacher' GROUP BY school_id"),
    pupilCounts: db.prepare<[], { user_id: number; n: number }>('SELECT user_id, MAX(number) AS n FROM study_pupils GROUP BY user_id'),
    exportAnswers: db.prepare<[number], { wave: string; questionnaire: string; pupil: number; item: string; value: string; answered_at: string }>(
      'SELECT wave, questionnaire, pupil, item, value, answered_at FROM study_answers WHERE user_id = ? ORDER BY wave, questionnaire, pupil, item',
    ),
  };

  /** Memoised per person through the gateway; read each time without one (the export's own copy). */
  const memo = <T>() => {
    const m = people?.memo<T>();
    return { get: (userId: number, read: () => T) => (m ? m.get(userId, read) : read()) };
  };
  const write = <R>(userId: number, fn: () => R): R => (people ? people.write(userId, fn) : db.transaction(fn)());
  const participants = memo<StudyParticipant | null>();
  const pupilLists = memo<readonly StudyPupil[]>();
  const finishedForms = memo<ReadonlyMap<string, string>>();
  // The openings are everyone's: one entry, under key 0 (no account has id 0).
  const openingList = memo<readonly StoredOpening[]>();
  const EVERYONE = 0;

  return {
    participant(userId: number): StudyParticipant | null {
      return participants.get(userId, () => {
        const row = s.participant.get(userId);
        return row ? toParticipant(row) : null;
      });
    },

    /** Records a decision for a consent version. Withdrawing deletes every answer, finished questionnaire and pupil. */
    decide(userId: number, decision: Decision, version: string, now = stamp()): StudyParticipant {
      write(userId, () => {
        let code = s.participant.get(userId)?.code;
        while (!code) {
          const candidate = newCode();
          if (s.codeTaken.get(candidate)!.n === 0) code = candidate;
        }
        s.decide.run({ userId, code, decision, version, now });
        if (decision === 'withdrawn') {
          s.deleteAnswers.run(userId);
          s.deleteForms.run(userId);
          s.deletePupils.run(userId);
          // Whoever takes part again is a new participant: the code that was in earlier exports never returns.
          let fresh: string | undefined;
          while (!fresh) {
            const candidate = newCode();
            if (s.codeTaken.get(candidate)!.n === 0) fresh = candidate;
          }
          s.newCode.run(fresh, userId);
        }
      });
      return toParticipant(s.participant.get(userId)!);
    },

    pupils(userId: number): readonly StudyPupil[] {
      return pupilLists.get(userId, () => Object.freeze(s.pupils.all(userId).map((r) => Object.freeze({ number: r.number, name: r.name, addedAt: r.added_at }))));
    },

    /** Pupils above `count` that have answers or finished questionnaires (they cannot be removed). */
    pupilsInUseAbove(userId: number, count: number): number[] {
      return s.pupilsWithAnswersAbove.all(userId, count, userId, count).map((r) => r.pupil);
    },

    /** Names for pupils 1..names.length; pupils above are removed. */
    setPupils(userId: number, names: readonly string[], now = stamp()): void {
      write(userId, () => {
        names.forEach((name, i) => s.upsertPupil.run(userId, i + 1, name, now));
        s.deletePupilsAbove.run(userId, names.length);
      });
    },

    answers(userId: number, wave: string, questionnaire: string, pupil: number): Map<string, string> {
      return new Map(s.answers.all(userId, wave, questionnaire, pupil).map((r) => [r.item, r.value]));
    },

    /** All of them or none; an unchanged value keeps its first time. */
    saveAnswers(userId: number, wave: string, questionnaire: string, pupil: number, answers: readonly { item: string; value: string }[], now = stamp()): void {
      write(userId, () => {
        for (const a of answers) s.saveAnswer.run(userId, wave, questionnaire, pupil, a.item, a.value, now);
      });
    },

    finish(userId: number, wave: string, questionnaire: string, pupil: number, now = stamp()): void {
      write(userId, () => s.finish.run(userId, wave, questionnaire, pupil, now));
    },

    /** Finished questionnaires of one teacher: `wave/questionnaire/pupil` -> when. */
    finished(userId: number): ReadonlyMap<string, string> {
      return finishedForms.get(userId, () => new Map(s.forms.all(userId).map((r) => [`${r.wave}/${r.questionnaire}/${r.pupil}`, r.finished_at])));
    },

    openings(): readonly StoredOpening[] {
      return openingList.get(EVERYONE, () =>
        s.openings.all().map((r) => ({ id: r.id, wave: r.wave, schoolId: r.school_id, openedAt: r.opened_at, until: r.until, teachers: r.teachers, closedAt: r.closed_at })),
      );
    },

    /** Logs and applies a researcher's opening; `teachers`: how many it reached when confirmed. */
    addOpening(wave: string, schoolId: number | null, openedAt: string, until: string, teachers: number | null = null, openedBy: number | null = null): void {
      write(EVERYONE, () => s.addOpening.run(wave, schoolId, openedAt, until, teachers, openedBy));
    },

    /** Closes a running opening at `at`; false when it does not exist, was closed already or has run out. */
    closeOpening(id: number, at = stamp()): boolean {
      return write(EVERYONE, () => s.closeOpening.run(at, id, at).changes === 1);
    },

    /** Per teacher who named pupils: each pupil's number and when it was named (for the schedule of everyone at once). */
    allPupils(): Map<number, { number: number; addedAt: string | null }[]> {
      const out = new Map<number, { number: number; addedAt: string | null }[]>();
      for (const r of s.allPupils.all()) {
        let list = out.get(r.user_id);
        if (!list) out.set(r.user_id, (list = []));
        list.push({ number: r.number, addedAt: r.added_at });
      }
      return out;
    },

    /** Every teacher who decided anything, with their school (for counts and the researcher's data). */
    /** The teachers who said yes (the study's schedule looks at nobody else). */
    consentingUserIds(): number[] {
      return s.consentingUsers.all().map((r) => r.user_id);
    },
    /** Every teacher's decision, or only those of one school's teachers. */
    allParticipants(): ParticipantWithSchool[] {
      return s.allParticipants.all().map((r) => ({ ...toParticipant(r), schoolId: r.school_id }));
    },

    allAnswers(): StoredAnswer[] {
      return s.allAnswers.all().map(([userId, wave, questionnaire, pupil, item, value, answeredAt]) => ({ userId, wave, questionnaire, pupil, item, value, answeredAt }));
    },

    /** The teachers who said yes in the schools with ids `from` to `to` (both null: without a school), in one read transaction. */
    consentingInSchools: db.transaction((from: number | null, to: number | null): ConsentingTeacher[] => {
      const out = new Map<number, ConsentingTeacher>();
      for (const [userId, code, decision, version, decidedAt, consentedAt, schoolId] of c.participants(from, to) as [number, string, Decision, string, string, string | null, number | null][]) {
        out.set(userId, { participant: { userId, code, decision, consentVersion: version, decidedAt, consentedAt, schoolId }, pupils: 0, finished: [] });
      }
      for (const [userId, n] of c.pupils(from, to) as [number, number][]) {
        const t = out.get(userId);
        if (t) t.pupils = n;
      }
      for (const [userId, wave, questionnaire, pupil, finishedAt] of c.forms(from, to) as [number, string, string, number, string][]) {
        out.get(userId)?.finished.push({ userId, wave, questionnaire, pupil, finishedAt });
      }
      return [...out.values()];
    }),

    /** Every finished questionnaire. */
    allForms(): StoredForm[] {
      return s.allForms.all().map((r) => ({ userId: r.user_id, wave: r.wave, questionnaire: r.questionnaire, pupil: r.pupil, finishedAt: r.finished_at }));
    },

    /** How many teachers each school has (for response rates; never who). */
    teachersPerSchool(): { schoolId: number | null; teachers: number }[] {
      return s.teachersPerSchool.all().map((r) => ({ schoolId: r.school_id, teachers: r.n }));
    },

    /** Per teacher the number of pupils in mind. */
    pupilCounts(): Map<number, number> {
      return new Map(s.pupilCounts.all().map((r) => [r.user_id, r.n]));
    },

    /** For the teacher's own download (/me/export). */
    exportFor(userId: number) {
      const p = s.participant.get(userId);
      return {
        participation: p ? { code: p.code, decision: p.decision, consent_version: p.consent_version, decided_at: p.decided_at, consented_at: p.consented_at } : null,
        pupils: s.pupils.all(userId).map((r) => ({ number: r.number, name: r.name })),
        answers: s.exportAnswers.all(userId),
        finished: s.forms.all(userId),
      };
    },
  };
}

export type ResearchStore = ReturnType<typeof researchStore>;
