// `steun school erase <id|code>`: a school that leaves is erased as a whole — every account in it
// through accounts.deleteUser (so everything of each person goes), then the school with its
// invitations and wave openings. Without --yes it only counts.
import type { Stores } from '../db';
import type { School } from '../db/accounts';
import type { SchoolCounts } from '../db/retention';
import { CliError } from './cli-error';

export function findSchool(stores: Stores, idOrCode: string): School {
  const school = /^\d+$/.test(idOrCode) ? stores.accounts.schoolById(Number(idOrCode)) : stores.accounts.schoolByJoinCode(idOrCode);
  if (!school) throw new CliError(`no school has id or join code "${idOrCode}" (see /admin)`);
  return school;
}

export function describeCounts(school: School, c: SchoolCounts): string {
  return (
    `School "${school.name}" (id ${school.id}, join code ${school.joinCode}): ${c.people} accounts (${c.teachers} teachers, ${c.coordinators} coordinators, ${c.others} others), ` +
    `${c.invitations} invitations without account, ${c.lessonProgress} lesson progress rows, ${c.reflections} reflections, ${c.quizAttempts} quiz attempts, ` +
    `${c.certificates} certificates, ${c.studyParticipants} study participants.`
  );
}

/** Erases the school and everyone in it in one transaction; returns how many accounts went. */
export function eraseSchool(stores: Stores, school: School): number {
  const people = stores.retention.schoolPeople(school.id);
  if (people.some((p) => p.role === 'admin') && stores.retention.activeAdminsOutside(school.id) === 0) {
    throw new CliError(`erasing "${school.name}" would leave no active administrator; make an administrator outside this school first`);
  }
  stores.transaction(() => {
    for (const p of people) stores.accounts.deleteUser(p.id);
    stores.retention.deleteSchool(school.id);
    stores.audit.record('opdrachtregel', 'school-erase', { schoolId: school.id, detail: `"${school.name}" met ${people.length} accounts` });
  });
  return people.length;
}
