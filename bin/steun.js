#!/usr/bin/env node
// The `steun` command: runs the compiled CLI (built by `npm install` via the prepare script, and
// again here when the source changed since, as after a `git pull`).
const { build, isStale } = require('../scripts/build');
if (isStale() && build() !== 0) {
  console.error('steun: de broncode compileert niet (zie hierboven)');
  process.exit(1);
}
require('../dist/cli/main.js').main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { console.error(err instanceof Error ? err.message : String(err)); process.exitCode = 1; },
);
