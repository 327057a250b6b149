// `npm run bench:lighthouse`: Lighthouse's mobile audit alone, twice a page (the same pages and
// scoring as step 9 of `npm run bench`), against the production server behind a local TLS proxy,
// on a small population database: for working on a page's speed without the full bench.
// BENCH_PAGES=video,quiz picks pages by the start of their names.
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { compileCourse } = require('../dist/course/compile');
const { populationDatabase, signedInSessions, takePart } = require('./data');
const { tlsProxy, lighthouseScores, lighthousePages } = require('./browser');
const { start } = require('./server');

const ROOT = path.resolve(__dirname, '..');

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'steun-lh-'));
  const secret = crypto.randomBytes(24).toString('hex');
  try {
    const course = (await compileCourse(path.join(ROOT, 'content'))).course;
    const dbFile = path.join(dir, 'lh.db');
    const population = await populationDatabase(dbFile, course, { teachers: 500, password: 'bench-wachtwoord-1' });
    const ids = [...population.done.keys()];
    const done = (id) => population.done.get(id);
    const teacher = ids.find((id) => done(id) > 4 && done(id) < population.steps.length - 2);
    const quizTaker = ids.find((id) => done(id) === course.modules[0].lessons.length);
    // The first measurement comes before the course: a teacher who has not started it.
    const respondent = course.study ? (ids.find((id) => done(id) === 0) ?? null) : null;
    if (respondent) takePart(dbFile, course, respondent);
    const coordinator = population.coordinators[0].id;
    const sessions = signedInSessions(dbFile, [teacher, quizTaker, coordinator, ...(respondent ? [respondent] : [])], secret);
    const pages = lighthousePages(course, { teacher: sessions.get(teacher).cookie, quizTaker: sessions.get(quizTaker).cookie, coordinator: sessions.get(coordinator).cookie, respondent: respondent ? sessions.get(respondent).cookie : null });
    const wanted = (process.env.BENCH_PAGES || '').split(',').filter(Boolean);
    const chosen = wanted.length ? pages.filter((p) => wanted.some((w) => p.name.startsWith(w))) : pages;

    const env = { NODE_ENV: 'production', BASE_URL: 'https://steun.example', LOG_LEVEL: 'warn', PORT: '0', HOST: '127.0.0.1', CONTENT_DIR: path.join(ROOT, 'content'), WATCH_CONTENT: '0', SESSION_SECRET: secret, DATABASE_PATH: dbFile };
    const server = start([path.join(ROOT, 'dist', 'main.js')], env);
    const proxy = await tlsProxy(await server.url);
    try {
      const scores = await lighthouseScores({ base: proxy.url, pages: chosen, runs: Number(process.env.BENCH_RUNS || 2) });
      for (const s of scores) {
        console.log(`${s.name} (${s.path}): ${[s.performance, s.accessibility, s.bestPractices, s.seo].join('/')} TBT ${s.tbtMs} ms`);
        console.log(`  runs: ${s.runs.map((r) => `${r.performance}/${r.accessibility}/${r.bestPractices}/${r.seo} TBT ${r.tbtMs} ms`).join('; ')}`);
        if (s.failing.length) console.log(`  failing: ${s.failing.join('; ')}`);
      }
    } finally {
      await proxy.stop();
      await server.stop();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
