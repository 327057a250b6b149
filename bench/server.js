// Starting the servers the bench measures: steun (with bench/probe.js when asked), the floor and
// bare Express, each a child process whose printed address is awaited and whose probe lines are
// collected. For the ratios (step 3 of run.js) the servers run on the machine's last core and
// autocannon on the others, so the load generator does not take the measured process's core in
// turns with it (BENCH_PIN=0: no pinning; without taskset or with one core there is none); the
// other steps leave every process free to use every core, as a server does.
'use strict';
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');

const PIN_CORE = os.cpus().length - 1;
const PIN = process.env.BENCH_PIN !== '0' && PIN_CORE > 0 && fs.existsSync('/usr/bin/taskset');
function pinBench(on) {
  if (!PIN) return;
  const cores = on ? Array.from({ length: PIN_CORE }, (_, i) => i).join(',') : `0-${PIN_CORE}`;
  execFileSync('/usr/bin/taskset', ['-a', '-pc', cores, String(process.pid)], { stdio: 'ignore' });
}

function start(args, env, { pin = false } = {}) {
  const [command, argv] = pin && PIN ? ['/usr/bin/taskset', ['-c', String(PIN_CORE), process.execPath, ...args]] : [process.execPath, args];
  const child = spawn(command, argv, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const probes = [];
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => {
    for (const line of String(d).split('\n')) {
      if (line.startsWith('steun-probe ')) probes.push(JSON.parse(line.slice(12)));
      else if (line) out += line + '\n';
    }
  });
  const url = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start in 60 s:\n${out}`)), 60_000);
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
  // The probe's lines since the last call.
  const probe = () => probes.splice(0, probes.length);
  // The same, once the probe has written its next line (it writes one a second).
  const settledProbe = () =>
    new Promise((resolve) => {
      const seen = probes.length;
      const wait = () => (probes.length > seen || child.exitCode !== null ? resolve(probe()) : child.stderr.once('data', wait));
      wait();
    });
  return { child, url, probe, settledProbe, stop: () => new Promise((r) => (child.exitCode !== null ? r() : (child.once('exit', r), child.kill('SIGTERM')))) };
}

module.exports = { start, pinBench, PIN, PIN_CORE };
