// The message composer: Dutch text and simple HTML with the platform's name and one link.
import { MAIL_KINDS, invitationMail, passwordResetMail, reminderMail, studyWaveOpenMail } from '../../../src/mail/compose';
import { openDatabase } from '../../../src/db/connection';
import { migrate } from '../../../src/db/migrate';
import { createStores } from '../../../src/db';
import { queueStudyWaveMail } from '../../../src/mail/study';

const ctx = { platform: 'steun', baseUrl: 'https://steun.test', to: ' Anna@School.NL ' };

test('a message has the link in its text and as a button in its HTML, and the platform in both', () => {
  const m = passwordResetMail({ ...ctx, name: 'Anna', link: 'https://steun.test/password/abc' });
  expect(m).toMatchObject({ kind: 'password-reset', to: 'anna@school.nl', subject: 'Nieuw wachtwoord voor steun' });
  expect(m.text).toMatch(/^Beste Anna,\n/);
  expect(m.text).toContain('Nieuw wachtwoord kiezen:\nhttps://steun.test/password/abc');
  expect(m.text).toContain('een uur geldig');
  expect(m.text).toContain('Deze e-mail komt van steun (https://steun.test).');
  expect(m.html).toContain('<a href="https://steun.test/password/abc"');
  expect(m.html).toContain('<html lang="nl">');
});

test('what a person typed is escaped in the HTML', () => {
  const m = invitationMail({ ...ctx, courseTitle: 'Steun in het onderwijs', courseSize: 'vijf korte modules, ongeveer 2 uur', inviter: null, schoolName: 'De <b>Regenboog</b> & co', link: 'https://steun.test/password/x?a=1&b=2', validDays: 14 });
  expect(m.html).toContain('De &lt;b&gt;Regenboog&lt;/b&gt; &amp; co');
  expect(m.html).toContain('href="https://steun.test/password/x?a=1&amp;b=2"');
  expect(m.text).toContain('De <b>Regenboog</b> & co');
  expect(m.text).toMatch(/^Hallo,\n/);
});

test('an invitation names the course, its size, the school and who invites, and is signed with the course (it must not look like phishing)', () => {
  const m = invitationMail({ ...ctx, courseTitle: 'Steun in het onderwijs', courseSize: 'vijf korte modules, ongeveer 2 uur', inviter: 'Ilse van Dam', schoolName: 'OBS De Regenboog', link: 'https://steun.test/password/x', validDays: 14 });
  expect(m.subject).toBe('Uitnodiging: online nascholing ‘Steun in het onderwijs’ (OBS De Regenboog)');
  expect(m.text).toContain('Ilse van Dam van OBS De Regenboog nodigt je uit voor de online nascholing ‘Steun in het onderwijs’: vijf korte modules, ongeveer 2 uur, in je eigen tempo');
  expect(m.text).toContain('Vraag het na bij Ilse van Dam');
  expect(m.text).toContain('Groet,\nSteun in het onderwijs');
});

test('the reminder names the next step and where to turn reminders off', () => {
  const m = reminderMail({ ...ctx, name: 'Anna', courseTitle: 'Steun in het onderwijs', quietDays: 14, nextStep: "de les 'Luisteren' in module 2 (Er zijn)", link: 'https://steun.test/course/er-zijn/luisteren', settingsLink: 'https://steun.test/me' });
  expect(m.text).toContain("Je volgende stap: de les 'Luisteren' in module 2 (Er zijn).");
  expect(m.text).toContain('Zet ze uit bij Mijn gegevens: https://steun.test/me');
});

test('every kind is listed, and the study hook writes a wave mail once per wave and teacher', () => {
  expect(MAIL_KINDS).toEqual(expect.arrayContaining(['study-wave-open', 'study-wave-closing']));
  expect(studyWaveOpenMail({ ...ctx, studyTitle: 'het onderzoek', waveTitle: 'Nameting', closesOn: null, link: 'https://steun.test/study' }).text).not.toContain('tot en met');
  const db = openDatabase(':memory:');
  migrate(db);
  const stores = createStores(db);
  const user = stores.accounts.addUser({ email: 'anna@school.nl', name: 'Anna', role: 'teacher', schoolId: null, passwordHash: null });
  const wave = { kind: 'closing' as const, waveId: 'nameting', userId: user.id, to: user.email, name: user.name, studyTitle: 'het onderzoek', waveTitle: 'Nameting', closesOn: 'vrijdag 12 juni', link: 'https://steun.test/study', baseUrl: 'https://steun.test' };
  expect(queueStudyWaveMail(stores.outbox, wave)).toBe(true);
  expect(queueStudyWaveMail(stores.outbox, wave)).toBe(false);
  expect(queueStudyWaveMail(stores.outbox, { ...wave, kind: 'open' })).toBe(true);
  expect(stores.outbox.forRecipient('anna@school.nl').map((m) => [m.kind, m.subject])).toEqual([
    ['study-wave-closing', 'Nog even: Nameting sluit vrijdag 12 juni'],
    ['study-wave-open', 'Nameting van het onderzoek staat open'],
  ]);
  db.close();
});
