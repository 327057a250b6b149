// Benchmark data: a school of N teachers spread over the course in the `steun demo` shape, and a
// generated course of many lessons. Uses the built code in dist/.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { openDatabase } = require('../dist/db/connection');
const { migrate } = require('../dist/db/migrate');
const { createStores } = require('../dist/db');
const { hashPassword } = require('../dist/accounts/passwords');
const { seedTeacherProgress, seededRandom } = require('../dist/cli/demo');

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

module.exports = { schoolDatabase, generatedCourse };
