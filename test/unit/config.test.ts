import path from 'node:path';
import { loadConfig, ConfigError } from '../../src/config';

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('no error');
}

describe('configuration from the environment', () => {
  test('defaults match the interface', () => {
    const c = loadConfig({}, '/srv/steun');
    expect(c).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      databasePath: path.resolve('/srv/steun', 'data/steun.db'),
      contentDir: path.resolve('/srv/steun', 'content'),
      production: false,
      watchContent: true,
      sessionSecret: undefined,
    });
  });

  test('production turns watching off by default; WATCH_CONTENT can turn it on', () => {
    expect(loadConfig({ NODE_ENV: 'production', BASE_URL: 'https://steun.school.nl' }).watchContent).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', BASE_URL: 'https://steun.school.nl', WATCH_CONTENT: '1' }).watchContent).toBe(true);
    expect(loadConfig({ WATCH_CONTENT: '0' }).watchContent).toBe(false);
  });

  test('PORT 0 is allowed (any free port)', () => {
    expect(loadConfig({ PORT: '0' }).port).toBe(0);
  });

  test.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['NODE_ENV', 'staging'],
    ['WATCH_CONTENT', 'maybe'],
    ['SESSION_SECRET', 'short'],
    ['LOG_LEVEL', 'loud'],
    ['HOST', '999.1.1.1'],
    ['HOST', 'my host'],
    ['SMTP_URL', 'smtp://user:geheimwachtwoord@'],
    ['SMTP_URL', 'http://user:geheimwachtwoord@mail.example'],
    ['MAIL_FROM', 'not-an-address'],
    ['SMTP_TLS_REJECT_UNAUTHORIZED', 'soms'],
    ['METRICS_TOKEN', 'kort'],
    ['AUDIT_KEEP_DAYS', '0'],
    ['INACTIVE_ERASE_DAYS', '7'],
  ])('a bad %s=%s stops start-up with one Dutch line naming it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    const message = messageOf(() => loadConfig({ [name]: value }));
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toMatch(new RegExp(`^${name}: `));
    expect(message).toMatch(/ geen | bevat | begint | noemt /);
  });

  test('a password in SMTP_URL and a secret are never repeated', () => {
    for (const url of ['smtp://user:geheimwachtwoord@', 'http://user:geheimwachtwoord@mail.example', 'ftp://a:geheimwachtwoord@x', 'smtp://user:geheim@woord@']) {
      const message = messageOf(() => loadConfig({ SMTP_URL: url }));
      expect(message).toContain('SMTP_URL');
      expect(message).not.toContain('geheim');
    }
    expect(messageOf(() => loadConfig({ SESSION_SECRET: 'kort-geheim' }))).not.toContain('kort-geheim');
    expect(messageOf(() => loadConfig({ METRICS_TOKEN: 'kort-geheim' }))).not.toContain('kort-geheim');
  });

  test('SMTP_URL without a host says so; MAIL_FROM without an address says so', () => {
    expect(messageOf(() => loadConfig({ SMTP_URL: 'smtp://user:pw@' }))).toBe(
      'SMTP_URL: "smtp://user:***@" noemt geen mailserver (host); verwacht een adres zoals smtp://gebruiker:wachtwoord@smtp.school.nl:587 of smtps://...:465.',
    );
    expect(messageOf(() => loadConfig({ MAIL_FROM: 'not-an-address' }))).toMatch(/^MAIL_FROM: "not-an-address" bevat geen e-mailadres/);
  });

  test('good values pass: hosts, senders, the SMTP TLS options and the operations settings', () => {
    for (const host of ['127.0.0.1', '0.0.0.0', '::1', '::', 'localhost', 'steun.school.nl']) expect(loadConfig({ HOST: host }).host).toBe(host);
    for (const from of ['steun@school.nl', 'Steun in het onderwijs <steun@school.nl>', '"Steun, school" <steun@localhost>']) expect(loadConfig({ MAIL_FROM: from }).mailFrom).toBe(from);
    const c = loadConfig({ SMTP_URL: 'smtp://u:p@relay.school.nl:587', SMTP_TLS_REJECT_UNAUTHORIZED: '0', SMTP_CA_FILE: 'ca.pem', METRICS_TOKEN: 'een-lang-genoeg-token', INACTIVE_ERASE_DAYS: '730' }, '/srv/steun');
    expect(c.smtpTls).toEqual({ rejectUnauthorized: false, caFile: '/srv/steun/ca.pem' });
    expect(c.metricsToken).toBe('een-lang-genoeg-token');
    expect(c.inactiveErase).toEqual({ afterDays: 730, noticeDays: 30 });
    expect(loadConfig({})).toMatchObject({ smtpTls: { rejectUnauthorized: true }, auditKeepDays: 365, inactiveErase: undefined, metricsToken: undefined });
  });

  test('several bad values give one line each', () => {
    expect(messageOf(() => loadConfig({ PORT: 'abc', LOG_LEVEL: 'loud' })).split('\n')).toEqual([expect.stringMatching(/^PORT: /), expect.stringMatching(/^LOG_LEVEL: /)]);
  });

  test('empty values count as unset', () => {
    expect(loadConfig({ PORT: '' }).port).toBe(3000);
  });
});

test('G13: production refuses an http BASE_URL unless it is this machine, in one line naming the variable', () => {
  for (const url of ['http://steun.test', 'http://10.0.0.5:3000', 'ftp://steun.test', 'http://127.0.0.1.nip.io']) {
    expect(() => loadConfig({ NODE_ENV: 'production', BASE_URL: url })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production', BASE_URL: url })).toThrow(`BASE_URL: moet in productie een https-adres zijn (http alleen op dit apparaat: localhost, 127.0.0.1, ::1), niet "${url}"`);
  }
  for (const url of ['https://steun.school.nl', 'http://localhost:3000', 'http://127.0.0.1:3000', 'http://[::1]:3000']) {
    expect(loadConfig({ NODE_ENV: 'production', BASE_URL: url }).baseUrl).toBe(url);
  }
  // Outside production anything goes, as before.
  expect(loadConfig({ BASE_URL: 'http://steun.test' }).baseUrl).toBe('http://steun.test');
});
