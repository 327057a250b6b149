// A newcomer's misconfigurations (newcomer-review.md §2): each stops the built server with exactly
// one Dutch line on stderr that names the variable, without a stack trace or a secret, and a
// non-zero exit. Runs dist/main.js as an administrator would.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const COURSE = path.join(ROOT, 'test', 'fixtures', 'mini-course');
const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'steun-misconf-'));
  fs.chmodSync(dir, 0o755);
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Starts dist/main.js with the environment (and, as root, optionally as `nobody`); resolves when it exits. */
function startServer(env: NodeJS.ProcessEnv, options: { asNobody?: boolean } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const base = { PATH: process.env.PATH, NODE_ENV: 'development', WATCH_CONTENT: '0', LOG_LEVEL: 'warn', PORT: '0', CONTENT_DIR: COURSE, DATABASE_PATH: path.join(dir, 'steun.db') };
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'main.js')], {
    cwd: dir,
    env: { ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.asNobody && asRoot ? { uid: NOBODY, gid: NOBODY } : {}),
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    // A server that started after all is stopped, and the test fails on its exit code.
    if (stdout.includes('steun draait op')) child.kill('SIGTERM');
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  // A start-up that hangs is stopped too (and fails on its output).
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve) =>
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}

function expectOneLine(result: { code: number | null; stderr: string }, variable: string, secret?: string) {
  expect(result.code).not.toBe(0);
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(variable);
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(result.stderr).not.toMatch(/Error:/);
  if (secret) expect(result.stderr).not.toContain(secret);
}

test('DATABASE_PATH that is a folder', async () => {
  const r = await startServer({ DATABASE_PATH: dir });
  expectOneLine(r, 'DATABASE_PATH');
  expect(r.stderr).toContain('is een map');
});

test('DATABASE_PATH where no folder can be made (/proc, /sys)', async () => {
  for (const file of ['/proc/steun/steun.db', '/sys/steun/steun.db']) {
    const r = await startServer({ DATABASE_PATH: file });
    expectOneLine(r, 'DATABASE_PATH');
    expect(r.stderr).toContain('/steun');
  }
});

(asRoot ? test : test.skip)('DATABASE_PATH in a folder the service user cannot write, and a read-only database file', async () => {
  const locked = path.join(dir, 'locked');
  fs.mkdirSync(locked, { mode: 0o755 });
  const unwritable = await startServer({ DATABASE_PATH: path.join(locked, 'steun.db') }, { asNobody: true });
  expectOneLine(unwritable, 'DATABASE_PATH');
  expect(unwritable.stderr).toContain(`steun mag niet schrijven in de map ${locked}`);

  // The folder belongs to the service user, the database file (made by root) does not.
  const own = path.join(dir, 'own');
  fs.mkdirSync(own);
  fs.chownSync(own, NOBODY, NOBODY);
  fs.writeFileSync(path.join(own, 'steun.db'), '');
  fs.chmodSync(path.join(own, 'steun.db'), 0o644);
  const readonly = await startServer({ DATABASE_PATH: path.join(own, 'steun.db') }, { asNobody: true });
  expectOneLine(readonly, 'DATABASE_PATH');
  expect(readonly.stderr).toContain('alleen-lezen');
});

test('DATABASE_PATH of a file that is not a database', async () => {
  fs.writeFileSync(path.join(dir, 'steun.db'), 'dit is geen database, maar een tekstbestand van ruim honderd tekens lang zodat SQLite het echt leest en weigert'.repeat(10));
  const r = await startServer({});
  expectOneLine(r, 'DATABASE_PATH');
});

test('HOST that is no address', async () => {
  expectOneLine(await startServer({ HOST: '999.1.1.1' }), 'HOST');
  // Well-formed, but not this machine's (TEST-NET-1, never assigned to a host).
  expectOneLine(await startServer({ HOST: '192.0.2.1' }), 'HOST');
});

test('SMTP_URL without a host, or not smtp://, never prints the password', async () => {
  for (const url of ['smtp://user:geheimwachtwoord@', 'http://user:geheimwachtwoord@mail.example']) {
    expectOneLine(await startServer({ SMTP_URL: url }), 'SMTP_URL', 'geheimwachtwoord');
  }
});

test('MAIL_FROM without an address', async () => {
  const r = await startServer({ MAIL_FROM: 'not-an-address' });
  expectOneLine(r, 'MAIL_FROM');
  expect(r.stderr).toContain('bevat geen e-mailadres');
});

test('SMTP_CA_FILE that does not exist or is no certificate', async () => {
  expectOneLine(await startServer({ SMTP_URL: 'smtp://u:geheimwachtwoord@relay.test:587', SMTP_CA_FILE: path.join(dir, 'nope.pem') }), 'SMTP_CA_FILE', 'geheimwachtwoord');
  fs.writeFileSync(path.join(dir, 'ca.pem'), 'geen certificaat');
  expectOneLine(await startServer({ SMTP_URL: 'smtp://u:geheimwachtwoord@relay.test:587', SMTP_CA_FILE: path.join(dir, 'ca.pem') }), 'SMTP_CA_FILE', 'geheimwachtwoord');
});

test('CONTENT_DIR that does not exist', async () => {
  expectOneLine(await startServer({ CONTENT_DIR: path.join(dir, 'geen-cursus') }), 'CONTENT_DIR');
});

test('a port in use', async () => {
  const blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const { port } = blocker.address() as net.AddressInfo;
  try {
    const r = await startServer({ PORT: String(port) });
    expectOneLine(r, 'PORT');
    expect(r.stderr).toContain(`poort ${port} is al in gebruik`);
  } finally {
    blocker.close();
  }
});

test('a malformed variable and a secret that is too short', async () => {
  expectOneLine(await startServer({ PORT: 'abc' }), 'PORT');
  expectOneLine(await startServer({ SESSION_SECRET: 'geheimpje' }), 'SESSION_SECRET', 'geheimpje');
});
