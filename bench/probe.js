// Loaded into the server under test with `node -r bench/probe.js dist/main.js`: once a second it
// writes one line to stderr with the event loop's delay (p50, p99, max over that second) and the
// memory in use, so the bench can tell a busy event loop from a busy load generator without any
// hook in the server's own code.
'use strict';
const { monitorEventLoopDelay } = require('node:perf_hooks');

const histogram = monitorEventLoopDelay({ resolution: 10 });
histogram.enable();
const timer = setInterval(() => {
  const ms = (ns) => Math.round((ns / 1e6) * 10) / 10;
  const line = { p50: ms(histogram.percentile(50)), p99: ms(histogram.percentile(99)), max: ms(histogram.max), rssMb: Math.round(process.memoryUsage.rss() / 1048576) };
  histogram.reset();
  process.stderr.write(`steun-probe ${JSON.stringify(line)}\n`);
}, 1000);
timer.unref();
