// Kill the server with SIGKILL while teachers' reflections, video progress and study answers are being saved;
// after a restart every write that was answered 2xx is there, and the database is intact.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/db/connection';
import { migrate } from '../../src/db/migrate';
import { createStores } from '../../src/db';
import { hashPassword } from '../../src/accounts/passwords';
import { startServerProcess as startServer } from '../support/server-process';
import { makeCourse, lesson } from '../fixtures/course-builder';
import { STUDY, STUDY_YML } from '../fixtures/study';

const REFLECTIONS = ['a', 'b', 'c', 'd'];

async function signIn(url: string) {
  const page = await fetch(`${url}/login`);
  let cookie = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
  const res = await fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ email: 'juf@school.nl', password: 'een-goed-wachtwoord', _csrf: csrf }),
  });
  cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ') || cookie;
  const home = await fetch(`${url}/`, { headers: { cookie } });
  const token = /<meta name="csrf-token" content="([^"]+)">/.exec(await home.text())![1]!;
  return { cookie, token };
}

test('every write answered 2xx survives a SIGKILL, and integrity_check says ok', async () => {
  const blocks = REFLECTIONS.map((id) => `\`\`\`reflection\nid: ${id}\nprompt: Vraag ${id}?\n\`\`\``).join('\n\n');
  const video = '```video\nsrc: ../media/clip.mp4\ncaptions: ../media/clip.nl.vtt\ntitle: Clip\n```';
  // A study whose course does not wait, so lessons and questionnaires are written side by side.
  const courseDir = makeCourse({ '01-start/01-intro.md': lesson('Intro', `\n${video}\n\n${blocks}\n`), ...STUDY, 'research/study.yml': STUDY_YML.replace('    beforeCourse: true\n', '') });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'steun-kill-'));
  const env = { DATABASE_PATH: path.join(dir, 'steun.db'), CONTENT_DIR: courseDir, PORT: '0', NODE_ENV: 'development', WATCH_CONTENT: '0', LOG_LEVEL: 'warn', SESSION_SECRET: 'kill-test-secret-kill-test' };
  const setup = openDatabase(env.DATABASE_PATH);
  migrate(setup);
  const stores = createStores(setup);
  const juf = stores.accounts.addUser({ email: 'juf@school.nl', name: 'Juf', role: 'teacher', schoolId: stores.accounts.addSchool('S').id, passwordHash: await hashPassword('een-goed-wachtwoord') });
  stores.research.decide(juf.id, 'yes', 'v1');
  setup.close();

  let server = await startServer(env);
  try {
    const { cookie, token } = await signIn(server.url);
    const acked = new Map<string, string>();
    const inFlight = new Map<string, string>();
    let ackedEnd = 0;
    let stop = false;
    const writer = async (id: string) => {
      for (let i = 0; !stop; i++) {
        const text = `${id}-versie-${i}`;
        inFlight.set(id, text);
        const res = await fetch(`${server.url}/course/start/intro/reflection/${id}`, {
          method: 'POST',
          headers: { cookie, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ text, _csrf: token }),
        }).catch(() => null);
        if (res?.ok) acked.set(id, text);
        else if (res === null) return;
      }
    };
    const watcher = async () => {
      for (let end = 0.1; !stop && end < 3; end += 0.05) {
        const res = await fetch(`${server.url}/api/progress/video`, {
          method: 'POST',
          headers: { cookie, 'x-csrf-token': token, 'content-type': 'application/json' },
          body: JSON.stringify({ lesson: 'start/intro', src: 'clip.mp4', watched: [[0, end]], position: end, duration: 3 }),
        }).catch(() => null);
        if (res?.status === 204) ackedEnd = end;
        else if (res === null) return;
      }
    };
    let ackedYears = -1;
    let inFlightYears = -1;
    const answerer = async () => {
      for (let years = 0; !stop; years = (years + 1) % 51) {
        inFlightYears = years;
        const res = await fetch(`${server.url}/study/t0/keuze`, {
          method: 'POST',
          headers: { cookie, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ jaren: String(years), _csrf: token }),
        }).catch(() => null);
        if (res?.ok) ackedYears = years;
        else if (res === null) return;
      }
    };
    const work = Promise.all([...REFLECTIONS.map(writer), watcher(), answerer()]);
    while (acked.size < REFLECTIONS.length || ackedEnd < 0.5 || ackedYears < 3) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 150));
    const exited = new Promise((r) => server.child.once('exit', r));
    server.child.kill('SIGKILL');
    stop = true;
    await work;
    await exited;

    server = await startServer(env);
    const db = openDatabase(env.DATABASE_PATH);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const saved = new Map((db.prepare('SELECT reflection_id, text FROM reflections').all() as { reflection_id: string; text: string }[]).map((r) => [r.reflection_id, r.text]));
    for (const id of REFLECTIONS) {
      // The last answered write, or the one that was in flight when the server died.
      expect([acked.get(id), inFlight.get(id)]).toContain(saved.get(id));
    }
    const years = (db.prepare("SELECT value FROM study_answers WHERE item = 'jaren'").get() as { value: string }).value;
    expect([String(ackedYears), String(inFlightYears)]).toContain(years);
    const segments = JSON.parse((db.prepare('SELECT segments FROM video_progress').get() as { segments: string }).segments) as [number, number][];
    expect(segments[0]![0]).toBe(0);
    expect(segments[0]![1]).toBeGreaterThanOrEqual(ackedEnd - 1e-9);
    db.close();
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
  } finally {
    server.child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(courseDir, { recursive: true, force: true });
  }
}, 60_000);
