// Heavy modules are read at their first use, not at start: the helper, and what loading the server's
// code (dist/main.js, as `npm start` runs it, built by `npm test` before jest) reads of them.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { onFirstUse } from '../../src/first-use';

test('onFirstUse loads at the first call only, once, and keeps the value', () => {
  let loads = 0;
  const value = { big: true };
  const get = onFirstUse(() => {
    loads += 1;
    return value;
  });
  expect(loads).toBe(0);
  expect(get()).toBe(value);
  expect(get()).toBe(value);
  expect(loads).toBe(1);
});

test('a load that fails is tried again at the next use', () => {
  let tries = 0;
  const get = onFirstUse(() => {
    tries += 1;
    if (tries === 1) throw new Error('not yet');
    return tries;
  });
  expect(() => get()).toThrow('not yet');
  expect(get()).toBe(2);
  expect(get()).toBe(2);
});

test('loading the server reads none of the heavy modules only some work needs', () => {
  const main = path.join(__dirname, '../../dist/main.js');
  // The packages whose code was read, by name, after the server's code is loaded (without starting it).
  const script = `require(${JSON.stringify(main)});
const names = new Set(Object.keys(require.cache).map((f) => f.match(/node_modules\\/((?:@[^/]+\\/)?[^/]+)/)?.[1]).filter(Boolean));
process.stdout.write(JSON.stringify([...names]));`;
  const loaded: string[] = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
  // The check itself sees packages: express is read at start.
  expect(loaded).toContain('express');
  for (const heavy of ['pdfkit', 'qrcode', '@stdlib/stats-base-dists-t-cdf', '@stdlib/stats-base-dists-t-quantile', 'openid-client', 'nodemailer', 'music-metadata', 'sharp']) {
    expect(loaded).not.toContain(heavy);
  }
});
