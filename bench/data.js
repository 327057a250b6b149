// Benchmark data: teachers spread over the course in the `steun demo` shape (one school, or the
// country's shape of many small schools), signed-in sessions for them, and a generated course of
// many lessons. Uses the built code in dist/.
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { openDatabase } = require('../dist/db/connection');
const { migrate } = require('../dist/db/migrate');
const { createStores } = require('../dist/db');
const { hashPassword } = require('../dist/accounts/passwords');
const { seedTeacherProgress, seededRandom } = require('../dist/cli/demo');
const { ROLL_EVERY_MS } = require('../dist/accounts/session-life');

/** A database with one school, a coordinator and `teachers` teachers at seeded points of the course. */
async function schoolDatabase(file, course, teachers, password) {
  const sqlite = openDatabase(file);
  migrate(sqlite);
  const stores = createStores(sqlite);
  const hash = await hashPassword(password);
  const school = stores.accounts.addSchool('Benchmarkschool');
  stores.accounts.addUser({ email: 'ib@bench.nl', name: 'IB Bench', role: 'coordinator', schoolId: school.id, passwordHash: hash });
  const teacher = stores.accounts.addUser({ email: 'juf@bench.nl', name: 'Juf Bench', role: 'teacher', schoolId: school.id, passwordHash: hash });
  const random = seededRandom(7);
  seedTeacherProgress(stores, course, teacher.id, 0.3, random);
  // The bundled course comes with a study; the benchmark teacher declines it, so the course is open.
  if (course.study) stores.research.decide(teacher.id, 'no', course.study.consent.version);
  for (let i = 0; i < teachers - 1; i++) {
    const user = stores.accounts.addUser({ email: `leerkracht${i}@bench.nl`, name: `Leerkracht ${String(i).padStart(5, '0')}`, role: 'teacher', schoolId: school.id, passwordHash: hash });
    // Realistic spread: a fifth not started, the rest anywhere, a quarter finished.
    const r = random();
    const fraction = r < 0.2 ? 0 : r > 0.75 ? 1 : random();
    if (fraction > 0) seedTeacherProgress(stores, course, user.id, fraction, random);
  }
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.close();
}

/** The course as the order a teacher takes it in: every lesson, then the module's quiz. */
function courseSteps(course) {
  return course.modules.flatMap((m) => [...m.lessons.map((l) => ({ kind: 'lesson', module: m, lesson: l })), ...(m.quiz ? [{ kind: 'quiz', module: m, lesson: null }] : [])]);
}

// Tables of one person's rows that a copy of a teacher carries, found by their user_id column so
// tables added later come along. Sessions, devices, tokens and certificates belong to nobody else.
const NOT_COPIED = new Set(['users', 'sessions', 'known_devices', 'password_tokens', 'certificates', 'retired_user_ids', 'study_participants']);

function copyStatements(sqlite) {
  const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all();
  const out = [];
  for (const table of tables) {
    if (NOT_COPIED.has(table)) continue;
    const columns = sqlite.prepare(`PRAGMA table_info("${table}")`).all();
    if (!columns.some((c) => c.name === 'user_id')) continue;
    const keys = columns.filter((c) => c.pk > 0).map((c) => c.name);
    // A key of its own (an attempt's id) is made unique per copy; other keys include user_id.
    const own = keys.length === 1 && keys[0] !== 'user_id' && columns.find((c) => c.name === keys[0]).type.toUpperCase() === 'TEXT' ? keys[0] : null;
    if (!keys.includes('user_id') && !own) continue;
    const names = columns.map((c) => `"${c.name}"`).join(', ');
    const values = columns.map((c) => (c.name === 'user_id' ? '@to' : c.name === own ? `"${c.name}" || '-' || @to` : `"${c.name}"`)).join(', ');
    out.push(sqlite.prepare(`INSERT INTO "${table}" (${names}) SELECT ${values} FROM "${table}" WHERE user_id = @from`));
  }
  return out;
}

/**
 * The country's shape: `teachers` teachers in schools of `perSchool` with a coordinator each, at
 * seeded points of the course (a fifth not started, a quarter finished, the rest anywhere). A few
 * hundred teachers are written through the stores like `steun demo`; the others copy one of them
 * row for row (in SQL, so 100,000 take seconds, not the quarter of an hour the stores would).
 * Returns, per teacher id, how many steps of the course they have done, and the coordinators' ids.
 */
async function populationDatabase(file, course, { teachers, perSchool = 25, password, templates = 240 }) {
  const sqlite = openDatabase(file);
  migrate(sqlite);
  const stores = createStores(sqlite);
  const hash = await hashPassword(password);
  const steps = courseSteps(course);
  const random = seededRandom(16);
  const now = new Date().toISOString();
  const admin = stores.accounts.addUser({ email: 'beheer@bench.nl', name: 'Beheer Bench', role: 'admin', schoolId: null, passwordHash: hash });
  const insertUser = sqlite.prepare('INSERT INTO users (id, email, name, password_hash, role, school_id, created_at, last_active_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const copies = copyStatements(sqlite);
  const done = new Map();
  const coordinators = [];
  const models = [];
  let nextId = admin.id + 1;
  let school = null;
  const write = sqlite.transaction((from, to) => {
    for (let i = from; i < to; i++) {
      if (i % perSchool === 0) {
        school = stores.accounts.addSchool(`Basisschool ${String(i / perSchool + 1).padStart(4, '0')}`);
        const id = nextId++;
        insertUser.run(id, `ib${school.id}@bench.nl`, `IB ${school.id}`, hash, 'coordinator', school.id, now, null);
        coordinators.push({ id, schoolId: school.id });
      }
      const id = nextId++;
      insertUser.run(id, `leerkracht${i}@bench.nl`, `Leerkracht ${String(i).padStart(6, '0')}`, hash, 'teacher', school.id, now, null);
      if (models.length < templates) {
        const r = random();
        const todo = r < 0.2 ? 0 : r > 0.75 ? steps.length : 1 + Math.floor(random() * (steps.length - 1));
        if (todo > 0) seedTeacherProgress(stores, course, id, todo / steps.length, random);
        models.push({ id, todo });
        done.set(id, todo);
      } else {
        const model = models[Math.floor(random() * models.length)];
        for (const copy of copies) copy.run({ from: model.id, to: id });
        sqlite.prepare('UPDATE users SET last_active_at = (SELECT last_active_at FROM users WHERE id = ?) WHERE id = ?').run(model.id, id);
        done.set(id, model.todo);
      }
      // The bundled course comes with a study; these teachers declined it (each with a participant
      // code of their own), so the course is open for them.
      if (course.study) stores.research.decide(id, 'no', course.study.consent.version);
    }
  });
  for (let from = 0; from < teachers; from += 5000) write(from, Math.min(teachers, from + 5000));
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.close();
  return { adminId: admin.id, done, coordinators, steps };
}

/**
 * Signed-in sessions written straight into the sessions table, as a sign-in would leave them (with
 * a CSRF token and the times src/web/session-life.ts keeps), so thousands of people need no
 * password hashing. They are sessions in use: each was last written down within the past hour,
 * spread evenly over it, so that each rolls (is written again) once an hour, as a working
 * teacher's does, and not all at their first request. Returns each person's cookie header and
 * token; `secret` must be the server's SESSION_SECRET.
 */
function signedInSessions(file, userIds, secret) {
  const sqlite = openDatabase(file);
  const insert = sqlite.prepare('INSERT INTO sessions (sid, user_id, data, expires_at) VALUES (?, ?, ?, ?)');
  const month = 30 * 86_400_000;
  const now = Date.now();
  const expires = now + month;
  const out = new Map();
  sqlite.transaction(() => {
    for (const [i, id] of userIds.entries()) {
      // The golden ratio's multiples: spread evenly over the hour in any first n of the list too
      // (the simulation's levels take the first n people).
      const activeAt = now - Math.round(((i * 0.6180339887498949) % 1) * ROLL_EVERY_MS);
      const sid = crypto.randomBytes(24).toString('base64url');
      const token = crypto.randomBytes(32).toString('hex');
      const cookie = { originalMaxAge: month, expires: new Date(expires).toISOString(), secure: true, httpOnly: true, path: '/', sameSite: 'lax' };
      insert.run(sid, id, JSON.stringify({ cookie, signedInAt: activeAt - 86_400_000, activeAt, passport: { user: id }, csrfToken: token }), expires);
      const signature = crypto.createHmac('sha256', secret).update(sid).digest('base64').replace(/=+$/, '');
      // Pages carry the token masked afresh each time (src/web/csrf.ts); a masked copy made once works for every request.
      const pad = crypto.randomBytes(32);
      const masked = Buffer.from(Buffer.from(token, 'hex').map((b, i) => b ^ pad[i]));
      out.set(id, { cookie: `steun.sid=${encodeURIComponent(`s:${sid}.${signature}`)}`, token: `${pad.toString('base64url')}.${masked.toString('base64url')}` });
    }
  })();
  sqlite.close();
  return out;
}

/** A course folder with `modules` × `lessons` lessons of ordinary text, a video, reflections, exercises and quizzes. */
function generatedCourse(modules, lessons) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'steun-bench-course-'));
  const media = path.join(__dirname, '..', 'test', 'fixtures', 'mini-course', 'media');
  fs.cpSync(media, path.join(dir, 'media'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'course.yml'), 'title: Benchmarkcursus\nlanguage: nl\ndescription: Een grote gegenereerde cursus.\n');
  const paragraph = 'Een leerling die thuis onrust meemaakt, heeft op school baat bij een voorspelbare, warme volwassene. '.repeat(6);
  for (let m = 1; m <= modules; m++) {
    const folder = path.join(dir, `${String(m).padStart(2, '0')}-module-${m}`);
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, 'module.yml'), `title: Module ${m}\nsummary: Samenvatting van module ${m}.\n`);
    for (let l = 1; l <= lessons; l++) {
      const body = [
        `## Deel ${l}`, paragraph, `- punt een\n- punt twee\n- punt drie`, paragraph,
        l === 1 ? '```video\nsrc: ../media/clip.mp4\ncaptions: ../media/clip.nl.vtt\ntitle: Clip\n```' : '',
        `Zie ook [de eerste les](01-les-1.md).`,
        '```reflection\nid: r1\nprompt: Wat neem je mee?\n```',
        '```exercise\nid: e1\n---\n## Wat doe je?\n\n- [ ] Iets\n  > Nee.\n- [x] Iets anders\n  > Ja.\n```',
      ].join('\n\n');
      fs.writeFileSync(path.join(folder, `${String(l).padStart(2, '0')}-les-${l}.md`), `---\ntitle: Les ${m}.${l}\n---\n\n${body}\n`);
    }
    const questions = Array.from({ length: 6 }, (_, q) => `## Vraag ${q + 1}?\n\n- [x] Goed\n  > Ja.\n- [ ] Fout\n  > Nee.\n\n> Uitleg.\n`).join('\n');
    fs.writeFileSync(path.join(folder, 'quiz.md'), `---\ntitle: Toets ${m}\n---\n\n${questions}`);
  }
  return dir;
}

/** `userId` takes part in the course's study, with one pupil named: the first questionnaire opens for them. */
function takePart(file, course, userId) {
  const sqlite = openDatabase(file);
  try {
    const stores = createStores(sqlite);
    stores.research.decide(userId, 'yes', course.study.consent.version);
    stores.research.setPupils(userId, ['Sam']);
  } finally {
    sqlite.close();
  }
}

module.exports = { schoolDatabase, populationDatabase, signedInSessions, courseSteps, generatedCourse, takePart };
