// Administrators and coordinators: people grouped by school with a search box, and every action that
// cannot be undone (a new join code, deactivating, deleting an account) asks first, without JavaScript.
import { miniCourseApp, post, type CourseTestApp } from '../support/course-app';
import { addUser, signIn, csrfFrom, type Agent } from '../support/app';

let t: CourseTestApp;
let admin: Agent;
let csrf: string;
let adminId: number;

beforeEach(async () => {
  t = await miniCourseApp();
  const other = t.stores.accounts.addSchool('De Sterrenkijker');
  // Signed in before: no longer shown as invited.
  t.stores.accounts.touchActive((await addUser(t.stores, { email: 'meester@sterren.nl', name: 'Meester Bram', schoolId: other.id })).id);
  await addUser(t.stores, { email: 'schrijver@steun.nl', name: 'Sam Schrijver', role: 'author' });
  adminId = (await addUser(t.stores, { email: 'admin@steun.nl', name: 'Ada Beheer', role: 'admin' })).id;
  admin = await signIn(t.app, 'admin@steun.nl');
  csrf = csrfFrom((await admin.get('/admin')).text);
});
afterEach(() => t.close());

const groupOf = (html: string, heading: string) => {
  const at = html.indexOf(`>${heading} <small`);
  if (at < 0) return null;
  const end = html.indexOf('</section>', at);
  return html.slice(at, end);
};

test('people are grouped by school, those without a school last', async () => {
  const res = await admin.get('/admin');
  expect(res.status).toBe(200);
  expect(groupOf(res.text, 'De Regenboog')).toContain('Juf Anna');
  expect(groupOf(res.text, 'De Sterrenkijker')).toContain('Meester Bram');
  expect(groupOf(res.text, 'De Sterrenkijker')).not.toContain('Juf Anna');
  const none = groupOf(res.text, 'Zonder school')!;
  expect(none).toContain('Sam Schrijver');
  expect(none).toContain('Ada Beheer');
  expect(res.text.indexOf('>De Sterrenkijker <small')).toBeLessThan(res.text.indexOf('>Zonder school <small'));
  // The e-mail is a quiet second line under the name, not a column of its own.
  expect(res.text).toContain('<th scope="row" class="person">Meester Bram<small class="muted email">meester@sterren.nl</small></th>');
});

test('the search box keeps only people whose name or address matches, and says how many', async () => {
  const res = await admin.get('/admin?q=STERREN');
  expect(res.text).toContain('Meester Bram');
  expect(res.text).not.toContain('Juf Anna</th>');
  expect(res.text).not.toMatch(/Juf Anna<small/);
  expect(res.text).toContain('1 van de 4 mensen gevonden');
  expect(groupOf(res.text, 'De Regenboog')).toBeNull();
  const nobody = await admin.get('/admin?q=niemand');
  expect(nobody.text).toContain('Niemand gevonden met "niemand".');
  expect((await admin.get(`/admin?q=${'x'.repeat(101)}`)).status).toBe(400);
});

test('deleting an account asks first, then erases it; your own account is not deleted here', async () => {
  const bram = t.stores.accounts.userByEmailWithHash('meester@sterren.nl')!;
  const question = await post(admin, `/admin/people/${bram.id}/delete`, csrf);
  expect(question.status).toBe(200);
  expect(question.text).toContain('Het account van Meester Bram verwijderen?');
  expect(question.text).toContain('Dit kan niet ongedaan worden gemaakt.');
  expect(question.text).toContain('<a href="/admin">Nee, terug</a>');
  expect(t.stores.accounts.userById(bram.id)).toBeDefined();
  const done = await post(admin, `/admin/people/${bram.id}/delete`, csrfFrom(question.text), { bevestigd: 'ja' });
  expect(done.status).toBe(303);
  expect(t.stores.accounts.userById(bram.id)).toBeUndefined();
  const own = await post(admin, `/admin/people/${adminId}/delete`, csrf, { bevestigd: 'ja' });
  expect(own.status).toBe(400);
  expect(own.text).toContain('Mijn gegevens');
  expect(t.stores.accounts.userById(adminId)).toBeDefined();
  expect((await post(admin, '/admin/people/99999/delete', csrf)).status).toBe(404);
  // The own row has no delete button.
  expect((await admin.get('/admin')).text).not.toContain(`/admin/people/${adminId}/delete`);
});

test('deactivating someone on /admin asks first; changing a role does not', async () => {
  const question = await post(admin, `/admin/people/${t.teacherId}`, csrf, { role: 'teacher', school: String(t.stores.accounts.schools()[0]!.id), active: '0' });
  expect(question.text).toContain('Juf Anna deactiveren?');
  expect(t.stores.accounts.userById(t.teacherId)!.active).toBe(true);
  await post(admin, `/admin/people/${t.teacherId}`, csrf, { role: 'teacher', school: String(t.stores.accounts.schools()[0]!.id), active: '0', bevestigd: 'ja' });
  expect(t.stores.accounts.userById(t.teacherId)!.active).toBe(false);
  const author = t.stores.accounts.userByEmailWithHash('schrijver@steun.nl')!;
  expect((await post(admin, `/admin/people/${author.id}`, csrf, { role: 'admin', school: '', active: '1' })).status).toBe(303);
  expect(t.stores.accounts.userById(author.id)!.role).toBe('admin');
});

test('a coordinator is never asked about (or told the name of) a teacher of another school', async () => {
  const schoolId = t.stores.accounts.schools().find((s) => s.name === 'De Regenboog')!.id;
  await addUser(t.stores, { email: 'ib@regenboog.nl', name: 'IB Regenboog', role: 'coordinator', schoolId });
  const coordinator = await signIn(t.app, 'ib@regenboog.nl');
  const token = csrfFrom((await coordinator.get('/school')).text);
  const bram = t.stores.accounts.userByEmailWithHash('meester@sterren.nl')!;
  const res = await post(coordinator, `/school/teachers/${bram.id}/active`, token, { active: '0' });
  expect(res.status).toBe(404);
  expect(res.text).not.toContain('Meester Bram');
  // Reactivating needs no confirmation.
  t.stores.accounts.setActive(t.teacherId, false);
  expect((await post(coordinator, `/school/teachers/${t.teacherId}/active`, token, { active: '1' })).status).toBe(303);
  expect(t.stores.accounts.userById(t.teacherId)!.active).toBe(true);
});

test('the join code is shown large, and renewing it is a small red button, not the main action', async () => {
  const page = await admin.get(`/school?school=${t.stores.accounts.schools()[0]!.id}`);
  expect(page.text).toMatch(/<strong class="join-code">[A-Z0-9]+<\/strong>/);
  expect(page.text).toContain('<button type="submit" class="danger small">Nieuwe code maken…</button>');
});
