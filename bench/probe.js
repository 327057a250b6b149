// Loaded into the server under test with `node -r bench/probe.js dist/main.js`: once a second it
// writes one line to stderr with what held the event loop that second: its delay (p99, max),
// garbage collection (total and longest pause), SQLite (total time in statements, the slowest
// one, and the time in statements that write: what several processes must take turns at), and
// memory. So the bench can tell a busy event loop from a busy load generator, and what
// keeps the loop busy, without any hook in the server's own code. The timing of each statement
// costs two clock reads.
'use strict';
const { monitorEventLoopDelay, PerformanceObserver } = require('node:perf_hooks');
const Database = require('better-sqlite3');

const histogram = monitorEventLoopDelay({ resolution: 10 });
histogram.enable();
let gcMs = 0;
let gcMax = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    gcMs += e.duration;
    gcMax = Math.max(gcMax, e.duration);
  }
}).observe({ entryTypes: ['gc'] });

let sqlMs = 0;
let writeMs = 0;
let slowest = { ms: 0, sql: '' };
const memory = new Database(':memory:');
const Statement = Object.getPrototypeOf(memory.prepare('SELECT 1'));
memory.close();
for (const name of ['run', 'get', 'all']) {
  const original = Statement[name];
  Statement[name] = function timed(...args) {
    const start = performance.now();
    try {
      return original.apply(this, args);
    } finally {
      const ms = performance.now() - start;
      sqlMs += ms;
      if (!this.reader) writeMs += ms;
      if (ms > slowest.ms) slowest = { ms, sql: this.source };
    }
  };
}

// BENCH_PROBE_TASKS=1: also the longest single task (a callback from the event loop, with what it
// ran synchronously) and how many took over 50 ms, timed with async_hooks. That tells a long task
// from a queue of short ones behind a busy core; the hooks cost throughput, so the bench's own
// figures are taken without them.
let taskMax = 0;
let tasksOver50 = 0;
if (process.env.BENCH_PROBE_TASKS === '1') {
  let depth = 0;
  let started = 0;
  require('node:async_hooks')
    .createHook({
      before() {
        if (depth++ === 0) started = performance.now();
      },
      after() {
        if (--depth !== 0) return;
        const ms = performance.now() - started;
        if (ms > taskMax) taskMax = ms;
        if (ms > 50) tasksOver50++;
      },
    })
    .enable();
}

const round = (x) => Math.round(x * 10) / 10;
const timer = setInterval(() => {
  const line = {
    p99: round(histogram.percentile(99) / 1e6),
    max: round(histogram.max / 1e6),
    gcMs: round(gcMs),
    gcMax: round(gcMax),
    sqlMs: round(sqlMs),
    writeMs: round(writeMs),
    slowSqlMs: round(slowest.ms),
    slowSql: slowest.sql.replace(/\s+/g, ' ').slice(0, 80),
    rssMb: Math.round(process.memoryUsage.rss() / 1048576),
    ...(process.env.BENCH_PROBE_TASKS === '1' ? { taskMax: round(taskMax), tasksOver50 } : {}),
  };
  taskMax = tasksOver50 = 0;
  histogram.reset();
  gcMs = gcMax = sqlMs = writeMs = 0;
  slowest = { ms: 0, sql: '' };
  process.stderr.write(`steun-probe ${JSON.stringify(line)}\n`);
}, 1000);
timer.unref();
