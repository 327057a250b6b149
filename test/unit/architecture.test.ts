// The layers of src/ as the developers' guide draws them: a request flows one way, with no circular
// imports; the compiler and the rules know nothing of Express or SQL; only the web layer (and the
// entry points that mount it) imports the web layer.
import fs from 'node:fs';
import path from 'node:path';

const SRC = path.join(__dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(full) : e.name.endsWith('.ts') ? [full] : [];
  });
}

/** Every import of a file: local ones as paths relative to src/ without extension, packages by name. */
function importsOf(file: string): { local: string[]; packages: string[]; runtimeLocal: string[] } {
  const text = fs.readFileSync(file, 'utf8');
  const local: string[] = [];
  const runtimeLocal: string[] = [];
  const packages: string[] = [];
  for (const m of text.matchAll(/^(import|export)\s+(type\s+)?[^'";]*?from\s+'([^']+)'/gm)) {
    const spec = m[3]!;
    if (!spec.startsWith('.')) {
      packages.push(spec);
      continue;
    }
    let target = path.relative(SRC, path.resolve(path.dirname(file), spec));
    if (fs.existsSync(path.join(SRC, target, 'index.ts'))) target = path.join(target, 'index');
    local.push(target);
    if (!m[2]) runtimeLocal.push(target);
  }
  return { local, packages, runtimeLocal };
}

const files = new Map(sourceFiles(SRC).map((f) => [path.relative(SRC, f).replace(/\.ts$/, ''), importsOf(f)]));
const layer = (name: string) => name.split(path.sep)[0]!;

test('the source has no circular imports', () => {
  const cycles: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const walk = (name: string, trail: string[]) => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      cycles.push([...trail.slice(trail.indexOf(name)), name].join(' -> '));
      return;
    }
    state.set(name, 'visiting');
    for (const next of files.get(name)?.runtimeLocal ?? []) walk(next, [...trail, name]);
    state.set(name, 'done');
  };
  for (const name of files.keys()) walk(name, []);
  expect(cycles).toEqual([]);
});

test('the compiler and the rules know nothing of Express, SQL or the web layer', () => {
  const offending: string[] = [];
  for (const [name, { local, packages }] of files) {
    if (!['course', 'learning', 'study'].includes(layer(name))) continue;
    for (const p of packages) if (['express', 'better-sqlite3'].includes(p)) offending.push(`${name} imports ${p}`);
    for (const l of local) if (['db', 'web', 'app', 'main'].includes(layer(l))) offending.push(`${name} imports ${l}`);
  }
  expect(offending).toEqual([]);
});

test('only the web layer and the entry points import the web layer; only db/ opens the database', () => {
  const offending: string[] = [];
  for (const [name, { local, packages }] of files) {
    const own = layer(name);
    if (!['web', 'app', 'main'].includes(own)) for (const l of local) if (layer(l) === 'web') offending.push(`${name} imports ${l}`);
    if (own !== 'db' && packages.includes('better-sqlite3')) offending.push(`${name} imports better-sqlite3`);
  }
  expect(offending).toEqual([]);
});

test('the checks above see the source (a broken walk would pass them vacuously)', () => {
  expect(files.size).toBeGreaterThan(50);
  expect(files.get(path.join('web', 'teacher'))!.local).toContain(path.join('teacher', 'read'));
});

const text = (name: string) => fs.readFileSync(path.join(SRC, `${name}.ts`), 'utf8');

test('the study\'s course rule lives in one module, and holds are applied only by the front door', () => {
  // Whether and why the course waits for the study: only study/course-hold.ts reads beforeCourse
  // (the study's compiler and model define it).
  const rule = [...files.keys()].filter((n) => !['research'].includes(layer(n)) && /\bbeforeCourse\b/.test(text(n)));
  expect(rule).toEqual([path.join('study', 'course-hold')]);
  // Pages, guards, mails and the CLI read the state the front door made; none applies a hold itself.
  const deciding = [...files.keys()].filter((n) => ['web', 'mail', 'cli', 'app', 'main'].includes(layer(n)) && /\b(holdCourse|studyHold|courseWait)\(/.test(text(n)));
  expect(deciding).toEqual([]);
  const applying = [...files.keys()].filter((n) => /\bholdCourse\(/.test(text(n)) && !['teacher', 'learning'].includes(layer(n)));
  expect(applying).toEqual([]);
});

test('one clock: the time comes from the clock the app was handed, never from the wall', () => {
  // The entry points hand out the system clock; the CLI runs outside the app; a session's expiry is
  // express-session's wall clock; the course's compile time and a migration's date are bookkeeping.
  const allowed = new Set(['clock', 'main', path.join('db', 'sessions'), path.join('db', 'migrate'), path.join('course', 'live')]);
  const offending = [...files.keys()].filter((n) => layer(n) !== 'cli' && !allowed.has(n) && /Date\.now\(\)|new Date\(\)/.test(text(n)));
  expect(offending).toEqual([]);
});
