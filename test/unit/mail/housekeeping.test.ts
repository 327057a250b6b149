// Housekeeping (src/mail/housekeeping.ts): the audit log is kept AUDIT_KEEP_DAYS; teachers inactive
// for INACTIVE_ERASE_DAYS are told by mail and erased INACTIVE_NOTICE_DAYS later, unless they came back.
import { makeTestApp, addUser, type TestApp } from '../../support/app';
import { runHousekeeping, type HousekeepingDeps } from '../../../src/mail/housekeeping';
import { createLogger } from '../../../src/logger';

const DAY = 86_400_000;
let t: TestApp;
beforeEach(() => (t = makeTestApp()));
afterEach(() => t.close());

const deps = (inactiveErase?: { afterDays: number; noticeDays: number }): HousekeepingDeps => ({
  stores: t.stores, logger: createLogger('silent'), baseUrl: 'https://steun.test', platform: 'steun', auditKeepDays: 365, inactiveErase,
});
const daysAgo = (n: number, from = Date.now()) => new Date(from - n * DAY).toISOString();

test('audit entries older than AUDIT_KEEP_DAYS are pruned, younger ones stay', () => {
  t.stores.audit.record('opdrachtregel', 'school-add', { schoolId: 1 }, daysAgo(400));
  t.stores.audit.record('opdrachtregel', 'school-add', { schoolId: 2 }, daysAgo(300));
  expect(runHousekeeping(deps(), new Date()).auditPruned).toBe(1);
  expect(t.stores.audit.page(0, 10).map((e) => e.subjectSchoolId)).toEqual([2]);
});

test('without INACTIVE_ERASE_DAYS nobody is told or erased', async () => {
  const old = await addUser(t.stores, { email: 'oud@school.nl' });
  t.stores.sqlite.prepare('UPDATE users SET created_at = ?, last_active_at = ? WHERE id = ?').run(daysAgo(3000), daysAgo(3000), old.id);
  expect(runHousekeeping(deps(), new Date())).toEqual({ auditPruned: 0, told: 0, erased: 0 });
  expect(t.stores.accounts.userById(old.id)).toBeDefined();
});

test('inactive teachers are told once, then erased with all their data unless they signed in; others are left alone', async () => {
  const school = t.stores.accounts.addSchool('De Regenboog');
  const quiet = await addUser(t.stores, { email: 'stil@school.nl', name: 'Stille Juf', schoolId: school.id });
  const returns = await addUser(t.stores, { email: 'terug@school.nl', schoolId: school.id });
  const active = await addUser(t.stores, { email: 'actief@school.nl', schoolId: school.id });
  const neverCame = await addUser(t.stores, { email: 'nooit@school.nl', schoolId: school.id });
  const coordinator = await addUser(t.stores, { email: 'ib@school.nl', role: 'coordinator', schoolId: school.id });
  const set = t.stores.sqlite.prepare('UPDATE users SET created_at = ?, last_active_at = ? WHERE id = ?');
  set.run(daysAgo(900), daysAgo(800), quiet.id);
  set.run(daysAgo(900), daysAgo(800), returns.id);
  set.run(daysAgo(900), daysAgo(10), active.id);
  set.run(daysAgo(800), null, neverCame.id);
  set.run(daysAgo(900), daysAgo(800), coordinator.id);
  // The quiet teacher's reflection goes with the account.
  t.stores.sqlite.prepare("INSERT INTO reflections (user_id, lesson_key, reflection_id, text, updated_at) VALUES (?, 'a/b', 'r', 'Mijn tekst', ?)").run(quiet.id, daysAgo(800));
  const rule = { afterDays: 730, noticeDays: 30 };

  expect(runHousekeeping(deps(rule), new Date())).toMatchObject({ told: 3, erased: 0 });
  const notices = t.stores.outbox.recent(10).filter((m) => m.kind === 'inactive-notice');
  expect(notices.map((m) => m.to).sort()).toEqual(['nooit@school.nl', 'stil@school.nl', 'terug@school.nl']);
  const mail = notices.find((m) => m.to === 'stil@school.nl')!;
  expect(mail.subject).toBe('Je account bij steun wordt gewist');
  expect(mail.text).toContain('Beste Stille Juf,');
  expect(mail.text).toContain('Je hebt 730 dagen niet ingelogd bij steun');
  expect(mail.text).toContain('https://steun.test/login');
  // Told once: the next run writes nothing.
  expect(runHousekeeping(deps(rule), new Date())).toMatchObject({ told: 0, erased: 0 });

  // One of them signs in after the notice; 31 days later the other two are erased.
  t.stores.accounts.touchActive(returns.id);
  const later = new Date(Date.now() + 31 * DAY);
  expect(runHousekeeping(deps(rule), later)).toMatchObject({ erased: 2, told: 0 });
  expect(t.stores.accounts.userById(quiet.id)).toBeUndefined();
  expect(t.stores.accounts.userById(neverCame.id)).toBeUndefined();
  expect(t.stores.sqlite.prepare('SELECT COUNT(*) AS n FROM reflections WHERE user_id = ?').get(quiet.id)).toEqual({ n: 0 });
  expect(t.stores.accounts.userById(returns.id)).toBeDefined();
  expect(t.stores.accounts.userById(active.id)).toBeDefined();
  expect(t.stores.accounts.userById(coordinator.id)).toBeDefined();
  const log = t.stores.audit.page(0, 20);
  expect(log.filter((e) => e.action === 'account-erase').map((e) => [e.actor, e.subjectUserId, e.subjectName])).toEqual(
    expect.arrayContaining([['steun', quiet.id, null], ['steun', neverCame.id, null]]),
  );
  expect(log.filter((e) => e.action === 'inactive-notice')).toHaveLength(3);
});
