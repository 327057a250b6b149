#!/usr/bin/env node
// Compiles src/ to dist/ and records that it did (dist/.build-stamp). With --if-stale it compiles
// only when a source file or a tsconfig changed since the last successful build, so
// `npm start` serves within seconds after `npm install` and still runs the new code after a
// `git pull` (git writes the files it changes with a new modification time).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');
const STAMP = path.join('dist', '.build-stamp');
const INPUTS = ['src', 'tsconfig.json', 'tsconfig.build.json'];

/** The newest modification time (ms) of a file or of any file below a folder; 0 when absent. */
function newestMtime(target) {
  let stat;
  try {
    stat = fs.statSync(target);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted or renamed file changes its folder's time
  for (const entry of fs.readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

/** True when dist/ is missing or older than what it is compiled from. */
function isStale(root = ROOT) {
  let built;
  try {
    built = fs.statSync(path.join(root, STAMP)).mtimeMs;
  } catch {
    return true;
  }
  return INPUTS.some((input) => newestMtime(path.join(root, input)) > built);
}

/** Runs the TypeScript compiler (its messages on stderr); on success writes the stamp. Returns the exit code. */
function build(root = ROOT) {
  const tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { cwd: root, stdio: ['ignore', 2, 2] });
  const code = result.status ?? 1;
  if (code === 0) fs.writeFileSync(path.join(root, STAMP), `${new Date().toISOString()}\n`);
  return code;
}

module.exports = { isStale, build, STAMP };

if (require.main === module) {
  const ifStale = process.argv.includes('--if-stale');
  if (ifStale && !isStale()) process.exit(0);
  if (ifStale) console.error('steun: de broncode is nieuwer dan dist/, eerst compileren (npm run build) ...');
  process.exit(build());
}
