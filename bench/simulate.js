// Simultaneous teachers against one running server: each signed in with their own session, each
// behaving as a person does (reading a lesson for its estimated minutes, a video's progress every
// 10 s while it plays, study time every minute, reflections saved while typing, exercises and
// quizzes handed in, lessons marked done), and now and then a coordinator opening the school's
// report or CSV. The number of teachers rises level by level until p95 latency passes the limit or
// an error appears. Requests go through one keep-alive pool (undici), as from a proxy in front of
// the server. Loopback only; every loop ends when the simulation stops.
'use strict';
const fs = require('node:fs');
const zlib = require('node:zlib');
const { monitorEventLoopDelay } = require('node:perf_hooks');
const { Pool } = require('undici');

// A person's pace, in seconds. Reading time is the lesson's own estimate in minutes.
const BEACON_SECONDS = 10;
const STUDY_TIME_SECONDS = 60;
const VIDEO_STARTS_AFTER = 30;
const AUTOSAVES = 3;
const AUTOSAVE_GAP = 8;
/**
 * A coordinator (one per school of 25 simulated teachers) opens the report or the CSV about once
 * an hour on average: the busiest hour of the course is when a school's team works on it together.
 */
const COORDINATOR_MEAN_SECONDS = 3600;
const CSV_SHARE = 0.2;
/**
 * A visit takes about this many steps of the course: the share of teachers who arrive (overview,
 * style sheets and scripts with an empty cache) rather than being in the middle of a visit.
 */
const VISIT_STEPS = 4;
/** Media bodies are transfer, not waiting: for them the time to the response's headers counts. */
const MEDIA = 'media';

// What a browser behind the TLS proxy sends with every request: the proxy's header, and the
// encodings it accepts (so the server compresses as it would for a person, at its own CPU's cost).
const BROWSER = { 'x-forwarded-proto': 'https', 'accept-encoding': 'gzip, deflate, br' };

function decode(buffer, encoding) {
  if (encoding === 'br') return zlib.brotliDecompressSync(buffer).toString();
  if (encoding === 'gzip') return zlib.gunzipSync(buffer).toString();
  if (encoding === 'deflate') return zlib.inflateSync(buffer).toString();
  return buffer.toString();
}
const sleepers = new Set();
let running = false;

/** A sleep that the end of the simulation cuts short (resolves false then). */
function sleep(seconds) {
  if (!running) return Promise.resolve(false);
  return new Promise((resolve) => {
    const entry = { resolve, timer: null };
    entry.timer = setTimeout(() => {
      sleepers.delete(entry);
      resolve(running);
    }, Math.max(0, seconds * 1000));
    sleepers.add(entry);
  });
}
function wakeAll() {
  for (const entry of sleepers) {
    clearTimeout(entry.timer);
    entry.resolve(false);
  }
  sleepers.clear();
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
}

/** CPU seconds used so far by a process (user + system), from /proc. */
function cpuSeconds(pid) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The correct answers of a quiz page as a form body: questions and options are matched by their HTML. */
function quizAnswers(html, quiz, token) {
  const body = new URLSearchParams({ _csrf: token });
  const attempt = /name="attempt" value="([^"]+)"/.exec(html);
  if (!attempt) return null;
  body.set('attempt', attempt[1]);
  const fieldsets = html.split('<fieldset class="question"').slice(1);
  fieldsets.forEach((part, i) => {
    const legend = /<span lang="[^"]*">([\s\S]*?)<\/span><\/legend>/.exec(part);
    const question = legend && quiz.questions.find((q) => q.html === legend[1]);
    const options = [...part.matchAll(/name="q\d+" value="(\d+)"[^>]*>\s*<label[^>]*>(?:<span[^>]*>)?([\s\S]*?)(?:<\/span>)?<\/label>/g)];
    for (const [, shown, label] of options) {
      const option = question?.options.find((o) => o.html === label);
      if (option?.correct) body.append(`q${i}`, shown);
    }
  });
  return body;
}

/**
 * Runs the levels one after another against `url`. `people` are {id, cookie, token, done} (done:
 * steps of the course already finished); `coordinators` {id, cookie}. `probe()` gives the server's
 * event-loop lines since the last call. Resolves with one record per level and what gave out.
 */
async function simulate({ url, steps, people, coordinators, levels, seconds, serverPid, probe, limitMs = 100, connections = 128, log = () => {} }) {
  const pool = new Pool(url, { connections, pipelining: 1, keepAliveTimeout: 4000, headersTimeout: 30_000, bodyTimeout: 60_000 });
  const origin = new URL(url);
  let sample = null; // the current level's measurements
  let assets = null; // what a first page asks the browser for (css, scripts): fetched once per person

  /** One request, timed to the end of its body; the body is read as text only when `read` (or it failed). */
  async function request(kind, path, { method = 'GET', cookie, headers = {}, body, expect = [200], read = false } = {}) {
    const started = performance.now();
    let status = 0;
    let text = '';
    let location = '';
    try {
      const res = await pool.request({ path, method, body, headers: { ...BROWSER, host: origin.host, cookie, ...headers } });
      status = res.statusCode;
      location = String(res.headers.location ?? '');
      const headersAt = performance.now();
      const ok = expect.includes(status);
      if (read || !ok) text = decode(Buffer.from(await res.body.arrayBuffer()), res.headers['content-encoding']);
      else await res.body.dump({ limit: Infinity });
      record(kind, (kind === MEDIA ? headersAt : performance.now()) - started, ok ? null : `${method} ${path} answered ${status}: ${text.replace(/\s+/g, ' ').slice(0, 160)}`);
    } catch (err) {
      record(kind, performance.now() - started, `${method} ${path}: ${err.code ?? ''} ${err.message}`);
    }
    return { status, text, location };
  }
  let unmeasured = []; // errors between levels count for the next one
  function record(kind, ms, error) {
    if (!sample) {
      if (error) unmeasured.push(error);
      return;
    }
    (sample.times[kind] ??= []).push(ms);
    if (error) {
      sample.errors++;
      if (sample.errorSamples.length < 5) sample.errorSamples.push(error);
    }
  }
  const form = (fields) => ({ 'content-type': 'application/x-www-form-urlencoded', ...fields });
  const json = (token) => ({ 'content-type': 'application/json', 'x-csrf-token': token });

  async function openPage(person, path, read = false) {
    if (person.fresh) await request('page', '/', { cookie: person.cookie });
    const page = await request('page', path, { cookie: person.cookie, read: read || (person.fresh && !assets) });
    if (person.fresh && page.status === 200) {
      // Style sheets, scripts and icons the page names on this server (not the lesson's media).
      assets ??= [...page.text.matchAll(/<(?:link[^>]+href|script[^>]+src)="(\/(?!\/|media\/)[^"]+)"/g)].map((m) => m[1]);
      await Promise.all(assets.map((a) => request('static', a, { cookie: person.cookie })));
    }
    person.fresh = false;
    return page;
  }

  /** One lesson as a timeline of (second, action), sorted, and the second it ends. */
  function lessonTimeline(person, lesson) {
    const path = `/course/${lesson.key}`;
    const events = [];
    let end = lesson.minutes * 60;
    // The page, then what its players ask for at once: each video's poster and captions.
    const around = lesson.videos.flatMap((v) => [v.poster, v.captions]).filter(Boolean);
    events.push([0, async () => {
      await openPage(person, path);
      await Promise.all(around.map((file) => request(MEDIA, `/media/${file}`, { cookie: person.cookie })));
    }]);
    let at = VIDEO_STARTS_AFTER;
    for (const video of lesson.videos) {
      const duration = video.durationSeconds;
      const start = at;
      const beacon = (watched, position) => () =>
        request('beacon', '/api/progress/video', { method: 'POST', cookie: person.cookie, headers: json(person.token), body: JSON.stringify({ lesson: lesson.key, src: video.src, watched, position, duration }), expect: [204] });
      events.push([start, () => request(MEDIA, `/media/${video.src}`, { cookie: person.cookie, headers: { range: 'bytes=0-' }, expect: [200, 206] })]);
      events.push([start + 0.5, beacon([], 0)]);
      for (let t = BEACON_SECONDS; t < duration; t += BEACON_SECONDS) events.push([start + t, beacon([[0, t]], t)]);
      events.push([start + duration + 1, beacon([[0, duration]], duration)]);
      at = start + duration + 20;
    }
    end = Math.max(end, at + 30);
    lesson.exercises.forEach((exercise, j) => {
      const body = new URLSearchParams({ _csrf: person.token });
      exercise.questions.forEach((q, i) => q.options.filter((o) => o.correct).forEach((o) => body.append(`q${i}`, String(o.index))));
      // Without script the form posts and the page comes back at the exercise: a second page load.
      events.push([end * 0.5 + j * 20, async () => {
        await request('exercise', `${path}/exercise/${exercise.id}`, { method: 'POST', cookie: person.cookie, headers: form(), body: body.toString(), expect: [303] });
        await openPage(person, path);
      }]);
    });
    lesson.reflections.forEach((reflection, j) => {
      const words = 'Ik merk dat een vaste begroeting bij de deur rust geeft aan de kinderen die thuis onrust meemaken.'.split(' ');
      for (let k = 1; k <= AUTOSAVES; k++) {
        const text = words.slice(0, Math.ceil((words.length * k) / AUTOSAVES)).join(' ');
        events.push([end * 0.7 + j * 40 + k * AUTOSAVE_GAP, () =>
          request('autosave', `${path}/reflection/${reflection.id}`, { method: 'POST', cookie: person.cookie, headers: form({ accept: 'application/json' }), body: new URLSearchParams({ text, _csrf: person.token }).toString() })]);
      }
    });
    for (let t = STUDY_TIME_SECONDS; t < end; t += STUDY_TIME_SECONDS) {
      events.push([t, () => request('beacon', '/api/progress/time', { method: 'POST', cookie: person.cookie, headers: json(person.token), body: JSON.stringify({ lesson: lesson.key, seconds: STUDY_TIME_SECONDS }), expect: [204] })]);
    }
    events.push([end, () => request('done', `${path}/done`, { method: 'POST', cookie: person.cookie, headers: form(), body: new URLSearchParams({ _csrf: person.token }).toString(), expect: [303] })]);
    events.sort((a, b) => a[0] - b[0]);
    return { events, end };
  }

  /** A lesson from `from` seconds in; false when the simulation stopped. */
  async function takeLesson(person, lesson, from) {
    const { events } = lessonTimeline(person, lesson);
    let clock = from;
    for (const [t, action] of events) {
      if (t < from) continue;
      if (!(await sleep(t - clock))) return false;
      clock = t;
      await action();
    }
    return running;
  }

  async function takeQuiz(person, module) {
    const path = `/course/${module.slug}/quiz`;
    const page = await openPage(person, path, true);
    const body = page.status === 200 ? quizAnswers(page.text, module.quiz, person.token) : null;
    if (!body) return running;
    if (!(await sleep(module.quiz.minutes * 60))) return false;
    const sent = await request('quiz', path, { method: 'POST', cookie: person.cookie, headers: form(), body: body.toString(), expect: [303] });
    // The result page, where the redirect leads.
    if (sent.status === 303) await openPage(person, sent.location.split('#')[0]);
    return running;
  }

  const lessons = steps.filter((s) => s.kind === 'lesson');
  /**
   * A person's visit: their next step of the course, taken up at a random moment of it; some arrive
   * just then, with an empty cache (their first page brings the overview and the static files).
   */
  async function life(person) {
    let from = null;
    while (running) {
      // Who finished the course looks lessons up again.
      const step = person.done < steps.length ? steps[person.done] : lessons[Math.floor(Math.random() * lessons.length)];
      const length = step.kind === 'quiz' ? step.module.quiz.minutes * 60 : lessonTimeline(person, step.lesson).end;
      if (from === null) from = Math.random() * length;
      if (step.kind === 'quiz') {
        // Arriving in the middle of a quiz: the quiz starts when the one in progress would end.
        if (from > 0 && !(await sleep(length - from))) return;
        if (!(await takeQuiz(person, step.module))) return;
        person.done++;
      } else {
        if (!(await takeLesson(person, step.lesson, from))) return;
        // Who arrived halfway missed the lesson's first part: they take it again, whole.
        if (from === 0) person.done++;
      }
      from = 0;
    }
  }

  async function coordinate(coordinator) {
    if (!(await sleep(Math.random() * COORDINATOR_MEAN_SECONDS))) return;
    while (running) {
      if (Math.random() < CSV_SHARE) await request('csv', '/reports.csv', { cookie: coordinator.cookie });
      else await request('report', '/reports', { cookie: coordinator.cookie });
      if (!(await sleep(-Math.log(1 - Math.random()) * COORDINATOR_MEAN_SECONDS))) return;
    }
  }

  running = true;
  const lives = [];
  const results = [];
  let started = 0;
  let coordinatorsStarted = 0;
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  try {
    for (const level of levels) {
      if (level > people.length) break;
      // New teachers join at random moments of their step: the load is steady from the start.
      while (started < level) {
        const person = { ...people[started++], fresh: Math.random() < 1 / VISIT_STEPS };
        lives.push(life(person));
      }
      const schools = Math.min(coordinators.length, Math.ceil(level / 25));
      while (coordinatorsStarted < schools) lives.push(coordinate(coordinators[coordinatorsStarted++]));
      // A few seconds for the new teachers' first requests (cold caches) before measuring.
      if (!(await sleep(Math.min(5, seconds / 5)))) break;
      sample = { times: {}, errors: unmeasured.length, errorSamples: unmeasured.slice(0, 5) };
      unmeasured = [];
      probe();
      loop.reset();
      const cpu0 = { server: cpuSeconds(serverPid), generator: process.cpuUsage(), at: performance.now() };
      await sleep(seconds);
      const wall = (performance.now() - cpu0.at) / 1000;
      const gen = process.cpuUsage(cpu0.generator);
      const measured = sample;
      sample = null;
      const lines = probe();
      const all = Object.values(measured.times).flat().sort((a, b) => a - b);
      const byKind = Object.fromEntries(
        Object.entries(measured.times).map(([kind, xs]) => {
          const sorted = [...xs].sort((a, b) => a - b);
          return [kind, { count: xs.length, p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), max: round(sorted[sorted.length - 1]) }];
        }),
      );
      const row = {
        teachers: level,
        coordinators: schools,
        requests: all.length,
        perSecond: Math.round(all.length / wall),
        p50: round(percentile(all, 50)),
        p95: round(percentile(all, 95)),
        p99: round(percentile(all, 99)),
        errors: measured.errors,
        errorSamples: measured.errorSamples,
        serverCpu: round((cpuSeconds(serverPid) - cpu0.server) / wall),
        generatorCpu: round((gen.user + gen.system) / 1e6 / wall),
        serverLoopP99: round(Math.max(0, ...lines.map((l) => l.p99))),
        serverLoopMax: round(Math.max(0, ...lines.map((l) => l.max))),
        serverRssMb: Math.max(0, ...lines.map((l) => l.rssMb)),
        // With BENCH_PROBE_TASKS=1 only: the longest single task, and how many took over 50 ms.
        serverTaskMax: lines.some((l) => 'taskMax' in l) ? round(Math.max(0, ...lines.map((l) => l.taskMax ?? 0))) : null,
        serverTasksOver50: lines.reduce((sum, l) => sum + (l.tasksOver50 ?? 0), 0),
        // Shares of the server's wall time: in SQLite statements, in garbage collection.
        serverSqlShare: share(lines.reduce((sum, l) => sum + l.sqlMs, 0) / 1000 / wall),
        serverGcShare: share(lines.reduce((sum, l) => sum + l.gcMs, 0) / 1000 / wall),
        // Of the server's wall time, in statements that write (several processes take turns at those).
        serverWriteShare: share(lines.reduce((sum, l) => sum + (l.writeMs ?? 0), 0) / 1000 / wall),
        serverGcMaxMs: round(Math.max(0, ...lines.map((l) => l.gcMax))),
        slowestSql: lines.reduce((worst, l) => (l.slowSqlMs > worst.ms ? { ms: l.slowSqlMs, sql: l.slowSql } : worst), { ms: 0, sql: '' }),
        generatorLoopP99: round(loop.percentile(99) / 1e6),
        byKind,
      };
      results.push(row);
      log(row);
      if (row.errors > 0 || row.p95 > limitMs) break;
    }
  } finally {
    running = false;
    wakeAll();
    loop.disable();
    await Promise.all(lives);
    await pool.close();
  }
  const held = results.filter((r) => r.errors === 0 && r.p95 <= limitMs).at(-1) ?? null;
  const failed = results.find((r) => r.errors > 0 || r.p95 > limitMs) ?? null;
  return { levels: results, held, failed, gaveOut: gaveOut(failed, levels, people.length) };
}

const round = (x) => Math.round(x * 10) / 10;
const share = (x) => Math.round(x * 1000) / 1000;

/** What gave out first at the level that failed, in words, from the numbers measured there. */
function gaveOut(failed, levels, available) {
  if (!failed) return `nothing: every level up to ${Math.min(levels.at(-1), available)} teachers held (the simulation has ${available} accounts with sessions)`;
  const reasons = [];
  if (failed.errors > 0) reasons.push(`errors (${failed.errorSamples[0]})`);
  if (failed.serverCpu >= 0.9) reasons.push(`the server's CPU (${Math.round(failed.serverCpu * 100)} % of one core: one Node process uses one core for JavaScript)`);
  if (failed.generatorCpu >= 0.9) reasons.push(`the load generator's CPU (${Math.round(failed.generatorCpu * 100)} % of one core)`);
  if (failed.serverCpu + failed.generatorCpu >= 1.8) reasons.push('the machine (both cores busy)');
  if (failed.serverLoopP99 > 50) {
    const held = [`SQLite ${Math.round(failed.serverSqlShare * 100)} % of the time (slowest statement ${failed.slowestSql.ms} ms: ${failed.slowestSql.sql})`, `garbage collection ${Math.round(failed.serverGcShare * 100)} % (longest pause ${failed.serverGcMaxMs} ms)`];
    reasons.push(`the server's event loop (p99 delay ${failed.serverLoopP99} ms, max ${failed.serverLoopMax} ms; ${held.join(', ')})`);
  }
  const slowest = Object.entries(failed.byKind).sort((a, b) => b[1].p95 - a[1].p95)[0];
  if (slowest) reasons.push(`slowest request kind: ${slowest[0]} (p95 ${slowest[1].p95} ms)`);
  return reasons.join('; ');
}

module.exports = { simulate, quizAnswers };
