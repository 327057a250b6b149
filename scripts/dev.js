#!/usr/bin/env node
// `npm run dev`: the server restarts whenever a TypeScript file is saved. The compiler watches src/
// and rewrites dist/; Node's own watch mode restarts dist/main.js when a file it loaded changes.
'use strict';
const path = require('node:path');
const { spawn } = require('node:child_process');
const { build, isStale } = require('./build');

const ROOT = path.resolve(__dirname, '..');
if (isStale() && build() !== 0) process.exit(1);
const tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
const children = [
  spawn(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--watch', '--preserveWatchOutput'], { cwd: ROOT, stdio: 'inherit' }),
  spawn(process.execPath, ['--watch', 'dist/main.js'], { cwd: ROOT, stdio: 'inherit' }),
];
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => children.forEach((c) => c.kill(signal)));
for (const c of children) c.on('exit', (code) => { children.forEach((o) => o !== c && o.kill('SIGTERM')); process.exitCode = code ?? 0; });
