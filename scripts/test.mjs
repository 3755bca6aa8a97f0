#!/usr/bin/env node
// `npm test`: typecheck and lint every project, then every Vitest project (unit specs beside the
// code, integration specs against PostgreSQL or the embedded database, browser e2e when Chromium
// is installed). Extra arguments go to vitest, e.g. `npm test -- --project metrics`.
import { spawnSync } from 'node:child_process';

const run = (cmd, args, env = process.env) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
const extra = process.argv.slice(2);
if (extra.length === 0) {
  run('npx', ['nx', 'run-many', '-t', 'typecheck', 'lint', '--outputStyle=static']);
  // Builds the compiled CLI the way `npx credpulse` does (the e2e and CLI tests run it).
  run('node', ['bin/credpulse.mjs', '--version']);
}
process.stderr.write(`Database for integration tests: ${process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : 'embedded PGlite'}\n`);
run('npx', ['vitest', 'run', ...extra]);
