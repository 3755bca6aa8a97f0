#!/usr/bin/env node
// `npm run bench -- <suite>`: compiles the benchmark suites (tests/bench, dev-only, with the server
// code they drive) into dist/bench when their sources changed, then runs them. The shipped CLI
// (bin/credpulse.mjs, dist/api) holds no benchmark code.
import { spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const r = spawnSync(join(root, 'node_modules', '.bin', 'tsc'), ['-b', 'tests/bench/tsconfig.json'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
if (r.status !== 0) {
  process.stderr.write(`bench: compiling the suites failed (exit ${r.status}).\n`);
  process.exit(1);
}
await import(join(root, 'dist/bench/tests/bench/main.js'));
