import path from 'node:path';
import { loadConfig, ConfigError } from '../../src/config';

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
  ])('a bad %s=%s stops start-up with a message naming it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`${name}:`));
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
