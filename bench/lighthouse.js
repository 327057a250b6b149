// `npm run bench:lighthouse`: Lighthouse's mobile audit alone, twice a page (the same pages and
// scoring as step 9 of `npm run bench`), against the production server behind a local TLS proxy,
// on a small population database: for working on a page's speed without the hour-long bench.
// BENCH_PAGES=video,quiz picks pages by the start of their names.
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { compileCourse } = require('../dist/course/compile');
const { populationDatabase, signedInSessions } = require('./data');
const { openDatabase } = require('../dist/db/connection');
const { createStores } = require('../dist/db');
const { tlsProxy, lighthouseScores } = require('./browser');

const ROOT = path.resolve(__dirname, '..');

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'steun-lh-'));
  const secret = crypto.randomBytes(24).toString('hex');
  try {
    const course = (await compileCourse(path.join(ROOT, 'content'))).course;
    const dbFile = path.join(dir, 'lh.db');
    const population = await populationDatabase(dbFile, course, { teachers: 500, password: 'bench-wachtwoord-1' });
    const ids = [...population.done.keys()];
    const m = course.modules[0];
    const videoLesson = m.lessons.find((l) => l.videos.length > 0);
    const juf = ids.find((id) => population.done.get(id) > 4 && population.done.get(id) < population.steps.length - 2);
    const quizTaker = ids.find((id) => population.done.get(id) === m.lessons.length);
    // The first measurement comes before the course: a teacher who has not started it.
    const respondent = course.study ? ids.find((id) => population.done.get(id) === 0) ?? null : null;
    if (respondent) {
      const stores = createStores(openDatabase(dbFile));
      stores.research.decide(respondent, 'yes', course.study.consent.version);
      stores.research.setPupils(respondent, ['Sam']);
    }
    const sessions = signedInSessions(dbFile, [juf, quizTaker, population.coordinators[0].id, ...(respondent ? [respondent] : [])], secret);
    const pages = [
      { name: 'overview', path: '/', cookie: sessions.get(juf).cookie },
      { name: 'video lesson', path: `/course/${videoLesson.key}`, cookie: sessions.get(juf).cookie },
      { name: 'quiz', path: `/course/${m.slug}/quiz`, cookie: sessions.get(quizTaker).cookie },
      { name: 'report', path: '/reports', cookie: sessions.get(population.coordinators[0].id).cookie },
      ...(respondent ? [{ name: 'questionnaire', path: `/study/${course.study.waves[0].id}/${course.study.waves[0].questionnaires[0]}`, cookie: sessions.get(respondent).cookie }] : []),
    ];
    const wanted = (process.env.BENCH_PAGES || '').split(',').filter(Boolean);
    const chosen = wanted.length ? pages.filter((p) => wanted.some((w) => p.name.startsWith(w))) : pages;

    const env = { ...process.env, NODE_ENV: 'production', BASE_URL: 'https://steun.example', LOG_LEVEL: 'warn', PORT: '0', HOST: '127.0.0.1', CONTENT_DIR: path.join(ROOT, 'content'), WATCH_CONTENT: '0', SESSION_SECRET: secret, DATABASE_PATH: dbFile };
    const server = spawn(process.execPath, [path.join(ROOT, 'dist', 'main.js')], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    const url = await new Promise((resolve, reject) => {
      let out = '';
      server.stdout.on('data', (d) => {
        out += d;
        const found = /steun draait op (http:\/\/\S+)/.exec(out);
        if (found) resolve(found[1]);
      });
      server.once('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
    });
    const proxy = await tlsProxy(url);
    try {
      const scores = await lighthouseScores({ base: proxy.url, pages: chosen, runs: Number(process.env.BENCH_RUNS || 2) });
      for (const s of scores) {
        console.log(`${s.name} (${s.path}): ${[s.performance, s.accessibility, s.bestPractices, s.seo].join('/')} TBT ${s.tbtMs} ms`);
        console.log(`  runs: ${s.runs.map((r) => `${r.performance}/${r.accessibility}/${r.bestPractices}/${r.seo} TBT ${r.tbtMs} ms`).join('; ')}`);
        if (s.failing.length) console.log(`  failing: ${s.failing.join('; ')}`);
      }
    } finally {
      await proxy.stop();
      server.kill('SIGTERM');
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
