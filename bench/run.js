// `npm run bench`: every figure beside bare Express "hello" measured in the same run on this
// machine. Prints a table and writes bench/results.json. Loopback only; every loop is bounded.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const autocannon = require('autocannon');
const { compileCourse } = require('../dist/course/compile');
const { schoolDatabase, generatedCourse } = require('./data');

const ROOT = path.resolve(__dirname, '..');
const SECONDS = Number(process.env.BENCH_SECONDS || 10);
const TEACHERS = Number(process.env.BENCH_TEACHERS || 10000);
const PASSWORD = 'bench-wachtwoord-1';

function start(args, env) {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const url = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start in 30 s:\n${out}`)), 30_000);
    const check = () => {
      const m = /(?:steun draait op (http:\/\/\S+))|(?:listening (\d+))/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1] || `http://127.0.0.1:${m[2]}`);
      }
    };
    child.stdout.on('data', check);
    child.once('exit', (code) => reject(new Error(`exited ${code}:\n${out}`)));
  });
  return { child, url, stop: () => new Promise((r) => (child.exitCode !== null ? r() : (child.once('exit', r), child.kill('SIGTERM')))) };
}

function cannon(opts) {
  return new Promise((resolve, reject) => {
    autocannon({ connections: 50, duration: SECONDS, ...opts }, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

function cookieOf(res) {
  return (res.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
}

async function signIn(base, email) {
  // Production cookies are Secure: the server trusts X-Forwarded-Proto from loopback, as behind a proxy.
  const page = await fetch(`${base}/login`, { headers: { 'x-forwarded-proto': 'https' } });
  let cookie = cookieOf(page);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())[1];
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, 'x-forwarded-proto': 'https' },
    body: new URLSearchParams({ email, password: PASSWORD, _csrf: csrf }),
  });
  if (res.status !== 303) throw new Error(`sign-in as ${email} failed: ${res.status}`);
  cookie = cookieOf(res) || cookie;
  const home = await fetch(`${base}/`, { headers: { cookie } });
  const token = /<meta name="csrf-token" content="([^"]+)">/.exec(await home.text())[1];
  return { cookie, token };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function rss(pid, field) {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'steun-bench-'));
  const results = { machine: { cpus: os.cpus().length, node: process.version, seconds: SECONDS, teachers: TEACHERS }, figures: {} };
  const env = { NODE_ENV: 'production', BASE_URL: 'https://steun.example.nl', LOG_LEVEL: 'warn', PORT: '0', HOST: '127.0.0.1', CONTENT_DIR: path.join(ROOT, 'content'), WATCH_CONTENT: '0' };
  try {
    console.log('1/9 bare Express "hello"');
    const hello = start([path.join(__dirname, 'hello.js')], {});
    const base = await cannon({ url: await hello.url });
    await hello.stop();
    let helloRps = base.requests.average;

    console.log("2/9 the stack's floor: its libraries and a constant lesson-sized page, signed in");
    const floorServer = start([path.join(__dirname, 'floor.js')], {});
    const floorUrl = await floorServer.url;
    const floorCookie = cookieOf(await fetch(`${floorUrl}/login`));
    const floor = await cannon({ url: floorUrl, headers: { cookie: floorCookie } });
    await floorServer.stop();
    if (floor.non2xx) throw new Error(`floor: ${floor.non2xx} non-2xx answers`);

    console.log('3/9 start to healthy with the bundled course (new database)');
    const t0 = performance.now();
    const fresh = start([path.join(ROOT, 'dist', 'main.js')], { ...env, DATABASE_PATH: path.join(dir, 'fresh.db') });
    const freshUrl = await fresh.url;
    for (let i = 0; i < 300; i++) {
      const ok = await fetch(`${freshUrl}/healthz`).then((r) => r.ok, () => false);
      if (ok) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    const startMs = performance.now() - t0;
    await fresh.stop();

    console.log(`4/9 generating ${TEACHERS} teachers in the demo shape`);
    const course = (await compileCourse(path.join(ROOT, 'content'))).course;
    const dbFile = path.join(dir, 'bench.db');
    const g0 = performance.now();
    await schoolDatabase(dbFile, course, TEACHERS, PASSWORD);
    console.log(`    ${((performance.now() - g0) / 1000).toFixed(1)} s`);

    const server = start([path.join(ROOT, 'dist', 'main.js')], { ...env, DATABASE_PATH: dbFile });
    const url = await server.url;
    const teacher = await signIn(url, 'juf@bench.nl');
    const m = course.modules[0];
    const lessonUrl = `${url}/course/${m.slug}/${m.lessons[1].slug}`;
    const lessonCheck = await fetch(lessonUrl, { headers: { cookie: teacher.cookie } });
    if (lessonCheck.status !== 200) throw new Error(`lesson page answered ${lessonCheck.status}`);

    console.log('5/9 signed-in lesson page');
    const lesson = await cannon({ url: lessonUrl, headers: { cookie: teacher.cookie } });
    if (lesson.non2xx) throw new Error(`lesson page: ${lesson.non2xx} non-2xx answers`);

    console.log('6/9 video progress beacon');
    const video = m.lessons[1].videos[0];
    const beacon = await cannon({
      url: `${url}/api/progress/video`,
      method: 'POST',
      headers: { cookie: teacher.cookie, 'x-csrf-token': teacher.token, 'content-type': 'application/json' },
      body: JSON.stringify({ lesson: m.lessons[1].key, src: video.src, watched: [[0, 12.5], [20, 31]], position: 31, duration: video.durationSeconds }),
    });
    if (beacon.non2xx) throw new Error(`beacon: ${beacon.non2xx} non-2xx answers`);

    await server.stop();

    // The baseline again after the load tests, so a machine that speeds up or slows down during
    // the run does not tilt the ratios: they are taken against the mean of both.
    console.log('    bare Express "hello" again');
    const helloAgain = start([path.join(__dirname, 'hello.js')], {});
    const baseAgain = await cannon({ url: await helloAgain.url });
    await helloAgain.stop();
    const helloRuns = [base.requests.average, baseAgain.requests.average];
    helloRps = (helloRuns[0] + helloRuns[1]) / 2;

    // A fresh server for the report and the CSV, so its peak memory is theirs and not the load test's.
    console.log(`7/9 coordinator report page with ${TEACHERS} teachers`);
    const reportServer = start([path.join(ROOT, 'dist', 'main.js')], { ...env, DATABASE_PATH: dbFile });
    const rurl = await reportServer.url;
    const ib = await signIn(rurl, 'ib@bench.nl');
    const times = [];
    for (let i = 0; i < 15; i++) {
      const s = performance.now();
      const res = await fetch(`${rurl}/reports?sort=modules&dir=af`, { headers: { cookie: ib.cookie } });
      await res.text();
      if (res.status !== 200) throw new Error(`report answered ${res.status}`);
      times.push(performance.now() - s);
    }

    console.log(`8/9 CSV of ${TEACHERS} teachers`);
    const c0 = performance.now();
    const csvRes = await fetch(`${rurl}/reports.csv`, { headers: { cookie: ib.cookie } });
    const csv = await csvRes.text();
    const csvMs = performance.now() - c0;
    const csvRows = csv.trim().split('\n').length - 1;
    const peakRss = rss(reportServer.child.pid, 'VmHWM');
    await reportServer.stop();

    console.log('9/9 compiling a generated course of 200 lessons');
    const big = generatedCourse(20, 10);
    const compileTimes = [];
    for (let i = 0; i < 3; i++) {
      const s = performance.now();
      const r = await compileCourse(big);
      if (!r.course) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
      compileTimes.push(performance.now() - s);
    }
    fs.rmSync(big, { recursive: true, force: true });

    const f = results.figures;
    f.helloRps = { value: Math.round(helloRps), unit: 'req/s', detail: `mean of ${helloRuns.map(Math.round).join(' and ')} req/s, before and after the load tests` };
    f.floorRatio = { value: floor.requests.average / helloRps, detail: `${Math.round(floor.requests.average)} req/s, p99 ${floor.latency.p99} ms: helmet, body parsers, express-session, passport, 11 KB constant page` };
    f.lessonRatio = { value: lesson.requests.average / helloRps, goal: '>= 0.40', ok: lesson.requests.average / helloRps >= 0.4, detail: `${Math.round(lesson.requests.average)} req/s` };
    f.beaconRatio = { value: beacon.requests.average / helloRps, goal: '>= 0.35', ok: beacon.requests.average / helloRps >= 0.35, detail: `${Math.round(beacon.requests.average)} req/s` };
    f.lessonP99 = { value: lesson.latency.p99, unit: 'ms', goal: '< 25 ms', ok: lesson.latency.p99 < 25 };
    f.reportMedian = { value: median(times), unit: 'ms', goal: '< 150 ms', ok: median(times) < 150, detail: `first request (rows not yet computed) ${times[0].toFixed(0)} ms` };
    f.csv = { value: csvMs, unit: 'ms', goal: '< 1 s, RSS < 200 MB', ok: csvMs < 1000 && peakRss < 200 && csvRows === TEACHERS, detail: `${csvRows} rows, peak RSS ${peakRss.toFixed(0)} MB` };
    f.compile200 = { value: median(compileTimes), unit: 'ms', goal: '< 1 s', ok: median(compileTimes) < 1000 };
    f.startToHealthy = { value: startMs, unit: 'ms', goal: '< 1.5 s', ok: startMs < 1500 };

    const rows = [
      ['bare Express "hello"', `${Math.round(helloRps)} req/s`, '(baseline)', f.helloRps.detail],
      ['stack floor (libraries only) ÷ hello', f.floorRatio.value.toFixed(2), '(ceiling)', f.floorRatio.detail],
      ['signed-in lesson page ÷ hello', f.lessonRatio.value.toFixed(2), f.lessonRatio.goal, f.lessonRatio.detail],
      ['video beacon ÷ hello', f.beaconRatio.value.toFixed(2), f.beaconRatio.goal, f.beaconRatio.detail],
      ['lesson page p99, 50 connections', `${f.lessonP99.value} ms`, f.lessonP99.goal, ''],
      [`report page, ${TEACHERS} teachers (median of 15)`, `${f.reportMedian.value.toFixed(0)} ms`, f.reportMedian.goal, f.reportMedian.detail],
      [`CSV, ${TEACHERS} teachers`, `${csvMs.toFixed(0)} ms`, f.csv.goal, f.csv.detail],
      ['compile 200 lessons (median of 3)', `${f.compile200.value.toFixed(0)} ms`, f.compile200.goal, ''],
      ['start to healthy', `${startMs.toFixed(0)} ms`, f.startToHealthy.goal, ''],
    ];
    const okOf = [null, null, f.lessonRatio, f.beaconRatio, f.lessonP99, f.reportMedian, f.csv, f.compile200, f.startToHealthy];
    console.log('\n| figure | measured | goal | met | detail |\n| --- | --- | --- | --- | --- |');
    rows.forEach((r, i) => console.log(`| ${r[0]} | ${r[1]} | ${r[2]} | ${okOf[i] ? (okOf[i].ok ? 'yes' : 'NO') : ''} | ${r[3]} |`));
    fs.writeFileSync(path.join(__dirname, 'results.json'), JSON.stringify(results, null, 2) + '\n');
    console.log(`\nwritten: ${path.join(__dirname, 'results.json')}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
