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
    expect(loadConfig({ NODE_ENV: 'production', BASE_URL: 'https://steun.example.nl' }).watchContent).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', BASE_URL: 'https://steun.example.nl', WATCH_CONTENT: '1' }).watchContent).toBe(true);
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
