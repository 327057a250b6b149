// `npm start` compiles only when dist/ is older than what it is built from (scripts/build.js).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { isStale, STAMP } = require('../../scripts/build.js') as { isStale: (root?: string) => boolean; STAMP: string };
const ROOT = path.resolve(__dirname, '..', '..');

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'steun-build-'));
  fs.mkdirSync(path.join(dir, 'src', 'web'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'dist'));
  for (const f of ['tsconfig.json', 'tsconfig.build.json', 'src/main.ts', 'src/web/a.ts']) fs.writeFileSync(path.join(dir, f), '');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const age = (file: string, secondsAgo: number) => {
  const t = new Date(Date.now() - secondsAgo * 1000);
  fs.utimesSync(path.join(dir, file), t, t);
};
function builtAfterSources() {
  for (const f of ['tsconfig.json', 'tsconfig.build.json', 'src/main.ts', 'src/web/a.ts', 'src/web', 'src']) age(f, 60);
  fs.writeFileSync(path.join(dir, STAMP), '');
}

test('a fresh build needs no compiling', () => {
  builtAfterSources();
  expect(isStale(dir)).toBe(false);
});

test('without a build (no stamp) it compiles', () => {
  expect(isStale(dir)).toBe(true);
});

test('a changed source file deep in src/ (as after git pull) makes it compile', () => {
  builtAfterSources();
  age('src/web/a.ts', -5);
  expect(isStale(dir)).toBe(true);
});

test('a deleted source file (its folder changes) or a changed tsconfig makes it compile', () => {
  builtAfterSources();
  fs.rmSync(path.join(dir, 'src/web/a.ts'));
  age('src/web', -5);
  expect(isStale(dir)).toBe(true);
  fs.writeFileSync(path.join(dir, 'src/web/a.ts'), '');
  builtAfterSources();
  expect(isStale(dir)).toBe(false);
  age('tsconfig.build.json', -5);
  expect(isStale(dir)).toBe(true);
});

test('npm start on this repository after a build does not compile again', () => {
  // `npm test` builds before jest runs, so the stamp is fresh here.
  expect(fs.existsSync(path.join(ROOT, STAMP))).toBe(true);
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  expect(pkg.scripts.prestart).toBe('node scripts/build.js --if-stale');
  expect(pkg.scripts.start).toBe('node dist/main.js');
  // Nothing is compiled: the built entry point is left as it was (no timing: the machine may be busy).
  const built = fs.statSync(path.join(ROOT, 'dist', 'main.js')).mtimeMs;
  const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build.js'), '--if-stale'], { cwd: ROOT, encoding: 'utf8' });
  expect(run.status).toBe(0);
  expect(run.stderr).toBe('');
  expect(fs.statSync(path.join(ROOT, 'dist', 'main.js')).mtimeMs).toBe(built);
});
