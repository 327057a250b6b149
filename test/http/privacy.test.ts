// The privacy statement (AVG): public, linked from every page, filled from the settings, and true
// to what steun keeps and for how long.
import request from 'supertest';
import { makeTestApp, addUser, submitForm, signIn, type TestApp } from '../support/app';
import { KEEP_MAIL_DAYS } from '../../src/mail/schedules';

let t: TestApp;
afterEach(() => t.close());

const text = (html: string) => /<main[\s\S]*<\/main>/.exec(html)![0].replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

test('anyone can read it, every page links to it, and without settings it says who to ask in general terms', async () => {
  t = makeTestApp();
  const login = await request(t.app).get('/login');
  expect(login.text).toContain('<a href="/privacy">Privacy</a>');
  const res = await request(t.app).get('/privacy');
  expect(res.status).toBe(200);
  const page = text(res.text);
  expect(page).toContain('de organisatie die steun voor je school aanbiedt (de verwerkingsverantwoordelijke)');
  expect(page).toContain('Stel ze aan de coördinator van je school');
  expect(page).toContain(`E-mail die steun je stuurde (uitnodigingen, wachtwoordlinks, herinneringen): ${KEEP_MAIL_DAYS} dagen`);
  expect(page).toContain('Een logboek van wat beheerders, coördinatoren en onderzoekers deden');
  expect(page).toContain(': 365 dagen.');
  expect(page).toContain('Je gegevens blijven bewaard zolang je account bestaat.');
  expect(page).not.toContain('dagen niet ingelogd');
});

test('PRIVACY_CONTROLLER, PRIVACY_CONTACT, AUDIT_KEEP_DAYS and INACTIVE_ERASE_DAYS fill it in', async () => {
  t = makeTestApp({ env: { PRIVACY_CONTROLLER: 'Stichting Openbaar Onderwijs De Kempen', PRIVACY_CONTACT: 'privacy@dekempen.nl', AUDIT_KEEP_DAYS: '400', INACTIVE_ERASE_DAYS: '730', INACTIVE_NOTICE_DAYS: '45' } });
  const res = await request(t.app).get('/privacy');
  expect(res.text).toContain('<strong>Stichting Openbaar Onderwijs De Kempen</strong>');
  expect(res.text).toContain('<a href="mailto:privacy@dekempen.nl">privacy@dekempen.nl</a>');
  const page = text(res.text);
  expect(page).toContain(': 400 dagen.');
  expect(page).toContain('Heb je 730 dagen niet ingelogd en niet aan de cursus gewerkt, dan krijg je een e-mail; log je daarna niet binnen 45 dagen in');
});

test('the cookie lifetimes it names are the ones steun sets', async () => {
  t = makeTestApp();
  await addUser(t.stores, { email: 'juf@school.nl' });
  const res = await submitForm(request.agent(t.app), '/login', { email: 'juf@school.nl', password: 'een-goed-wachtwoord' });
  const cookies = res.headers['set-cookie'] as unknown as string[];
  // Days from now to the cookie's Expires, rounded.
  const days = (name: string) => Math.round((Date.parse(/Expires=([^;]+)/.exec(cookies.find((c) => c.startsWith(`${name}=`))!)![1]!) - Date.now()) / 86_400_000);
  expect(days('steun.sid')).toBe(30);
  expect(days('steun.device')).toBe(365);
  const page = text((await request(t.app).get('/privacy')).text);
  expect(page).toContain('hoogstens 30 dagen');
  expect(page).toContain('(een jaar)');
});

test('a researcher, who reaches little else, can read it too', async () => {
  t = makeTestApp();
  await addUser(t.stores, { email: 'onderzoek@uni.nl', role: 'researcher' });
  const researcher = await signIn(t.app, 'onderzoek@uni.nl');
  expect((await researcher.get('/privacy')).status).toBe(200);
  expect((await researcher.get('/reports')).status).toBe(403);
});
