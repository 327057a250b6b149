#!/usr/bin/env node
// The `steun` command: runs the compiled CLI (built by `npm install` via the prepare script).
require('../dist/cli/main.js').main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { console.error(err instanceof Error ? err.message : String(err)); process.exitCode = 1; },
);
