// `npm run bench`: every speed figure of steun beside its goal, in one run on this machine. Prints a
// table and writes bench/results.json. The server's own work is measured against the stack's floor
// (bench/floor.js) and bare Express, interleaved in short rounds; then simultaneous teachers
// (bench/simulate.js), the report and CSV at many teachers (with a teacher's lesson page asked for
// all the while), one process against two, what a browser downloads and Lighthouse (twice a page).
// Loopback only; every loop is bounded. BENCH_QUICK=1 makes a trial run of a few minutes;
// BENCH_ONLY=ratios stops after the lesson page's and the beacon's share of the floor.
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const autocannon = require('autocannon');
const { compileCourse } = require('../dist/course/compile');
const { populationDatabase, signedInSessions, generatedCourse, takePart } = require('./data');
const { simulate } = require('./simulate');
const { tlsProxy, transfer, lighthouseScores, lighthousePages } = require('./browser');
const { start, pinBench, PIN, PIN_CORE } = require('./server');

const ROOT = path.resolve(__dirname, '..');
const QUICK = process.env.BENCH_QUICK === '1';
const SECONDS = Number(process.env.BENCH_SECONDS || (QUICK ? 3 : 10));
const TEACHERS = Number(process.env.BENCH_TEACHERS || (QUICK ? 3000 : 100_000));
const SIM_SECONDS = Number(process.env.BENCH_SIM_SECONDS || Math.max(10, 4 * SECONDS));
const LEVELS = (process.env.BENCH_LEVELS || (QUICK ? '250,500,1000,2000' : '1000,2500,5000,10000,15000,20000,30000,40000,60000,80000')).split(',').map(Number);
/** BENCH_COORDINATORS=0 leaves the coordinators' reports out of the simulation, to see the teachers alone. */
const COORDINATORS = process.env.BENCH_COORDINATORS !== '0';
const ROUNDS = 3;
// The ratios: many short rounds, each server in turn, median of the per-round ratios. This machine's
// speed drifts by a third over seconds (a virtual machine's neighbours); short interleaved slices
// let each ratio compare servers measured under nearly the same conditions.
const RATIO_ROUNDS = Number(process.env.BENCH_RATIO_ROUNDS || (QUICK ? 9 : 15));
const SLICE_SECONDS = Number(process.env.BENCH_SLICE_SECONDS || 2);
const ABLATION_ROUNDS = Number(process.env.BENCH_ABLATION_ROUNDS || (QUICK ? 3 : 7));
const SESSION_SECRET = crypto.randomBytes(24).toString('hex');
const PASSWORD = 'bench-wachtwoord-1';

function cannon(opts) {
  return new Promise((resolve, reject) => {
    autocannon({ connections: 50, duration: SECONDS, ...opts }, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function rss(pid, field) {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}
/** What the server's probe saw over some seconds: time in SQLite (and its slowest statement) and in garbage collection. */
function profile(lines) {
  const sql = lines.reduce((sum, l) => sum + l.sqlMs, 0);
  const gc = lines.reduce((sum, l) => sum + l.gcMs, 0);
  const slow = lines.reduce((worst, l) => (l.slowSqlMs > worst.slowSqlMs ? l : worst), { slowSqlMs: 0, slowSql: '' });
  return `profile: SQLite ${Math.round(sql)} ms (slowest ${Math.round(slow.slowSqlMs)} ms: ${slow.slowSql}…), garbage collection ${Math.round(gc)} ms`;
}
const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KB`;
const percentile = (xs, p) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] : NaN;
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits until a server keeps every teacher's row of the report of all schools (built a few seconds
 * after start) and an administrator's first view of it has answered (it waits for the name order
 * under way): the state of a server that has been running. Resolves with the time since `since`.
 */
async function reportBuilt(url, teachers, since, adminCookie) {
  for (;;) {
    const text = await (await fetch(`${url}/metrics`)).text();
    if (Number(/^steun_report_rows_kept (\S+)$/m.exec(text)?.[1] ?? 0) >= teachers) break;
    await sleep(250);
  }
  const view = await fetch(`${url}/reports`, { headers: { cookie: adminCookie, 'x-forwarded-proto': 'https' } });
  await view.arrayBuffer();
  if (view.status !== 200) throw new Error(`the report of all schools answered ${view.status}`);
  return performance.now() - since;
}

/** A teacher reading lessons while something else runs: her lesson page asked for every 20 ms, each answer timed. */
function pinger(url, headers) {
  const times = [];
  let on = true;
  const loop = (async () => {
    while (on) {
      const s = performance.now();
      await fetch(url, { headers }).then((r) => r.arrayBuffer(), () => null);
      times.push(performance.now() - s);
      await sleep(20);
    }
  })();
  return async () => {
    on = false;
    await loop;
    return times;
  };
}
const latencies = (xs) => `p99 ${Math.round(percentile(xs, 99))} ms, max ${Math.round(Math.max(...xs))} ms over ${xs.length} requests`;
const loopMax = (lines) => Math.max(0, ...lines.map((l) => l.max));

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'steun-bench-'));
  const results = { machine: { cpus: os.cpus().length, pinned: PIN ? `step 3: the servers on core ${PIN_CORE}, autocannon on the others` : 'no', node: process.version, seconds: SECONDS, simSeconds: SIM_SECONDS, teachers: TEACHERS, quick: QUICK, at: new Date().toISOString() }, figures: {} };
  const env = { NODE_ENV: 'production', BASE_URL: 'https://steun.example', LOG_LEVEL: 'warn', PORT: '0', HOST: '127.0.0.1', CONTENT_DIR: path.join(ROOT, 'content'), WATCH_CONTENT: '0', SESSION_SECRET };
  const steun = (dbFile, options, { preload = [], more = {} } = {}) =>
    start(['-r', path.join(__dirname, 'probe.js'), ...preload.flatMap((file) => ['-r', file]), path.join(ROOT, 'dist', 'main.js')], { ...env, DATABASE_PATH: dbFile, ...more }, options);
  const f = results.figures;
  // Written after every part too, so a run that breaks late keeps what it measured.
  const save = () => fs.writeFileSync(path.join(__dirname, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  try {
    console.log('1/9 start to healthy with the bundled course (new database)');
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

    console.log(`2/9 ${TEACHERS} teachers in schools of 25, spread over the course`);
    const course = (await compileCourse(path.join(ROOT, 'content'))).course;
    const dbFile = path.join(dir, 'bench.db');
    const g0 = performance.now();
    const population = await populationDatabase(dbFile, course, { teachers: TEACHERS, password: PASSWORD });
    const simCount = Math.min(TEACHERS, Math.max(...LEVELS));
    const teacherIds = [...population.done.keys()];
    const simIds = teacherIds.slice(0, simCount);
    const coordinatorIds = population.coordinators.slice(0, Math.ceil(simCount / 25)).map((c) => c.id);
    const sessions = signedInSessions(dbFile, [...simIds, ...coordinatorIds, population.adminId], SESSION_SECRET);
    // Someone who takes part in the study, with the first measurement open: the questionnaire's page.
    // The first measurement comes before the course: a teacher who has not started it.
    const respondent = course.study ? teacherIds.slice(simCount).find((id) => population.done.get(id) === 0) ?? teacherIds.find((id) => population.done.get(id) === 0) ?? null : null;
    if (respondent) {
      takePart(dbFile, course, respondent);
      for (const [id, s] of signedInSessions(dbFile, [respondent], SESSION_SECRET)) sessions.set(id, s);
    }
    console.log(`    ${((performance.now() - g0) / 1000).toFixed(1)} s, ${(fs.statSync(dbFile).size / 1048576).toFixed(0)} MB, ${sessions.size} signed-in sessions`);
    // The teacher of the single-page figures: somewhere in the course, so module 1 is open.
    const steps = population.steps;
    const juf = simIds.find((id) => population.done.get(id) > 4 && population.done.get(id) < steps.length - 2);
    const teacher = sessions.get(juf);

    console.log(`3/9 interleaved, ${RATIO_ROUNDS} rounds of ${SLICE_SECONDS} s each: bare Express, the stack's floor, the lesson page, the video beacon${PIN ? ` (servers on core ${PIN_CORE}, autocannon on the others)` : ''}`);
    pinBench(true);
    const hello = start([path.join(__dirname, 'hello.js')], {}, { pin: true });
    const pageFile = path.join(dir, 'lesson.html');
    const floorServer = start([path.join(__dirname, 'floor.js')], { FLOOR_PAGE_FILE: pageFile }, { pin: true });
    const server = steun(dbFile, { pin: true });
    const [helloUrl, floorUrl, url] = await Promise.all([hello.url, floorServer.url, server.url]);
    // steun as it runs after start: its report of all schools built in advance (not during a round).
    await reportBuilt(url, TEACHERS, 0, sessions.get(population.adminId).cookie);
    const floorCookie = (await fetch(`${floorUrl}/login`)).headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const floorToken = await (await fetch(`${floorUrl}/token`, { headers: { cookie: floorCookie } })).text();
    const m = course.modules[0];
    const videoLesson = m.lessons.find((l) => l.videos.length > 0);
    const lessonUrl = `${url}/course/${videoLesson.key}`;
    const https = { 'x-forwarded-proto': 'https' };
    const lessonCheck = await fetch(lessonUrl, { headers: { cookie: teacher.cookie, ...https } });
    if (lessonCheck.status !== 200) throw new Error(`lesson page answered ${lessonCheck.status}`);
    const video = videoLesson.videos[0];
    const beaconBody = JSON.stringify({ lesson: videoLesson.key, src: video.src, watched: [[0, 12.5], [20, 31]], position: 31, duration: video.durationSeconds });
    const rounds = [];
    // Round 0 warms every server up (the JIT, the memos) and is not counted.
    for (let r = 0; r <= RATIO_ROUNDS; r++) {
      const base = await cannon({ url: helloUrl, duration: SLICE_SECONDS });
      const floor = await cannon({ url: floorUrl, headers: { cookie: floorCookie }, duration: SLICE_SECONDS });
      const lesson = await cannon({ url: lessonUrl, headers: { cookie: teacher.cookie, ...https }, duration: SLICE_SECONDS });
      const beacon = await cannon({ url: `${url}/api/progress/video`, method: 'POST', headers: { cookie: teacher.cookie, 'x-csrf-token': teacher.token, 'content-type': 'application/json', ...https }, body: beaconBody, duration: SLICE_SECONDS });
      for (const [name, res] of Object.entries({ floor, lesson, beacon })) if (res.non2xx || res.errors) throw new Error(`${name}: ${res.non2xx} non-2xx answers, ${res.errors} errors`);
      const round = { hello: base.requests.average, floor: floor.requests.average, lesson: lesson.requests.average, beacon: beacon.requests.average, lessonP99: lesson.latency.p99 };
      if (r === 0) continue;
      rounds.push(round);
      console.log(`    round ${r}: hello ${Math.round(round.hello)}, floor ${Math.round(round.floor)}, lesson ${Math.round(round.lesson)}, beacon ${Math.round(round.beacon)} req/s`);
    }
    await Promise.all([hello.stop(), server.stop()]);

    // Where the time goes: the same handlers run only up to a step (bench/ablation.js), each
    // measured against the floor in the same interleaved rounds. What a step adds, in the floor's
    // units (1 = one floor request's time), is 1/ratio minus the step before.
    console.log(`3b/9 where the lesson page's and the beacon's time goes, ${ABLATION_ROUNDS} rounds of ${SLICE_SECONDS} s each`);
    fs.writeFileSync(pageFile, await lessonCheck.text());
    const ablationServer = steun(dbFile, { pin: true }, { preload: [path.join(__dirname, 'ablation.js')], more: { STEUN_ABLATION_PAGE: pageFile } });
    const ablationUrl = await ablationServer.url;
    await reportBuilt(ablationUrl, TEACHERS, 0, sessions.get(population.adminId).cookie);
    const asTeacher = { cookie: teacher.cookie, ...https };
    const post = (at) => ({ url: `${ablationUrl}${at}`, method: 'POST', headers: { ...asTeacher, 'x-csrf-token': teacher.token, 'content-type': 'application/json' }, body: beaconBody });
    const ablationSteps = {
      lesson: [
        ["the floor sending steun's lesson page as constant bytes", { url: `${floorUrl}/page`, headers: { cookie: floorCookie } }],
        ['the middleware every page passes, then the page as bytes', { url: `${ablationUrl}/__ablation/lesson/chain/${videoLesson.key}`, headers: asTeacher }],
        ['+ where the teacher stands, the lock', { url: `${ablationUrl}/__ablation/lesson/teacher/${videoLesson.key}`, headers: asTeacher }],
        ["+ the lesson route's data (no template)", { url: `${ablationUrl}/__ablation/lesson/view/${videoLesson.key}`, headers: asTeacher }],
        ['+ the template: the lesson page', { url: `${ablationUrl}/course/${videoLesson.key}`, headers: asTeacher }],
      ],
      beacon: [
        ["the floor answering the beacon's POST (its JSON body parsed) with 204", { url: floorUrl, method: 'POST', headers: { cookie: floorCookie, 'content-type': 'application/json' }, body: beaconBody }],
        ['the middleware every request passes (JSON, CSRF), then 204', post('/__ablation/beacon/chain')],
        ['+ validation, where the teacher stands, the lock', post('/__ablation/beacon/checked')],
        ['+ the write and the completion: the beacon', post('/api/progress/video')],
      ],
    };
    // Beside the steps: the floor doing only what a beacon cannot do without (CSRF, validation, one
    // transaction on the video's row; bench/floor.js). The beacon's goal leaves steun's own guards and
    // state the room between the two.
    const least = { url: `${floorUrl}/least`, method: 'POST', headers: { cookie: floorCookie, 'x-csrf-token': floorToken, 'content-type': 'application/json' }, body: beaconBody };
    const leastRatios = [];
    const ablation = [];
    for (let r = 0; r <= ABLATION_ROUNDS; r++) {
      const floor = (await cannon({ url: floorUrl, headers: { cookie: floorCookie }, duration: SLICE_SECONDS })).requests.average;
      const leastRes = await cannon({ ...least, duration: SLICE_SECONDS });
      if (leastRes.non2xx || leastRes.errors) throw new Error(`the least beacon: ${leastRes.non2xx} non-2xx answers, ${leastRes.errors} errors`);
      if (r > 0) leastRatios.push(leastRes.requests.average / floor);
      const round = {};
      for (const [what, list] of Object.entries(ablationSteps)) {
        round[what] = [];
        for (const [name, opts] of list) {
          const res = await cannon({ ...opts, duration: SLICE_SECONDS });
          if (res.non2xx || res.errors) throw new Error(`ablation ${what} "${name}": ${res.non2xx} non-2xx answers, ${res.errors} errors`);
          round[what].push(res.requests.average / floor);
        }
      }
      if (r > 0) ablation.push(round);
    }
    await Promise.all([floorServer.stop(), ablationServer.stop()]);
    pinBench(false);
    for (const what of Object.keys(ablationSteps)) {
      const ratios = ablationSteps[what].map((_, i) => median(ablation.map((round) => round[what][i])));
      f[`${what}Ablation`] = { steps: ablationSteps[what].map(([name], i) => ({ name, ratio: ratios[i], adds: 1 / ratios[i] - (i === 0 ? 1 : 1 / ratios[i - 1]) })) };
      for (const step of f[`${what}Ablation`].steps) console.log(`    ${what}: ${step.name}: ${step.ratio.toFixed(2)} of the floor (adds ${step.adds.toFixed(2)} floor requests)`);
    }
    const per = (fn) => median(rounds.map(fn));
    const roundsText = (fn) => rounds.map((r) => fn(r).toFixed(2)).join(', ');
    f.helloRps = { value: Math.round(per((r) => r.hello)), unit: 'req/s', detail: `median of ${rounds.map((r) => Math.round(r.hello)).join(', ')}` };
    f.floorRps = { value: Math.round(per((r) => r.floor)), unit: 'req/s', detail: `floor ÷ hello ${per((r) => r.floor / r.hello).toFixed(2)}; helmet, body parsers, express-session, passport, 11 KB constant page` };
    f.lessonFloorRatio = { value: per((r) => r.lesson / r.floor), goal: '>= 0.60', detail: `rounds ${roundsText((r) => r.lesson / r.floor)}; ${Math.round(per((r) => r.lesson))} req/s` };
    f.lessonFloorRatio.ok = f.lessonFloorRatio.value >= 0.6;
    f.beaconFloorRatio = { value: per((r) => r.beacon / r.floor), goal: '>= 0.70', detail: `rounds ${roundsText((r) => r.beacon / r.floor)}; ${Math.round(per((r) => r.beacon))} req/s` };
    f.beaconFloorRatio.ok = f.beaconFloorRatio.value >= 0.7;
    // What steun's own work adds to the least, from the beacon's fifteen rounds (the ablation's seven
    // are the noisier).
    const leastRatio = median(leastRatios);
    f.beaconLeastRatio = {
      value: leastRatio,
      detail: `rounds ${leastRatios.map((x) => x.toFixed(2)).join(', ')}; at the beacon's goal of 0.70 steun's own guards and state may add ${(1 / 0.7 - 1 / leastRatio).toFixed(2)} floor requests to it; they add ${(1 / f.beaconFloorRatio.value - 1 / leastRatio).toFixed(2)}`,
    };
    console.log(`    the least a beacon must do (CSRF, validation, one transaction) ÷ floor: ${leastRatio.toFixed(2)} (${f.beaconLeastRatio.detail})`);
    f.lessonRatio = { value: per((r) => r.lesson / r.hello), goal: '>= 0.40', detail: `rounds ${roundsText((r) => r.lesson / r.hello)}` };
    f.lessonRatio.ok = f.lessonRatio.value >= 0.4;
    f.beaconRatio = { value: per((r) => r.beacon / r.hello), goal: '>= 0.35', detail: `rounds ${roundsText((r) => r.beacon / r.hello)}` };
    f.beaconRatio.ok = f.beaconRatio.value >= 0.35;
    f.lessonP99 = { value: per((r) => r.lessonP99), unit: 'ms', goal: '< 25 ms', detail: '50 connections, median of the rounds' };
    f.lessonP99.ok = f.lessonP99.value < 25;
    const where = (a) => `where it goes (step ÷ floor): ${a.steps.map((st) => `${st.name} ${st.ratio.toFixed(2)}`).join('; ')}`;
    f.lessonFloorRatio.detail += `; ${where(f.lessonAblation)}`;
    f.beaconFloorRatio.detail += `; ${where(f.beaconAblation)}`;

    save();
    // BENCH_ONLY=ratios: the four rows above and nothing more (a minute or two, for working on a page's cost).
    if (process.env.BENCH_ONLY === 'ratios') {
      for (const [name, fig] of Object.entries({ lessonFloorRatio: f.lessonFloorRatio, beaconFloorRatio: f.beaconFloorRatio, beaconLeastRatio: { ...f.beaconLeastRatio, goal: 'ceiling' }, lessonRatio: f.lessonRatio, beaconRatio: f.beaconRatio })) {
        console.log(`${name}: ${fig.value.toFixed(2)} (goal ${fig.goal}; ${fig.detail})`);
      }
      return;
    }
    console.log(`4/9 simultaneous teachers${COORDINATORS ? ' and their coordinators' : ' (no coordinators)'}, levels ${LEVELS.filter((l) => l <= simCount).join(', ')}, ${SIM_SECONDS} s each, p95 limit 100 ms`);
    const simServer = steun(dbFile);
    const simUrl = await simServer.url;
    await reportBuilt(simUrl, TEACHERS, 0, sessions.get(population.adminId).cookie);
    const people = simIds.map((id) => ({ id, ...sessions.get(id), done: population.done.get(id) }));
    const coordinators = COORDINATORS ? coordinatorIds.map((id) => ({ id, ...sessions.get(id) })) : [];
    let sim = { levels: [], held: null, gaveOut: '' };
    try {
      sim = await simulate({
        url: simUrl,
        steps,
        people,
        coordinators,
        levels: LEVELS,
        seconds: SIM_SECONDS,
        serverPid: simServer.child.pid,
        probe: simServer.probe,
        log: (row) =>
          console.log(
            `    ${row.teachers} teachers: ${row.perSecond} req/s, p50 ${row.p50} ms, p95 ${row.p95} ms, p99 ${row.p99} ms, errors ${row.errors}; ` +
              `CPU server ${Math.round(row.serverCpu * 100)} %, generator ${Math.round(row.generatorCpu * 100)} %; event loop p99 server ${row.serverLoopP99} ms, generator ${row.generatorLoopP99} ms; server RSS ${row.serverRssMb} MB` +
              (row.serverTaskMax !== null ? `; longest task ${row.serverTaskMax} ms, ${row.serverTasksOver50} over 50 ms` : '') +
              (row.errorSamples.length ? `\n      ${row.errorSamples.join('\n      ')}` : ''),
          ),
      });
    } catch (err) {
      // One failed part does not cost the other figures of a long run.
      console.error(err);
      sim.gaveOut = `the simulation failed: ${err.message}`;
    }
    await simServer.stop();
    const held = sim.held?.teachers ?? 0;
    f.simultaneousTeachers = { value: held, goal: '>= 20000', ok: held >= 20_000, detail: `${COORDINATORS ? 'with a coordinator per 25 teachers' : 'teachers only'}; gave out: ${sim.gaveOut}`, levels: sim.levels };
    // The event loop while 20,000 teachers work (or at the busiest level run, if fewer).
    const at20k = sim.levels.filter((l) => l.teachers <= 20_000).at(-1) ?? null;
    f.eventLoop = at20k
      ? { value: at20k.serverLoopP99, unit: 'ms', goal: '< 50 ms p99; no single task > 50 ms', ok: at20k.teachers === 20_000 && at20k.serverLoopP99 < 50 && at20k.serverLoopMax <= 50, detail: `at ${at20k.teachers} teachers${COORDINATORS ? ' and their coordinators (reports and CSVs)' : ''}, ${TEACHERS} in the database: p99 ${at20k.serverLoopP99} ms, longest delay ${at20k.serverLoopMax} ms; slowest statement ${at20k.slowestSql.ms} ms; longest garbage collection ${at20k.serverGcMaxMs} ms` }
      : { value: null, goal: '< 50 ms p99; no single task > 50 ms', ok: false, detail: 'no level ran' };

    save();
    // A fresh server for the reports and the CSV, so its peak memory is theirs and not the load
    // test's. Report rows are cached until anything is written; while teachers work that is
    // always, so the figure is a view after a teacher's write (the cached view is in the detail).
    console.log(`5/9 report page and CSV over all ${TEACHERS} teachers (administrator), and one school's report`);
    const reportStarted = performance.now();
    const reportServer = steun(dbFile);
    const rurl = await reportServer.url;
    // A running server: its report of all schools built in advance, as it is 5 s after start.
    const builtAfter = await reportBuilt(rurl, TEACHERS, reportStarted, sessions.get(population.adminId).cookie);
    const admin = sessions.get(population.adminId);
    // Module 1 is open to everyone: a study-time report there is a write any teacher can make.
    const writer = people[0];
    const aWrite = async () => {
      const res = await fetch(`${rurl}/api/progress/time`, { method: 'POST', headers: { cookie: writer.cookie, 'x-csrf-token': writer.token, 'content-type': 'application/json', ...https }, body: JSON.stringify({ lesson: videoLesson.key, seconds: 5 }) });
      if (res.status !== 204) throw new Error(`a teacher's write before the report answered ${res.status}`);
    };
    const view = async (path, cookie) => {
      const s = performance.now();
      const res = await fetch(`${rurl}${path}`, { headers: { cookie, ...https } });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
      return { ms: performance.now() - s, text };
    };
    const lessonPage = `${rurl}/course/${videoLesson.key}`;
    const teacherHeaders = { cookie: teacher.cookie, ...https };
    let stopPing = pinger(lessonPage, teacherHeaders);
    await sleep(3000);
    const idleLatencies = await stopPing();
    reportServer.probe();
    stopPing = pinger(lessonPage, teacherHeaders);
    const fresh3 = [];
    for (let i = 0; i < 3; i++) {
      await aWrite();
      fresh3.push((await view('/reports?sort=modules&dir=af', admin.cookie)).ms);
    }
    const duringReport = await stopPing();
    const reportLoopMax = loopMax(await reportServer.settledProbe());
    const cached = [];
    for (let i = 0; i < 5; i++) cached.push((await view('/reports?sort=modules&dir=af', admin.cookie)).ms);
    const school = [];
    for (let i = 0; i < 3; i++) {
      await aWrite();
      school.push((await view('/reports', sessions.get(coordinatorIds[i % coordinatorIds.length]).cookie)).ms);
    }
    const reportProfile = profile(await reportServer.settledProbe());
    await reportServer.stop();
    // Right after start, before the report is built in advance: the CSV builds it.
    const coldServer = steun(dbFile);
    const coldUrl = await coldServer.url;
    const cold0 = performance.now();
    const coldRes = await fetch(`${coldUrl}/reports.csv`, { headers: { cookie: admin.cookie, ...https } });
    await coldRes.arrayBuffer();
    const coldCsvMs = performance.now() - cold0;
    await coldServer.stop();
    // The CSV on a server of its own, so the peak memory is the CSV's and the kept report's alone.
    const csvStarted = performance.now();
    const csvServer = steun(dbFile);
    const curl = await csvServer.url;
    await reportBuilt(curl, TEACHERS, csvStarted, admin.cookie);
    csvServer.probe();
    stopPing = pinger(`${curl}/course/${videoLesson.key}`, teacherHeaders);
    const c0 = performance.now();
    const csvRes = await fetch(`${curl}/reports.csv`, { headers: { cookie: admin.cookie, ...https } });
    // Streamed: the rows come in pieces, the first long before the last.
    const reader = csvRes.body.getReader();
    const pieces = [];
    let firstByteMs = null;
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      firstByteMs ??= performance.now() - c0;
      pieces.push(Buffer.from(chunk.value));
    }
    const csvText = Buffer.concat(pieces).toString('utf8');
    const csvMs = performance.now() - c0;
    const duringCsv = await stopPing();
    if (csvRes.status !== 200) throw new Error(`the CSV answered ${csvRes.status}`);
    const csvRows = csvText.trim().split('\n').length - 1;
    const peakRss = rss(csvServer.child.pid, 'VmHWM');
    const csvLines = await csvServer.settledProbe();
    const csvProfile = profile(csvLines);
    await csvServer.stop();
    f.reportMedian = {
      value: median(fresh3),
      unit: 'ms',
      goal: "< 300 ms, never blocking teachers",
      ok: median(fresh3) < 300 && reportLoopMax <= 50,
      detail: `all ${TEACHERS} teachers, each view after a teacher's write (median of 3: ${fresh3.map(Math.round).join(', ')} ms) on a server whose report was built in advance (every school kept ${(builtAfter / 1000).toFixed(1)} s after start); with nothing written between views ${Math.round(median(cached))} ms; longest event-loop delay meanwhile ${reportLoopMax} ms; a teacher's lesson page meanwhile ${latencies(duringReport)} (idle: ${latencies(idleLatencies)}); over all report views, ${reportProfile}`,
    };
    f.schoolReport = { value: median(school), unit: 'ms', goal: '< 300 ms', ok: median(school) < 300, detail: `a coordinator's school of 25 among ${TEACHERS} teachers, after a write (${school.map(Math.round).join(', ')} ms)` };
    const csvLoopMax = loopMax(csvLines);
    f.csv = {
      value: csvMs,
      unit: 'ms',
      goal: "streamed, < 3 s, RSS < 300 MB, teachers' p99 unaffected",
      ok: csvMs < 3000 && peakRss < 300 && csvRows === TEACHERS && csvLoopMax <= 50,
      detail: `${csvRows} rows, on a server of its own whose report was built in advance (right after start, before that: ${Math.round(coldCsvMs)} ms); first bytes after ${Math.round(firstByteMs)} ms, ${pieces.length} pieces; its peak RSS ${peakRss.toFixed(0)} MB; longest event-loop delay ${csvLoopMax} ms; a teacher's lesson page meanwhile ${latencies(duringCsv)} (idle on the report server: ${latencies(idleLatencies)}); ${csvProfile}`,
    };

    save();
    // Two processes against one: the lesson page's throughput with WORKERS=1 and WORKERS=2, rounds
    // interleaved. The load generator shares this machine's cores, so the figure for a machine with
    // more cores is also worked out from what the simulation measured: the share of a process's time
    // spent in statements that write, which processes must take turns at (Amdahl's law).
    console.log('6/9 one process against two (WORKERS=2) on this machine, and on paper for four cores');
    const workerRounds = [];
    for (const workers of [1, 2]) {
      const server = start([path.join(ROOT, 'dist', 'main.js')], { ...env, DATABASE_PATH: dbFile, WORKERS: String(workers) });
      const wurl = await server.url;
      await cannon({ url: `${wurl}/course/${videoLesson.key}`, headers: { cookie: teacher.cookie, ...https }, duration: 2 });
      for (let r = 0; r < ROUNDS; r++) {
        const res = await cannon({ url: `${wurl}/course/${videoLesson.key}`, headers: { cookie: teacher.cookie, ...https } });
        if (res.non2xx || res.errors) throw new Error(`WORKERS=${workers}: ${res.non2xx} non-2xx answers, ${res.errors} errors`);
        workerRounds.push({ workers, rps: res.requests.average });
      }
      await server.stop();
    }
    const rps = (n) => median(workerRounds.filter((r) => r.workers === n).map((r) => r.rps));
    const measuredGain = rps(2) / rps(1);
    const heldLevel = sim.held ?? sim.levels.at(-1);
    const serial = heldLevel ? heldLevel.serverWriteShare / Math.max(heldLevel.serverCpu, 0.01) : NaN;
    const amdahl = (n) => 1 / (serial + (1 - serial) / n);
    f.twoProcesses = {
      value: amdahl(3),
      goal: '>= 1.6× simultaneous teachers on four cores',
      ok: amdahl(3) >= 1.6,
      detail: `on paper for four cores (three server processes, the load generator on the fourth): ${amdahl(3).toFixed(2)}× with writes ${(serial * 100).toFixed(1)} % of a busy process's time (at ${heldLevel?.teachers ?? '—'} teachers) taken in turns; two processes measured here, the generator sharing both cores: lesson page ${Math.round(rps(2))} against ${Math.round(rps(1))} req/s (${measuredGain.toFixed(2)}×)`,
    };

    save();
    console.log('7/9 compiling a generated course of 200 lessons');
    const big = generatedCourse(20, 10);
    const compileTimes = [];
    for (let i = 0; i < 3; i++) {
      const s = performance.now();
      const r = await compileCourse(big);
      if (!r.course) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
      compileTimes.push(performance.now() - s);
    }
    fs.rmSync(big, { recursive: true, force: true });
    f.compile200 = { value: median(compileTimes), unit: 'ms', goal: '< 1 s', ok: median(compileTimes) < 1000 };
    f.startToHealthy = { value: startMs, unit: 'ms', goal: '< 1.5 s', ok: startMs < 1500 };

    save();
    console.log('8/9 Chromium behind a local TLS proxy: bytes of a first visit to a video lesson and of the next lesson');
    const webServer = steun(dbFile);
    const proxy = await tlsProxy(await webServer.url);
    const failed = (err) => ({ value: null, ok: false, detail: `failed: ${err.message.split('\n')[0]}` });
    try {
      try {
        const next = m.lessons[m.lessons.indexOf(videoLesson) + 1] ?? course.modules[1].lessons[0];
        const bytes = await transfer({ base: proxy.url, cookie: teacher.cookie, first: `/course/${videoLesson.key}`, next: `/course/${next.key}` });
        f.firstVisitBytes = { value: bytes.first.bytes, unit: 'bytes', goal: '<= 150 KB', ok: bytes.first.bytes <= 150 * 1024, detail: `requests over the wire besides the video: ${bytes.first.requests}; largest: ${bytes.first.largest.join(', ')}` };
        f.nextLessonBytes = { value: bytes.next.bytes, unit: 'bytes', goal: '<= 40 KB', ok: bytes.next.bytes <= 40 * 1024, detail: `requests over the wire: ${bytes.next.requests}; largest: ${bytes.next.largest.join(', ')}` };
      } catch (err) {
        console.error(err);
        f.firstVisitBytes = { ...failed(err), goal: '<= 150 KB' };
        f.nextLessonBytes = { ...failed(err), goal: '<= 40 KB' };
      }

      console.log('9/9 Lighthouse, mobile profile, twice a page: overview, video lesson, quiz, report, questionnaire');
      // Someone whose next step is the first quiz, preferably not one of the simulated teachers.
      const atQuiz = (id) => population.done.get(id) === m.lessons.length;
      const quizTaker = teacherIds.slice(simCount).find(atQuiz) ?? teacherIds.find(atQuiz);
      // Sessions of their own, as a browser that signs in: the simulation may have changed or ended
      // the simulated people's sessions (a full run once sent Lighthouse to the sign-in page).
      const fresh = signedInSessions(dbFile, [juf, quizTaker, coordinatorIds[0], ...(respondent ? [respondent] : [])], SESSION_SECRET);
      const pages = lighthousePages(course, { teacher: fresh.get(juf).cookie, quizTaker: fresh.get(quizTaker).cookie, coordinator: fresh.get(coordinatorIds[0]).cookie, respondent: respondent ? fresh.get(respondent).cookie : null });
      const scores = await lighthouseScores({ base: proxy.url, pages }).catch((err) => {
        console.error(err);
        return pages.map((p) => ({ name: p.name, path: p.path, performance: null, accessibility: null, bestPractices: null, seo: null, tbtMs: null, runs: [], failing: [`Lighthouse failed: ${err.message.split('\n')[0]}`] }));
      });
      // The video lesson: performance 95 (total blocking time under 150 ms); every other page 100.
      const goalOf = (p) => (p.name === 'video lesson' ? { performance: 95, text: '≥ 95 (TBT < 150 ms)/100/100/100' } : { performance: 100, text: '100/100/100/100' });
      for (const sc of scores) sc.ok = sc.performance >= goalOf(sc).performance && sc.accessibility === 100 && sc.bestPractices === 100 && sc.seo === 100 && (sc.name !== 'video lesson' || sc.tbtMs < 150);
      f.lighthouse = {
        value: scores.map((s) => `${s.name} ${[s.performance, s.accessibility, s.bestPractices, s.seo].map((x) => x ?? '—').join('/')}`).join(', '),
        goal: 'video lesson performance >= 95 (TBT < 150 ms), the rest 100; accessibility, best practices, SEO 100',
        ok: scores.every((s) => s.ok),
        pages: scores,
      };
    } finally {
      await proxy.stop();
      await webServer.stop();
    }

    const rows = [
      ['bare Express "hello"', `${f.helloRps.value} req/s`, '(baseline)', f.helloRps],
      ["the stack's floor (libraries only)", `${f.floorRps.value} req/s`, '(ceiling)', f.floorRps],
      ['signed-in lesson page ÷ floor', f.lessonFloorRatio.value.toFixed(2), f.lessonFloorRatio.goal, f.lessonFloorRatio],
      ['video beacon ÷ floor', f.beaconFloorRatio.value.toFixed(2), f.beaconFloorRatio.goal, f.beaconFloorRatio],
      ['the least a beacon must do ÷ floor (CSRF, validation, one transaction)', f.beaconLeastRatio.value.toFixed(2), '(ceiling)', f.beaconLeastRatio],
      ['signed-in lesson page ÷ hello', f.lessonRatio.value.toFixed(2), f.lessonRatio.goal, f.lessonRatio],
      ['video beacon ÷ hello', f.beaconRatio.value.toFixed(2), f.beaconRatio.goal, f.beaconRatio],
      ['lesson page p99, 50 connections', `${f.lessonP99.value} ms`, f.lessonP99.goal, f.lessonP99],
      ['event loop p99 while 20,000 teachers and their coordinators work', f.eventLoop.value === null ? '—' : `${f.eventLoop.value} ms`, f.eventLoop.goal, f.eventLoop],
      ['simultaneous teachers held, one process (p95 ≤ 100 ms, no errors)', String(held), f.simultaneousTeachers.goal, f.simultaneousTeachers],
      [`all-schools report right after a write, ${TEACHERS} teachers`, `${f.reportMedian.value.toFixed(0)} ms`, f.reportMedian.goal, f.reportMedian],
      ["a school's report (25 teachers)", `${f.schoolReport.value.toFixed(0)} ms`, f.schoolReport.goal, f.schoolReport],
      [`CSV, ${TEACHERS} teachers`, `${csvMs.toFixed(0)} ms, ${peakRss.toFixed(0)} MB`, f.csv.goal, f.csv],
      ['two processes on one SQLite file against one', `${f.twoProcesses.value.toFixed(2)}×`, f.twoProcesses.goal, f.twoProcesses],
      ['first visit to a video lesson, besides the video', f.firstVisitBytes.value === null ? '—' : kb(f.firstVisitBytes.value), f.firstVisitBytes.goal, f.firstVisitBytes],
      ['the next lesson', f.nextLessonBytes.value === null ? '—' : kb(f.nextLessonBytes.value), f.nextLessonBytes.goal, f.nextLessonBytes],
      ...f.lighthouse.pages.map((s) => [
        `Lighthouse mobile: ${s.name} (perf/a11y/best practices/SEO), best of ${s.runs.length}`,
        [s.performance, s.accessibility, s.bestPractices, s.seo].map((x) => x ?? '—').join('/') + (s.tbtMs === null ? '' : `, TBT ${s.tbtMs} ms`),
        s.name === 'video lesson' ? '≥ 95 (TBT < 150 ms)/100/100/100' : '100/100/100/100',
        { ok: s.ok, detail: `runs: ${s.runs.map((r) => `${r.performance}/${r.accessibility}/${r.bestPractices}/${r.seo} TBT ${r.tbtMs} ms`).join('; ')}; ${s.failing.join('; ') || 'nothing fails'}` },
      ]),
      ['compile 200 lessons (median of 3)', `${f.compile200.value.toFixed(0)} ms`, f.compile200.goal, f.compile200],
      ['start to healthy', `${startMs.toFixed(0)} ms`, f.startToHealthy.goal, f.startToHealthy],
    ];
    console.log('\n| figure | measured | goal | met | detail |\n| --- | --- | --- | --- | --- |');
    for (const [name, value, goal, fig] of rows) console.log(`| ${name} | ${value} | ${goal} | ${fig.ok === undefined ? '' : fig.ok ? 'yes' : 'NO'} | ${fig.detail ?? ''} |`);
    console.log('\nsimultaneous teachers, per level:');
    for (const l of sim.levels) {
      const kinds = Object.entries(l.byKind).map(([k, v]) => `${k} ${v.count}× p95 ${v.p95}`).join(', ');
      console.log(`  ${l.teachers}: ${l.perSecond} req/s, p95 ${l.p95} ms, errors ${l.errors}, CPU server ${Math.round(l.serverCpu * 100)} % / generator ${Math.round(l.generatorCpu * 100)} %, loop p99 ${l.serverLoopP99} ms (max ${l.serverLoopMax} ms), writes ${Math.round(l.serverWriteShare * 100)} % of the time; ${kinds}`);
    }
    save();
    console.log(`\nwritten: ${path.join(__dirname, 'results.json')}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
